// The one owner of the worker's cache names, and a small JSON store on the Cache
// API for what must survive the worker being stopped (its memory does not).
//
// Per version: `precache` (the runtime and the project's static files), `shell` (the
// app shells by layout, and which layout each page has) and `pages` (whole visited
// pages, which name that version's assets). Across versions: `mains` (the main
// regions of visited pages, for offline), `prefetch` and `meta` (the viewer, the
// versions retired while pages still used them).

import { VERSION } from "./config.js";

const PREFIX = "djust-";
const VERSIONED = ["precache", "shell", "pages"];

export const PRECACHE = `${PREFIX}precache-${VERSION}`;
export const SHELL = `${PREFIX}shell-${VERSION}`;
export const PAGES = `${PREFIX}pages-${VERSION}`;
export const MAINS = `${PREFIX}mains`;
export const PREFETCH = `${PREFIX}prefetch`;
const META = `${PREFIX}meta`;

// The version a cache of ours belongs to, or null (unversioned, or not ours).
export function versionOf(name) {
  for (const kind of VERSIONED) {
    const prefix = `${PREFIX}${kind}-`;
    if (name.startsWith(prefix)) return name.slice(prefix.length);
  }
  return null;
}

export function isPrecache(name) {
  return name.startsWith(`${PREFIX}precache-`);
}

function metaKey(cacheName, key) {
  return new URL(`/__djust__/${cacheName}/${key}`, self.location.origin).href;
}

// A JSON value kept in `cacheName` (META by default).
export async function getJSON(key, cacheName = META) {
  const hit = await (await caches.open(cacheName)).match(metaKey(cacheName, key));
  return hit ? hit.json() : undefined;
}

export async function putJSON(key, value, cacheName = META) {
  const body = JSON.stringify(value);
  const response = new Response(body, { headers: { "Content-Type": "application/json" } });
  await (await caches.open(cacheName)).put(metaKey(cacheName, key), response);
}

// Everything that shows a user's pages: dropped when the viewer changes.
export async function dropPages() {
  await Promise.all([SHELL, PAGES, MAINS, PREFETCH].map((name) => caches.delete(name)));
}

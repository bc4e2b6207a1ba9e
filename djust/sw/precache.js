// The precache: the runtime and the project's static files, fetched at install into
// this version's cache, all or nothing (a failed install leaves the old worker in
// charge). The pages open at install are kept too, so the first page the user saw
// works offline. A version replaced while pages it served are still open is retired:
// its caches stay until the last of those pages is gone (no blank page after an
// update), then they are deleted.

import { PRECACHE, getJSON, isPrecache, putJSON, versionOf } from "./caches.js";
import { VERSION, config } from "./config.js";

export async function install() {
  const cache = await caches.open(PRECACHE);
  await cache.addAll(config.precache.map(([url]) => new Request(url, { cache: "reload" })));
}

// The windows open now: at install, the pages to keep; at activation, the pages the
// versions being replaced may still serve.
export async function openPages() {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  return windows.filter((c) => new URL(c.url).origin === self.location.origin);
}

// The versions retired -> the pages each may still serve (read once per start).
let retired = null;

async function loadRetired() {
  if (retired === null) retired = (await getJSON("retired")) || {};
  return retired;
}

export async function retireOthers() {
  const known = await loadRetired();
  const ids = (await openPages()).map((c) => c.id);
  for (const name of await caches.keys()) {
    const version = versionOf(name);
    if (version && version !== VERSION && !(version in known)) known[version] = ids;
  }
  await putJSON("retired", known);
  await cleanup();
}

// Delete the caches of retired versions none of whose pages is still open.
export async function cleanup() {
  const known = await loadRetired();
  const gone = [];
  for (const [version, ids] of Object.entries(known)) {
    const alive = await Promise.all(ids.map((id) => self.clients.get(id)));
    if (!alive.some(Boolean)) gone.push(version);
  }
  if (!gone.length) return;
  for (const version of gone) delete known[version];
  await putJSON("retired", known);
  for (const name of await caches.keys()) {
    if (gone.includes(versionOf(name))) await caches.delete(name);
  }
}

// A precached file: this version's copy first, then a retired version's (an old page
// asking for an asset of its own version).
export async function precached(request) {
  const hit = await (await caches.open(PRECACHE)).match(request, { ignoreVary: true });
  if (hit) return hit;
  for (const name of await caches.keys()) {
    if (!isPrecache(name) || name === PRECACHE) continue;
    const old = await (await caches.open(name)).match(request, { ignoreVary: true });
    if (old) return old;
  }
  return null;
}

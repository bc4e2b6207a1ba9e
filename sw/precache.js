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

export async function retireOthers() {
  const retired = (await getJSON("retired")) || {};
  const ids = (await openPages()).map((c) => c.id);
  for (const name of await caches.keys()) {
    const version = versionOf(name);
    if (version && version !== VERSION && !(version in retired)) retired[version] = ids;
  }
  await putJSON("retired", retired);
  await cleanup();
}

// Delete the caches of retired versions none of whose pages is still open.
export async function cleanup() {
  const retired = (await getJSON("retired")) || {};
  const versions = Object.keys(retired);
  if (!versions.length) return;
  const gone = [];
  for (const version of versions) {
    const alive = await Promise.all(retired[version].map((id) => self.clients.get(id)));
    if (!alive.some(Boolean)) gone.push(version);
  }
  if (!gone.length) return;
  for (const name of await caches.keys()) {
    if (gone.includes(versionOf(name))) await caches.delete(name);
  }
  for (const version of gone) delete retired[version];
  await putJSON("retired", retired);
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

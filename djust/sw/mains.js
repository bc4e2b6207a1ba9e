// Main regions (`X-Djust-Main` requests, made by a page showing an app shell, and by
// live navigation): from the prefetch, from the fetch the worker began when it
// answered the navigation, else from the server. Each one the server sends is kept
// for offline; offline, the kept one is answered, else the offline page's.

import { HEADER } from "./protocol.js";
import { MAINS, PAGES } from "./caches.js";
import { config, pageKey } from "./config.js";
import { learn } from "./layouts.js";
import { mainRequest, takePrefetched } from "./prefetch.js";
import { viewerChecked } from "./viewer.js";
import { bareDocument } from "./shell.js";

const started = new Map(); // page key -> promise of the main region, begun on navigation

export function isMainRequest(request) {
  return request.headers.has(HEADER.MAIN) && !request.headers.has(HEADER.PURPOSE);
}

async function fromServer(request, key) {
  const response = await fetch(request);
  if (!response.redirected) await learn(key, response.headers.get(HEADER.LAYOUT) || "");
  if (response.ok && !response.redirected && response.headers.get(HEADER.LAYOUT)) {
    await (await caches.open(MAINS)).put(key, response.clone());
  }
  return response;
}

// Begin fetching the main region of a page whose shell was just answered.
export function begin(key) {
  const promise = fromServer(mainRequest(key), key);
  promise.catch(() => {});
  started.set(key, promise);
  setTimeout(() => started.get(key) === promise && started.delete(key), 30000);
}

// `later(promise)`: work the worker must finish after answering (event.waitUntil).
export async function answerMain(request, later) {
  const key = pageKey(request.url);
  if (!(await viewerChecked())) return fetch(request); // nothing cached may be used
  const prefetched = await takePrefetched(key);
  if (prefetched) {
    later(caches.open(MAINS).then((cache) => cache.put(key, prefetched.clone())));
    return prefetched;
  }
  const begun = started.get(key);
  started.delete(key);
  try {
    return await (begun || fromServer(request, key));
  } catch {
    return offlineMain(key);
  }
}

// Offline: the page's main region as last seen, or its whole page (the first page,
// kept at install; the page takes its main region), else the offline page's.
async function offlineMain(key) {
  const kept =
    (await (await caches.open(MAINS)).match(key)) || (await (await caches.open(PAGES)).match(key));
  const headers = new Headers(kept ? kept.headers : { "Content-Type": "text/html; charset=utf-8" });
  headers.set(HEADER.OFFLINE, "1");
  if (kept) return new Response(await kept.arrayBuffer(), { status: 200, headers });
  return new Response(bareDocument(config.offline), { status: 503, headers });
}

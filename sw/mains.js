// Main regions (`X-Djust-Main` requests, made by a page showing an app shell, and by
// live navigation): from the prefetch, from the fetch the worker began when it
// answered the navigation, else from the server. Each one the server sends is kept
// for offline; offline, the kept one is answered, else the offline page's.

import { HEADER } from "../static_src/protocol.js";
import { MAINS } from "./caches.js";
import { config, pageKey } from "./config.js";
import { learn } from "./layouts.js";
import { mainRequest, takePrefetched } from "./prefetch.js";

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

export async function answerMain(request) {
  const key = pageKey(request.url);
  const prefetched = await takePrefetched(key);
  if (prefetched) {
    await (await caches.open(MAINS)).put(key, prefetched.clone());
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

async function offlineMain(key) {
  const kept = await (await caches.open(MAINS)).match(key);
  const headers = new Headers(kept ? kept.headers : { "Content-Type": "text/html; charset=utf-8" });
  headers.set(HEADER.OFFLINE, "1");
  if (kept) return new Response(await kept.arrayBuffer(), { status: 200, headers });
  const body = `<!doctype html><html><head></head><body><main dj-main>${config.offline}</main></body></html>`;
  return new Response(body, { status: 503, headers });
}

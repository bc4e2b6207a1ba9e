// Prefetch on hover: the page asks (a link hovered ~65 ms, or touched), the worker
// fetches the link's main region with `X-Sec-Purpose: prefetch` and keeps it a few
// seconds; following the link then takes it from here, once. At most a few at once;
// all dropped when the user changes data (a non-GET request, or a live event).

import { HEADER } from "./protocol.js";
import { PREFETCH } from "./caches.js";
import { config, pageKey } from "./config.js";
import { learn } from "./layouts.js";

const FETCHED_AT = "X-Djust-Fetched-At";
const pending = new Map(); // page key -> promise, while the server answers
// Page key -> [body, status, headers]: the click that follows a hover is answered
// from memory, without the Cache API's round trips (the cache is for a worker that
// was stopped in between).
const kept = new Map();

export function mainRequest(url, purpose) {
  const headers = { [HEADER.MAIN]: "1" };
  if (purpose) headers[HEADER.PURPOSE] = purpose;
  return new Request(url, { headers, credentials: "same-origin" });
}

// Prefetch `url`'s main region; resolves to it (its HTML and layout), or null.
export function prefetch(url) {
  const key = pageKey(url);
  if (new URL(key).origin !== self.location.origin) return Promise.resolve(null);
  if (pending.has(key)) return pending.get(key);
  if (pending.size >= config.prefetch.max) return Promise.resolve(null);
  const done = fetch(mainRequest(key, "prefetch"))
    .then(async (response) => {
      const layout = response.headers.get(HEADER.LAYOUT);
      if (!response.ok || response.redirected) return null; // refused, or not the page asked
      await learn(key, layout || "");
      if (!layout) return null;
      const headers = new Headers(response.headers);
      headers.set(FETCHED_AT, String(Date.now()));
      const body = await response.arrayBuffer();
      for (const [old, [, , oldHeaders]] of kept) if (!fresh(oldHeaders)) kept.delete(old);
      kept.set(key, [body, response.status, headers]);
      await (await caches.open(PREFETCH)).put(key, new Response(body, { status: response.status, headers }));
      return { html: new TextDecoder().decode(body), layout };
    })
    .catch(() => null)
    .finally(() => pending.delete(key));
  pending.set(key, done);
  return done;
}

function fresh(headers) {
  return Date.now() - Number(headers.get(FETCHED_AT)) <= config.prefetch.ttl;
}

// Whether `key` is prefetched or being prefetched (then it need not be fetched again).
export async function isPrefetched(key) {
  if (pending.has(key)) return true;
  if (kept.has(key)) return fresh(kept.get(key)[2]);
  const hit = await (await caches.open(PREFETCH)).match(key);
  return Boolean(hit && fresh(hit.headers));
}

// The prefetched main region of `key`, taken (a second navigation fetches again).
export async function takePrefetched(key) {
  if (pending.has(key)) await pending.get(key);
  const inMemory = kept.get(key);
  if (inMemory) {
    kept.delete(key);
    caches.open(PREFETCH).then((cache) => cache.delete(key));
    const [body, status, headers] = inMemory;
    return fresh(headers) ? new Response(body, { status, headers }) : null;
  }
  const cache = await caches.open(PREFETCH);
  const hit = await cache.match(key);
  if (!hit) return null;
  await cache.delete(key);
  return fresh(hit.headers) ? hit : null;
}

export async function purge() {
  pending.clear();
  kept.clear();
  await caches.delete(PREFETCH);
}

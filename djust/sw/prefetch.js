// Prefetch on hover: the page asks (a link hovered ~65 ms, or touched), the worker
// fetches the link's main region with `X-Sec-Purpose: prefetch` and keeps it a few
// seconds, and hands it to the page that asked (which swaps it in on the click with
// no round trip). Loading the page another way takes it from here, once. At most a
// few at once; all dropped when the user changes data (a non-GET request, or a live
// event).

import { HEADER } from "./protocol.js";
import { PREFETCH } from "./caches.js";
import { config, pageKey } from "./config.js";
import { learn } from "./layouts.js";

const FETCHED_AT = "X-Djust-Fetched-At";
const pending = new Map(); // page key -> promise, while the server answers

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
  const hit = await (await caches.open(PREFETCH)).match(key);
  return Boolean(hit && fresh(hit.headers));
}

// The prefetched main region of `key`, taken (a second navigation fetches again).
export async function takePrefetched(key) {
  if (pending.has(key)) await pending.get(key);
  const cache = await caches.open(PREFETCH);
  const hit = await cache.match(key);
  if (!hit) return null;
  await cache.delete(key);
  return fresh(hit.headers) ? hit : null;
}

export async function purge() {
  pending.clear();
  await caches.delete(PREFETCH);
}

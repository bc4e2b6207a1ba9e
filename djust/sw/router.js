// Which of the worker's parts answers a request; `null` lets the browser fetch it
// as if there were no worker. Same-origin GETs, and form posts (kept when offline);
// any request but a GET changes data, so prefetched pages are dropped.

import { config } from "./config.js";
import { answerMain, isMainRequest } from "./mains.js";
import { answerNavigation } from "./navigation.js";
import { precached } from "./precache.js";
import { purge } from "./prefetch.js";
import { forgetViewer } from "./viewer.js";
import { answerForm } from "./forms.js";

const PRECACHED = new Set(config.precache.map(([url]) => new URL(url, self.location.href).href));

export function route(event) {
  const request = event.request;
  const url = new URL(request.url);
  const ours = url.origin === self.location.origin;
  if (request.method !== "GET") {
    event.waitUntil(purge());
    const form = ours && request.method === "POST" && request.mode === "navigate";
    return form ? answerForm(request) : null;
  }
  if (!ours) return null;
  if (request.mode === "navigate") return answerNavigation(event).then((r) => watch(event, r));
  if (isMainRequest(request)) {
    return answerMain(request, (p) => event.waitUntil(p)).then((r) => watch(event, r));
  }
  if (PRECACHED.has(url.href)) return precached(request).then((hit) => hit || fetch(request));
  return null;
}

// A response that asks for the site's data to be cleared drops every cached page.
function watch(event, response) {
  if (response.headers.has("Clear-Site-Data")) event.waitUntil(forgetViewer());
  return response;
}

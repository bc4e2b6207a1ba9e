// The service worker's entry point: the only module that adds event listeners.
// A new version takes over at once (`skipWaiting` + `clients.claim`): pages keep the
// assets of the version they were loaded with (see precache.js), and their next
// navigation gets the new one.

import { cleanup, install, openPages, retireOthers } from "./precache.js";
import { keepPage } from "./navigation.js";
import { isMainRequest } from "./mains.js";
import { pageKey } from "./config.js";
import { prefetch, purge } from "./prefetch.js";
import { route } from "./router.js";
import { viewerChecked } from "./viewer.js";
import { SYNC_TAG, drain, failedForms } from "./forms.js";
import { OUTBOX_TAG, keep, sendOutbox } from "./outbox.js";

self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(install().then(keepOpenPages));
});

// The pages open at install (the first page a user sees is not served through the
// worker): fetched again and kept, so they work offline. Best effort.
async function keepOpenPages() {
  try {
    if (!(await viewerChecked())) return;
    for (const client of await openPages()) {
      const response = await fetch(client.url, { credentials: "same-origin" });
      if (!response.redirected) await keepPage(pageKey(client.url), response);
    }
  } catch {}
}

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim().then(retireOthers));
});

self.addEventListener("fetch", (event) => {
  const answer = route(event);
  if (answer) event.respondWith(answer);
  // A page loaded or swapped: the pages of a retired version may all be gone now.
  if (event.request.mode === "navigate" || isMainRequest(event.request)) {
    event.waitUntil(cleanup());
  }
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "prefetch" && typeof data.url === "string") {
    // The page marks the link and keeps the HTML: the click needs no round trip.
    const told = prefetch(data.url).then((kept) => {
      if (kept && event.source) event.source.postMessage({ type: "prefetched", url: data.url, ...kept });
    });
    event.waitUntil(told);
  } else if (data.type === "purge") event.waitUntil(purge());
  else if (data.type === "drain") event.waitUntil(drain()); // a page is open and online
  else if (data.type === "failed-forms" && event.source) {
    event.waitUntil(failedForms().then((items) => event.source.postMessage({ type: "failed-forms", items })));
  } else if (data.type === "outbox") event.waitUntil(keep(data.records).then(outboxLater));
});

// A page closed with live events waiting: once it is gone, send them; if the server
// cannot be reached, Background Sync tries again when the network is back.
async function outboxLater() {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  try {
    await sendOutbox();
  } catch {
    if (self.registration.sync) await self.registration.sync.register(OUTBOX_TAG).catch(() => {});
  }
}

// Background Sync (Chromium): the forms kept offline go when the network is back,
// even with no page of the site open.
self.addEventListener("sync", (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(drain());
  else if (event.tag === OUTBOX_TAG) event.waitUntil(sendOutbox()); // rejects: tried again
});

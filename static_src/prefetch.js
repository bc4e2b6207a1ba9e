// Prefetch on hover: a same-origin link hovered for `delay` ms (or touched) is
// prefetched by the service worker, so following it shows the page at once. Skipped:
// links marked `dj-prefetch="false"` (or inside such an element), with `download`,
// a `target`, a confirm (`dj-confirm`, `data-confirm`) or another method
// (`data-method`), links to this page, and everything when the user saves data or
// the connection is slow. The worker bounds how many run at once, and says when a
// page is kept: its links get `dj-prefetched` until the prefetches are dropped.

import { HEADER } from "../djust/sw/protocol.js";

const SLOW = new Set(["slow-2g", "2g"]);

function eligible(a) {
  if (a.hasAttribute("download") || (a.target && a.target !== "_self")) return false;
  if (a.closest('[dj-prefetch="false"]')) return false;
  if (a.hasAttribute("dj-confirm") || a.hasAttribute("data-confirm")) return false;
  const method = a.getAttribute("data-method");
  if (method && method.toLowerCase() !== "get") return false;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !url.protocol.startsWith("http")) return false;
  if (url.pathname === location.pathname && url.search === location.search) return false;
  const connection = navigator.connection;
  return !(connection && (connection.saveData || SLOW.has(connection.effectiveType)));
}

const link = (e) => (e.target instanceof Element ? e.target.closest("a[href]") : null);

const KEEP = 5; // prefetched pages the page keeps itself, the newest

export function prefetching(config) {
  let asked = false; // whether anything was prefetched since the last purge
  // URL -> [main region's HTML, layout, when]: the worker sends what it prefetched,
  // so following the link needs no round trip at all.
  const ready = new Map();
  const send = (message) => {
    const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) worker.postMessage(message);
    return Boolean(worker);
  };
  const ask = (a) => {
    asked = send({ type: "prefetch", url: a.href }) || asked;
  };
  const mark = (url, on) => {
    for (const a of document.querySelectorAll("a[href]")) {
      if (url === null || a.href === url) a.toggleAttribute("dj-prefetched", on);
    }
  };
  if (config.prefetch && "serviceWorker" in navigator) {
    // Marked while the worker keeps it: until followed, or for its time to live.
    navigator.serviceWorker.addEventListener("message", (e) => {
      if (!e.data || e.data.type !== "prefetched") return;
      const { url, html, layout } = e.data;
      ready.delete(url);
      ready.set(url, [html, layout, performance.now()]);
      if (ready.size > KEEP) ready.delete(ready.keys().next().value);
      mark(url, true);
      setTimeout(() => mark(url, false), config.prefetch.ttl);
    });
    document.addEventListener("click", (e) => {
      const a = link(e);
      if (a) mark(a.href, false);
    });
    let timer = null;
    document.addEventListener("mouseover", (e) => {
      const a = link(e);
      if (!a || !eligible(a)) return;
      clearTimeout(timer);
      timer = setTimeout(() => ask(a), config.prefetch.delay);
    });
    document.addEventListener("mouseout", (e) => {
      const a = link(e);
      if (a && !(e.relatedTarget instanceof Node && a.contains(e.relatedTarget))) clearTimeout(timer);
    });
    document.addEventListener(
      "touchstart",
      (e) => {
        const a = link(e);
        if (a && eligible(a)) ask(a);
      },
      { passive: true },
    );
  }
  return {
    // The user changed data: what was prefetched may be out of date.
    purge() {
      ready.clear();
      if (!asked) return;
      asked = !send({ type: "purge" });
      mark(null, false);
    },
    // The prefetched main region of `url` as a response, once, if still fresh.
    take(url) {
      const found = ready.get(url);
      ready.delete(url);
      if (!found || performance.now() - found[2] > config.prefetch.ttl) return null;
      const headers = { "Content-Type": "text/html; charset=utf-8" };
      if (found[1]) headers[HEADER.LAYOUT] = found[1];
      return new Response(found[0], { headers });
    },
  };
}

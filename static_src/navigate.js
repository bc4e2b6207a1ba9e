// Live navigation: `<a dj-navigate href>` (or `dj-navigate="replace"`) and the
// server's `navigate` take the page to another URL without a page load. The new
// page's main region is fetched (`X-Djust-Main`: the head and `[dj-main]` only, when
// it has the same layout; else the whole page, whose body is swapped) and swapped
// in, its live views joined on the same socket, and the history entry pushed (or
// replaced); back and forward do the same.

import { HEADER } from "./protocol.js";
import { parse, swapMain } from "./swap.js";

export function navigation(live, config) {
  let current = location.pathname + location.search;

  async function navigate(url, { replace = false, history: record = true } = {}) {
    const target = new URL(url, location.href);
    if (target.origin !== location.origin) return location.assign(target.href);
    let response;
    try {
      response = await fetch(target.href, { headers: { [HEADER.MAIN]: "1" } });
    } catch {
      return location.assign(target.href);
    }
    const type = response.headers.get("content-type") || "";
    const layout = response.headers.get(HEADER.LAYOUT);
    if (
      !response.ok ||
      !type.includes("text/html") ||
      new URL(response.url).origin !== location.origin ||
      (layout && layout !== config.layout)
    ) {
      return location.assign(target.href);
    }
    const doc = parse(await response.text());
    const landed = new URL(response.url);
    landed.hash = target.hash;
    if (record) {
      if (replace) history.replaceState({ djust: true }, "", landed.href);
      else history.pushState({ djust: true }, "", landed.href);
    }
    current = landed.pathname + landed.search;
    swapMain(live, doc);
    if (record) window.scrollTo(0, 0);
    document.dispatchEvent(new CustomEvent("djust:navigated", { detail: { url: landed.href } }));
  }

  document.addEventListener("click", (e) => {
    const a = e.target instanceof Element ? e.target.closest("a[dj-navigate]") : null;
    if (!a || e.defaultPrevented || e.button !== 0) return;
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || a.target || a.hasAttribute("download")) return;
    e.preventDefault();
    navigate(a.href, { replace: a.getAttribute("dj-navigate") === "replace" });
  });

  window.addEventListener("popstate", () => {
    if (location.pathname + location.search === current) return; // a fragment change
    navigate(location.href, { history: false });
  });

  return navigate;
}

// Navigation without a page load. On a page with an app shell (its layout has
// `{% djust_shell %}`), every same-origin link; elsewhere, `<a dj-navigate>` links
// (`dj-navigate="replace"` replaces the history entry, `dj-navigate="false"` opts a
// link out); and the server's `navigate`. The history entry is pushed and the main
// region marked `dj-pending` at once (the layout stays: the user sees the new page's
// shell), then the main region is fetched (`X-Djust-Main`: the head and `[dj-main]`
// only; the worker has it already when the link was hovered) and swapped in, its live
// views joined on the same socket. Back and forward do the same.
//
// A page the server answers with another layout, or not with HTML, is loaded the
// ordinary way. A page the worker showed as a bare shell fills itself the same way.

import { HEADER } from "../djust/sw/protocol.js";
import { parse, swapMain } from "./swap.js";

const FALLBACK = "djust-fallback";

// The viewer cookie's value (see djust/middleware.py): when it changes (the user
// logged in or out in another tab), this page's layout is someone else's.
function viewer(config) {
  if (!config.viewer) return null;
  const found = document.cookie.split("; ").find((c) => c.startsWith(`${config.viewer}=`));
  return found ? found.slice(config.viewer.length + 1) : null;
}

export function navigation(live, config, prefetched) {
  const viewedBy = viewer(config);
  let current = location.pathname + location.search;
  let latest = 0; // a later navigation wins over one still loading

  // Load `url` the ordinary way; once per URL in a row, so a worker that keeps
  // answering with the wrong shell cannot loop.
  function fallback(url) {
    if (sessionStorage.getItem(FALLBACK) === url) return false;
    sessionStorage.setItem(FALLBACK, url);
    location.replace(url);
    return true;
  }

  async function navigate(url, { replace = false, history: record = true } = {}) {
    const target = new URL(url, location.href);
    if (target.origin !== location.origin || viewer(config) !== viewedBy) {
      return location.assign(target.href);
    }
    const token = ++latest;
    if (record) {
      if (replace) history.replaceState({ djust: true }, "", target.href);
      else history.pushState({ djust: true }, "", target.href);
      current = target.pathname + target.search;
    }
    const main = document.querySelector("[dj-main]");
    if (main && !main.hasAttribute("dj-pending")) {
      live.stop(main);
      main.replaceChildren();
      main.setAttribute("dj-pending", "");
      main.setAttribute("aria-busy", "true");
    }
    const early = new URL(target.href);
    early.hash = "";
    let response = prefetched.take(early.href);
    try {
      response = response || (await fetch(target.href, { headers: { [HEADER.MAIN]: "1" } }));
    } catch {
      return fallback(target.href);
    }
    if (token !== latest) return;
    const type = response.headers.get("content-type") || "";
    const layout = response.headers.get(HEADER.LAYOUT);
    const offline = response.headers.has(HEADER.OFFLINE);
    const fits = offline || (config.layout ? layout === config.layout : !layout);
    const landed = new URL(response.url || target.href);
    const html = type.includes("text/html");
    if (!fits || !html || landed.origin !== location.origin) {
      if (fallback(target.href) || !html) return; // tried already: show what came
    }
    const doc = parse(await response.text());
    if (token !== latest) return;
    landed.hash = target.hash;
    if (landed.href !== location.href) history.replaceState(history.state, "", landed.href);
    current = landed.pathname + landed.search;
    sessionStorage.removeItem(FALLBACK);
    swapMain(live, doc);
    if (landed.hash) document.getElementById(landed.hash.slice(1))?.scrollIntoView();
    else if (record) window.scrollTo(0, 0);
    document.dispatchEvent(
      new CustomEvent("djust:navigated", { detail: { url: landed.href, offline } }),
    );
  }

  // Whether a click on `a` is ours to handle.
  function ours(a) {
    const mode = a.getAttribute("dj-navigate");
    if (mode === "false" || a.target || a.hasAttribute("download")) return false;
    if (mode === null && !config.layout) return false;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || !url.protocol.startsWith("http")) return false;
    // Only the fragment changes: the browser scrolls.
    return !(url.hash && url.pathname + url.search === location.pathname + location.search);
  }

  document.addEventListener("click", (e) => {
    const a = e.target instanceof Element ? e.target.closest("a[href]") : null;
    if (!a || e.defaultPrevented || e.button !== 0) return;
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || !ours(a)) return;
    e.preventDefault();
    navigate(a.href, { replace: a.getAttribute("dj-navigate") === "replace" });
  });

  window.addEventListener("popstate", () => {
    if (location.pathname + location.search === current) return; // a fragment change
    navigate(location.href, { history: false });
  });

  // A page the worker answered with the app shell: fill its main region.
  function fill() {
    if (document.querySelector("[dj-main][dj-pending]")) navigate(location.href, { history: false });
  }

  return { navigate, fill };
}

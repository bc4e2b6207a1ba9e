// Live navigation: `<a dj-navigate href>` (or `dj-navigate="replace"`) and the
// server's `navigate` take the page to another URL without a page load. The new
// page is fetched, its main region (`[dj-main]`, else the body) swapped in, its live
// views joined on the same socket, and the history entry pushed (or replaced); back
// and forward do the same.

export function navigation(live) {
  let current = location.pathname + location.search;

  async function navigate(url, { replace = false, history: record = true } = {}) {
    const target = new URL(url, location.href);
    if (target.origin !== location.origin) return location.assign(target.href);
    let response;
    try {
      response = await fetch(target.href, { headers: { "X-Djust-Navigate": "1" } });
    } catch {
      return location.assign(target.href);
    }
    const type = response.headers.get("content-type") || "";
    if (!response.ok || !type.includes("text/html") || new URL(response.url).origin !== location.origin) {
      return location.assign(target.href);
    }
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const landed = new URL(response.url);
    landed.hash = target.hash;
    if (record) {
      if (replace) history.replaceState({ djust: true }, "", landed.href);
      else history.pushState({ djust: true }, "", landed.href);
    }
    current = landed.pathname + landed.search;
    const from = document.querySelector("[dj-main]");
    const to = doc.querySelector("[dj-main]");
    const [old, fresh] = from && to ? [from, to] : [document.body, doc.body];
    live.stop(old);
    const adopted = document.adoptNode(fresh);
    old.replaceWith(adopted);
    document.title = doc.title;
    if (record) window.scrollTo(0, 0);
    live.start(adopted);
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

// The page's side of the service worker: registering it, and filling a page the
// worker answered with the app shell (its `[dj-main]` is marked `dj-pending`): the
// main region is fetched (the worker has it prefetched, or began fetching it) and
// swapped in. If the server says the page has another layout than the shell shown,
// the page loads again, once, and the worker, which has learnt the layout, serves
// the right one.

import { HEADER } from "./protocol.js";
import { parse, swapMain } from "./swap.js";

const RELOADED = "djust-shell-reloaded";

export function register(config) {
  if (!config.sw || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register(config.sw, { scope: "/", updateViaCache: "none" })
    .catch((err) => console.warn(`djust: the service worker did not register: ${err}`));
}

export async function fill(live, config) {
  const main = document.querySelector("[dj-main][dj-pending]");
  if (!main) return;
  let response;
  try {
    response = await fetch(location.href, { headers: { [HEADER.MAIN]: "1" } });
  } catch {
    return reloadOnce();
  }
  const offline = response.headers.has(HEADER.OFFLINE);
  if (!offline && response.headers.get(HEADER.LAYOUT) !== config.layout) return reloadOnce();
  if (response.redirected) history.replaceState(history.state, "", response.url);
  const region = swapMain(live, parse(await response.text()));
  region.removeAttribute("dj-pending");
  region.removeAttribute("aria-busy");
  sessionStorage.removeItem(RELOADED);
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  document.dispatchEvent(new CustomEvent("djust:shown", { detail: { url: location.href, offline } }));
}

function reloadOnce() {
  if (sessionStorage.getItem(RELOADED) === location.href) return;
  sessionStorage.setItem(RELOADED, location.href);
  location.reload();
}

// The browser runtime's entry point: the only module that touches `window`.
// `window.djust` is there on any page that loads the runtime, live view or not; the
// socket opens only on pages that have live views.

import { applyPatches } from "./patch.js";
import { PROTOCOL_VERSION } from "../djust/sw/protocol.js";
import { Live } from "./live.js";
import { listen } from "./events.js";
import { navigation } from "./navigate.js";
import { readConfig } from "./config.js";
import { register } from "./shell.js";
import { prefetching } from "./prefetch.js";
import { offlineForms } from "./forms.js";

function boot() {
  const config = readConfig();
  const prefetched = prefetching(config);
  let pages = null;
  const live = new Live(config.socket || "/djust/ws/", {
    navigate: (url, options) => pages.navigate(url, options),
    changed: () => prefetched.purge(),
    rate: config.rate,
  });
  pages = navigation(live, config, prefetched);
  listen((el) => live.viewOf(el));
  window.djust = Object.assign(window.djust || {}, {
    protocolVersion: PROTOCOL_VERSION,
    applyPatches,
    navigate: pages.navigate,
    live,
  });
  const start = () => {
    live.start();
    pages.fill();
    register(config);
    offlineForms();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}

if (!(window.djust && window.djust.live)) boot(); // loaded twice: the first one runs

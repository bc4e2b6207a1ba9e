// The browser runtime's entry point: the only module that touches `window`.
// `window.djust` is there on any page that loads the runtime, live view or not; the
// socket opens only on pages that have live views.

import { applyPatches } from "./patch.js";
import { PROTOCOL_VERSION } from "./protocol.js";
import { Live } from "./live.js";
import { listen } from "./events.js";
import { navigation } from "./navigate.js";

const script = document.currentScript;
const socketPath = (script && script.dataset.djustSocket) || "/djust/ws/";

let navigate = null;
const live = new Live(socketPath, (url, options) => navigate(url, options));
navigate = navigation(live);
listen((el) => live.viewOf(el));

window.djust = Object.assign(window.djust || {}, {
  protocolVersion: PROTOCOL_VERSION,
  applyPatches,
  navigate,
  live,
});

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => live.start());
} else {
  live.start();
}

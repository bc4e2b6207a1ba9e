// The browser runtime's entry point: the only module that touches `window`.
// `window.djust` is there on any page that loads the runtime, live view or not.

import { applyPatches } from "./patch.js";
import { PROTOCOL_VERSION } from "./protocol.js";

window.djust = Object.assign(window.djust || {}, {
  protocolVersion: PROTOCOL_VERSION,
  applyPatches,
});

// Whose pages the caches hold. The server sets a cookie (an HMAC of the logged-in
// user) and the worker compares it before it shows anything cached: after logging in
// or out, or once the cookie is cleared, every cached page and shell is dropped.
// Without the Cookie Store API the worker cannot tell, so it shows nothing cached.

import { config } from "./config.js";
import { dropPages, getJSON, putJSON } from "./caches.js";
import { forgetLayouts } from "./layouts.js";
import { purge } from "./prefetch.js";

let known; // the viewer the caches belong to (undefined: not read yet)

export async function viewerChecked() {
  if (!self.cookieStore) return false;
  const cookie = await self.cookieStore.get(config.viewerCookie);
  const now = cookie ? cookie.value : null;
  if (known === undefined) known = (await getJSON("viewer")) ?? null;
  if (now !== known) {
    await forgetViewer();
    known = now;
    await putJSON("viewer", now);
  }
  return now !== null;
}

// Drop it all: the server said so (Clear-Site-Data).
export async function forgetViewer() {
  forgetLayouts();
  await Promise.all([dropPages(), purge()]);
}

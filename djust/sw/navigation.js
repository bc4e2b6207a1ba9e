// Navigations: answered at once with the app shell of the page's layout when the
// worker has it (and the main region's fetch begun), else by the server, whose whole
// page gives the shell, the page's layout and, for offline, the page itself.
// Offline: the kept page, else the shell (its main region comes from `mains`), else
// the offline page.

import { HEADER } from "./protocol.js";
import { PAGES } from "./caches.js";
import { config, pageKey } from "./config.js";
import { layoutFor, learn } from "./layouts.js";
import { begin } from "./mains.js";
import { isPrefetched } from "./prefetch.js";
import { bareDocument, keepShell, shellFor } from "./shell.js";
import { viewerChecked } from "./viewer.js";

export async function answerNavigation(event) {
  const request = event.request;
  const key = pageKey(request.url);
  const cached = config.shell && (await viewerChecked());
  const layout = cached ? await layoutFor(key, request.referrer) : "";
  if (layout) {
    const shell = await shellFor(layout);
    if (shell) {
      if (!(await isPrefetched(key))) begin(key);
      return shell;
    }
  }
  let response;
  try {
    response = await fetch(request);
  } catch {
    return offline(key, layout, cached);
  }
  if (cached && !response.redirected) event.waitUntil(keepPage(key, response.clone()));
  return response;
}

export async function keepPage(key, response) {
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok || !type.startsWith("text/html")) return;
  const layout = response.headers.get(HEADER.LAYOUT) || "";
  await learn(key, layout);
  await Promise.all([
    keepShell(response.clone()),
    caches.open(PAGES).then((cache) => cache.put(key, response)),
  ]);
}

async function offline(key, layout, cached) {
  if (cached) {
    const page = await (await caches.open(PAGES)).match(key);
    if (page) return page;
    const shell = layout && (await shellFor(layout));
    if (shell) return shell;
  }
  const headers = { "Content-Type": "text/html; charset=utf-8", [HEADER.OFFLINE]: "1" };
  return new Response(bareDocument(config.offline, "Offline"), { status: 503, headers });
}

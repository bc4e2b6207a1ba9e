// Offline-tolerant forms: a plain Django form with `{% djust_form_key %}` submitted
// while the server cannot be reached is kept here (IndexedDB, with its key) and the
// user sees it is saved and will be sent; when the network is back it is sent again
// — 5xx and network errors retried with backoff, 4xx kept as failed, shown to the
// user. The server (DjustMiddleware) runs a form key once, so a replay whose first
// attempt did reach the server is answered, not run again.

import { HEADER } from "./protocol.js";
import { FORMS, done, store } from "./idb.js";
import { config, pageKey } from "./config.js";
import { layoutFor } from "./layouts.js";
import { PENDING_MARK, bareDocument, shellFor } from "./shell.js";

const FIELD = "djust_key";
const KEY = /^[A-Za-z0-9_-]{16,64}$/;
export const SYNC_TAG = "djust-forms";

async function keyOf(request) {
  const type = request.headers.get("Content-Type") || "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(type)) return null;
  try {
    const key = (await request.clone().formData()).get(FIELD);
    return typeof key === "string" && KEY.test(key) ? key : null;
  } catch {
    return null;
  }
}

// A POST navigation: sent as it is; kept for later when the server cannot be reached.
export async function answerForm(request) {
  const key = await keyOf(request);
  const body = key && (await request.clone().arrayBuffer());
  try {
    return await fetch(request);
  } catch {
    if (!key) return queuedPage(null, request.referrer); // cannot be kept: offline page
    const type = request.headers.get("Content-Type");
    await put({ key, url: request.url, type, body, at: Date.now(), tries: 0, state: "queued" });
    if (self.registration.sync) self.registration.sync.register(SYNC_TAG).catch(() => {});
    return queuedPage(key, request.referrer);
  }
}

async function put(form) {
  await done((await store(FORMS, "readwrite")).put(form));
}

// The answer to a form sent offline: the site's shell saying it is kept (or, for a
// form without a key, which cannot be kept, the offline page).
async function queuedPage(key, referrer) {
  const notice = key
    ? `<div class="djust-form" role="status" data-djust-form="${key}" data-state="queued">` +
      `${config.forms.queued}</div>`
    : config.offline;
  const layout = referrer ? await layoutFor(pageKey(referrer), null) : "";
  const shell = layout && (await shellFor(layout));
  const body = shell
    ? (await shell.text()).replace(PENDING_MARK, `>${notice}`)
    : bareDocument(notice, config.forms.title);
  const headers = { "Content-Type": "text/html; charset=utf-8", [HEADER.OFFLINE]: "1" };
  return new Response(body, { status: key ? 202 : 503, headers });
}

let draining = null;

// Send the kept forms, oldest first; stops at the first the server cannot take yet.
export function drain() {
  if (!draining) draining = sendAll().finally(() => (draining = null));
  return draining;
}

async function sendAll() {
  const all = await done((await store(FORMS, "readonly")).getAll());
  const queued = all.filter((f) => f.state === "queued").sort((a, b) => a.at - b.at);
  for (const form of queued) {
    let response;
    try {
      response = await fetch(form.url, {
        method: "POST",
        body: form.body,
        headers: { "Content-Type": form.type },
        credentials: "same-origin",
        redirect: "manual",
      });
    } catch {
      return later(form); // still offline
    }
    const status = response.type === "opaqueredirect" ? 303 : response.status;
    if (status >= 500 || status === 409) return later(form); // 409: still being handled
    if (status >= 400) {
      await put({ ...form, state: "failed", status });
      await tell({ ...form, state: "failed", status });
      continue;
    }
    await done((await store(FORMS, "readwrite")).delete(form.key));
    await tell({ ...form, state: "sent", status });
  }
}

function later(form) {
  const tries = form.tries + 1;
  put({ ...form, tries });
  setTimeout(drain, Math.min(60000, 1000 * 2 ** tries)); // and on the next sync or page
}

function text(form) {
  if (form.state === "sent") return config.forms.sent;
  if (form.state === "failed") return config.forms.failed.replace("%s", String(form.status));
  return config.forms.queued;
}

function report(form) {
  const path = new URL(form.url).pathname;
  return { key: form.key, state: form.state, status: form.status || 0, path, text: text(form) };
}

async function tell(form) {
  for (const client of await self.clients.matchAll({ type: "window" })) {
    client.postMessage({ type: "form", ...report(form) });
  }
}

// The forms the server refused, for the page's list.
export async function failedForms() {
  const all = await done((await store(FORMS, "readonly")).getAll());
  return all.filter((f) => f.state === "failed").map(report);
}

// App shells: a page's layout around its main region, cut from a whole page the
// server sent (it names where the main region's content is, in bytes). The shell
// keeps the main element, marked `dj-pending`, with nothing in it; the page's
// runtime fetches the main region and swaps it in.

import { HEADER } from "./protocol.js";
import { SHELL } from "./caches.js";

// Ends the main element's start tag in a shell: what makes it a shell.
export const PENDING_MARK = ' dj-pending aria-busy="true">';
const PENDING = new TextEncoder().encode(PENDING_MARK);
const GT = 0x3e; // ">"

function shellKey(layout) {
  return new URL(`/__djust__/shell/${encodeURIComponent(layout)}`, self.location.origin).href;
}

// Keep the shell of `response` (a whole page from the server), if it has one.
export async function keepShell(response) {
  const layout = response.headers.get(HEADER.LAYOUT);
  const range = /^(\d+)-(\d+)$/.exec(response.headers.get(HEADER.MAIN_RANGE) || "");
  if (!layout || !range) return;
  const bytes = new Uint8Array(await response.arrayBuffer());
  const [start, end] = [Number(range[1]), Number(range[2])];
  if (start < 1 || end < start || end > bytes.length || bytes[start - 1] !== GT) return;
  const shell = new Uint8Array(start - 1 + PENDING.length + bytes.length - end);
  shell.set(bytes.subarray(0, start - 1));
  shell.set(PENDING, start - 1);
  shell.set(bytes.subarray(end), start - 1 + PENDING.length);
  const headers = { "Content-Type": "text/html; charset=utf-8", [HEADER.LAYOUT]: layout };
  await (await caches.open(SHELL)).put(shellKey(layout), new Response(shell, { headers }));
}

// A document that is only a main region, for what the worker answers itself. With a
// title it stands alone (a page load); without one its head is empty, so a page
// swapping it in keeps its own head.
export function bareDocument(main, title = null) {
  const head = title
    ? '<meta charset="utf-8"><meta name="viewport" content="width=device-width, ' +
      `initial-scale=1"><title>${title}</title>`
    : "";
  return `<!doctype html><html><head>${head}</head><body><main dj-main>${main}</main></body></html>`;
}

export async function shellFor(layout) {
  return (await caches.open(SHELL)).match(shellKey(layout));
}

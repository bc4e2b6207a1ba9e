// Which layout each page has, learnt from the server's answers (the `X-Djust-Layout`
// header; none: the page has no app shell), kept in the shell cache. A page never
// seen is guessed to have the layout of the page the user comes from, else the last
// one learnt; the page checks the guess against the server's answer.

import { SHELL, getJSON, putJSON } from "./caches.js";
import { pageKey } from "./config.js";

const LIMIT = 500;
let map = null; // page key -> layout ("" for none), in the order learnt

async function load() {
  if (map === null) map = new Map(Object.entries((await getJSON("layouts", SHELL)) || {}));
  return map;
}

export async function layoutFor(key, referrer) {
  const known = await load();
  if (known.has(key)) return known.get(key);
  if (referrer && known.get(pageKey(referrer))) return known.get(pageKey(referrer));
  const last = Array.from(known.values()).filter(Boolean).pop();
  return last || "";
}

export async function learn(key, layout) {
  const known = await load();
  if (known.get(key) === layout) return;
  known.delete(key);
  known.set(key, layout);
  while (known.size > LIMIT) known.delete(known.keys().next().value);
  await putJSON("layouts", Object.fromEntries(known), SHELL);
}

export function forgetLayouts() {
  map = new Map();
}

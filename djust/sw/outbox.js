// The live outbox, sent by the worker when no page of the site is open: events the
// user made while offline, in a tab closed before the connection came back. The
// page's outbox records (IndexedDB, written by static_src/outbox.js) name each view's
// join token, URL and saved state; the worker opens its own socket, joins each view
// (resuming its state), sends the events with their numbers — the server runs each
// once, whoever sends it — and forgets them as they are answered. An open page sends
// its own; a record whose join is refused stays for its page to show.

import { OUTBOX, done, store } from "./idb.js";
import { CLIENT, PROTOCOL_VERSION, SERVER } from "./protocol.js";

export const OUTBOX_TAG = "djust-outbox";
const REPLY_MS = 10000;

function connect(path) {
  const url = new URL(path, self.location.origin);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.href);
    const pending = new Map(); // ref -> [answer, fail]
    let ref = 0;
    const request = (joinRef, topic, event, payload) =>
      new Promise((answer, fail) => {
        const mine = ++ref;
        const timer = setTimeout(() => fail(new Error("reply timeout")), REPLY_MS);
        const settle = (then) => (value) => (clearTimeout(timer), pending.delete(mine), then(value));
        pending.set(mine, [settle(answer), settle(fail)]);
        ws.send(JSON.stringify([joinRef, mine, topic, event, payload]));
      });
    ws.onmessage = (e) => {
      const [, mine, , event, payload] = JSON.parse(e.data);
      if (event === SERVER.REPLY && pending.has(mine)) pending.get(mine)[0](payload);
    };
    ws.onopen = () => resolve({ request, close: () => ws.close() });
    ws.onerror = () => reject(new Error("socket"));
    ws.onclose = () => {
      reject(new Error("socket closed"));
      for (const [, fail] of pending.values()) fail(new Error("socket closed"));
    };
  });
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Records a closing page handed over (its last writes may not have reached the
// database): kept, then sent once the page is gone.
export async function keep(records) {
  if (!Array.isArray(records)) return;
  for (const record of records) {
    if (record && typeof record.key === "string" && Array.isArray(record.events)) {
      await save(record);
    }
  }
}

async function save(record) {
  const s = await store(OUTBOX, "readwrite");
  await done(record.events.length ? s.put(record) : s.delete(record.key));
}

let sending = null;

// Send every record's events, one sender at a time (a sync and a closing page's
// message may ask at once). Rejects when the server cannot be reached (Background
// Sync then tries again later).
export function sendOutbox() {
  if (!sending) sending = sendAll().finally(() => (sending = null));
  return sending;
}

async function sendAll() {
  if ((await self.clients.matchAll({ type: "window" })).length) return; // a page sends
  const all = await done((await store(OUTBOX, "readonly")).getAll());
  const records = all.filter((r) => r.events.length && r.token && r.socket);
  if (!records.length) return;
  const socket = await connect(records[0].socket);
  try {
    let topic = 0;
    for (const record of records) {
      const name = `sw:${++topic}`;
      const join = { v: PROTOCOL_VERSION, token: record.token, url: record.url, hash: null };
      if (record.stateId) join.i = record.stateId;
      const joined = await socket.request(name, name, CLIENT.JOIN, join).catch(() => null);
      if (!joined || joined.e) continue; // refused: the page will say so when opened
      while (record.events.length) {
        const [n, p, s, made, k] = record.events[0];
        const payload = { n, p, c: record.clientId, s, a: Date.now() - made };
        if (k !== null && k !== undefined) payload.k = k;
        await pause(1000 / record.rate); // under the server's rate limit
        const reply = await socket.request(name, name, CLIENT.EVENT, payload);
        if (reply.e === "rate.limited") continue;
        record.events.shift(); // answered: run, already run, or refused with its code
        await save(record);
      }
      await socket.request(name, name, CLIENT.LEAVE, {}).catch(() => {});
    }
  } finally {
    socket.close();
  }
}

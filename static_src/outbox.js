// The outbox: every event a live view makes is kept in IndexedDB until the server
// answers it, so that a reload of the tab (or a crash) does not lose what the user
// did while the connection was down. A record per view and tab: the view's saved
// state's name, its client id, its last event number and the events not yet answered
// — never the view's state, which stays on the server.
//
// After a reload the tab finds its records (the tab's id lives in sessionStorage,
// which survives reloads, not other tabs) and each view takes its record before it
// joins: it resumes its state on the server and sends the waiting events again, with
// the same numbers, so none is applied twice.

import { OUTBOX, done, store } from "../djust/sw/idb.js";

const TAB_KEY = "djust-tab";
const MAX_AGE_MS = 24 * 3600 * 1000;

function tab() {
  const fresh = () => (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
  try {
    let id = sessionStorage.getItem(TAB_KEY);
    if (!id) {
      id = fresh();
      sessionStorage.setItem(TAB_KEY, id);
    }
    return id;
  } catch {
    return fresh(); // no sessionStorage (an opaque origin): nothing outlives the page
  }
}

export class Outbox {
  constructor(views) {
    this.tab = tab();
    this.writing = new Map(); // key -> pending write (one at a time per view, in order)
    // Closing with events waiting: the service worker sends them once the tab is gone.
    // The records go with the message: a write still in flight when the page unloads
    // may be lost, the message is not.
    window.addEventListener("pagehide", () => {
      const waiting = Array.from(views.values()).filter((view) => view.unanswered.size);
      const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
      if (waiting.length && worker) {
        worker.postMessage({ type: "outbox", records: waiting.map((view) => this.record(view)) });
      }
    });
  }

  key(view) {
    return `${this.tab}|${view.slot}`;
  }

  // The view's record from before a reload, taken into the view (its events wait
  // for the join). Resolves when done, whether or not there was one.
  async restore(view) {
    try {
      const record = await done((await store(OUTBOX, "readonly")).get(this.key(view)));
      if (!record || Date.now() - record.at > MAX_AGE_MS) return;
      view.resume(record);
    } catch {}
  }

  record(view) {
    return {
      key: this.key(view),
      at: Date.now(),
      stateId: view.stateId,
      clientId: view.clientId,
      seq: view.seq,
      events: Array.from(view.unanswered.values()),
      // For the service worker, which sends them if the tab closes first (a nested
      // view joins through its parent: only pages' own views can be sent that way).
      token: view.parent ? null : view.root.getAttribute("dj-token"),
      url: view.url,
      socket: view.live.socket.path,
      rate: view.live.socket.rate,
    };
  }

  // Write the view's unanswered events (or forget the record when there are none).
  save(view) {
    const record = this.record(view);
    const key = record.key;
    const events = record.events;
    const previous = this.writing.get(key) || Promise.resolve();
    const write = previous
      .then(() => store(OUTBOX, "readwrite"))
      .then((s) => done(events.length ? s.put(record) : s.delete(key)))
      .catch(() => {});
    this.writing.set(key, write);
    write.then(() => this.writing.get(key) === write && this.writing.delete(key));
  }
}

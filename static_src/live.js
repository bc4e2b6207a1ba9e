// The page's live views and their one socket: finds the views' roots, joins them,
// routes what the server sends to the right view, and shows the connection's state:
// a class on <html> (`djust-connected`, `djust-reconnecting`, `djust-offline`,
// `djust-refused`) and the text of `{% djust_status %}` elements, with the number of
// events waiting to be sent.

import { ERROR, SERVER } from "../djust/sw/protocol.js";
import { Socket } from "./socket.js";
import { View } from "./view.js";
import { Outbox } from "./outbox.js";

const STATES = ["connected", "reconnecting", "offline", "refused"];
// Refusals of the user's own waiting events: `{% djust_status %}` says so for a while.
const NOTICED = new Set([ERROR.EVENT_STALE, ERROR.EVENT_TARGET_GONE, ERROR.OUTBOX_FULL]);
const NOTICE_MS = 8000;

export class Live {
  // `navigate(url, options)` follows the server's `navigate`; `changed()` is told when
  // the user sends an event (data may change: prefetched pages are dropped).
  constructor(path, { navigate, changed, rate }) {
    this.navigate = navigate;
    this.changed = changed;
    this.views = new Map(); // topic -> View
    this.outbox = new Outbox(this.views);
    this.joins = 0;
    this.state = "reconnecting";
    window.addEventListener("online", () => {
      this.showState();
      this.socket.online();
    });
    window.addEventListener("offline", () => this.showState());
    this.notice = null; // [code, until]
    document.addEventListener("djust:error", (e) => {
      if (!NOTICED.has(e.detail.code)) return;
      this.notice = [e.detail.code, performance.now() + NOTICE_MS];
      this.showState();
      setTimeout(() => this.showState(), NOTICE_MS + 10);
    });
    this.socket = new Socket(path, {
      onOpen: () => this.rejoin(),
      onMessage: (joinRef, topic, event, payload) => this.receive(joinRef, topic, event, payload),
      onState: (state) => this.setState(state),
      rate,
    });
  }

  setState(state) {
    this.state = state;
    this.showState();
  }

  // The state as the user should see it: offline whenever the browser says so.
  showState() {
    const state = navigator.onLine || this.state === "refused" ? this.state : "offline";
    const html = document.documentElement;
    for (const s of STATES) html.classList.toggle(`djust-${s}`, s === state);
    let waiting = 0;
    for (const view of this.views.values()) waiting += view.queue.length;
    const notice = this.notice && performance.now() < this.notice[1] ? this.notice[0] : null;
    // "event.target-gone" -> dataset.eventTargetGone
    const noticeKey = notice && notice.replace(/[.-](\w)/g, (_, c) => c.toUpperCase());
    for (const el of document.querySelectorAll("[data-djust-status]")) {
      let text = state === "connected" ? "" : el.dataset[state] || "";
      if (waiting && text) text = `${text} ${el.dataset.waiting.replace("%n", waiting)}`;
      if (noticeKey && el.dataset[noticeKey]) text = `${text} ${el.dataset[noticeKey]}`.trim();
      el.textContent = text;
      el.hidden = !text;
    }
  }

  // Join every view whose root is under `scope` and not yet known, each after taking
  // its outbox record (events from before a reload).
  start(scope = document) {
    const top = "[dj-view]:not([dj-child])";
    const all = Array.from(document.querySelectorAll(top));
    const roots = Array.from(scope.querySelectorAll(top));
    if (scope instanceof Element && scope.matches(top)) roots.unshift(scope);
    const fresh = [];
    for (const root of roots) {
      if (root.djustView && this.views.has(root.djustView.topic)) continue;
      const view = new View(this, root);
      view.url = location.pathname + location.search;
      view.slot = `${view.url}#${all.indexOf(root)}`;
      this.adopt(view);
      fresh.push(view);
    }
    this.restoreThenJoin(fresh);
  }

  restoreThenJoin(views) {
    if (!views.length) return;
    for (const view of views) view.restoring = true;
    Promise.all(views.map((view) => this.outbox.restore(view))).then(() => {
      for (const view of views) {
        view.restoring = false;
        if (this.socket.open && this.views.has(view.topic)) view.join();
      }
      this.showState();
      if (this.views.size) this.socket.connect();
    });
  }

  adopt(view) {
    this.views.set(view.topic, view);
  }

  forget(view) {
    this.views.delete(view.topic);
  }

  viewJoined(view) {
    view.root.dispatchEvent(new CustomEvent("djust:joined", { bubbles: true }));
  }

  rejoin() {
    for (const view of this.views.values()) {
      if (view.parent === null && !view.restoring) view.join();
    }
  }

  // Leave every view whose root is under `scope` (a live navigation replaces it).
  stop(scope) {
    for (const view of Array.from(this.views.values())) {
      if (view.parent === null && scope.contains(view.root)) view.leave();
    }
  }

  viewOf(el) {
    const root = el.closest("[dj-view]");
    return root && root.djustView && this.views.has(root.djustView.topic) ? root.djustView : null;
  }

  receive(joinRef, topic, event, payload) {
    const view = this.views.get(topic);
    if (!view) {
      if (payload && payload.e) console.warn(`djust: ${payload.e}: ${payload.m}`);
      return;
    }
    if (joinRef !== null && joinRef !== view.joinRef) return;
    if (event === SERVER.PATCH) view.patch(payload.o);
    else if (event === SERVER.PUSH) {
      view.root.dispatchEvent(
        new CustomEvent(`djust:${payload.n}`, { bubbles: true, detail: payload.p }),
      );
    } else if (event === SERVER.NAVIGATE) this.navigate(payload.to, { replace: payload.replace });
  }
}

// One live view on the page: its root element, its join, its events and the
// patches that keep its DOM equal to the server's render. A view whose patch does
// not fit its DOM asks the server for a full render of itself (never a page reload).

import { applyPatches } from "./patch.js";
import { CLIENT, ERROR, PROTOCOL_VERSION } from "../djust/sw/protocol.js";
import { startLoading } from "./loading.js";
import { retype, typed } from "./recover.js";

let topics = 0;

// Join errors that a fresh page fixes: the page reloads itself, once.
const RELOAD = new Set([ERROR.JOIN_TOKEN_EXPIRED, ERROR.JOIN_VERSION]);
// Events kept while the socket is down, per view; beyond this the page says so.
const MAX_WAITING = 100;

export class View {
  constructor(live, root, parent = null) {
    this.live = live;
    this.root = root;
    this.parent = parent;
    this.topic = `lv:${++topics}`;
    this.joinRef = null;
    this.joined = false;
    this.dirty = false; // the DOM changed since the HTML the page came with
    this.failed = null; // the refusal of the last join, if it was refused
    this.stateId = null; // the server's name for this view's saved state
    // Events are numbered: one sent again after a reconnect whose reply was lost is
    // answered by the server, not applied twice.
    this.clientId = crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2);
    this.seq = 0;
    this.queue = []; // events made before the join completed
    this.unanswered = new Map(); // seq -> [name, params, seq, made], kept in the outbox
    this.restoring = false; // taking its outbox record, before its first join
    this.slot = parent ? `${parent.slot}/${root.getAttribute("dj-child")}` : null;
    this.children = new Map(); // root element -> View
    root.djustView = this;
  }

  get childId() {
    return this.root.getAttribute("dj-child");
  }

  join() {
    this.joined = false;
    this.failed = null;
    const hash = this.dirty ? null : this.root.getAttribute("dj-hash");
    const payload =
      this.childId !== null
        ? { v: PROTOCOL_VERSION, parent: this.parent.topic, id: this.childId, hash }
        : {
            v: PROTOCOL_VERSION,
            token: this.root.getAttribute("dj-token"),
            url: location.pathname + location.search,
            hash,
          };
    if (this.stateId) payload.i = this.stateId; // resume the state the server kept
    const joinRef = String(++this.live.joins);
    this.joinRef = joinRef;
    this.live.socket.request(joinRef, this.topic, CLIENT.JOIN, payload).then(
      (reply) => {
        if (this.joinRef !== joinRef) return;
        if (reply.e) return this.joinFailed(reply);
        const resumed = this.stateId === reply.i;
        this.stateId = reply.i;
        if (!resumed && this.unanswered.size) this.live.outbox.save(this); // a reload resumes it
        if (reply.h !== undefined) this.replace(reply.h);
        this.joined = true;
        sessionStorage.removeItem("djust-reloaded");
        this.root.setAttribute("dj-joined", "");
        this.live.viewJoined(this);
        for (const child of this.children.values()) if (!child.restoring) child.join();
        this.syncChildren();
        const queued = this.queue.splice(0).sort((a, b) => a[3] - b[3]);
        for (const [name, params, el, seq, made] of queued) this.event(name, params, el, seq, made);
        this.live.showState();
      },
      () => {}, // the socket closed: it rejoins every view when it reopens
    );
  }

  joinFailed(reply) {
    this.failed = reply; // the view cannot take events until it joins again
    this.report(reply);
    if (RELOAD.has(reply.e) && !sessionStorage.getItem("djust-reloaded")) {
      sessionStorage.setItem("djust-reloaded", "1");
      location.reload();
    }
  }

  // Take the outbox's record from before a reload: resume its state, send its
  // events again with their numbers once joined.
  resume(record) {
    this.stateId = record.stateId || this.stateId;
    this.clientId = record.clientId;
    this.seq = Math.max(this.seq, record.seq);
    for (const [name, params, seq, made, key = null] of record.events) {
      this.unanswered.set(seq, [name, params, seq, made, key]);
      this.queue.push([name, params, null, seq, made]);
    }
  }

  answered(seq) {
    if (this.unanswered.delete(seq)) this.live.outbox.save(this);
  }

  // Keep an event until the view is joined again; the page shows how many wait.
  wait(entry) {
    if (this.queue.length >= MAX_WAITING) {
      this.report({ e: ERROR.OUTBOX_FULL, m: `${MAX_WAITING} events are waiting already` });
      return;
    }
    this.queue.push(entry);
    this.live.showState();
  }

  leave() {
    for (const child of this.children.values()) child.leave();
    this.children.clear();
    this.live.forget(this);
    if (this.joined) {
      this.joined = false;
      this.live.socket.request(this.joinRef, this.topic, CLIENT.LEAVE, {}).catch(() => {});
    }
  }

  // Send the @event handler `name` its parameters; `el` shows the loading state.
  // `seq` is the event's number and `made` when it was made, when it is sent again.
  event(name, params, el, seq = ++this.seq, made = Date.now()) {
    if (this.failed) {
      this.report(this.failed); // said again: the event cannot be sent
      return;
    }
    if (!this.unanswered.has(seq)) {
      // The item it is about: if the view no longer shows it, the server refuses it.
      const item = el && el.closest("[dj-key]");
      const key = item && item !== this.root && this.root.contains(item) ? item.getAttribute("dj-key") : null;
      this.unanswered.set(seq, [name, params, seq, made, key]);
      this.live.outbox.save(this);
    }
    if (!this.joined) {
      this.wait([name, params, el, seq, made]);
      return;
    }
    const done = startLoading(el, this.root);
    this.live.changed();
    const joinRef = this.joinRef;
    const payload = { n: name, p: params, c: this.clientId, s: seq, a: Date.now() - made };
    const key = this.unanswered.get(seq)[4];
    if (key !== null && key !== undefined) payload.k = key;
    this.live.socket.request(joinRef, this.topic, CLIENT.EVENT, payload).then(
      (reply) => {
        done();
        if (reply.e === ERROR.RATE_LIMITED) {
          // Not run: sent again, with its number, once the server takes events again.
          setTimeout(() => this.event(name, params, el, seq, made), 250);
          return;
        }
        this.answered(seq);
        if (this.joinRef !== joinRef) return;
        if (reply.o) this.patch(reply.o);
        if (reply.e) this.report(reply);
      },
      () => {
        done();
        // The socket closed before the reply: send it again (same number) once
        // rejoined; the server answers it without running it if it ran already.
        this.wait([name, params, el, seq, made]);
      },
    );
  }

  patch(ops) {
    if (!ops.length) return;
    this.dirty = true;
    if (!applyPatches(this.root, ops)) this.render();
    this.syncChildren();
  }

  // Ask the server for a full render (the DOM was changed by someone else).
  render() {
    this.live.socket.request(this.joinRef, this.topic, CLIENT.RENDER, {}).then(
      (reply) => (reply.e ? this.report(reply) : this.replace(reply.h)),
      () => {},
    );
  }

  replace(html) {
    this.dirty = true;
    const kept = typed(this.root);
    this.root.innerHTML = html;
    retype(this.root, kept);
    this.syncChildren();
  }

  // Join nested views that appeared in this view's DOM; leave those that went.
  syncChildren() {
    for (const [root, child] of this.children) {
      if (!this.root.contains(root)) {
        child.leave();
        this.children.delete(root);
      }
    }
    if (!this.joined) return;
    for (const root of this.root.querySelectorAll("[dj-view][dj-child]")) {
      if (root.parentElement.closest("[dj-view]") !== this.root || this.children.has(root)) continue;
      const child = new View(this.live, root, this);
      this.children.set(root, child);
      this.live.adopt(child);
      this.live.restoreThenJoin([child]);
    }
  }

  // A coded error from the server: logged, and announced on the view's root.
  report(reply) {
    console.warn(`djust: ${reply.e}: ${reply.m}`);
    this.root.dispatchEvent(
      new CustomEvent("djust:error", { bubbles: true, detail: { code: reply.e, message: reply.m } }),
    );
  }
}

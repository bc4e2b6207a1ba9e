// The page's one WebSocket: frames [join_ref, ref, topic, event, payload], replies
// matched to their request by ref, a heartbeat, and reconnection with backoff and
// jitter. Messages are paced below the server's rate limit (`rate` a second, in
// bursts of as many), in order, so a burst — the events that waited through a cut
// connection — is never refused. It knows nothing of views: `onOpen` and `onMessage`
// are the live module's.

import { CLIENT, SERVER, SOCKET_TOPIC, CLOSE_BAD_ORIGIN } from "../djust/sw/protocol.js";

const HEARTBEAT_MS = 30000;
const HEARTBEAT_TIMEOUT_MS = 10000;
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 10000;

export class SocketClosed extends Error {
  constructor() {
    super("socket.closed");
    this.code = "socket.closed";
  }
}

export class Socket {
  constructor(path, { onOpen, onMessage, onState, rate = 30 }) {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    this.path = path;
    this.url = `${scheme}//${location.host}${path}`;
    this.onOpen = onOpen;
    this.onMessage = onMessage;
    this.onState = onState;
    this.ws = null;
    this.ref = 0;
    this.pending = new Map(); // ref -> {resolve, reject}
    // A margin under the server's limit: frames can arrive closer than they left.
    this.rate = Math.max(1, rate * 0.9);
    this.tokens = this.rate - 1;
    this.filled = performance.now();
    this.outgoing = []; // [send, reject] waiting for a token, in order
    this.draining = null;
    this.attempt = 0;
    this.heartbeat = null;
    this.retrying = null;
    this.stopped = false;
  }

  get open() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  connect() {
    if (this.ws || this.stopped) return;
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.onState("connected");
      this.beat();
      this.onOpen();
    };
    ws.onmessage = (e) => this.receive(e.data);
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearTimeout(this.heartbeat);
      for (const { reject } of this.pending.values()) reject(new SocketClosed());
      this.pending.clear();
      for (const [, reject] of this.outgoing.splice(0)) reject(new SocketClosed());
      if (e.code === CLOSE_BAD_ORIGIN) {
        this.stopped = true;
        this.onState("refused");
        return;
      }
      this.onState("reconnecting");
      this.retry();
    };
  }

  retry() {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt++);
    clearTimeout(this.retrying);
    this.retrying = setTimeout(() => this.connect(), base * (0.5 + Math.random()));
  }

  // The browser is back online: try at once rather than at the end of the backoff.
  online() {
    if (this.ws || this.stopped) return;
    clearTimeout(this.retrying);
    this.attempt = 0;
    this.connect();
  }

  // Close the connection as a dead one would (tests, heartbeat timeouts).
  drop() {
    if (this.ws) this.ws.close();
  }

  beat() {
    clearTimeout(this.heartbeat);
    this.heartbeat = setTimeout(() => {
      const timeout = setTimeout(() => this.drop(), HEARTBEAT_TIMEOUT_MS);
      this.request(null, SOCKET_TOPIC, CLIENT.HEARTBEAT, {}).then(
        () => {
          clearTimeout(timeout);
          this.beat();
        },
        () => clearTimeout(timeout),
      );
    }, HEARTBEAT_MS);
  }

  // Send a frame; resolves with the reply's payload, rejects if the socket closes
  // first.
  request(joinRef, topic, event, payload) {
    if (!this.open) return Promise.reject(new SocketClosed());
    return new Promise((resolve, reject) => {
      const send = () => {
        const ref = ++this.ref;
        this.pending.set(ref, { resolve, reject });
        this.ws.send(JSON.stringify([joinRef, ref, topic, event, payload]));
      };
      if (event === CLIENT.HEARTBEAT) send(); // the server does not count them
      else {
        this.outgoing.push([send, reject]);
        this.drain();
      }
    });
  }

  drain() {
    const now = performance.now();
    this.tokens = Math.min(this.rate - 1, this.tokens + ((now - this.filled) / 1000) * this.rate);
    this.filled = now;
    while (this.outgoing.length && this.tokens >= 1 && this.open) {
      this.tokens -= 1;
      this.outgoing.shift()[0]();
    }
    if (this.outgoing.length && this.draining === null) {
      this.draining = setTimeout(() => {
        this.draining = null;
        this.drain();
      }, 1000 / this.rate);
    }
  }

  receive(text) {
    const [joinRef, ref, topic, event, payload] = JSON.parse(text);
    if (event === SERVER.REPLY && ref !== null) {
      const waiting = this.pending.get(ref);
      if (waiting) {
        this.pending.delete(ref);
        waiting.resolve(payload);
      }
      return;
    }
    this.onMessage(joinRef, topic, event, payload);
  }
}

// Generated from djust/protocol.py by `make js`: do not edit.
export const PROTOCOL_VERSION = 1;
export const OP = /* @__PURE__ */ Object.freeze({
  SET_TEXT: 0,
  SET_ATTR: 1,
  REMOVE_ATTR: 2,
  INSERT: 3,
  REMOVE: 4,
  REORDER: 5,
  REORDER_KEYED: 6,
  REPLACE: 7,
  MERGE: 8,
  INSERT_NODES: 9,
});
export const ERROR = /* @__PURE__ */ Object.freeze({
  PATCH_PATH_MISSING: "patch.path-missing",
  PATCH_WRONG_NODE: "patch.wrong-node",
  PATCH_BAD_ORDER: "patch.bad-order",
  PATCH_UNKNOWN_OP: "patch.unknown-op",
  SOCKET_BAD_ORIGIN: "socket.bad-origin",
  FRAME_MALFORMED: "frame.malformed",
  FRAME_TOO_LARGE: "frame.too-large",
  FRAME_UNKNOWN_EVENT: "frame.unknown-event",
  RATE_LIMITED: "rate.limited",
  JOIN_VERSION: "join.version",
  JOIN_TOKEN_INVALID: "join.token-invalid",
  JOIN_TOKEN_EXPIRED: "join.token-expired",
  JOIN_WRONG_SESSION: "join.wrong-session",
  JOIN_WRONG_URL: "join.wrong-url",
  JOIN_DUPLICATE: "join.duplicate",
  JOIN_TOO_MANY_VIEWS: "join.too-many-views",
  JOIN_NO_PARENT: "join.no-parent",
  VIEW_NOT_JOINED: "view.not-joined",
  VIEW_MOUNT_FAILED: "view.mount-failed",
  EVENT_UNKNOWN: "event.unknown",
  EVENT_BAD_PARAMS: "event.bad-params",
  EVENT_STALE: "event.stale",
  EVENT_TARGET_GONE: "event.target-gone",
  OUTBOX_FULL: "outbox.full",
  EVENT_FAILED: "event.failed",
  SERVER_ERROR: "server.error",
  PREFETCH_REFUSED: "prefetch.refused",
});
export const SOCKET_TOPIC = "djust";
export const CLOSE_BAD_ORIGIN = 4403;
export const CLIENT = /* @__PURE__ */ Object.freeze({
  JOIN: "join",
  LEAVE: "leave",
  EVENT: "event",
  RENDER: "render",
  HEARTBEAT: "heartbeat",
});
export const SERVER = /* @__PURE__ */ Object.freeze({
  REPLY: "reply",
  PATCH: "patch",
  PUSH: "push",
  NAVIGATE: "navigate",
});
export const HEADER = /* @__PURE__ */ Object.freeze({
  MAIN: "X-Djust-Main",
  LAYOUT: "X-Djust-Layout",
  MAIN_RANGE: "X-Djust-Main-Range",
  PURPOSE: "X-Sec-Purpose",
  OFFLINE: "X-Djust-Offline",
});

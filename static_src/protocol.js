// Generated from djust/protocol.py by `make js`: do not edit.
export const PROTOCOL_VERSION = 1;
export const OP = Object.freeze({
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
export const ERROR = Object.freeze({
  PATH_MISSING: "patch.path-missing",
  WRONG_NODE: "patch.wrong-node",
  BAD_ORDER: "patch.bad-order",
  UNKNOWN_OP: "patch.unknown-op",
});

"""The wire protocol's single source of truth.

Everything the browser runtime and the server must agree on is defined here: the patch
operation codes (also defined in ``rust/diff/patch.rs``; a test checks they agree), the
frames of the live-view socket, the HTTP headers of the app shell and prefetches, and
every error code a client can see.
``djust/sw/protocol.js`` is generated from this module (``make js``); CI fails when
the two drift.

A patch is a JSON list of operations ``[code, path, ...]``, ``path`` being the child
indices from the view's root element; see ``rust/diff/patch.rs`` for each operation.
"""

from __future__ import annotations

import json

#: Bumped on any incompatible change; the client sends it when it joins.
PROTOCOL_VERSION = 1

#: Patch operations: name -> code.
OPS = {
    "SET_TEXT": 0,
    "SET_ATTR": 1,
    "REMOVE_ATTR": 2,
    "INSERT": 3,
    "REMOVE": 4,
    "REORDER": 5,
    "REORDER_KEYED": 6,
    "REPLACE": 7,
    "MERGE": 8,
    "INSERT_NODES": 9,
}

#: A text frame is a compact JSON array of these five fields. ``join_ref`` names the
#: join a message belongs to, ``ref`` the request a reply answers (``null`` in pushes),
#: ``topic`` the live view instance (``"djust"`` for the socket itself).
FRAME = ("join_ref", "ref", "topic", "event", "payload")
#: The socket's own topic (heartbeats).
SOCKET_TOPIC = "djust"

#: The close code of a socket refused for its Origin (``socket.bad-origin``): the
#: page does not reconnect.
CLOSE_BAD_ORIGIN = 4403

#: What the browser sends. ``join``: ``{"v": version, "token", "url", "hash"}`` for a
#: page's view, ``{"v", "parent", "id", "hash"}`` for a nested one, with ``"i"``: the
#: saved state to resume, after a reconnect. ``event``: ``{"n": handler, "p": params,
#: "c": the page's client id, "s": the event's number, "a": how long it waited, in
#: ms, "k": the ``dj-key`` of the item it was made on, if any}`` (an event applied
#: already is answered ``{"o": [], "dup": true}``, not run again; one whose item the
#: view no longer shows is refused, ``event.target-gone``). ``render``: a full render
#: of the view (its DOM was changed by someone else). ``leave``: the view is gone.
CLIENT = {
    "JOIN": "join",
    "LEAVE": "leave",
    "EVENT": "event",
    "RENDER": "render",
    "HEARTBEAT": "heartbeat",
}

#: What the server sends. ``reply`` answers a ``ref``: ``{"o": ops}`` (``{"h": html}``
#: when the page must take a full render; a join's also names its saved state,
#: ``"i"``) or ``{"e": code, "m": message}``. ``patch``:
#: ops the server pushed (a broadcast). ``push``: ``{"n", "p"}`` from
#: ``LiveView.push_event``. ``navigate``: ``{"to": url, "replace": bool}``.
SERVER = {
    "REPLY": "reply",
    "PATCH": "patch",
    "PUSH": "push",
    "NAVIGATE": "navigate",
}

#: HTTP headers between the page, the service worker and the middleware.
#: ``MAIN``: the request asks only for the page's head and main region (``[dj-main]``);
#: the answer names its layout in ``LAYOUT`` (absent when the page has no app shell).
#: A full page names where its main region's content is, as the byte offsets
#: ``start-end`` of its UTF-8 body, in ``MAIN_RANGE``: the worker cuts the app shell
#: from it. ``PURPOSE``: ``prefetch`` on the worker's prefetches (``Sec-Purpose`` cannot
#: be set from script; a browser's own ``Sec-Purpose: prefetch`` counts alike).
#: ``OFFLINE``: set by the worker on what it answers because the server cannot be
#: reached.
HEADERS = {
    "MAIN": "X-Djust-Main",
    "LAYOUT": "X-Djust-Layout",
    "MAIN_RANGE": "X-Djust-Main-Range",
    "PURPOSE": "X-Sec-Purpose",
    "OFFLINE": "X-Djust-Offline",
}

#: Every error a client can see: code -> what it means and what to do. The server
#: sends them in replies (``{"e": code, "m": message}``); the browser reports the
#: ``patch.*`` ones itself.
ERRORS = {
    "patch.path-missing": "a patch names a node the DOM does not have (the DOM was "
    "changed by other code); the view asks for a full render",
    "patch.wrong-node": "a patch operation does not fit the node at its path",
    "patch.bad-order": "a reorder does not match the children present",
    "patch.unknown-op": "a patch operation code this runtime does not know; "
    "reload the page to get the current runtime",
    "socket.bad-origin": "the socket's Origin is not in ALLOWED_HOSTS; serve the page "
    "from an allowed host",
    "frame.malformed": "a frame is not a JSON array [join_ref, ref, topic, event, payload] "
    "of the right types",
    "frame.too-large": "a frame is larger than DJUST['MAX_FRAME_BYTES']",
    "frame.unknown-event": "a frame's event is not one the protocol defines",
    "rate.limited": "more events per second than DJUST['EVENTS_PER_SECOND'] allows; "
    "the event was not run, send it again later",
    "join.version": "the page's runtime speaks another protocol version; reload the page",
    "join.token-invalid": "the join token is forged, corrupted or for another view; "
    "reload the page",
    "join.token-expired": "the join token is older than DJUST['JOIN_TOKEN_MAX_AGE']; "
    "reload the page",
    "join.wrong-session": "the join token was issued to another session (logged in or "
    "out since, or copied from another browser); reload the page",
    "join.wrong-url": "the join token was issued for another URL",
    "join.duplicate": "this view is already joined on this socket",
    "join.too-many-views": "more live views on one socket than DJUST['MAX_VIEWS_PER_SOCKET']",
    "join.no-parent": "a nested view names a parent view or id this socket has not joined",
    "view.not-joined": "a message names a view that is not joined on this socket; join first",
    "view.mount-failed": "the view raised an error while mounting (see the server log)",
    "event.unknown": "the view has no @event handler of that name (only methods marked "
    "@event are callable)",
    "event.bad-params": "the event's parameters do not match the handler's signature "
    "and type hints",
    "event.stale": "the event waited longer than DJUST['EVENT_MAX_AGE'] to be sent (the "
    "page was offline); it was not run, do it again if it still applies",
    "event.target-gone": "the event was made on an item (dj-key) the view no longer "
    "shows (it changed while the event waited); it was not run, do it again if it "
    "still applies",
    "outbox.full": "too many events are waiting for the connection; the newest was not "
    "kept: wait for the page to reconnect",
    "event.failed": "the event handler raised an error (see the server log); the view's "
    "attributes are put back as they were before the event",
    "server.error": "the server failed to handle the message (see the server log)",
    "prefetch.refused": "the view does not allow prefetching (@no_prefetch); the page "
    "is fetched when the user follows the link",
}


_compact = json.JSONEncoder(separators=(",", ":")).encode  # one encoder, not one a frame


def encode(join_ref, ref, topic: str, event: str, payload: str) -> str:
    """A text frame; ``payload`` is already JSON (ops are spliced in as the engine
    wrote them)."""
    return _compact([join_ref, ref, topic, event])[:-1] + "," + payload + "]"


def _js_name(code: str) -> str:
    """``"patch.path-missing"`` -> ``PATCH_PATH_MISSING``."""
    return code.upper().replace(".", "_").replace("-", "_")


def javascript() -> str:
    """The text of ``djust/sw/protocol.js``."""
    lines = [
        "// Generated from djust/protocol.py by `make js`: do not edit.",
        f"export const PROTOCOL_VERSION = {PROTOCOL_VERSION};",
        "export const OP = /* @__PURE__ */ Object.freeze({",
        *(f"  {name}: {code}," for name, code in OPS.items()),
        "});",
        "export const ERROR = /* @__PURE__ */ Object.freeze({",
        *(f"  {_js_name(name)}: {json.dumps(name)}," for name in ERRORS),
        "});",
        f"export const SOCKET_TOPIC = {json.dumps(SOCKET_TOPIC)};",
        f"export const CLOSE_BAD_ORIGIN = {CLOSE_BAD_ORIGIN};",
        "export const CLIENT = /* @__PURE__ */ Object.freeze({",
        *(f"  {name}: {json.dumps(value)}," for name, value in CLIENT.items()),
        "});",
        "export const SERVER = /* @__PURE__ */ Object.freeze({",
        *(f"  {name}: {json.dumps(value)}," for name, value in SERVER.items()),
        "});",
        "export const HEADER = /* @__PURE__ */ Object.freeze({",
        *(f"  {name}: {json.dumps(value)}," for name, value in HEADERS.items()),
        "});",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":  # python -m djust.protocol > djust/sw/protocol.js
    print(javascript(), end="")

"""The wire protocol's single source of truth.

Everything the browser runtime and the server must agree on is defined here: the patch
operation codes (also defined in ``rust/diff/patch.rs``; a test checks they agree) and
the error codes the client can report. ``static_src/protocol.js`` is generated from
this module (``make js``); CI fails when the two drift.

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

#: Errors the browser reports, with what they mean for whoever reads the log.
ERRORS = {
    "patch.path-missing": "a patch names a node the DOM does not have (the DOM was "
    "changed by other code); the view asks for a full render",
    "patch.wrong-node": "a patch operation does not fit the node at its path",
    "patch.bad-order": "a reorder does not match the children present",
    "patch.unknown-op": "a patch operation code this runtime does not know; "
    "reload the page to get the current runtime",
}


def javascript() -> str:
    """The text of ``static_src/protocol.js``."""
    lines = [
        "// Generated from djust/protocol.py by `make js`: do not edit.",
        f"export const PROTOCOL_VERSION = {PROTOCOL_VERSION};",
        "export const OP = Object.freeze({",
        *(f"  {name}: {code}," for name, code in OPS.items()),
        "});",
        "export const ERROR = Object.freeze({",
        *(
            f"  {name.split('.', 1)[1].upper().replace('-', '_')}: {json.dumps(name)},"
            for name in ERRORS
        ),
        "});",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":  # python -m djust.protocol > static_src/protocol.js
    print(javascript(), end="")

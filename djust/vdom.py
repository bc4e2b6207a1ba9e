"""The VDOM and diff, for seeing what the engine does.

``diff(old_html, new_html)`` is the patch (a JSON-ready list of operations) that
turns the DOM the browser builds for ``old_html`` into the one it builds for
``new_html``; ``to_tree(html)`` is that DOM, as nested dicts. Both parse HTML as the
browser does for a ``<div>``'s ``innerHTML``. In the browser,
``window.djust.applyPatches(rootElement, ops)`` applies a patch.
"""

from __future__ import annotations

import json

from djust import _rust


def diff(old_html: str, new_html: str) -> list:
    """The operations that turn ``old_html``'s DOM into ``new_html``'s."""
    return json.loads(_rust.vdom_diff(old_html, new_html))


def diff_json(old_html: str, new_html: str) -> str:
    """``diff`` as the compact JSON that goes on the wire."""
    return _rust.vdom_diff(old_html, new_html)


class Tree:
    """The DOM a view's page holds, as the server knows it: ``update(new_html)``
    returns the patch (wire JSON) and keeps the new tree, so each render is parsed
    once."""

    def __init__(self, html: str):
        self._tree = _rust.VTree(html)

    def update(self, new_html: str) -> str:
        return self._tree.diff(new_html)


def to_tree(html: str) -> list[dict]:
    """The nodes the browser builds for ``html``: ``{"tag", "attrs", "children"}``
    (and ``"ns"`` for SVG/MathML), ``{"text"}`` or ``{"comment"}``."""
    return _rust.vdom_tree(html)

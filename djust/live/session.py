"""One live view joined on a socket: mounting it, running its events, and turning
each render into the patch the page needs. Everything here is synchronous (views
touch the ORM); the socket runs it where ``djust.live.worker`` decides (the views'
thread, or the loop's for a brief handler). ``djust.testing`` drives the same code
without a socket."""

from __future__ import annotations

import json
import logging
import re
import secrets

from django.utils.html import escape

from djust.conf import settings
from djust.exceptions import Refused
from djust.live import state
from djust.live.page import RenderScope, html_hash, render_view, split_document
from djust.live.view import mounted
from djust.vdom import Tree

logger = logging.getLogger("djust.live")


class EventFailed(Refused):
    """The handler raised: the page still gets the patch to the view's state."""

    def __init__(self, name: str, ops: str):
        super().__init__("event.failed", f"the handler of {name!r} raised an error")
        self.ops = ops


def shows_key(html: str, key) -> bool:
    """Whether ``html`` has an element whose ``dj-key`` is ``key`` (as the browser
    reads the attribute: rendered escaped, quoted or not)."""
    if not isinstance(key, str) or len(key) > 200:
        return False
    value = re.escape(escape(key))
    return re.search(rf"""\sdj-key\s*=\s*(["']?){value}\1(?=[\s/>])""", html) is not None


def _is_seq(seq) -> bool:
    return type(seq) is int and 0 < seq < 2**53


class ViewSession:
    def __init__(self, view, request, binding: str = ""):
        self.view = view
        self.request = request
        self.binding = binding  # the browser the view's saved state belongs to
        self.state_id = secrets.token_urlsafe(18)
        #: The last event applied, by the page (client id) that numbered it.
        self.seqs: dict[str, int] = {}
        self.scope: RenderScope | None = None
        self.tree: Tree | None = None
        self.html = ""  # the last render
        self.document: bool | None = None  # whether the template is a whole document

    @classmethod
    def mount(
        cls,
        view_class,
        request,
        kwargs: dict,
        initkwargs: dict,
        page_hash,
        bindings: list[str] = ("",),
        state_id=None,
    ):
        """The view for a join by the browser ``bindings`` names: restored from its
        saved state ``state_id`` when that is there, else mounted. Returns the session
        and the join reply's payload: the state's id, and the HTML unless the page
        shows this render already (``page_hash`` matches)."""
        try:
            restored = state.restore(state_id, view_class, request, bindings) if state_id else None
            view, seqs = restored or (None, {})
            session = cls(view, request, bindings[0])
            session.seqs = seqs
            if view is not None:
                session.state_id = state_id
                page_hash = None  # the page shows what it showed before: send it all
            else:
                session.view = mounted(view_class, request, kwargs, initkwargs)
            html = session.render()
        except Exception:
            logger.exception("mounting %s failed", view_class.path())
            raise Refused("view.mount-failed") from None
        session.tree = Tree(html)
        session.keep()
        reply = {"i": session.state_id}
        if page_hash != html_hash(html):
            reply["h"] = html
        return session, json.dumps(reply, separators=(",", ":"))

    @property
    def deferred(self) -> bool:
        """Whether the view deferred work until its reply is out (``after``)."""
        return bool(self.view._djust.deferred)

    def after(self) -> None:
        """What the view deferred (its state's save, ...), once the reply is out."""
        self.view._djust.run_deferred()

    def keep(self) -> None:
        """Save the view's state for a rejoin: now when that only keeps the view in
        memory, else after the reply (``LiveView.defer``)."""
        if state.saves_in_place():
            self.save_state()
        else:
            self.view.defer(self.save_state)

    def save_state(self) -> None:
        state.save(self.state_id, self.view, self.binding, self.seqs)

    def settle(self) -> None:
        """The page is gone: a state kept in memory as the view is pickled, once, here
        rather than after every event."""
        state.settle(self.state_id)

    def render(self) -> str:
        """The view's HTML as the page holds it (nested views' roots empty)."""
        scope = RenderScope(self.request, http=False)
        html = render_view(self.view, scope)
        if self.document is not False:  # looked for once: a fragment stays a fragment
            parts = split_document(html)
            self.document = parts is not None
            html = parts[1] if parts is not None else html
        self.scope = scope
        self.html = html
        return html

    def patch(self) -> str:
        """The ops (wire JSON) from the page's DOM to the view's current render."""
        return self.tree.update(self.render())

    def full(self) -> str:
        """A full render, for a page whose DOM no longer matches (a ``render``)."""
        html = self.render()
        self.tree = Tree(html)
        return json.dumps({"h": html}, separators=(",", ":"))

    def event(self, name, params, client=None, seq=None, waited_ms=None, target=None) -> str:
        """Run the ``@event`` handler ``name``; returns the reply's payload. An event
        numbered ``seq`` by the page ``client`` that was applied already (sent again
        after a reconnect whose reply was lost) is answered, not run again; one that
        waited longer than ``EVENT_MAX_AGE`` in the page, or made on an item
        (``dj-key`` ``target``) the view no longer shows, is refused."""
        numbered = isinstance(client, str) and 0 < len(client) <= 64 and _is_seq(seq)
        if numbered and seq <= self.seqs.get(client, 0):
            return '{"o":[],"dup":true}'
        if _is_seq(waited_ms) and waited_ms > settings().event_max_age * 1000:
            raise Refused("event.stale", f"the event waited {waited_ms // 1000} s to be sent")
        if target is not None and not shows_key(self.html, target):
            raise Refused("event.target-gone", f"the item {target!r} is no longer shown")
        handler = self.view._djust_events.get(name) if isinstance(name, str) else None
        if handler is None:
            raise Refused("event.unknown", f"{type(self.view).__name__} has no @event {name!r}")
        arguments = handler.arguments(params if params is not None else {})
        try:
            self.run(name, getattr(self.view, name), arguments)
        finally:
            if numbered:
                self.seqs[client] = seq
            self.keep()
        return '{"o":' + self.patch() + "}"

    def pace(self, name):
        """The record of how long this view class's ``name`` events take (a
        ``worker.Pace``); None when ``name`` is not one of its events."""
        handler = self.view._djust_events.get(name) if isinstance(name, str) else None
        return None if handler is None else handler.pace

    def run(self, name: str, method, arguments: dict) -> None:
        """Call ``method``; if it raises, the view's attributes are put back as they
        were (values changed in place stay changed) and ``EventFailed`` carries the
        patch to that state. A ``Refused`` from the handler is passed on as it is."""
        before = dict(vars(self.view))
        try:
            method(**arguments)
        except Refused:  # the handler refused the call with a code of its own
            state = vars(self.view)
            state.clear()
            state.update(before)
            raise
        except Exception:
            logger.exception("%s.%s raised", type(self.view).__name__, name)
            state = vars(self.view)
            state.clear()
            state.update(before)
            raise EventFailed(name, self.patch()) from None

    def broadcast(self, name: str, payload) -> str:
        """``handle_broadcast``; returns the ops (wire JSON) it leads to."""
        try:
            self.run(
                "handle_broadcast", self.view.handle_broadcast, {"name": name, "payload": payload}
            )
        finally:
            self.keep()
        return self.patch()

    def child(self, child_id):
        """The (class, kwargs) of the nested view ``child_id`` of the last render."""
        found = self.scope.children.get(child_id) if isinstance(child_id, str) else None
        if found is None:
            raise Refused("join.no-parent", f"the parent view has no nested view {child_id!r}")
        return found

"""Helpers for users' own tests of their live views.

``LiveViewTestClient(ViewClass)`` runs a view as the socket does (the same mount,
event, parameter checks, render and diff), without a server or a browser::

    client = LiveViewTestClient(Counter)
    assert "<span>0</span>" in client.mount()
    reply = client.event("increment", by=2)
    assert reply.ops and reply.bytes < 100
    assert "<span>2</span>" in client.html()
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from djust import protocol
from djust.exceptions import Refused


@dataclass
class Reply:
    """What the page would receive for one event."""

    ops: list  # the patch
    bytes: int  # the reply frame's size on the wire
    error: str | None = None  # a coded refusal (``event.bad-params``, ...)
    message: str = ""
    pushes: list = field(default_factory=list)  # (name, payload) from push_event
    navigate: tuple | None = None  # (url, replace) from navigate


class LiveViewTestClient:
    """Mount and drive one live view. ``request`` defaults to a GET of ``path`` by
    Django's ``RequestFactory`` (with ``user`` set when given)."""

    def __init__(self, view_class, request=None, *, path: str = "/", user=None):
        self.view_class = view_class
        self.request = request
        self.path = path
        self.user = user
        self.session = None
        self._refs = 0

    @property
    def view(self):
        """The view instance, to inspect its state."""
        return self.session.view

    def mount(self, **kwargs) -> str:
        """Mount the view with ``kwargs`` (as its URL would give them); returns its HTML."""
        from djust.live.session import ViewSession

        request = self.request or self._request()
        self.session, _ = ViewSession.mount(self.view_class, request, kwargs, {}, None)
        self.session.view._djust.deferred.clear()  # nothing to resume in tests
        return self.session.html

    def event(self, name: str, /, **params) -> Reply:
        """Send the event ``name`` as the page would; returns the reply."""
        self._check_mounted()
        try:
            payload = self.session.event(name, json.loads(json.dumps(params)))
        except Refused as error:
            from djust.live.consumer import error_payload

            payload = error_payload(error)
        return self._reply(payload)

    def broadcast(self, name: str, /, payload=None) -> Reply:
        """Deliver a broadcast to the view (as if it were subscribed)."""
        self._check_mounted()
        return self._reply('{"o":' + self.session.broadcast(name, payload) + "}")

    def html(self) -> str:
        """The view's current HTML."""
        self._check_mounted()
        return self.session.html

    def _reply(self, payload: str) -> Reply:
        self._refs += 1
        frame = protocol.encode("1", self._refs, "lv:1", protocol.SERVER["REPLY"], payload)
        body = json.loads(payload)
        box = self.session.view._djust
        pushes, box.pushes = box.pushes, []
        navigate, box.navigate = box.navigate, None
        box.run_deferred()  # after the reply, as the socket does
        return Reply(
            ops=body.get("o", []),
            bytes=len(frame.encode()),
            error=body.get("e"),
            message=body.get("m", ""),
            pushes=pushes,
            navigate=navigate,
        )

    def _request(self):
        from django.contrib.auth.models import AnonymousUser
        from django.contrib.sessions.backends.signed_cookies import SessionStore
        from django.test import RequestFactory

        request = RequestFactory().get(self.path)
        request.session = SessionStore()  # needs no database or cache
        request.user = self.user if self.user is not None else AnonymousUser()
        request.djust_live = True  # events arrive as over the socket
        return request

    def _check_mounted(self):
        if self.session is None:
            raise RuntimeError("call mount() first")

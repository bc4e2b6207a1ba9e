"""The ``request`` a live view sees over the socket: a GET of the page's URL, with
the socket's headers, cookies, session and user (Channels' auth middleware). Django's
own ``ASGIRequest`` builds it, from the socket's scope made into a GET's."""

from __future__ import annotations

import io
from urllib.parse import unquote, urlsplit

from django.core.handlers.asgi import ASGIRequest


class SocketRequest(ASGIRequest):
    """A GET of the page's URL, as the view's ``mount`` expects."""

    def __init__(self, scope: dict, url: str, csrf_token: str = ""):
        parts = urlsplit(url)
        path = unquote(parts.path) or "/"
        get = {
            **scope,
            "type": "http",
            "method": "GET",
            "path": path,
            "raw_path": parts.path.encode(),
            "query_string": parts.query.encode(),
            "scheme": "https" if scope.get("scheme") in ("wss", "https") else "http",
        }
        super().__init__(get, io.BytesIO())
        if "session" in scope:
            self.session = scope["session"]
        if "user" in scope:
            self.user = scope["user"]
        #: True on the socket: the view is live (False in the first, HTTP render).
        self.djust_live = True
        #: The CSRF token the page was rendered with (``csrf_token`` in templates).
        self.djust_csrf_token = csrf_token

"""The ``request`` a live view sees over the socket: the page's URL, with the
socket's cookies, headers, session and user (Channels' auth middleware)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.http import HttpRequest, QueryDict
from django.http.cookie import parse_cookie


class SocketRequest(HttpRequest):
    """A GET of the page's URL, as the view's ``mount`` expects."""

    def __init__(self, scope: dict, url: str, csrf_token: str = ""):
        super().__init__()
        parts = urlsplit(url)
        self.method = "GET"
        self.path = self.path_info = unquote(parts.path) or "/"
        self.GET = QueryDict(parts.query)
        self._scheme = "https" if scope.get("scheme") in ("wss", "https") else "http"
        headers = {}
        for name, value in scope.get("headers", ()):
            key = "HTTP_" + name.decode("latin-1").upper().replace("-", "_")
            text = value.decode("latin-1")
            headers[key] = f"{headers[key]},{text}" if key in headers else text
        client = scope.get("client") or ("", 0)
        server = scope.get("server") or ("", 0)
        self.META = {
            **headers,
            "REQUEST_METHOD": "GET",
            "PATH_INFO": self.path_info,
            "QUERY_STRING": parts.query,
            "REMOTE_ADDR": client[0] or "",
            "SERVER_NAME": server[0] or "",
            "SERVER_PORT": str(server[1] or ""),
        }
        self.COOKIES = parse_cookie(headers.get("HTTP_COOKIE", ""))
        if "session" in scope:
            self.session = scope["session"]
        if "user" in scope:
            self.user = scope["user"]
        #: True on the socket: the view is live (False in the first, HTTP render).
        self.djust_live = True
        #: The CSRF token the page was rendered with (``csrf_token`` in templates).
        self.djust_csrf_token = csrf_token

    def _get_scheme(self):
        return self._scheme

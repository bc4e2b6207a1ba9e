"""View decorators for the service worker's features.

``@no_prefetch``: the view never runs for a prefetch (a hovered link); the link is
fetched when the user follows it. For views with side effects on GET, or whose page
must be fresh to the second. ``@shell_exempt``: the page is left alone by
``DjustMiddleware`` (no runtime added, no app shell cut from it).
"""

from __future__ import annotations

import json
from functools import wraps

from asgiref.sync import iscoroutinefunction
from django.http import HttpResponse

from djust import protocol

_PURPOSE = protocol.HEADERS["PURPOSE"]


def is_prefetch(request) -> bool:
    """Whether the request is a prefetch: the worker's ``X-Sec-Purpose``, or a
    browser's own ``Sec-Purpose``."""
    headers = request.headers
    return "prefetch" in headers.get(_PURPOSE, "") or "prefetch" in headers.get("Sec-Purpose", "")


def refused() -> HttpResponse:
    """The answer to a refused prefetch: 503 (as speculation rules expect), never
    cached, with its code."""
    code = "prefetch.refused"
    body = json.dumps({"e": code, "m": protocol.ERRORS[code]})
    response = HttpResponse(body, status=503, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


def _around(view, before=None, after=None):
    """``view`` (sync or async) with ``before(request)`` (a response ends the request
    there) and ``after(response)`` around it."""
    if iscoroutinefunction(view):

        async def wrapper(request, *args, **kwargs):
            early = before(request) if before else None
            if early is not None:
                return early
            response = await view(request, *args, **kwargs)
            return after(response) if after else response
    else:

        def wrapper(request, *args, **kwargs):
            early = before(request) if before else None
            if early is not None:
                return early
            response = view(request, *args, **kwargs)
            return after(response) if after else response

    return wraps(view)(wrapper)


def no_prefetch(view):
    """Refuse prefetches of this view (503, ``prefetch.refused``) without running it."""
    return _around(view, before=lambda request: refused() if is_prefetch(request) else None)


def shell_exempt(view):
    """Leave this view's pages alone: ``DjustMiddleware`` neither adds the runtime nor
    cuts an app shell from them."""

    def mark(response):
        response.djust_shell_exempt = True
        return response

    return _around(view, after=mark)

"""``djust.middleware.DjustMiddleware``: the service worker and every page's head.

- Serves the worker at ``DJUST['SW_URL']`` (the site root, so its scope is the whole
  site) and the web app manifest.
- Makes sure every HTML page loads the runtime and registers the worker: pages
  without ``{% djust_shell %}`` get its tags once, before ``</head>``. Non-HTML and
  streaming responses, fragments without a ``<head>``, and views marked
  ``@shell_exempt`` are untouched.
- The app shell: a page whose layout has ``{% djust_shell %}`` and a ``dj-main``
  element names its layout and where its main region is (headers the worker reads to
  cut the shell); a request that asks only for the main region (``X-Djust-Main``) is
  answered by the same view with the page's head and main region alone.
- Sets the viewer cookie, an HMAC of who is logged in, which the worker compares
  before showing a cached shell: logging in or out drops it.
- A POST with a form key (``{% djust_form_key %}``) does its work once: the same key
  again gets the first response (``djust/idempotency.py``).

Place it after ``AuthenticationMiddleware`` (it reads ``request.user``) and after
any middleware that rewrites HTML, such as GZip (it measures the body).
"""

from __future__ import annotations

import json

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.crypto import salted_hmac

from djust import html, idempotency, protocol, serviceworker, shell
from djust.conf import settings

_MAIN = protocol.HEADERS["MAIN"]
_LAYOUT = protocol.HEADERS["LAYOUT"]
_MAIN_RANGE = protocol.HEADERS["MAIN_RANGE"]


class DjustMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        served = serve(request)
        if served is not None:
            return served
        key = idempotency.form_key(request)
        if key is None:
            response = self.get_response(request)
        else:
            response = idempotency.once(request, key, lambda: self.get_response(request))
        if not is_page(response):
            return response
        return finish(request, response, viewer(getattr(request, "user", None)))

    async def __acall__(self, request):
        served = serve(request)
        if served is not None:
            return served
        key = idempotency.form_key(request)
        if key is None:
            response = await self.get_response(request)
        else:
            response = await idempotency.aonce(request, key, lambda: self.get_response(request))
        if not is_page(response):
            return response
        user = await request.auser() if hasattr(request, "auser") else None
        return finish(request, response, viewer(user))


def serve(request) -> HttpResponse | None:
    """The worker and the manifest, or ``None`` for every other request."""
    conf = settings()
    if request.path == conf.sw_url:
        worker = serviceworker.script()
        response = HttpResponse(worker.body, content_type="text/javascript; charset=utf-8")
        response["Service-Worker-Allowed"] = "/"
        response["Cache-Control"] = "no-cache"
        return response
    if request.path == conf.manifest_url:
        return HttpResponse(
            json.dumps(serviceworker.manifest()), content_type="application/manifest+json"
        )
    return None


def is_page(response) -> bool:
    """An HTML document the middleware may touch."""
    return (
        not response.streaming
        and not getattr(response, "djust_shell_exempt", False)
        and response.get("Content-Type", "").startswith("text/html")
        and response.get("Content-Encoding") is None
    )


def viewer(user) -> str:
    """The viewer cookie's value: an HMAC of the logged-in user's key, so it says
    nothing about who it is, only when it changes."""
    key = str(user.pk) if user is not None and user.is_authenticated else "anonymous"
    return salted_hmac("djust.viewer", key).hexdigest()[:20]


def finish(request, response, viewer_value: str):
    text = shell.ensure(response.content.decode(response.charset))
    config = shell.page_config(text)
    if config is None:  # a fragment, not a document
        return response
    main = html.find_main(text)
    layout = config.get("layout") if settings().app_shell else None
    if layout and main is not None:
        response[_LAYOUT] = layout
        if request.headers.get(_MAIN):
            text = main_document(text, main)
        else:
            start, end = html.byte_offset(text, main.inner_start), None
            end = start + len(text[main.inner_start : main.inner_end].encode())
            response[_MAIN_RANGE] = f"{start}-{end}"
    patch_vary_headers(response, (_MAIN,))
    response.content = text.encode(response.charset)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    cookie = settings().viewer_cookie
    if request.COOKIES.get(cookie) != viewer_value:
        response.set_cookie(cookie, viewer_value, samesite="Lax", secure=request.is_secure())
    return response


def main_document(text: str, main: html.Main) -> str:
    """The page's head and main region alone: what a page showing the app shell swaps
    in (``X-Djust-Main`` requests)."""
    return (
        f"<!doctype html><html{html.html_attrs(text)}><head>{html.head_inner(text)}</head>"
        f"<body>{text[main.start : main.end]}</body></html>"
    )

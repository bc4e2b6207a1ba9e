"""A form posted twice does its work once: a POST carrying a form key
(``{% djust_form_key %}``, a random key rendered with the form) runs the view the
first time; the same key again — a double click, or the service worker replaying a
form the user sent while offline, whose reply was lost — gets the first response,
not a second run. Concurrent duplicates wait for the first to finish.

Responses are kept in the state backend (memory, or Redis shared by servers) for
``FORM_KEY_TTL`` seconds, under the key and the browser's CSRF cookie (so a key is
good only in the browser that got it). Streaming responses cannot be replayed: their
key is released and a duplicate runs again.
"""

from __future__ import annotations

import asyncio
import hashlib
import pickle
import time

from django.http import HttpResponse

from djust.conf import settings
from djust.live import state

FIELD = "djust_key"
#: How long a duplicate waits for the first request's response.
WAIT_SECONDS = 30.0
_PENDING = b"pending"
_POLL = 0.02


def form_key(request) -> str | None:
    """The form key of a POST, if it carries one (form-encoded or multipart)."""
    if request.method != "POST":
        return None
    content_type = request.content_type or ""
    if content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return None
    key = request.POST.get(FIELD, "")
    return key if 16 <= len(key) <= 64 else None


def _store_key(request, key: str) -> str:
    browser = request.COOKIES.get(settings().csrf_cookie_name, "")
    digest = hashlib.blake2b(f"{browser}:{key}".encode(), digest_size=16).hexdigest()
    return f"djust:form:{digest}"


def _freeze(response) -> bytes:
    return pickle.dumps(
        (response.status_code, list(response.items()), response.cookies, response.content)
    )


def _thaw(data: bytes) -> HttpResponse:
    status, headers, cookies, content = pickle.loads(data)
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response.cookies = cookies
    response["X-Djust-Replayed"] = "1"
    return response


def _in_progress() -> HttpResponse:
    response = HttpResponse(
        '{"e": "form.in-progress", "m": "the same form is still being handled; '
        'send it again in a moment"}',
        status=409,
        content_type="application/json",
    )
    response["Retry-After"] = "1"
    return response


def _finish(store, key: str, response) -> None:
    if response.streaming:
        store.delete(key)
    else:
        store.set(key, _freeze(response), settings().form_key_ttl)


_WAIT = object()


def _claim(store, skey: str, deadline: float):
    """``None``: this request runs the view. ``_WAIT``: another one is running it.
    Else the response to give: the first one's, or 409 after waiting too long."""
    if store.add(skey, _PENDING, int(WAIT_SECONDS) + 30):
        return None
    data = store.get(skey)
    if data is not None and data != _PENDING:
        return _thaw(data)
    return _in_progress() if time.monotonic() > deadline else _WAIT


def once(request, key: str, call):
    """``call()``'s response, run once per form key (sync views)."""
    store, skey = state.backend(), _store_key(request, key)
    deadline = time.monotonic() + WAIT_SECONDS
    while (answer := _claim(store, skey, deadline)) is _WAIT:
        time.sleep(_POLL)
    if answer is not None:
        return answer
    try:
        response = call()
    except BaseException:
        store.delete(skey)
        raise
    _finish(store, skey, response)
    return response


async def aonce(request, key: str, call):
    """``await call()``'s response, run once per form key (async)."""
    store, skey = state.backend(), _store_key(request, key)
    deadline = time.monotonic() + WAIT_SECONDS
    while (answer := _claim(store, skey, deadline)) is _WAIT:
        await asyncio.sleep(_POLL)
    if answer is not None:
        return answer
    try:
        response = await call()
    except BaseException:
        store.delete(skey)
        raise
    _finish(store, skey, response)
    return response

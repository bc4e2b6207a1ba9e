"""Join tokens: what lets a socket take over the view a page was rendered with.

A token is signed with the project's ``SECRET_KEY`` and binds the view instance to
the view class, the URL it was rendered for, the arguments it was mounted with and
the browser's session (its session key, or its CSRF cookie when it has no session
yet). A token copied to another browser, edited, or presented for another URL or
view is refused with a coded error.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.core import signing

from djust.conf import settings
from djust.exceptions import Refused

_SALT = "djust.live.join"


def _digest(secret: str) -> str:
    return hashlib.blake2b(secret.encode(), digest_size=12, person=b"djust-bind").hexdigest()


def bindings(session_key: str | None, csrf_secret: str | None) -> list[str]:
    """What ties a token to one browser, most specific first: its session, else its
    CSRF cookie (digests, so a token carries neither). A page rendered before the
    browser had a session is bound to its CSRF cookie, which it still presents."""
    found = [_digest(session_key)] if session_key else []
    if csrf_secret:
        found.append(_digest("csrf:" + csrf_secret))
    return found or [""]


@dataclass(frozen=True)
class Grant:
    """What a valid token lets a socket mount."""

    view: str  # the view class's dotted path
    kwargs: dict | None  # its mount arguments; None: the URL's
    csrf_token: str  # the CSRF token the page was rendered with (forms post it)


def issue(view: str, url: str, kwargs: dict | None, bound: str, csrf_token: str = "") -> str:
    """A token for ``view`` (its dotted path) mounted with ``kwargs`` for ``url``. The
    page's CSRF token rides along (it is in the page already) so that a render over
    the socket shows the very token the page has."""
    data = {"v": view, "u": url, "k": kwargs, "b": bound, "c": csrf_token}
    return signing.dumps(data, salt=_SALT, compress=True)


def check(token, url: str, bound: list[str]) -> Grant:
    """What a valid ``token`` presented at ``url`` by the browser whose ``bindings``
    are ``bound`` grants; raises ``Refused`` otherwise."""
    if not isinstance(token, str) or len(token) > 4096:
        raise Refused("join.token-invalid")
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings().join_token_max_age)
    except signing.SignatureExpired:
        raise Refused("join.token-expired")
    except signing.BadSignature:
        raise Refused("join.token-invalid")
    presented = str(data.get("b", ""))
    if not any(hmac.compare_digest(presented, b) for b in bound):
        raise Refused("join.wrong-session")
    if data.get("u") != url:
        raise Refused("join.wrong-url", f"the join token was issued for {data.get('u')!r}")
    return Grant(data["v"], data.get("k"), str(data.get("c") or ""))

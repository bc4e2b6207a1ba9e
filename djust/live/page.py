"""The HTML a live view's page carries: the view's root element (with its join token
and the hash of what it shows), nested views rendered in place, the runtime script,
and the document around a fragment template."""

from __future__ import annotations

import hashlib
import json
import re

from django.middleware.csrf import get_token
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from djust import shell
from djust.conf import settings
from djust.html import body_open
from djust.live import tokens
from djust.live.engine import engine
from djust.live.view import mounted

_BODY_CLOSE = re.compile(r"</body\s*>", re.I)


def html_hash(html: str) -> str:
    """What the page reports on join so the server can tell whether the DOM already
    shows its render (then nothing is sent)."""
    return hashlib.blake2b(html.encode(), digest_size=8).hexdigest()


def ensure_runtime(page: str) -> str:
    """``page`` with the runtime and its config, added once."""
    return shell.ensure(page, anywhere=True)


class RenderScope:
    """One render of a view: the nested views (``{% live_render %}``) it names.
    Over HTTP they are mounted and rendered in place; over the socket only named, and
    the page joins them itself."""

    def __init__(self, request, http: bool):
        self.request = request
        self.http = http
        self.children: dict[str, tuple[type, dict]] = {}
        self.filled: dict[str, str] = {}  # id -> the child's root, rendered (HTTP only)


def child_root(child_id: str) -> str:
    """What a parent's render holds for a nested view: its empty root, in a region
    the parent's patches leave alone."""
    return f'<div dj-view dj-child="{escape(child_id)}"></div>'


def render_view(view, scope: RenderScope) -> str:
    """The view's HTML as its own patches see it: nested views' roots empty."""
    return view.render({"_djust_scope": scope})


def fill_children(html: str, scope: RenderScope) -> str:
    for child_id, filled in scope.filled.items():
        html = html.replace(child_root(child_id), filled, 1)
    return html


def _first_render(view_class, request, kwargs: dict, initkwargs: dict | None = None, view=None):
    """Over HTTP: the view mounted (unless given), its render, and the nested views
    it names."""
    if not getattr(request, "djust_csrf_token", ""):
        # One token for the whole page (get_token masks it anew on each call).
        request.djust_csrf_token = get_token(request)
    if view is None:
        view = mounted(view_class, request, kwargs, initkwargs)
    scope = RenderScope(request, http=True)
    return view, render_view(view, scope), scope


def _root(attrs: str, html: str, scope: RenderScope) -> str:
    return f"<div {attrs}>{fill_children(html, scope)}</div>"


def _token_attrs(view_class, request, token_kwargs, live_html: str) -> str:
    """A page's view root: its join token (``token_kwargs`` None: the URL's
    arguments) and the hash of the render the page shows."""
    path, csrf = request.get_full_path(), request.djust_csrf_token
    token = tokens.issue(view_class.path(), path, token_kwargs, browser_binding(request), csrf)
    return f'dj-view dj-token="{escape(token)}" dj-hash="{html_hash(live_html)}"'


def mount_child(view_class, child_id: str, kwargs: dict, scope: RenderScope) -> None:
    """Over HTTP: mount a nested view and render its root for ``fill_children``."""
    _view, html, inner = _first_render(view_class, scope.request, kwargs)
    attrs = f'dj-view dj-child="{escape(child_id)}" dj-hash="{html_hash(html)}"'
    scope.filled[child_id] = _root(attrs, html, inner)


def split_document(html: str):
    """``(before, body_inner, after)`` when ``html`` is a full document, else None."""
    start = body_open(html)
    if start is None:
        return None
    ends = list(_BODY_CLOSE.finditer(html, start.end()))
    end = ends[-1].start() if ends else len(html)
    return html[: start.end()], html[start.end() : end], html[end:]


def browser_binding(request) -> str:
    """The session (or, without one, the CSRF cookie) the page's tokens are bound to."""
    session = getattr(request, "session", None)
    key = session.session_key if session is not None else None
    get_token(request)  # makes sure the browser gets a CSRF cookie
    return tokens.bindings(key, request.META.get("CSRF_COOKIE"))[0]


def page_root(view_class, request, kwargs: dict) -> str:
    """A live view placed in an ordinary page by ``{% live_render %}``: its root with a
    token that carries its mount arguments."""
    try:
        json.dumps(kwargs)
    except TypeError as e:
        from django.template import TemplateSyntaxError

        raise TemplateSyntaxError(
            f"{{% live_render %}} arguments must be JSON values here ({e}) "
            f"(code: template.live-render)"
        ) from None
    _view, html, scope = _first_render(view_class, request, kwargs)
    return _root(_token_attrs(view_class, request, kwargs, html), html, scope)


def http_page(view_class, request, kwargs: dict, initkwargs: dict, view=None) -> str:
    """The whole page for a live view's first GET (or for ``view``, mounted already,
    after a POST)."""
    view, rendered, scope = _first_render(view_class, request, kwargs, initkwargs, view)
    parts = split_document(rendered)
    live = rendered if parts is None else parts[1]
    attrs = _token_attrs(view_class, request, None, live)
    if parts is not None:
        before, inner, after = parts  # ``before`` ends with the <body ...> tag
        with_root = before[:-1] + f" {attrs}>"
        return ensure_runtime(with_root + fill_children(inner, scope) + after)
    root = SafeString(_root(attrs, rendered, scope))
    config = settings()
    if config.liveview_layout:
        name = config.liveview_layout.replace('"', "")
        layout = engine().from_string(
            f'{{% extends "{name}" %}}{{% block {config.liveview_block} %}}'
            "{{ djust_live_view }}{% endblock %}"
        )
        context = {**view.get_context_data(), "djust_live_view": root}
        return ensure_runtime(layout.render(context, request))
    title = escape(view.page_title or view_class.__name__)
    return (
        f'<!DOCTYPE html><html lang="{escape(get_language() or "en")}"><head>'
        f'<meta charset="utf-8"><meta name="viewport" content="width=device-width, '
        f'initial-scale=1"><title>{title}</title>{shell.head_tags()}</head><body>{root}'
        f"</body></html>"
    )

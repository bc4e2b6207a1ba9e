"""What every Djust page carries in its ``<head>``: the runtime's config, the web app
manifest link and the runtime script. ``{% djust_shell %}`` writes them where the
layout says; ``DjustMiddleware`` adds them before ``</head>`` to pages that lack them,
and live views' pages get them from ``djust.live.page``. Each tag is marked
``dj-shell``, so they are added once and the runtime keeps them when it swaps pages.
"""

from __future__ import annotations

import json
import re

from django.templatetags.static import static
from django.utils.html import escape

from djust import html
from djust.conf import settings

MIDDLEWARE = "djust.middleware.DjustMiddleware"
#: The config script's id; its presence means a page has the shell's head tags.
CONFIG_ID = "djust-config"
_CONFIG = re.compile(
    r'<script type="application/json" id="' + CONFIG_ID + r'" dj-shell>(.*?)</script>', re.S
)
_RUNTIME = re.compile(r"""<script\b[^>]*\bsrc=["'][^"']*djust/djust(\.[0-9a-f]+)?\.js""")


def config(layout: str | None = None) -> dict:
    """The runtime's config: the socket's path, the worker's URL (when the middleware
    serves it), the page's layout (when it has an app shell) and prefetch timing."""
    conf = settings()
    out: dict = {"socket": conf.socket_path, "rate": conf.events_per_second}
    if MIDDLEWARE in conf.middleware:
        out["sw"] = conf.sw_url
        out["viewer"] = conf.viewer_cookie
        if conf.prefetch:
            out["prefetch"] = {"delay": conf.prefetch_delay, "ttl": conf.prefetch_ttl * 1000}
    if layout:
        out["layout"] = layout
    return out


def head_tags(layout: str | None = None, runtime: bool = True) -> str:
    """The config script, the manifest link (with the middleware) and, unless the page
    loads it already, the runtime script."""
    conf = settings()
    data = json.dumps(config(layout), separators=(",", ":")).replace("</", "<\\/")
    tags = [f'<script type="application/json" id="{CONFIG_ID}" dj-shell>{data}</script>']
    if MIDDLEWARE in conf.middleware:
        tags.append(f'<link rel="manifest" href="{escape(conf.manifest_url)}" dj-shell>')
    if runtime:
        tags.append(f'<script src="{escape(static("djust/djust.js"))}" defer dj-shell></script>')
    return "".join(tags)


def ensure(page: str, anywhere: bool = False) -> str:
    """``page`` with the head tags, added once, before ``</head>``. A page without a
    head is left alone (a fragment), unless ``anywhere`` (a live view's page, which
    must load the runtime): then they go before ``<body>``, else first."""
    if page_config(page) is not None:
        return page
    tags = head_tags(runtime=not has_runtime(page))
    at = html.head_close(page)
    if at is None:
        if not anywhere:
            return page
        body = html.body_open(page)
        at = body.start() if body else 0
    return page[:at] + tags + page[at:]


def page_config(page: str) -> dict | None:
    """The config a page carries, or ``None`` when it has none."""
    m = _CONFIG.search(page)
    if m is None:
        return None
    try:
        return json.loads(m.group(1).replace("<\\/", "</"))
    except ValueError:
        return None


def has_runtime(page: str) -> bool:
    return _RUNTIME.search(page) is not None

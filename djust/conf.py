"""The one place Djust reads Django settings.

``settings()`` returns a frozen, cached ``DjustSettings`` built from the ``DJUST`` dict
and the few Django settings Djust depends on. The cache is dropped on
``setting_changed``, so ``override_settings`` works in tests. Every setting, its
default and why it exists is documented in ``docs/settings.md``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.core.signals import setting_changed
from django.dispatch import receiver

DEFAULTS = {
    # Check the modification time of template files on each lookup so edits show
    # without a restart. ``None`` follows Django's DEBUG.
    "TEMPLATE_AUTO_RELOAD": None,
    # Fetch what templates read: QuerySets and model instances in a template's
    # context get select_related/prefetch_related/only() from the template scanner.
    "OPTIMIZE_QUERIES": True,
    # Live views: a fragment template is served inside this layout (a template name)
    # in the block below; ``None`` serves it in a minimal HTML document.
    "LIVEVIEW_LAYOUT": None,
    "LIVEVIEW_BLOCK": "content",
    # Where the live-view socket is served (``djust.asgi.get_asgi_application``).
    "SOCKET_PATH": "/djust/ws/",
    # A join token older than this (seconds) is refused; the page reloads for a new one.
    "JOIN_TOKEN_MAX_AGE": 24 * 3600,
    # Per socket: the largest text frame, the events per second (a burst of as many
    # is allowed), and how many live views may be joined at once.
    "MAX_FRAME_BYTES": 64 * 1024,
    "EVENTS_PER_SECOND": 30,
    "MAX_VIEWS_PER_SOCKET": 50,
    # Where live views' state is kept between events, to resume after a reconnect:
    # "memory" (this process) or "redis" (REDIS_URL; survives restarts, shared by
    # servers); kept STATE_TTL seconds after a view's last event.
    "STATE_BACKEND": "memory",
    "REDIS_URL": None,
    "STATE_TTL": 3600,
    # An event that waited longer than this (seconds) to reach the server (the page
    # was offline) is refused with event.stale rather than run late.
    "EVENT_MAX_AGE": 300,
    # The service worker (DjustMiddleware): where it is served (its scope is the
    # site), the web app manifest's URL and what it adds to the defaults, the static
    # files precached at install (names as given to {% static %}), and a version
    # string mixed into the worker's (a change makes browsers install it again).
    "SW_URL": "/djust-sw.js",
    "MANIFEST_URL": "/djust.webmanifest",
    "MANIFEST": {},
    "PRECACHE": [],
    "SW_VERSION": "",
    # `manage.py djust_sw build`: the user's worker modules bundled with Djust's, and
    # where the built worker is written (default: the first STATICFILES_DIRS entry,
    # as djust/djust-sw.js, which staticfiles then finds before Djust's own).
    "SW_EXTENSIONS": [],
    "SW_OUTPUT": None,
    # The app shell: a navigation is answered at once with the cached layout around
    # dj-main, and the main region fetched. Needs {% djust_shell %} in the layout.
    "APP_SHELL": True,
    # Prefetch on hover: after this many ms over a link (or on touchstart), at most
    # PREFETCH_MAX at once, each kept PREFETCH_TTL seconds.
    "PREFETCH": True,
    "PREFETCH_DELAY": 65,
    "PREFETCH_MAX": 3,
    "PREFETCH_TTL": 10,
    # Offline-tolerant forms: how long (seconds) the response to a POST with a form
    # key ({% djust_form_key %}) is kept, so the same key again gets it, not a second
    # run. It must outlast the longest offline spell whose forms should replay once.
    "FORM_KEY_TTL": 24 * 3600,
    # The cookie that tells the worker whose shell it holds (an HMAC of the user,
    # never the user's id): a new value, after logging in or out, drops the shell.
    "VIEWER_COOKIE": "djust_viewer",
}


@dataclass(frozen=True)
class DjustSettings:
    template_auto_reload: bool
    optimize_queries: bool
    liveview_layout: str | None
    liveview_block: str
    socket_path: str
    join_token_max_age: int
    max_frame_bytes: int
    events_per_second: int
    max_views_per_socket: int
    state_backend: str
    redis_url: str | None
    state_ttl: int
    event_max_age: float
    sw_url: str
    manifest_url: str
    manifest: dict
    precache: tuple
    sw_version: str
    sw_extensions: tuple
    sw_output: str | None
    app_shell: bool
    prefetch: bool
    prefetch_delay: int
    prefetch_max: int
    prefetch_ttl: float
    viewer_cookie: str
    form_key_ttl: int
    # Django settings that change how templates render.
    debug: bool
    use_tz: bool
    use_thousand_separator: bool
    languages: tuple  # LANGUAGES: (code, lazily translated name) pairs
    allowed_hosts: tuple
    csrf_cookie_name: str
    channel_layers: bool  # whether CHANNEL_LAYERS is configured
    templates: tuple  # TEMPLATES: the live views' engine takes its dirs from the first
    middleware: tuple  # MIDDLEWARE: checked for what join tokens are bound to
    form_renderer: str  # FORM_RENDERER: live forms render with its Rust equivalent
    staticfiles_dirs: tuple  # STATICFILES_DIRS: where `djust_sw build` writes by default


@functools.cache
def settings() -> DjustSettings:
    from django.conf import settings as django_settings

    user = getattr(django_settings, "DJUST", {}) or {}
    unknown = set(user) - set(DEFAULTS)
    if unknown:
        from djust.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"settings.DJUST has unknown keys {sorted(unknown)}; see docs/settings.md "
            f"(code: config.unknown-setting)"
        )
    merged = {**DEFAULTS, **user}
    reload = merged["TEMPLATE_AUTO_RELOAD"]
    return DjustSettings(
        template_auto_reload=bool(django_settings.DEBUG if reload is None else reload),
        optimize_queries=bool(merged["OPTIMIZE_QUERIES"]),
        liveview_layout=merged["LIVEVIEW_LAYOUT"],
        liveview_block=str(merged["LIVEVIEW_BLOCK"]),
        socket_path="/" + str(merged["SOCKET_PATH"]).strip("/") + "/",
        join_token_max_age=int(merged["JOIN_TOKEN_MAX_AGE"]),
        max_frame_bytes=int(merged["MAX_FRAME_BYTES"]),
        events_per_second=int(merged["EVENTS_PER_SECOND"]),
        max_views_per_socket=int(merged["MAX_VIEWS_PER_SOCKET"]),
        state_backend=_state_backend(merged),
        redis_url=merged["REDIS_URL"],
        state_ttl=int(merged["STATE_TTL"]),
        event_max_age=float(merged["EVENT_MAX_AGE"]),
        sw_url="/" + str(merged["SW_URL"]).lstrip("/"),
        manifest_url="/" + str(merged["MANIFEST_URL"]).lstrip("/"),
        manifest=dict(merged["MANIFEST"] or {}),
        precache=tuple(merged["PRECACHE"] or ()),
        sw_version=str(merged["SW_VERSION"] or ""),
        sw_extensions=tuple(str(p) for p in merged["SW_EXTENSIONS"] or ()),
        sw_output=str(merged["SW_OUTPUT"]) if merged["SW_OUTPUT"] else None,
        app_shell=bool(merged["APP_SHELL"]),
        prefetch=bool(merged["PREFETCH"]),
        prefetch_delay=int(merged["PREFETCH_DELAY"]),
        prefetch_max=int(merged["PREFETCH_MAX"]),
        prefetch_ttl=float(merged["PREFETCH_TTL"]),
        viewer_cookie=str(merged["VIEWER_COOKIE"]),
        form_key_ttl=int(merged["FORM_KEY_TTL"]),
        debug=bool(django_settings.DEBUG),
        use_tz=bool(django_settings.USE_TZ),
        use_thousand_separator=bool(django_settings.USE_THOUSAND_SEPARATOR),
        languages=tuple(django_settings.LANGUAGES),
        allowed_hosts=tuple(django_settings.ALLOWED_HOSTS or ()),
        csrf_cookie_name=django_settings.CSRF_COOKIE_NAME,
        channel_layers=bool(getattr(django_settings, "CHANNEL_LAYERS", None)),
        # Either may be None under override_settings (Django's own suite does so).
        templates=tuple(django_settings.TEMPLATES or ()),
        middleware=tuple(django_settings.MIDDLEWARE or ()),
        form_renderer=django_settings.FORM_RENDERER,
        staticfiles_dirs=tuple(getattr(django_settings, "STATICFILES_DIRS", None) or ()),
    )


def _state_backend(merged: dict) -> str:
    from djust.exceptions import ImproperlyConfigured

    name = merged["STATE_BACKEND"]
    if name not in ("memory", "redis"):
        raise ImproperlyConfigured(
            f"DJUST['STATE_BACKEND'] is {name!r}: use 'memory' or 'redis' "
            f"(code: config.state-backend)"
        )
    if name == "redis" and not merged["REDIS_URL"]:
        raise ImproperlyConfigured(
            "DJUST['STATE_BACKEND'] is 'redis' but DJUST['REDIS_URL'] is not set "
            "(code: config.state-backend)"
        )
    return name


@receiver(setting_changed)
def _reset(**kwargs):
    settings.cache_clear()

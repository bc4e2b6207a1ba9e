"""System checks (``manage.py check``), each with a stable id."""

from django.core import checks


@checks.register(checks.Tags.templates)
def check_engine_built(app_configs, **kwargs):
    """djust.E001: the compiled engine (djust._rust) must be importable."""
    try:
        from djust import _rust  # noqa: F401
    except ImportError as e:
        return [
            checks.Error(
                f"Djust's compiled engine cannot be imported ({e}).",
                hint="Install djust from a wheel, or build it in place with "
                "`maturin develop --release` (make build).",
                id="djust.E001",
            )
        ]
    return []


@checks.register(checks.Tags.security)
def check_browser_binding(app_configs, **kwargs):
    """djust.W001: a live view's join token is bound to the browser's session or, before
    it has one, its CSRF cookie; with neither middleware no page can join."""
    from djust.conf import settings

    middleware = settings().middleware
    if any(m.endswith(("SessionMiddleware", "CsrfViewMiddleware")) for m in middleware):
        return []
    return [
        checks.Warning(
            "Live views cannot bind their join tokens to a browser: neither Django's "
            "SessionMiddleware nor CsrfViewMiddleware is in MIDDLEWARE.",
            hint="Add django.contrib.sessions.middleware.SessionMiddleware or "
            "django.middleware.csrf.CsrfViewMiddleware (both are in Django's defaults).",
            id="djust.W001",
        )
    ]

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
}


@dataclass(frozen=True)
class DjustSettings:
    template_auto_reload: bool
    optimize_queries: bool
    # Django settings that change how templates render.
    debug: bool
    use_tz: bool
    use_thousand_separator: bool
    languages: tuple  # LANGUAGES: (code, lazily translated name) pairs


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
        debug=bool(django_settings.DEBUG),
        use_tz=bool(django_settings.USE_TZ),
        use_thousand_separator=bool(django_settings.USE_THOUSAND_SEPARATOR),
        languages=tuple(django_settings.LANGUAGES),
    )


@receiver(setting_changed)
def _reset(**kwargs):
    settings.cache_clear()

"""Render the same templates with Django's backend and Djust's and compare bytes."""

from __future__ import annotations

from django.template.backends.django import DjangoTemplates

from djust.template import DjustTemplates


def engines(templates: dict[str, str], **options):
    """A (django, djust) pair of backends over the same in-memory templates."""

    def params(name):
        return {
            "NAME": name,
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {
                "loaders": [("django.template.loaders.locmem.Loader", templates)],
                **options,
            },
        }

    return DjangoTemplates(params("django")), DjustTemplates(params("djust"))


def outcome(backend, name, context, request=None):
    """("ok", bytes) or ("error", exception class name)."""
    try:
        return ("ok", backend.get_template(name).render(context, request))
    except Exception as e:  # noqa: BLE001 - the class is what we compare
        return ("error", type(e).__name__)


def compare(templates: dict[str, str], name: str, context=None, request=None, **options):
    dj, us = engines(templates, **options)
    return outcome(dj, name, context, request), outcome(us, name, context, request)


def forbid_django_filters(monkeypatch) -> None:
    """From here on, a filter that reaches Django's function fails the test: what
    renders after this call rendered natively."""
    from djust.template.runtime import RenderSupport

    def refuse(*args, **kwargs):
        raise AssertionError("called Django's filter function")

    monkeypatch.setattr(RenderSupport, "call_filter", refuse)

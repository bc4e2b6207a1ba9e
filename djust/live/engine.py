"""The engine live views render with: always the Rust one.

If the project's ``TEMPLATES`` already name ``DjustTemplates``, that backend is used.
Otherwise (Django's engine, Jinja2, ...) a ``DjustTemplates`` is built with the first
backend's ``DIRS`` and ``APP_DIRS`` (and its options when it is a Django-language
backend), so live views find their templates as Django does.
"""

from __future__ import annotations

import threading

from django.template.backends.django import DjangoTemplates

from djust.conf import settings
from djust.template.backend import DjustTemplates

_lock = threading.Lock()
_built: tuple = (None, None)  # (the settings it was built from, the backend)


def engine() -> DjustTemplates:
    global _built
    current = settings()
    made_for, backend = _built
    if made_for is current:
        return backend
    with _lock:
        backend = _find_or_build(current.templates)
        _built = (current, backend)
    return backend


def _find_or_build(templates) -> DjustTemplates:
    from django.template import engines

    for candidate in engines.all():
        if isinstance(candidate, DjustTemplates):
            return candidate
    first = templates[0] if templates else {}
    from django.utils.module_loading import import_string

    backend_class = import_string(first["BACKEND"]) if first else None
    django_language = isinstance(backend_class, type) and issubclass(backend_class, DjangoTemplates)
    return DjustTemplates(
        {
            "NAME": "djust-live",
            "DIRS": list(first.get("DIRS", [])),
            "APP_DIRS": bool(first.get("APP_DIRS", False)),
            "OPTIONS": dict(first.get("OPTIONS", {})) if django_language else {},
        }
    )

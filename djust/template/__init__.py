"""A Django template backend rendered by Djust's Rust engine.

    TEMPLATES = [{"BACKEND": "djust.template.DjustTemplates", "DIRS": [...],
                  "APP_DIRS": True, "OPTIONS": {...}}]

It takes the same OPTIONS as ``django.template.backends.django.DjangoTemplates``
(it builds the same ``Engine`` for loaders, libraries, builtins and context
processors) and renders the same bytes.
"""

from djust.template.backend import DjustTemplates, Template

__all__ = ["DjustTemplates", "Template"]

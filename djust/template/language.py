"""The active language, read cheaply.

``get_language()`` costs about 6 µs: Django keeps the active translation in an
asgiref ``Local``, whose every read takes a lock and walks a context variable. A
render needs the language only to pick cached formats, and the language rarely
changes between two renders. asgiref stores a *new* storage object in its context
variable on every write (``activate``, ``deactivate``, ``override``), so while that
object is the same one, in the same thread, the language is the same too. This
module keeps the last answer against that object and asks Django only when it
changed. When the translation machinery is not the one described (translation off,
or an asgiref whose internals differ), it always asks Django.
"""

from __future__ import annotations

import threading

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import get_language

_UNSET = object()


def _storage_variable():
    """The context variable behind Django's active translation, or None."""
    try:
        from django.utils.translation import trans_real

        cvar = object.__getattribute__(trans_real._active, "_storage")._data
    except (AttributeError, ImportError):
        return None
    return cvar if hasattr(cvar, "get") else None


class _LastLanguage:
    """A one-entry cache: (storage object, thread) -> language."""

    def __init__(self):
        self.variable = _storage_variable()
        self.entry = (_UNSET, None, None)

    def get(self) -> str | None:
        variable = self.variable
        if variable is None:
            return get_language()
        storage = variable.get(None)
        thread = threading.get_ident()
        entry = self.entry  # read once: another thread may replace it
        if entry[0] is storage and entry[1] == thread:
            return entry[2]
        language = get_language()
        # Holding the storage object keeps its identity from being reused.
        self.entry = (storage, thread, language)
        return language


_LAST = _LastLanguage()


def active_language() -> str | None:
    """``django.utils.translation.get_language()``, without its cost on a repeat."""
    return _LAST.get()


@receiver(setting_changed)
def _forget(setting, **kwargs):
    # With no language activated, get_language() answers settings.LANGUAGE_CODE;
    # USE_I18N swaps the translation machinery itself.
    if setting in ("LANGUAGE_CODE", "USE_I18N", "LANGUAGES"):
        _LAST.entry = (_UNSET, None, None)

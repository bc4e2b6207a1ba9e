"""Every public exception of Djust, each with a stable dotted code.

Template errors are Django's own classes (``TemplateSyntaxError``,
``TemplateDoesNotExist``), raised where Django raises them, with ``.code`` set.
"""

from django.core.exceptions import ImproperlyConfigured as DjangoImproperlyConfigured


class DjustError(Exception):
    """Base class of Djust's own errors."""

    code = "djust.error"


class ImproperlyConfigured(DjangoImproperlyConfigured, DjustError):
    """A ``DJUST`` setting is missing, unknown or invalid."""

    code = "config.invalid"


class Refused(DjustError):
    """A client's message refused with a coded reply (``djust.protocol.ERRORS``); the
    socket stays open and no state changes."""

    def __init__(self, code: str, detail: str = ""):
        from djust.protocol import ERRORS

        assert code in ERRORS, code
        self.code = code
        self.detail = detail or ERRORS[code]
        super().__init__(f"{self.detail} (code: {code})")

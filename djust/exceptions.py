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

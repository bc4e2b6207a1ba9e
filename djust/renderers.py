"""Form renderers that render Django's form templates with the Rust engine.

Django renders every form, field and widget through templates; a 20-field form
takes about 20 ms with Django's engine. The same templates, found the same way,
render byte-identically with Djust's::

    FORM_RENDERER = "djust.renderers.DjustTemplates"          # instead of Django's default
    FORM_RENDERER = "djust.renderers.DjustTemplatesSetting"   # instead of TemplatesSetting

Live forms (``djust.forms.LiveFormView``) use them by themselves when the project
keeps either of Django's two template renderers.
"""

from __future__ import annotations

import functools

from django.forms import renderers
from django.utils.functional import cached_property

from djust.template.backend import DjustTemplates as _Backend


class DjustTemplates(renderers.EngineMixin, renderers.BaseRenderer):
    """Django's ``DjangoTemplates`` form renderer (the built-in form templates, then
    apps' ``templates`` directories), rendered by the Rust engine."""

    backend = _Backend


class DjustTemplatesSetting(renderers.BaseRenderer):
    """Django's ``TemplatesSetting`` form renderer (templates found through the
    project's ``TEMPLATES``), rendered by the Rust engine."""

    @cached_property
    def engine(self):
        from djust.live.engine import engine

        return engine()

    def get_template(self, template_name):
        return self.engine.get_template(template_name)


#: Django's renderers and their Rust-rendered equivalents.
EQUIVALENTS = {
    "django.forms.renderers.DjangoTemplates": "djust.renderers.DjustTemplates",
    "django.forms.renderers.DjangoDivFormRenderer": "djust.renderers.DjustTemplates",
    "django.forms.renderers.TemplatesSetting": "djust.renderers.DjustTemplatesSetting",
}


@functools.lru_cache(maxsize=4)
def for_setting(form_renderer: str):
    """The renderer live forms use for the project's ``FORM_RENDERER``: the Rust
    equivalent of Django's template renderers, else the project's own."""
    from django.utils.module_loading import import_string

    return import_string(EQUIVALENTS.get(form_renderer, form_renderer))()

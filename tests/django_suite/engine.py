"""An ``Engine`` look-alike over ``DjustTemplates``, so Django's own template tests
(which build engines with ``Engine(...)``) exercise Djust's Rust engine."""

from __future__ import annotations

import itertools

from django.template import Context, TemplateDoesNotExist

from djust.template import DjustTemplates

_ids = itertools.count()


class DjustEngineTemplate:
    """What Django's ``Engine.get_template`` returns: ``render(Context)``."""

    def __init__(self, engine, compiled, origin):
        self.engine = engine
        self.compiled = compiled
        self.origin = origin
        self.name = compiled.name

    def render(self, context=None):
        if context is None:
            context = Context()
        return self.engine.backend.render(self.compiled, self.origin, context)


class DjustEngine:
    def __init__(
        self,
        dirs=None,
        app_dirs=False,
        context_processors=None,
        debug=False,
        loaders=None,
        string_if_invalid="",
        file_charset="utf-8",
        libraries=None,
        builtins=None,
        autoescape=True,
    ):
        options = {
            "context_processors": context_processors or [],
            "debug": debug,
            "string_if_invalid": string_if_invalid,
            "file_charset": file_charset,
            "libraries": libraries or {},
            "builtins": builtins or [],
            "autoescape": autoescape,
        }
        if loaders is not None:
            options["loaders"] = loaders
        self.backend = DjustTemplates(
            {
                "NAME": f"djust-suite-{next(_ids)}",
                "DIRS": dirs or [],
                "APP_DIRS": app_dirs,
                "OPTIONS": options,
            }
        )

        # Django's Engine knows only the libraries it was given (the backend adds the
        # installed apps' libraries on top).
        engine = self.backend.engine
        engine.libraries = libraries or {}
        engine.template_libraries = engine.get_template_libraries(engine.libraries)

    @classmethod
    def get_default(cls):
        from django.template.engine import Engine

        default = Engine.get_default()
        return cls(
            dirs=default.dirs,
            app_dirs=False,  # default.loaders already includes app directories
            context_processors=default.context_processors,
            debug=default.debug,
            loaders=default.loaders,
            string_if_invalid=default.string_if_invalid,
            libraries=default.libraries,
            builtins=default.builtins[3:],
            autoescape=default.autoescape,
        )

    def __getattr__(self, name):  # debug, string_if_invalid, template_libraries, ...
        return getattr(self.backend.engine, name)

    def get_template(self, template_name):
        compiled, origin = self.backend.find(template_name)
        return DjustEngineTemplate(self, compiled, origin)

    def select_template(self, template_name_list):
        chain = []
        for name in template_name_list:
            try:
                return self.get_template(name)
            except TemplateDoesNotExist as e:
                chain.append(e)
        raise TemplateDoesNotExist(", ".join(template_name_list), chain=chain)

    def from_string(self, template_code):
        from django.template import Origin
        from django.template.base import UNKNOWN_SOURCE

        origin = Origin(UNKNOWN_SOURCE)
        return DjustEngineTemplate(self, self.backend.compile(template_code, origin), origin)

    def render_to_string(self, template_name, context=None):
        if isinstance(template_name, (list, tuple)):
            t = self.select_template(template_name)
        else:
            t = self.get_template(template_name)
        if isinstance(context, Context):
            return t.render(context)
        return t.render(Context(context, autoescape=self.autoescape))

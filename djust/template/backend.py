"""The ``DjustTemplates`` backend: Django's backend API, compiled and rendered in Rust."""

from __future__ import annotations

import os
import threading

from django.template import Origin, TemplateDoesNotExist, TemplateSyntaxError
from django.template.backends.django import DjangoTemplates, reraise
from django.template.base import UNKNOWN_SOURCE, VariableDoesNotExist
from django.template.base import Template as DjangoTemplate
from django.template.context import Context, make_context
from django.template.loader_tags import construct_relative_path
from django.template.loaders import cached
from django.utils.safestring import SafeString

from djust import _rust
from djust.conf import settings
from djust.template.fetch import better_values, context_getter
from djust.template.runtime import (
    CompileHost,
    RenderSupport,
    ValuesRenderSupport,
    char_offsets,
)


class _Token:
    """What Django's ``get_exception_info`` reads of a token."""

    def __init__(self, position, lineno):
        self.position = position
        self.lineno = lineno


class _Bound:
    """Stands for the template in ``Context.template`` and ``render_context``, so that
    context processors and Django-compiled nodes find ``.engine`` and ``.origin``."""

    def __init__(self, engine, name, origin, source=""):
        self.engine = engine
        self.name = name
        self.origin = origin
        self.source = source

    get_exception_info = DjangoTemplate.get_exception_info


class Template:
    """The object ``get_template()`` returns: ``render(context=None, request=None)``."""

    def __init__(self, compiled, backend, origin):
        self.compiled = compiled
        self.backend = backend
        self.origin = origin
        self.template = self  # Django code reads ``.template`` off backend templates

    @property
    def name(self):
        return self.compiled.name

    def render(self, context=None, request=None):
        try:
            if request is None and (context is None or type(context) is dict):
                return self.backend.render_values(self.compiled, self.origin, context or {})
            context = make_context(context, request, autoescape=self.backend.engine.autoescape)
            return self.backend.render(self.compiled, self.origin, context)
        except TemplateDoesNotExist as exc:
            reraise(exc, self.backend)


class DjustTemplates(DjangoTemplates):
    """Django's template backend, rendered by the Rust engine."""

    def __init__(self, params):
        super().__init__(params)
        self._cache: dict = {}
        self._lock = threading.Lock()
        # What extends/include names resolved to, kept by the engine across renders;
        # emptied whenever a compiled template is (re)placed in ``_cache``.
        self._resolved = _rust.TemplateCache()
        # What each compiled template reads (the scanner), by id: (template, reads).
        self._scans: dict = {}

    # ----- the backend API ------------------------------------------------------

    def from_string(self, template_code):
        origin = Origin(UNKNOWN_SOURCE)
        return Template(self.compile(template_code, origin), self, origin)

    def get_template(self, template_name):
        try:
            compiled, origin = self.find(template_name)
        except TemplateDoesNotExist as exc:
            reraise(exc, self)
        return Template(compiled, self, origin)

    # ----- compiling and finding ------------------------------------------------

    def compile(self, source: str, origin: Origin):
        host = CompileHost(self.engine, origin, source)
        try:
            return _rust.compile(source, host, name=origin.template_name, origin=origin.name)
        except _rust.EngineError as e:
            raise self.engine_error(e, source, origin) from None
        except Exception as e:
            token = getattr(e, "token", None)
            if self.engine.debug and token is not None and not hasattr(e, "template_debug"):
                e.template_debug = _Bound(
                    self.engine, origin.template_name, origin, source
                ).get_exception_info(e, token)
            raise

    def engine_error(self, e, source: str | None = None, origin=None):
        kind, code, message, line, start, end = e.args
        if kind == "variable":
            return VariableDoesNotExist(message)
        if kind == "value":
            return ValueError(message)
        if kind == "type":
            return TypeError(message)
        exc = TemplateSyntaxError(message)
        exc.code = code
        if self.engine.debug and source is not None and line:
            token = _Token(char_offsets(source, start, end), line)
            exc.template_debug = _Bound(self.engine, None, origin, source).get_exception_info(
                exc, token
            )
        return exc

    def _loaders(self):
        for loader in self.engine.template_loaders:
            if isinstance(loader, cached.Loader):
                yield from loader.loaders
            else:
                yield loader

    def _find_source(self, name: str, skip):
        tried = []
        for loader in self._loaders():
            for origin in loader.get_template_sources(name):
                if skip and origin.name in skip:
                    tried.append((origin, "Skipped to avoid recursion"))
                    continue
                try:
                    return loader.get_contents(origin), origin
                except TemplateDoesNotExist:
                    tried.append((origin, "Source does not exist"))
        raise TemplateDoesNotExist(name, tried=tried)

    def find(self, name: str, skip=()):
        """The compiled template for ``name`` (cached; reloaded when its file changed
        and ``TEMPLATE_AUTO_RELOAD`` is on)."""
        key = (name, tuple(skip))
        hit = self._cache.get(key)
        reload = settings().template_auto_reload
        if hit is not None:
            compiled, origin, mtime = hit
            if not reload or _mtime(origin) == mtime:
                return compiled, origin
        source, origin = self._find_source(name, skip)
        compiled = self.compile(source, origin)
        with self._lock:
            self._cache[key] = (compiled, origin, _mtime(origin))
            self._resolved.clear()
            self._scans.clear()
        return compiled, origin

    def resolve_template(self, value, current: str | None, skip):
        """What ``{% extends %}``/``{% include %}`` name: a name, a list of names, or
        a template object."""
        if isinstance(value, _rust.Template):
            return value
        if isinstance(getattr(value, "compiled", None), _rust.Template):
            return value.compiled
        if isinstance(value, DjangoTemplate):
            return self.compile(value.source, value.origin)
        if hasattr(value, "template") and isinstance(value.template, DjangoTemplate):
            return self.compile(value.template.source, value.template.origin)
        if isinstance(value, str):
            # {% include %} allows a template to include itself; {% extends %} does not.
            name = construct_relative_path(current, value, allow_recursion=not skip)
            return self.find(name, skip)[0]
        names = tuple(value or ())
        if not names:
            raise TemplateDoesNotExist("No template names provided")
        chain = []
        for name in names:
            if not isinstance(name, str):
                return self.resolve_template(name, current, skip)
            try:
                return self.find(name, skip)[0]
            except TemplateDoesNotExist as e:
                chain.append(e)
        raise TemplateDoesNotExist(", ".join(names), chain=chain)

    # ----- rendering ------------------------------------------------------------

    def render(self, compiled, origin, context) -> SafeString:
        """Django's ``Template.render``: an isolated ``render_context`` state, and the
        template bound to the context (running context processors) on the outside."""
        bound = _Bound(self.engine, compiled.name, origin)
        render_context = context.render_context
        initial = render_context.template
        render_context.template = bound
        render_context.push()
        try:
            if context.template is not None:
                return self._render(compiled, context)
            if type(context) is not Context:  # RequestContext: run the processors
                with context.bind_template(bound):
                    context.template_name = compiled.name
                    return self._render(compiled, context)
            context.template = bound
            context.template_name = compiled.name
            try:
                return self._render(compiled, context)
            finally:
                context.template = None
        finally:
            render_context.template = initial
            render_context.pop()

    def render_values(self, compiled, origin, values: dict) -> SafeString:
        """``render`` of a plain dict with no request (what ``make_context`` would wrap
        in a ``Context``): the same dicts, with the ``Context`` built only if Django-side
        code asks for it."""
        dicts = [{"True": True, "False": False, "None": None}, values]

        def bind(context):
            bound = _Bound(self.engine, compiled.name, origin)
            context.render_context.template = bound
            context.render_context.push()
            context.template = bound
            context.template_name = compiled.name

        if settings().optimize_queries:
            better = better_values(self, compiled, values.get)
            if better:
                dicts.append(better)
        autoescape = self.engine.autoescape
        support = ValuesRenderSupport(self, dicts, autoescape, bind)
        return self._call_engine(compiled, dicts, support, autoescape)

    def _render(self, compiled, context) -> SafeString:
        better = settings().optimize_queries and better_values(
            self, compiled, context_getter(context.dicts)
        )
        if not better:
            return self._call_engine(
                compiled, context.dicts, RenderSupport(self, context), context.autoescape
            )
        with context.push(better):
            return self._call_engine(
                compiled, context.dicts, RenderSupport(self, context), context.autoescape
            )

    def _call_engine(self, compiled, dicts, support, autoescape: bool) -> SafeString:
        plain_ints, native_numbers = support.number_flags()
        try:
            out = _rust.render(
                compiled,
                dicts,
                support,
                self.engine.string_if_invalid,
                plain_ints,
                native_numbers,
                autoescape,
                None if settings().template_auto_reload else self._resolved,
            )
        except _rust.EngineError as e:
            exc = self.engine_error(e)
            self.annotate(exc, getattr(e, "_djust_location", None))
            raise exc from None
        except Exception as e:
            self.annotate(e, getattr(e, "_djust_location", None))
            raise
        return SafeString(out)

    def annotate(self, exc, location) -> None:
        """Django's ``render_annotated``: with ``debug`` on, the node that failed (the
        innermost, in the template that owns it) goes on Django's debug page."""
        if not self.engine.debug or location is None or hasattr(exc, "template_debug"):
            return
        origin_name, source, line, start, end = location
        origin = Origin(origin_name or UNKNOWN_SOURCE)
        token = _Token(char_offsets(source, start, end), line)
        exc.template_debug = _Bound(self.engine, None, origin, source).get_exception_info(
            exc, token
        )


def _mtime(origin) -> float | None:
    try:
        return os.stat(origin.name).st_mtime
    except (OSError, TypeError, ValueError):
        return None

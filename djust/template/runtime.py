"""What the Rust engine asks of Django, at compile time and at render time.

The engine handles Django's built-in tags and filters itself. This module answers
what must stay Django's: which tags and filters are registered and loaded, compiling
the tags Django serves (custom tags, and built-ins not yet native) one node at a time,
calling filter callables with Django's flags, URL reversing, translation and
localisation.
"""

from __future__ import annotations

import operator
import random
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from decimal import Decimal
from functools import cached_property

from django.core.cache import InvalidCacheBackendError, caches
from django.core.cache.utils import make_template_fragment_key
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import TemplateSyntaxError, defaultfilters, defaulttags, loader_tags
from django.template.base import FilterExpression, Parser, Token, TokenType
from django.template.context import Context
from django.template.defaulttags import DebugNode
from django.template.library import SimpleNode
from django.templatetags import cache as cache_tags
from django.templatetags import i18n as i18n_tags
from django.templatetags import l10n as l10n_tags
from django.templatetags import static as static_tags
from django.templatetags import tz as tz_tags
from django.urls import NoReverseMatch, reverse
from django.utils import lorem_ipsum, timezone, translation
from django.utils.dates import MONTHS, MONTHS_3, MONTHS_ALT, MONTHS_AP, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, get_language_bidi, gettext, pgettext

from djust import _rust
from djust.conf import settings
from djust.template.language import active_language

_LIBRARIES = (
    cache_tags.register,
    defaulttags.register,
    l10n_tags.register,
    tz_tags.register,
    loader_tags.register,
    static_tags.register,
    i18n_tags.register,
)

#: Django's compile function of every tag the engine implements natively.
NATIVE_TAGS = {
    name: lib.tags[name] for name in _rust.native_tags() for lib in _LIBRARIES if name in lib.tags
}
#: Django's function of every filter the engine implements natively.
NATIVE_FILTERS = {name: defaultfilters.register.filters[name] for name in _rust.native_filters()}

TAG_NATIVE, TAG_FOREIGN, TAG_UNKNOWN = 0, 1, 2


def char_offsets(source: str, start: int, end: int) -> tuple[int, int]:
    """Byte offsets from the engine to the character offsets Django's tokens use."""
    if source.isascii():
        return start, end
    raw = source.encode()
    return len(raw[:start].decode()), len(raw[:end].decode())


def make_token(source: str, raw) -> Token:
    kind, contents, lineno, start, end = raw
    return Token(TokenType(kind), contents, char_offsets(source, start, end), lineno)


class CompileHost:
    """Answers the engine while it compiles one template."""

    def __init__(self, engine, origin, source: str):
        self.parser = Parser([], engine.template_libraries, engine.template_builtins, origin)
        self.origin = origin
        self.source = source
        self._tokens: list[Token] | None = None

    def tag(self, name: str) -> int:
        func = self.parser.tags.get(name)
        if func is None:
            return TAG_UNKNOWN
        return TAG_NATIVE if NATIVE_TAGS.get(name) is func else TAG_FOREIGN

    def filter(self, name: str, nargs: int):
        func = self.parser.find_filter(name)
        FilterExpression.args_check(name, func, [None] * nargs)
        return (name if NATIVE_FILTERS.get(name) is func else None), func

    def load(self, bits: list[str]) -> None:
        defaulttags.load(self.parser, Token(TokenType.BLOCK, " ".join(["load", *bits])))

    def compile_foreign(self, raw_tokens, index: int):
        """Compile the tag at ``index`` with Django's parser; return (node, next index)."""
        if self._tokens is None:
            self._tokens = [make_token(self.source, t) for t in raw_tokens]
        tokens = self._tokens
        token = tokens[index]
        parser = self.parser
        parser.tokens = list(reversed(tokens[index + 1 :]))
        command = token.contents.split()[0]
        parser.command_stack.append((command, token))
        try:
            node = parser.tags[command](parser, token)
        except Exception as e:
            raise parser.error(token, e) from None
        parser.command_stack.pop()
        node.token = token
        node.origin = self.origin
        simple = None
        if type(node) is SimpleNode:
            # The engine resolves a simple tag's arguments itself: hand it their source.
            simple = (
                node.func,
                bool(node.takes_context),
                [a.token for a in node.args],
                [(k, v.token) for k, v in node.kwargs.items()],
                node.target_var,
            )
        return node, len(tokens) - len(parser.tokens), simple


#: Values that depend only on the language and use_l10n (formats, date names, the
#: truncation text): Django's own get_format is costly even when cached.
_LANGUAGE_CACHE: dict = {}


@receiver(setting_changed)
def _clear_language_cache(**kwargs):
    _LANGUAGE_CACHE.clear()


def _date_names():
    """Names the date filters use, translated into the active language."""
    months = range(1, 13)
    return (
        [str(MONTHS[m]) for m in months],
        [str(MONTHS_3[m]) for m in months],
        [str(MONTHS_ALT[m]) for m in months],
        [str(MONTHS_AP[m]) for m in months],
        [str(WEEKDAYS[d]) for d in range(7)],
        [str(WEEKDAYS_ABBR[d]) for d in range(7)],
        [gettext(w) for w in ("a.m.", "p.m.", "AM", "PM", "midnight", "noon")],
    )


_COMPARE = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "in": lambda a, b: a in b,
    "is": operator.is_,
}


class RenderSupport:
    """Answers the engine while it renders against one Django ``Context``."""

    def __init__(self, backend, context):
        self.backend = backend
        self.context = context
        self._language = None

    @property
    def use_l10n(self):
        return self.context.use_l10n

    @property
    def use_tz(self):
        return self.context.use_tz

    def call_filter(self, func, value, arg, has_arg: bool, autoescape: bool):
        """One filter step of Django's ``FilterExpression.resolve``."""
        if getattr(func, "expects_localtime", False):
            value = template_localtime(value, self.use_tz)
        args = (arg,) if has_arg else ()
        if getattr(func, "needs_autoescape", False):
            result = func(value, *args, autoescape=autoescape)
        else:
            result = func(value, *args)
        if getattr(func, "is_safe", False) and isinstance(value, SafeData):
            result = mark_safe(result)
        return result

    @contextmanager
    def _engine_context(self, names, values, isolated: bool, autoescape=None):
        """The Django Context that Django-side code (a node, a simple tag taking the
        context) sees: the engine's variables pushed on top. Yields the context and a
        list that receives what the code set with ``context[name] = ...``."""
        ctx = self.context.new() if isolated else self.context
        old_autoescape = ctx.autoescape
        if autoescape is not None:
            ctx.autoescape = autoescape
        pushed = bool(names)
        if pushed:
            ctx.push(dict(zip(names, values, strict=True)))
        top = ctx.dicts[-1]
        before = dict(top)
        assigned: list = []
        try:
            yield ctx, assigned
            assigned.extend((k, v) for k, v in top.items() if k not in before or before[k] is not v)
        finally:
            if pushed:
                ctx.pop()
            ctx.autoescape = old_autoescape

    def render_foreign(self, node, names, values, autoescape: bool, isolated: bool):
        """Render a Django-compiled node with the engine's variables pushed."""
        with self._engine_context(names, values, isolated, autoescape) as (ctx, assigned):
            out = node.render_annotated(ctx)
        # Django joins node outputs with "".join(), which refuses non-strings.
        return "".join([out]), assigned

    def call_simple_tag(self, func, args, kwargs, names, values, isolated: bool):
        """A simple tag that takes the context: call it with a Context holding the
        engine's variables, and report what it set."""
        with self._engine_context(names, values, isolated) as (ctx, assigned):
            out = func(ctx, *args, **kwargs)
        return out, assigned

    def conditional_escape(self, value):
        return conditional_escape(value)

    def get_template(self, name, current: str | None, skip: list[str]):
        return self.backend.resolve_template(name, current, skip)

    def compare(self, op: str, a, b) -> bool:
        return bool(_COMPARE[op](a, b))

    def render_value(self, value, autoescape: bool) -> str:
        """Django's ``render_value_in_context``."""
        value = template_localtime(value, use_tz=self.use_tz)
        value = localize(value, use_l10n=self.use_l10n)
        if autoescape:
            if not issubclass(type(value), str):
                value = str(value)
            return conditional_escape(value)
        return str(value)

    def _per_language(self, key, compute):
        """A value that depends only on the active language (and use_l10n). The
        language is read once per render: ``get_language()`` is costly."""
        if self._language is None:
            self._language = active_language()
        full_key = (self._language, self.use_l10n, key)
        try:
            return _LANGUAGE_CACHE[full_key]
        except KeyError:
            value = _LANGUAGE_CACHE[full_key] = compute()
            return value

    def decimal_separator(self) -> str:
        return self.get_format("DECIMAL_SEPARATOR")

    def local_timezone(self):
        """The zone template_localtime converts aware datetimes to, or None."""
        use_tz = self.use_tz
        if settings().use_tz if use_tz is None else use_tz:
            return timezone.get_current_timezone()
        return None

    def get_format(self, name: str) -> str:
        return self._per_language(name, lambda: get_format(name, use_l10n=self.use_l10n))

    def date_names(self):
        return self._per_language("date_names", _date_names)

    def truncation_format(self) -> str:
        return self._per_language(
            "truncation",
            lambda: pgettext("String to return when truncating text", "%(truncated_text)s…"),
        )

    def translate_message(self, value, message_context):
        """Django's ``Variable.resolve`` with ``translate`` set ({% translate %})."""
        is_safe = isinstance(value, SafeData)
        msgid = value.replace("%", "%%")
        msgid = mark_safe(msgid) if is_safe else msgid
        if message_context:
            return pgettext(message_context, msgid)
        return gettext(msgid)

    def block_translate(
        self, tag, singular, plural, countervar, count, message_context, untranslated
    ):
        """The gettext family call of Django's ``BlockTranslateNode.render``."""
        if plural is not None and not isinstance(count, (Decimal, float, int)):
            raise TemplateSyntaxError(f"{countervar!r} argument to {tag!r} tag must be a number.")
        with translation.override(None) if untranslated else nullcontext():
            if plural is not None:
                if message_context:
                    return translation.npgettext(message_context, singular, plural, count)
                return translation.ngettext(singular, plural, count)
            if message_context:
                return pgettext(message_context, singular)
            return gettext(singular)

    def percent_format(self, fmt: str, data: dict):
        try:
            return fmt % data
        except (KeyError, ValueError):
            return None

    def number_flags(self) -> tuple[bool, bool]:
        """(plain_ints, native_numbers): Django's number_format prints plain digits
        unless thousand separators apply; then floats and decimals render natively
        with the decimal separator (only when localisation is on)."""
        use_l10n = self.use_l10n
        grouping = settings().use_thousand_separator and use_l10n is not False
        return not grouping, not grouping and use_l10n is not False

    def enter_override(self, kind: str, value):
        """Start a {% language %}, {% timezone %}, {% localize %} or {% localtime %}
        block. Returns (restore handle, plain_ints, native_numbers)."""
        if kind == "language":
            restore = ("cm", translation.override(value))
            restore[1].__enter__()
        elif kind == "timezone":
            restore = ("cm", timezone.override(value))
            restore[1].__enter__()
        else:
            restore = (kind, getattr(self.context, kind))
            setattr(self.context, kind, value)
        self._language = None
        return (restore, *self.number_flags())

    def exit_override(self, restore) -> tuple[bool, bool]:
        what, old = restore
        if what == "cm":
            old.__exit__(None, None, None)
        else:
            setattr(self.context, what, old)
        self._language = None
        return self.number_flags()

    def lorem(self, count, method: str, common: bool) -> str:
        """Django's ``LoremNode.render`` (Python's random module, as in Django)."""
        try:
            count = int(count)
        except (ValueError, TypeError):
            count = 1
        if method == "w":
            return lorem_ipsum.words(count, common=common)
        paras = lorem_ipsum.paragraphs(count, common=common)
        if method == "p":
            paras = [f"<p>{p}</p>" for p in paras]
        return "\n\n".join(paras)

    def debug(self, names, values, isolated: bool) -> str:
        """Django's ``DebugNode.render`` over the context with the engine's variables."""
        with self._engine_context(names, values, isolated) as (ctx, _assigned):
            return DebugNode().render(ctx)

    def current_timezone_name(self) -> str:
        return timezone.get_current_timezone_name()

    def i18n_value(self, kind: str, arg):
        """The values of the i18n library's get_* tags (Django's nodes, per kind)."""
        if kind == "get_available_languages":
            return [(k, translation.gettext(v)) for k, v in settings().languages]
        if kind == "get_language_info":
            return translation.get_language_info(arg)
        # get_language_info_list: codes, or sequences whose first item is the code.
        return [
            translation.get_language_info(lang[0] if len(lang[0]) > 1 else str(lang))
            for lang in arg
        ]

    def cache_lookup(self, expire_time, cache_name, has_name: bool, fragment_name, vary_on):
        """The first half of Django's ``CacheNode.render``: timeout check, cache
        choice, key, read. Returns (handle for cache_store, cached text or None)."""
        if expire_time is not None:
            try:
                expire_time = int(expire_time)
            except (ValueError, TypeError):
                raise TemplateSyntaxError(
                    f'"cache" tag got a non-integer timeout value: {expire_time!r}'
                ) from None
        if has_name:
            try:
                fragment_cache = caches[cache_name]
            except InvalidCacheBackendError:
                raise TemplateSyntaxError(
                    f"Invalid cache name specified for cache tag: {cache_name!r}"
                ) from None
        else:
            try:
                fragment_cache = caches["template_fragments"]
            except InvalidCacheBackendError:
                fragment_cache = caches["default"]
        key = make_template_fragment_key(fragment_name, vary_on)
        return (fragment_cache, key, expire_time), fragment_cache.get(key)

    def cache_store(self, handle, text: str) -> None:
        fragment_cache, key, expire_time = handle
        fragment_cache.set(key, mark_safe(text), expire_time)

    def prefix(self, setting: str) -> str:
        return static_tags.PrefixNode.handle_simple(setting)

    def current_language(self, bidi: bool):
        return get_language_bidi() if bidi else get_language()

    def current_datetime(self, utc: bool):
        """The now of Django's timesince: naive local, or aware UTC."""
        return datetime.now(UTC if utc else None)

    def random_index(self, n: int) -> int:
        # random.choice(seq) is seq[_randbelow(len(seq))]: the same draw.
        return random.choice(range(n))

    def gettext(self, message: str) -> str:
        return gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return translation.ngettext(singular, plural, n)

    def translate(self, msgid: str):
        return gettext(mark_safe(msgid))

    def reverse(self, view, args, kwargs, silent: bool):
        request = getattr(self.context, "request", None)
        try:
            current_app = request.current_app
        except AttributeError:
            try:
                current_app = request.resolver_match.namespace
            except AttributeError:
                current_app = None
        try:
            return reverse(view, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if silent:
                return None
            raise

    def static(self, path) -> str:
        return static_tags.StaticNode.handle_simple(path)

    def now(self, fmt: str) -> str:
        tzinfo = timezone.get_current_timezone() if settings().use_tz else None
        return defaultfilters.date(datetime.now(tz=tzinfo), fmt)


class ValuesRenderSupport(RenderSupport):
    """Support for the common ``template.render({...})``: a plain dict and no request.

    Django would wrap the dict in a ``Context`` (and a ``RenderContext``) before every
    render; the engine reads only the list of dicts, so the ``Context`` is built the
    first time Django-side code needs one (a custom tag, a filter that reads it), over
    that same list and bound to the template as ``Template.render`` binds it."""

    def __init__(self, backend, dicts: list, autoescape: bool, bind):
        self.backend = backend
        self._dicts = dicts
        self._autoescape = autoescape
        self._bind = bind
        self._language = None

    @cached_property
    def context(self):
        ctx = Context(autoescape=self._autoescape)
        ctx.dicts = self._dicts
        self._bind(ctx)
        return ctx

    @property
    def use_l10n(self):
        ctx = self.__dict__.get("context")
        return None if ctx is None else ctx.use_l10n

    @property
    def use_tz(self):
        ctx = self.__dict__.get("context")
        return None if ctx is None else ctx.use_tz

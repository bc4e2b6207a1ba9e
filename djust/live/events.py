"""``@event``: what a browser may call on a live view, with typed parameters.

Only methods marked ``@event`` are callable from the page, never a private name or a
framework method. Each call's parameters are checked against the handler's
signature and coerced to its type hints; anything that does not fit is refused with
``event.bad-params`` before the handler runs.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import inspect
import re
import types
import typing
from dataclasses import dataclass, field

from djust.exceptions import ImproperlyConfigured, Refused
from djust.live.worker import Pace

#: Parameters the bindings add by themselves (an input's ``value``, a key event's
#: ``key``): dropped when the handler does not take them, rather than refused.
IMPLICIT = frozenset({"value", "key"})

_MARK = "_djust_event"


def event(func=None):
    """Mark a live view method as callable from the page."""

    def mark(f):
        if f.__name__.startswith("_"):
            raise ImproperlyConfigured(
                f"@event {f.__qualname__}: private methods cannot be events; rename it "
                f"(code: config.private-event)"
            )
        setattr(f, _MARK, True)
        return f

    return mark(func) if func is not None else mark


@dataclass(frozen=True)
class Param:
    name: str
    kind: object  # the type hint, or inspect.Parameter.empty
    required: bool


@dataclass(frozen=True)
class Handler:
    """An ``@event`` method's calling convention."""

    name: str
    params: tuple[Param, ...]
    extra: bool  # takes **kwargs
    #: How long its runs took: where the next one runs (``djust.live.worker``).
    pace: Pace = field(default_factory=Pace, compare=False, repr=False)

    def arguments(self, raw: dict) -> dict:
        """``raw`` (the JSON the page sent) as the handler's keyword arguments."""
        if not isinstance(raw, dict):
            raise Refused("event.bad-params", f"{self.name}(): parameters must be an object")
        known = {p.name: p for p in self.params}
        out = {}
        for key, value in raw.items():
            param = known.get(key)
            if param is None:
                if self.extra:
                    out[key] = value
                elif key not in IMPLICIT:
                    raise Refused(
                        "event.bad-params",
                        f"{self.name}() takes no parameter {key!r}; add it to the "
                        f"signature or take **kwargs",
                    )
                continue
            out[key] = coerce(value, param.kind, f"{self.name}({key})")
        missing = [p.name for p in self.params if p.required and p.name not in out]
        if missing:
            raise Refused("event.bad-params", f"{self.name}() is missing {', '.join(missing)}")
        return out


def handlers(cls) -> dict[str, Handler]:
    """The ``@event`` methods of a live view class (its own and its bases')."""
    found = {}
    for klass in reversed(cls.__mro__):
        for name, attr in vars(klass).items():
            if getattr(attr, _MARK, False):
                found[name] = _handler(cls, name, attr)
            elif name in found:  # overridden without @event: no longer callable
                del found[name]
    return found


def _handler(cls, name, func) -> Handler:
    try:
        hints = typing.get_type_hints(func)
    except Exception as e:
        raise ImproperlyConfigured(
            f"@event {cls.__name__}.{name}: its type hints do not resolve ({e}) "
            f"(code: config.bad-event)"
        ) from e
    params, extra = [], False
    for p in list(inspect.signature(func).parameters.values())[1:]:  # skip self
        if p.kind is p.VAR_KEYWORD:
            extra = True
        elif p.kind is p.VAR_POSITIONAL or p.kind is p.POSITIONAL_ONLY:
            raise ImproperlyConfigured(
                f"@event {cls.__name__}.{name}: parameters must be passable by keyword "
                f"(code: config.bad-event)"
            )
        else:
            kind = hints.get(p.name, p.empty)
            if not _supported(kind):
                raise ImproperlyConfigured(
                    f"@event {cls.__name__}.{name}({p.name}): Djust cannot coerce event "
                    f"parameters to {kind!r}; use str, int, float, bool, Decimal, date/"
                    f"datetime, an Enum, Literal, Optional or list of those "
                    f"(code: config.bad-event)"
                )
            params.append(Param(p.name, kind, p.default is p.empty))
    return Handler(name, tuple(params), extra)


# ----- coercion ---------------------------------------------------------------

_SCALARS = (str, int, float, bool, decimal.Decimal, datetime.date, datetime.datetime)
_SCALARS += (datetime.time, dict)


def _supported(kind) -> bool:
    if kind is inspect.Parameter.empty or kind is typing.Any or kind in _SCALARS:
        return True
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Literal:
        return True
    if origin in (typing.Union, types.UnionType, list, tuple, set, frozenset, dict):
        return origin is dict or all(a is type(None) or _supported(a) for a in args)
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


_INTEGER = re.compile(r"[+-]?[0-9]+")
_TRUE = {"true", "on", "1", "yes"}
_FALSE = {"false", "off", "0", "no", ""}


def _bad(where, kind, value):
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    name = getattr(kind, "__name__", str(kind))
    return Refused("event.bad-params", f"{where}: expected {name}, got {shown}")


def coerce(value, kind, where: str = "value"):
    """``value`` (decoded JSON: str, number, bool, None, list, dict) as ``kind``."""
    if kind is inspect.Parameter.empty or kind is typing.Any:
        return value
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None or (value == "" and type(None) in args):
            if type(None) in args:
                return None
        for arg in (a for a in args if a is not type(None)):
            try:
                return coerce(value, arg, where)
            except Refused:
                continue
        raise _bad(where, kind, value)
    if origin is typing.Literal:
        for choice in args:
            if value == choice or (isinstance(value, str) and str(choice) == value):
                return choice
        raise _bad(where, kind, value)
    if origin in (list, tuple, set, frozenset):
        items = value if isinstance(value, list) else [value]
        inner = args[0] if args else inspect.Parameter.empty
        return origin(coerce(v, inner, where) for v in items)
    if origin is dict or kind is dict:
        if not isinstance(value, dict):
            raise _bad(where, dict, value)
        return value
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        raise _bad(where, kind, value)
    if kind is str:
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        raise _bad(where, kind, value)
    if kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
            try:
                return int(value)
            except ValueError:  # more digits than Python converts
                raise _bad(where, kind, value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise _bad(where, kind, value)
    if kind is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        try:
            number = float(value) if isinstance(value, str) else None
        except ValueError:
            number = None
        if number is None or number != number or number in (float("inf"), float("-inf")):
            raise _bad(where, kind, value)
        return number
    if kind is decimal.Decimal:
        try:
            number = decimal.Decimal(str(value)) if not isinstance(value, bool) else None
        except decimal.InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise _bad(where, kind, value)
        return number
    if kind in (datetime.date, datetime.datetime, datetime.time):
        try:
            return kind.fromisoformat(value)
        except (TypeError, ValueError):
            raise _bad(where, kind, value)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        for member in kind:
            if value == member.value or (isinstance(value, str) and str(member.value) == value):
                return member
        raise _bad(where, kind, value)
    raise AssertionError(f"unsupported hint {kind!r} passed _supported()")

"""@event: which methods are callable, and how parameters are checked and coerced."""

from __future__ import annotations

import datetime
import decimal
import enum
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from djust import LiveView, event
from djust.exceptions import ImproperlyConfigured, Refused
from djust.live.events import coerce, handlers


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


def refused(value, kind):
    with pytest.raises(Refused) as caught:
        coerce(value, kind, "f(x)")
    assert caught.value.code == "event.bad-params"
    return caught.value.detail


@pytest.mark.parametrize(
    "value, kind, expected",
    [
        ("42", int, 42),
        (42, int, 42),
        ("-3", int, -3),
        (2.0, int, 2),
        ("1.5", float, 1.5),
        (3, float, 3.0),
        ("on", bool, True),
        ("false", bool, False),
        ("", bool, False),
        (True, bool, True),
        ("2.50", decimal.Decimal, decimal.Decimal("2.50")),
        ("2026-11-26", datetime.date, datetime.date(2026, 11, 26)),
        ("2026-11-26T10:00:00", datetime.datetime, datetime.datetime(2026, 11, 26, 10)),
        (7, str, "7"),
        ("b", Literal["a", "b"], "b"),
        ("2", Literal[1, 2], 2),
        ("blue", Colour, Colour.BLUE),
        (["1", 2], list[int], [1, 2]),
        ("1", list[int], [1]),
        ("", int | None, None),
        (None, int | None, None),
        ("5", int | None, 5),
        ({"a": 1}, dict, {"a": 1}),
    ],
)
def test_values_are_coerced_to_the_hint(value, kind, expected):
    assert coerce(value, kind) == expected


@pytest.mark.parametrize(
    "value, kind",
    [
        ("4.5", int),
        ("²", int),  # str.isdigit() says yes; int() says no (found by hypothesis)
        ("1" * 5000, int),  # more digits than Python converts
        ("", int),
        (True, int),
        ([1], int),
        ("nan", float),
        ("inf", float),
        ("maybe", bool),
        (1, bool),
        ("NaN", decimal.Decimal),
        ("26/11/2026", datetime.date),
        (None, str),
        ({"x": 1}, str),
        ("c", Literal["a", "b"]),
        ("green", Colour),
        (["x"], list[int]),
        ("x", dict),
    ],
)
def test_values_that_do_not_fit_are_refused_with_the_parameter_named(value, kind):
    assert "f(x): expected" in refused(value, kind)


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_any_integer_survives_its_text(n):
    assert coerce(str(n), int) == n


@given(st.text(max_size=30))
def test_no_text_crashes_coercion(text):
    for kind in (int, float, bool, decimal.Decimal, datetime.date, Colour, int | None):
        try:
            coerce(text, kind)
        except Refused as e:
            assert e.code == "event.bad-params"


def test_only_marked_methods_are_handlers_and_overrides_without_the_mark_are_not():
    class Base(LiveView):
        template = ""

        @event
        def save(self):
            pass

        @event
        def delete(self):
            pass

    class Child(Base):
        def delete(self):  # overridden without @event: no longer callable
            pass

        def helper(self):
            pass

    assert set(handlers(Base)) == {"save", "delete"}
    assert set(Child._djust_events) == {"save"}


def test_private_and_uncoercible_events_are_refused_at_class_creation():
    with pytest.raises(ImproperlyConfigured, match="config.private-event"):

        class Private(LiveView):
            @event
            def _secret(self):
                pass

    with pytest.raises(ImproperlyConfigured, match="config.bad-event"):

        class Odd(LiveView):
            @event
            def take(self, when: complex):
                pass


def test_arguments_check_names_and_drop_only_implicit_extras():
    class V(LiveView):
        @event
        def search(self, q: str, page: int = 1):
            pass

        @event
        def anything(self, **params):
            pass

    search = V._djust_events["search"]
    assert search.arguments({"q": "tea", "value": "x", "key": "Enter"}) == {"q": "tea"}
    with pytest.raises(Refused, match="missing q"):
        search.arguments({})
    with pytest.raises(Refused, match="no parameter 'other'"):
        search.arguments({"q": "a", "other": 1})
    assert V._djust_events["anything"].arguments({"a": 1, "value": 2}) == {"a": 1, "value": 2}

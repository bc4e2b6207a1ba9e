"""Built-in filters over many values each, rendered by Django and by Djust: the
bytes must match (numbers, sequences, JSON, sorting, sizes, wrapping, time spans).
"""

import decimal

import pytest
from django.utils.safestring import mark_safe

from tests.template.harness import compare, forbid_django_filters
from tests.template.test_differential import PEOPLE

FLOATFORMAT_VALUES = {
    "values": [
        0,
        1,
        -1,
        7,
        34.23234,
        34.0,
        34.26,
        -0.04,
        0.05,
        9.995,
        1e16,
        1.5e-7,
        -2.5,
        1000000.5,
        decimal.Decimal("1.50"),
        decimal.Decimal("-0.0"),
        decimal.Decimal("1E+2"),
        decimal.Decimal("12.3456789"),
        decimal.Decimal("Infinity"),
        decimal.Decimal("NaN"),
        "3.14159",
        " 2.5 ",
        "abc",
        "",
        "1e3",
        "-0",
        True,
        False,
        None,
        "1_000.5",
        float("inf"),
        float("nan"),
        10**30,
    ]
}


@pytest.mark.parametrize(
    "arg", ["", ":0", ":1", ":2", ":-1", ":-3", ":'3'", ":'-2'", ":'x'", ":'2g'", ":'2u'", ":'gu'"]
)
@pytest.mark.parametrize("language", ["en", "de"])
def test_floatformat_matches_django(arg, language):
    from django.utils import translation

    source = "{% for v in values %}[{{ v|floatformat" + arg + " }}]{% endfor %}"
    with translation.override(language):
        django_out, djust_out = compare({"t": source}, "t", FLOATFORMAT_VALUES)
    assert djust_out == django_out


MISC_VALUES = {
    "values": [
        0,
        7,
        123456,
        -42,
        3.75,
        -0.04,
        2.5,
        True,
        None,
        "",
        "123",
        " 45 ",
        "abc",
        "1_0",
        "Hello, World!",
        "  Ünïcode Straße  ",
        "a--b  c__d",
        "-_x_-",
        "tab\tsep\x1cx",
        [1, "a"],
        ("t", 1),
        decimal.Decimal("1.5"),
        "http://example.com/a b?q=é&x=[1]",
        "/I ♥ Django/",
    ]
}


@pytest.mark.parametrize(
    "filt",
    [
        "get_digit:1",
        "get_digit:2",
        "get_digit:9",
        "get_digit:0",
        "get_digit:'x'",
        "iriencode",
        "slugify",
        "stringformat:'s'",
        "stringformat:'5s'",
        "stringformat:'-5s'",
        "stringformat:'.2s'",
        "stringformat:'d'",
        "stringformat:'05d'",
        "stringformat:'+d'",
        "stringformat:' d'",
        "stringformat:'-6i'",
        "stringformat:'x'",
        "stringformat:'X'",
        "stringformat:'o'",
        "stringformat:'f'",
        "stringformat:'.2f'",
        "stringformat:'08.3f'",
        "stringformat:'+.1f'",
        "stringformat:'#x'",
        "stringformat:'e'",
        "stringformat:'.3d'",
        "stringformat:'r'",
    ],
)
def test_misc_filters_match_django(filt):
    source = "{% for v in values %}[{{ v|" + filt + " }}]{% endfor %}"
    django_out, djust_out = compare({"t": source}, "t", MISC_VALUES)
    assert djust_out == django_out


LIST_VALUES = {
    "flat": ["a", "<b>", 3],
    "nested": ["States", ["Kansas", ["Lawrence", "Topeka"], "Illinois"]],
    "tuples": [("x", "y"), "after", ("p",), []],
    "empty_children": ["a", [], "b"],
    "safe_items": [mark_safe("<i>ok</i>"), "<no>"],
    "objects": [PEOPLE[0], "x"],
    "html": "<p>Hello <b>world</b></p> & more",
    "plain": "no tags & 1 < 2",
}


@pytest.mark.parametrize("options", [{}, {"autoescape": False}])
@pytest.mark.parametrize(
    "case",
    [
        "{{ flat|unordered_list }}|{{ nested|unordered_list }}",
        "{{ tuples|unordered_list }}|{{ empty_children|unordered_list }}",
        "{{ safe_items|unordered_list }}|{{ objects|unordered_list }}|{{ plain|unordered_list }}",
        "{{ html|striptags }}|{{ plain|striptags }}|{{ flat|striptags }}|{{ '<a'|striptags }}",
    ],
)
def test_list_and_tag_filters_match_django(case, options):
    django_out, djust_out = compare({"t": case}, "t", LIST_VALUES, **options)
    assert djust_out == django_out


JSON_VALUES = {
    "data": {"a": [1, 2.5, None, True], "b": '<script>&"é😀\n', 3: "int key", None: "n"},
    "nested": [{"x": (1, 2)}, [], {}],
    "text": "</script><b>",
    "special": float("nan"),
    "dated": {"when": __import__("datetime").date(2024, 1, 2)},
    "dec": decimal.Decimal("1.5"),
}


@pytest.mark.parametrize(
    "case",
    [
        "{{ data|json_script }}|{{ data|json_script:'my-id' }}|{{ nested|json_script:'' }}",
        "{{ text|json_script:'<x>' }}|{{ special|json_script }}|{{ 7|json_script }}",
        "{{ dated|json_script }}|{{ dec|json_script }}|{{ data|json_script:idvar }}",
    ],
)
def test_json_script_matches_django(case):
    django_out, djust_out = compare({"t": case}, "t", {**JSON_VALUES, "idvar": "<i&d>"})
    assert djust_out == django_out


SORT_VALUES = {
    "people": [
        {"name": "Cid", "age": 41, "meta": {"rank": 2}},
        {"name": "ann", "age": 30, "meta": {"rank": 1}},
        {"name": "Bea", "age": 30, "meta": {"rank": 3}},
    ],
    "mixed": [{"k": 1}, {"k": "a"}],
    "missing": [{"k": 1}, {"j": 2}],
    "tuples": [("b", 2), ("a", 1)],
    "floats": [{"k": 2.5}, {"k": -1}, {"k": True}],
}


@pytest.mark.parametrize(
    "case",
    [
        "{% for p in people|dictsort:'name' %}{{ p.name }}{% endfor %}",
        "{% for p in people|dictsortreversed:'age' %}{{ p.name }}{% endfor %}",
        "{% for p in people|dictsort:'age' %}{{ p.name }}{% endfor %}",
        "{% for p in people|dictsort:'meta.rank' %}{{ p.name }}{% endfor %}",
        "{{ mixed|dictsort:'k' }}|{{ missing|dictsort:'k' }}|{{ tuples|dictsort:'0' }}",
        "{{ floats|dictsort:'k' }}|{{ people|dictsort:'_x' }}|{{ people|dictsort:'name.upper' }}",
    ],
)
def test_dictsort_matches_django(case):
    django_out, djust_out = compare({"t": case}, "t", SORT_VALUES)
    assert djust_out == django_out


SIZE_VALUES = {
    "sizes": [
        0,
        1,
        2,
        1023,
        1024,
        1536,
        1048575,
        1048576,
        5 * 1024**3,
        1024**4 + 1,
        3 * 1024**5,
        -1,
        -2048,
        1.9,
        "2048",
        " 7 ",
        "x",
        None,
        True,
        decimal.Decimal("4096"),
        1024**2 * 1.25,
    ]
}


@pytest.mark.parametrize("language", ["en", "de", "fr"])
@pytest.mark.parametrize("grouping", [False, True])
def test_filesizeformat_matches_django(language, grouping):
    from django.test import override_settings
    from django.utils import translation

    source = "{% for s in sizes %}[{{ s|filesizeformat }}]{% endfor %}"
    with translation.override(language), override_settings(USE_THOUSAND_SEPARATOR=grouping):
        django_out, djust_out = compare({"t": source}, "t", SIZE_VALUES)
    assert djust_out == django_out


WRAP_VALUES = {
    "texts": [
        "the quick brown fox jumps over the lazy dog",
        "a verylongwordthatdoesnotfit b c",
        "tabs\there\tand  double  spaces",
        "line one\r\nline two\nline three\n",
        "   \nonly spaces above",
        "unicode ünïcödé wörds here",
        "sep\x1cchars\x1dhere x",
        "trailing spaces    ",
        "",
    ]
}


@pytest.mark.parametrize("width", ["1", "5", "10", "20", "'x'", "0"])
def test_wordwrap_and_wordcount_match_django(width):
    source = "{% for t in texts %}[{{ t|wordwrap:" + width + " }}|{{ t|wordcount }}]{% endfor %}"
    django_out, djust_out = compare({"t": source}, "t", WRAP_VALUES)
    assert djust_out == django_out


def test_random_picks_what_django_picks_with_the_same_seed():
    import random

    from tests.template.harness import engines, outcome

    source = "{% for i in nums %}{{ items|random }}{{ s|random }}{{ empty|random }}{% endfor %}"
    dj, us = engines({"t": source})
    ctx = {"nums": range(20), "items": ["a", "<b>", 3, None], "s": "xyz", "empty": []}
    random.seed(11)
    django_out = outcome(dj, "t", ctx)
    random.seed(11)
    djust_out = outcome(us, "t", ctx)
    assert djust_out == django_out


def _dates_for_timesince():
    import datetime as dt
    import zoneinfo

    utc = dt.UTC
    base = dt.datetime(2024, 1, 31, 12, 30, 15, 500)
    return {
        "base": base,
        "base_utc": base.replace(tzinfo=utc),
        "others": [
            base + dt.timedelta(minutes=1),
            base + dt.timedelta(hours=5, minutes=3),
            base + dt.timedelta(days=1, minutes=5),
            base + dt.timedelta(days=17, hours=2),
            dt.datetime(2024, 3, 1, 12, 30),
            dt.datetime(2025, 2, 28, 12, 30, 15, 500),
            dt.datetime(2026, 3, 31, 0, 0),
            base - dt.timedelta(seconds=30),
            base,
            dt.date(2024, 6, 15),
        ],
        "others_utc": [
            dt.datetime(2024, 2, 29, 13, 0, tzinfo=utc),
            dt.datetime(2023, 12, 25, 8, 0, tzinfo=utc),
        ],
        "paris": dt.datetime(2024, 3, 31, 1, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")),
        "long_ago": dt.datetime(2001, 2, 3, 4, 5),
        "long_ago_utc": dt.datetime(2001, 2, 3, 4, 5, tzinfo=utc),
        "not_a_date": "yesterday",
    }


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(
    "case",
    [
        "{% for o in others %}[{{ base|timesince:o }}|{{ base|timeuntil:o }}]{% endfor %}",
        "{% for o in others_utc %}[{{ base_utc|timesince:o }}|{{ o|timeuntil:base_utc }}]{% endfor %}",
        "{{ base|timesince:base_utc }}|{{ base_utc|timesince:paris }}|{{ paris|timesince:base_utc }}",
        "{{ long_ago|timesince }}|{{ long_ago_utc|timesince }}|{{ none|timesince }}|{{ ''|timeuntil }}",
        "{{ not_a_date|timesince:base }}",
    ],
)
def test_timesince_matches_django(case, language):
    from django.utils import translation

    ctx = {**_dates_for_timesince(), "none": None}
    with translation.override(language):
        django_out, djust_out = compare({"t": case}, "t", ctx)
    assert djust_out == django_out


PPRINT_VALUES = {
    "values": [
        None,
        True,
        0,
        -12,
        10**18,
        1.5,
        1e16,
        -0.0,
        float("nan"),
        "",
        "plain",
        "it's",
        'say "hi"',
        "both ' and \"",
        "back\\slash",
        "tab\tnew\nline\r",
        "\x00\x1f\x7f\x85\xa0\xad",
        "café Ĉ Ж – € 中",
        "emoji 🎉",
        "\u200b zero width",
        "x" * 78,
        "x" * 79,
        mark_safe("<b>'safe'</b>"),
        [1, "a"],
        {"k": 1},
    ]
}


def test_pprint_matches_django():
    source = "{% for v in values %}[{{ v|pprint }}]{% endfor %}"
    django_out, djust_out = compare({"t": source}, "t", PPRINT_VALUES)
    assert djust_out == django_out


def test_pprint_of_strings_and_numbers_is_native(monkeypatch):
    values = {"values": PPRINT_VALUES["values"][:13]}
    source = "{% for v in values %}[{{ v|pprint }}]{% endfor %}"
    expected = compare({"t": source}, "t", values)[0]

    forbid_django_filters(monkeypatch)
    assert compare({"t": source}, "t", values)[1] == expected

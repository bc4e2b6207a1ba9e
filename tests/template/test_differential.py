"""Every built-in tag and filter in templates, rendered by Django and by Djust: the bytes
must match. (Filters over many values: test_filter_values.py; i18n: test_i18n_tags.py.)

Each case runs with Django's defaults, with ``string_if_invalid`` set, and with
autoescape off, since those change what a template produces.
"""

import datetime
import decimal

import pytest
from django.utils.safestring import mark_safe

from tests.template.harness import compare


class Person:
    def __init__(self, name, gender, age):
        self.name = name
        self.gender = gender
        self.age = age

    def greeting(self):
        return f"Hello {self.name}"

    def needs_args(self, x):
        return x

    def delete(self):
        raise AssertionError("alters_data methods must never be called")

    delete.alters_data = True

    @property
    def broken(self):
        raise KeyError("raised inside a property")

    def __str__(self):
        return f"<{self.name}>"


class Silent(Exception):
    silent_variable_failure = True


class Thing:
    @property
    def quiet(self):
        raise Silent()


PEOPLE = [Person("Ann", "f", 30), Person("Bea", "f", 25), Person("Cid", "m", 41)]


def plain_function():
    return "called"


def flagged_function():
    raise AssertionError("do_not_call_in_templates functions are never called")


flagged_function.do_not_call_in_templates = True
flagged_function.label = "flagged"


class Choices:
    """A callable class, like Django's enum Choices, marked not to be called."""

    do_not_call_in_templates = True
    label = "choices-label"


class Dangerous:
    alters_data = True

    def __call__(self):
        raise AssertionError("alters_data callables are never called")


class Methods:
    def safe(self):
        return "safe-called"

    def flagged(self):
        raise AssertionError("never called")

    flagged.do_not_call_in_templates = True
    flagged.note = "kept"

    def falsy_flag(self):
        return "called-although-flag-set-false"

    falsy_flag.alters_data = False


CONTEXT = {
    "s": "<b>Bold & 'q'</b>",
    "safe": mark_safe("<i>ok</i>"),
    "empty": "",
    "n": 3,
    "zero": 0,
    "neg": -7,
    "big": 12345678901234,
    "f": 3.14159,
    "fl": 2.0,
    "dec": decimal.Decimal("1234.5678"),
    "t": True,
    "no": False,
    "none": None,
    "words": "the quick brown fox jumps over the lazy dog",
    "multi": "line one\nline two\n\npara two\r\nlast",
    "items": ["a", "<b>", "c"],
    "nums": [3, 1, 2],
    "nested": [[1, "x"], [2, "y"]],
    "d": {"k": "v", "n": 1, "items": "dict-key-wins", "list": [1, 2]},
    "people": PEOPLE,
    "p": PEOPLE[0],
    "thing": Thing(),
    "date": datetime.date(2024, 2, 29),
    "dt": datetime.datetime(2024, 2, 29, 13, 45, 10, tzinfo=datetime.UTC),
    "tup": (1, 2, 3),
    "gen_names": ["ann", "bob"],
    "tmpl_name": "inc.html",
    "names_list": ["missing.html", "inc.html"],
    "html_list": [mark_safe("<x>"), "<y>"],
    "unicode": "Ünïcødé straße",
    "url": "http://example.com/a b?x=1&y=é",
    "phone": "1-800-COLLECT",
    "csrf_token": "tok&en<>",
    "fn": plain_function,
    "flagged_fn": flagged_function,
    "Choices": Choices,
    "danger": Dangerous(),
    "m": Methods(),
}

TEMPLATES = {
    "inc.html": "[{{ x|default:'nox' }}|{{ n }}|{{ s }}]",
    "base.html": "<h1>{% block title %}Base{% endblock %}</h1>"
    "{% block body %}<p>{% block inner %}in{% endblock %}</p>{% endblock %}"
    "{% block foot %}F{% endblock %}",
    "mid.html": "{% extends 'base.html' %}{% block title %}Mid {{ block.super }}{% endblock %}"
    "{% block inner %}mid-{{ block.super }}{% endblock %}",
}

CASES = [
    # variables, lookups, escaping
    "{{ s }}|{{ safe }}|{{ empty }}|{{ n }}|{{ zero }}|{{ neg }}|{{ big }}",
    "{{ f }}|{{ fl }}|{{ dec }}|{{ t }}|{{ no }}|{{ none }}",
    "{{ missing }}|{{ missing.attr }}|{{ d.k }}|{{ d.items }}|{{ d.list.1 }}|{{ d.nope }}",
    "{{ items.0 }}{{ items.1 }}{{ items.9 }}|{{ tup.2 }}|{{ s.0 }}",
    "{{ p.name }}|{{ p.greeting }}|{{ p.needs_args }}|{{ p.delete }}|{{ p }}",
    "{{ thing.quiet }}|{{ 'lit<>' }}|{{ \"dq\" }}|{{ 42 }}|{{ 1.5 }}|{{ -3 }}",
    "{{ items }}|{{ nums }}|{{ d.list }}",
    "{{ words.upper }}|{{ s.lower }}|{{ n.real }}",
    "{{ fn }}|{{ flagged_fn.label }}|{{ Choices.label }}|{{ danger }}|{{ m.safe }}"
    "|{{ m.flagged.note }}|{{ m.falsy_flag }}",
    "{{ _('translated') }}|{{ 'x'|add:'y' }}",
    # if
    "{% if n %}y{% endif %}{% if zero %}y{% else %}n{% endif %}{% if missing %}m{% endif %}",
    "{% if n > 2 and t or no %}a{% endif %}{% if not no %}b{% endif %}{% if n == 3 %}c{% endif %}",
    "{% if n >= 3 %}a{% endif %}{% if n <= 2 %}b{% endif %}{% if n != 3 %}c{% endif %}",
    "{% if 'a' in items %}a{% endif %}{% if 'z' not in items %}z{% endif %}{% if 'k' in d %}k{% endif %}",
    "{% if none is None %}a{% endif %}{% if t is not None %}b{% endif %}{% if missing is None %}c{% endif %}",
    "{% if n < 'x' %}bad{% else %}cmp-error-is-false{% endif %}",
    "{% if p.age > 29 %}old{% elif p.age > 20 %}mid{% else %}young{% endif %}",
    "{% if dec > 1000 %}big{% endif %}{% if date < dt %}?{% endif %}",
    "{% if n %}{% if t %}nested{% endif %}{% endif %}",
    "{% if s|length > 5 %}long{% endif %}{% if items|length == 3 %}three{% endif %}",
    "{% if a b %}x{% endif %}",
    "{% if %}x{% endif %}",
    "{% if n == %}x{% endif %}",
    "{% if not %}x{% endif %}",
    "{% if n %}x{% else %}y{% else %}z{% endif %}",
    # for
    "{% for i in items %}{{ forloop.counter }}{{ forloop.counter0 }}{{ forloop.revcounter }}"
    "{{ forloop.revcounter0 }}{{ forloop.first }}{{ forloop.last }}{{ i }},{% endfor %}",
    "{% for i in nums reversed %}{{ i }}{% endfor %}|{% for c in 'abc' %}{{ c }}{% endfor %}",
    "{% for a, b in nested %}{{ a }}={{ b }};{% endfor %}{% for k in d %}{{ k }}{% endfor %}",
    "{% for k, v in d.items %}{{ k }}:{{ v }} {% endfor %}",
    "{% for x in missing %}x{% empty %}empty{% endfor %}{% for x in none %}x{% endfor %}",
    "{% for i in items %}{% for j in nums %}{{ forloop.parentloop.counter }}{{ j }}"
    "{% endfor %}{% endfor %}",
    "{% for p in people %}{{ p.name }}{% if not forloop.last %}, {% endif %}{% endfor %}",
    "{% for a, b in items %}{{ a }}{% endfor %}",
    "{% for x in %}{% endfor %}",
    "{% for x y in items %}{% endfor %}",
    # with, cycle, firstof, ifchanged, regroup, widthratio
    "{% with a=n b=p.name %}{{ a }}{{ b }}{% endwith %}{% with n as m %}{{ m }}{% endwith %}",
    "{% for i in items %}{% cycle 'r1' 'r2' %}{% cycle n s as cv %}{{ cv }}{% endfor %}",
    "{% cycle 'a' 'b' as c silent %}{% cycle c %}{{ c }}{% cycle c %}{% resetcycle c %}{% cycle c %}",
    "{% firstof none zero empty s 'fallback' %}|{% firstof missing 'lit<' %}|{% firstof none %}",
    "{% firstof none n as v %}[{{ v }}]",
    "{% for p in people %}{% ifchanged p.gender %}<{{ p.gender }}>{% endifchanged %}"
    "{{ p.name }}{% endfor %}",
    "{% for i in nums %}{% ifchanged %}{{ i|divisibleby:2 }}{% else %}-{% endifchanged %}{% endfor %}",
    "{% regroup people by gender as g %}{% for grp in g %}{{ grp.grouper }}:"
    "{% for p in grp.list %}{{ p.name }}{% endfor %};{% endfor %}",
    "{% regroup people by gender as g %}{% for gender, ps in g %}{{ gender }}{{ ps|length }}"
    "{% endfor %}",
    "{% widthratio 175 200 100 %}|{% widthratio n 0 10 %}|{% widthratio missing 10 10 %}"
    "|{% widthratio 2 4 5 as w %}{{ w }}",
    # text tags
    "{% comment %}{{ x }}{% if %}{% endcomment %}a{# b #}c",
    "{% verbatim %}{{ x }}{% if %}{% endverbatim %}{% verbatim v %}{% endverbatim %}"
    "{% endverbatim v %}",
    "{% templatetag openblock %}{% templatetag closevariable %}{% templatetag opencomment %}",
    "{% spaceless %} <p>\n <a> x </a>\n</p> {% endspaceless %}",
    "{% autoescape off %}{{ s }}{% autoescape on %}{{ s }}{% endautoescape %}{% endautoescape %}",
    "{% filter upper %}{{ s }} text{% endfilter %}{% filter lower|cut:' ' %}A B{% endfilter %}",
    "{% filter escape %}x{% endfilter %}",
    "{% csrf_token %}",
    "{% url 'item' 5 %}|{% url 'two' slug='a-b' n=2 %}|{% url 'nope' as u %}[{{ u }}]",
    "{% url 'nope' %}",
    "{% load static %}{% static 'css/a b.css' %}|{% static 'x.js' as js %}{{ js }}",
    "{% now 'Y' as yr %}{{ yr|length }}",
    # include / extends
    "{% include 'inc.html' %}{% include 'inc.html' with x=s %}{% include 'inc.html' with x=1 only %}",
    "{% include tmpl_name %}{% include names_list %}",
    "{% include 'missing.html' %}",
    "{% extends 'base.html' %}{% block title %}T{{ block.super }}{% endblock %}",
    "{% extends 'mid.html' %}{% block inner %}leaf+{{ block.super }}{% endblock %}"
    "{% block foot %}{% endblock %}",
    "text before {% extends 'base.html' %}ignored{% block foot %}!{% endblock %}",
    "{% extends 'base.html' %}{% block body %}{% for i in items %}{% block inner %}{{ i }}"
    "{% endblock %}{% endfor %}{% endblock %}",
    "{% extends missing %}",
    "{% block a %}{% endblock %}{% block a %}{% endblock %}",
    "{{ n }}{% extends 'base.html' %}",
    # errors
    "{% nosuchtag %}",
    "{{ n|nosuchfilter }}",
    "{{ n|add }}",
    "{{ }}",
    "{% %}",
    "{{ _private }}",
    "{% if n %}unclosed",
    "{{ p.broken }}",
    "{{ n|default:missing }}",
    # custom libraries: filters, simple tags, inclusion tags, block tags
    "{% load testtags %}{{ s|shout }}|{{ safe|wrap:'-' }}|{{ s|bold }}|{{ n|wrap }}",
    "{% load testtags %}{% greet p.name %}|{% greet 'x' punct='!' as g %}[{{ g }}]",
    "{% load testtags %}{% with key=n %}{% ctxget 'key' %}{% endwith %}{% ctxget 's' %}",
    "{% load testtags %}{% badge s %}{% link 'http://x?a=1&b=2' s %}",
    "{% load testtags %}{% repeat 2 %}[{{ n }}{% if t %}!{% endif %}]{% endrepeat %}",
    "{% load testtags %}{% for i in items %}{% repeat 1 %}{{ i }}{{ forloop.counter }}"
    "{% endrepeat %}{% endfor %}",
    "{% load shout from testtags %}{{ s|shout }}",
    "{% load nosuchlib %}",
    "{% load i18n %}{% trans 'Hello' %}|{% translate s %}|{% get_current_language as L %}{{ L }}",
    "{% load i18n %}{% blocktranslate with name=s count counter=n %}one {{ name }}"
    "{% plural %}{{ counter }} of {{ name }}{% endblocktranslate %}",
    "{% load l10n %}{% localize off %}{{ dec }}{% endlocalize %}{{ dec|unlocalize }}",
    "{% lorem 4 w %}|{% lorem 1 p %}",
    "{% debug %}"[0:0] + "{% querystring %}",
]

FILTER_CASES = [
    "{{ s|escape }}|{{ s|force_escape }}|{{ safe|escape }}|{{ s|safe }}|{{ s|escapejs }}",
    "{{ s|upper }}|{{ s|lower }}|{{ safe|upper }}|{{ safe|lower }}|{{ words|title }}|{{ 'x1st y'|title }}",
    "{{ words|capfirst }}|{{ empty|capfirst }}|{{ unicode|upper }}|{{ unicode|title }}",
    "{{ s|addslashes }}|{{ s|cut:'&' }}|{{ safe|cut:'i' }}|{{ words|wordcount }}",
    "{{ s|length }}|{{ items|length }}|{{ n|length }}|{{ none|length }}|{{ people|length }}",
    "{{ none|default:'d' }}|{{ empty|default:s }}|{{ n|default:'x' }}|{{ none|default_if_none:'nn' }}",
    "{{ zero|default_if_none:'z' }}|{{ missing|default:'miss' }}",
    "{{ items|join:', ' }}|{{ items|join:s }}|{{ html_list|join:'<br>' }}|{{ nums|join:'-' }}",
    "{{ items|first }}|{{ items|last }}|{{ s|first }}|{{ empty|first }}|{{ people|first }}",
    "{{ items|slice:':2' }}|{{ s|slice:'2:5' }}|{{ nums|slice:'::-1' }}|{{ s|slice:'bad' }}",
    "{{ n|add:2 }}|{{ n|add:'2' }}|{{ s|add:'x' }}|{{ items|add:nums }}|{{ n|add:s }}",
    "{{ n|divisibleby:3 }}|{{ n|divisibleby:2 }}|{{ '10'|divisibleby:'5' }}",
    "{{ n|pluralize }}|{{ 1|pluralize }}|{{ n|pluralize:'y,ies' }}|{{ items|pluralize }}"
    "|{{ 'x'|pluralize }}|{{ 1|pluralize:'a,b,c' }}",
    "{{ t|yesno:'y,n' }}|{{ no|yesno:'y,n,m' }}|{{ none|yesno:'y,n,m' }}|{{ none|yesno:'y,n' }}"
    "|{{ t|yesno }}|{{ t|yesno:'bad' }}",
    "{{ multi|linebreaks }}|{{ multi|linebreaksbr }}|{{ s|linebreaks }}|{{ multi|linenumbers }}",
    "{{ s|center:20 }}|{{ s|ljust:'20' }}|{{ s|rjust:20 }}|{{ 'ab'|center:5 }}",
    "{{ url|urlencode }}|{{ url|urlencode:'' }}|{{ s|make_list }}|{{ n|make_list }}",
    "{{ phone|phone2numeric }}|{{ items|safeseq|join:',' }}|{{ items|escapeseq|join:',' }}",
    "{{ words|truncatechars:9 }}|{{ words|truncatewords:3 }}|{{ s|striptags }}|{{ words|slugify }}",
    "{{ f|floatformat }}|{{ f|floatformat:2 }}|{{ dec|floatformat:'-3' }}|{{ fl|floatformat }}",
    "{{ date|date:'D d M Y' }}|{{ dt|date:'c' }}|{{ dt|time:'H:i' }}|{{ date }}|{{ dt }}",
    "{{ big|filesizeformat }}|{{ n|stringformat:'03d' }}|{{ d|dictsort:'0' }}"
    "|{{ people|dictsort:'age'|first }}",
    "{{ words|wordwrap:10 }}|{{ n|get_digit:1 }}|{{ url|iriencode }}|{{ url|urlize }}",
    "{{ d|pprint }}|{{ items|unordered_list }}|{{ d|json_script:'x' }}",
    "{{ s|upper|lower|capfirst|length|add:1 }}",
    "{{ s | upper }}",
]


@pytest.mark.parametrize(
    "options", [{}, {"string_if_invalid": "INVALID(%s)"}, {"autoescape": False}]
)
@pytest.mark.parametrize("source", CASES + FILTER_CASES)
def test_same_bytes_as_django(source, options, rf):
    templates = {**TEMPLATES, "case.html": source}
    request = rf.get("/")
    django_out, djust_out = compare(templates, "case.html", CONTEXT, request, **options)
    assert djust_out == django_out


SIMPLE_TAG_CASES = [
    "{% querystring %}|{% querystring page=2 %}|{% querystring q=None x='a b' %}",
    "{% querystring tags=taglist %}|{% querystring page=n|add:1 as qs %}[{{ qs }}]",
    "{% load testtags %}{% for i in items %}{% greet i punct='!' %}{% endfor %}",
    "{% load testtags %}{% greet n as g %}{{ g }}|{% link '/a?b=1&c=2' s %}",
    "{% load testtags %}{% autoescape off %}{% greet s %}{% endautoescape %}",
    "{% load testtags %}{% with key=s %}{% ctxget 'key' %}{% endwith %}",
    "{% load testtags %}{% greet %}",
    "{% load testtags %}{% greet 'a' bogus='x' %}",
]


@pytest.mark.parametrize("options", [{}, {"autoescape": False}])
@pytest.mark.parametrize("case", SIMPLE_TAG_CASES)
def test_simple_tags_match_django(case, options, rf):
    request = rf.get("/?page=1&q=x&tags=a&tags=b")
    ctx = {**CONTEXT, "taglist": ["x", "y"]}
    django_out, djust_out = compare({"t": case}, "t", ctx, request, **options)
    assert djust_out == django_out


L10N_TZ_CASES = [
    "{% load l10n %}{{ f }} {{ big }} {% localize off %}{{ f }} {{ big }}{% localize %}{{ f }}"
    "{% endlocalize %}{{ f }}{% endlocalize %} {{ f }}",
    "{% load l10n %}{% localize on %}{{ dec }}{% endlocalize %}|{{ dec|unlocalize }}|{{ f|localize }}",
    "{% load tz %}{{ dt }}|{% localtime off %}{{ dt }}{{ dt|date:'H:i' }}{% endlocaltime %}|{{ dt|date:'H:i' }}",
    "{% load tz %}{% timezone 'Asia/Tokyo' %}{{ dt|date:'H:i e' }} {% get_current_timezone as tz %}{{ tz }}"
    "{% endtimezone %} {% get_current_timezone as tz %}{{ tz }}",
    "{% load tz %}{% timezone zone %}{{ dt|date:'H:i' }}{% endtimezone %}"
    "{% timezone None %}{{ dt|date:'H:i' }}{% endtimezone %}",
    "{% load tz %}{{ dt|localtime|date:'H:i' }} {{ dt|utc|date:'H:i' }} {{ dt|timezone:'Europe/Paris'|date:'H:i' }}",
    "{% load l10n %}{% localize maybe %}x{% endlocalize %}",
    "{% load tz %}{% localtime on off %}x{% endlocaltime %}",
    "{% load tz %}{% timezone %}x{% endtimezone %}",
    "{% load tz %}{% get_current_timezone %}",
]


@pytest.mark.parametrize("case", L10N_TZ_CASES)
def test_l10n_and_tz_tags_match_django(case):
    import zoneinfo

    from django.test import override_settings
    from django.utils import translation

    ctx = {**CONTEXT, "zone": zoneinfo.ZoneInfo("America/Denver")}
    with (
        translation.override("de"),
        override_settings(TIME_ZONE="Europe/Berlin", USE_THOUSAND_SEPARATOR=True),
    ):
        django_out, djust_out = compare({"t": case}, "t", ctx)
    assert djust_out == django_out


@pytest.mark.parametrize(
    "case",
    [
        "{% lorem %}",
        "{% lorem 3 w %}|{% lorem 30 w %}|{% lorem 2 p %}|{% lorem n b %}|{% lorem 'x' w %}",
        "{% lorem 4 w random %}|{% lorem 2 p random %}",
        "{% lorem 1 2 3 %}",
    ],
)
def test_lorem_matches_django_with_the_same_random_seed(case):
    import random

    from tests.template.harness import engines, outcome

    dj, us = engines({"t": case})
    random.seed(7)
    django_out = outcome(dj, "t", CONTEXT)
    random.seed(7)
    djust_out = outcome(us, "t", CONTEXT)
    assert djust_out == django_out


@pytest.mark.parametrize("debug", [False, True])
def test_debug_tag_matches_django(debug):
    from django.test import override_settings

    with override_settings(DEBUG=debug):
        django_out, djust_out = compare({"t": "<pre>{% debug %}</pre>"}, "t", {"a": 1, "b": "<x>"})
    assert djust_out == django_out


class _Item:
    """Attributes of every kind a loop item's ``{{ item.field }}`` can meet."""

    plain = "<plain & 'str'>"
    safe = mark_safe("<b>safe</b>")
    number = 7
    nothing = None

    def method(self):
        return "<called>"

    def delete(self):
        return "never"

    delete.alters_data = True

    @property
    def broken(self):
        raise Silent("hidden")

    @property
    def missing_inside(self):
        raise AttributeError("inner")


class _StrSubclass(str):
    pass


@pytest.mark.parametrize(
    "options", [{}, {"string_if_invalid": "INVALID(%s)"}, {"autoescape": False}]
)
def test_loop_item_fields_write_as_django_writes_them(options):
    from django.utils.translation import gettext_lazy

    items = [
        _Item(),
        {"plain": "<d>", "safe": mark_safe("<i>"), "number": 1.5, "nothing": None},
        {"plain": _StrSubclass("<sub>"), "safe": gettext_lazy("Yes"), "method": len},
    ]
    fields = ["plain", "safe", "number", "nothing", "method", "delete", "broken", "absent"]
    source = (
        "{% for it in items %}[" + "|".join(f"{{{{ it.{f} }}}}" for f in fields) + "]{% endfor %}"
    )
    django_out, djust_out = compare({"t": source}, "t", {"items": items}, **options)
    assert djust_out == django_out

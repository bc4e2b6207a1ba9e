"""DjustTemplates as a Django backend: loading, caching, errors and the debug page."""

import pytest
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.test import override_settings

from djust.template import DjustTemplates

from .harness import compare


def backend(tmp_path, **options):
    return DjustTemplates({"NAME": "t", "DIRS": [tmp_path], "APP_DIRS": False, "OPTIONS": options})


def test_settings_templates_use_the_rust_engine_with_context_processors(rf):
    request = rf.get("/?q=1")
    out = get_template("testapp/badge.html").render({"label": "<b>"}, request)
    assert out == '<span class="badge">&lt;b&gt;</span>\n'
    t = DjustTemplates(
        {
            "NAME": "cp",
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
        }
    )
    assert t.from_string("{{ request.GET.q }}").render({}, request) == "1"


def test_syntax_error_has_code_line_and_debug_excerpt(tmp_path):
    (tmp_path / "bad.html").write_text("line one\nline two {% if %}\nline three\n")
    with pytest.raises(TemplateSyntaxError) as info:
        backend(tmp_path, debug=True).get_template("bad.html")
    exc = info.value
    assert exc.code == "template.bad-if-expression"
    assert exc.template_debug["line"] == 2
    assert exc.template_debug["during"] == "{% if %}"
    assert exc.template_debug["name"].endswith("bad.html")


def test_unknown_tag_error_names_the_tag_and_line(tmp_path):
    (tmp_path / "t.html").write_text("\n\n{% frobnicate %}")
    with pytest.raises(TemplateSyntaxError, match="line 3: 'frobnicate'") as info:
        backend(tmp_path).get_template("t.html")
    assert info.value.code == "template.unknown-tag"


def test_render_error_is_located_at_the_failing_node_of_an_included_template(tmp_path):
    (tmp_path / "outer.html").write_text("a\n{% include 'inner.html' %}\n")
    (tmp_path / "inner.html").write_text("x\ny {{ obj.boom }}\n")

    class Obj:
        @property
        def boom(self):
            raise RuntimeError("kaboom")

    t = backend(tmp_path, debug=True).get_template("outer.html")
    with pytest.raises(RuntimeError, match="kaboom") as info:
        t.render({"obj": Obj()})
    debug = info.value.template_debug
    assert debug["name"].endswith("inner.html")
    assert debug["line"] == 2
    assert debug["during"] == "{{ obj.boom }}"


def test_missing_include_raises_template_does_not_exist_with_tried_origins(tmp_path):
    (tmp_path / "t.html").write_text("{% include 'nope.html' %}")
    with pytest.raises(TemplateDoesNotExist) as info:
        backend(tmp_path, debug=True).get_template("t.html").render({})
    assert "nope.html" in str(info.value)
    assert info.value.template_debug["during"] == "{% include 'nope.html' %}"


def test_get_template_of_missing_name_lists_what_was_tried(tmp_path):
    with pytest.raises(TemplateDoesNotExist) as info:
        backend(tmp_path).get_template("absent.html")
    assert info.value.backend.name == "t"
    assert str(tmp_path / "absent.html") in [str(o.name) for o, _ in info.value.tried]


def test_changed_template_is_picked_up_when_auto_reload_is_on(tmp_path):
    import os

    f = tmp_path / "page.html"
    f.write_text("one")
    b = backend(tmp_path)
    with override_settings(DEBUG=True):
        assert b.get_template("page.html").render() == "one"
        f.write_text("two")
        os.utime(f, (f.stat().st_atime, f.stat().st_mtime + 5))
        assert b.get_template("page.html").render() == "two"


def test_compiled_templates_are_cached_without_auto_reload(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("one")
    b = backend(tmp_path)
    with override_settings(DEBUG=False):
        first = b.get_template("page.html")
        f.write_text("two")
        assert b.get_template("page.html").compiled is first.compiled
        assert b.get_template("page.html").render() == "one"


def touch(f, text):
    import os

    f.write_text(text)
    os.utime(f, (f.stat().st_atime, f.stat().st_mtime + 5))


def test_included_and_extended_templates_are_remembered_without_auto_reload(tmp_path):
    (tmp_path / "base.html").write_text("[{% block b %}{% endblock %}]")
    (tmp_path / "part.html").write_text("part1")
    (tmp_path / "page.html").write_text(
        "{% extends 'base.html' %}{% block b %}{% include 'part.html' %}{% endblock %}"
    )
    b = backend(tmp_path)
    with override_settings(DEBUG=False):
        assert b.get_template("page.html").render() == "[part1]"
        # The first render compiled base and part (which empties the cache).
        assert b.get_template("page.html").render() == "[part1]"
        assert len(b._resolved) == 2  # the extends and the include
        touch(tmp_path / "part.html", "part2")
        assert b.get_template("page.html").render() == "[part1]"
    with override_settings(DEBUG=True):  # auto-reload: every name is resolved again
        assert b.get_template("page.html").render() == "[part2]"
        touch(tmp_path / "part.html", "part3")
        assert b.get_template("page.html").render() == "[part3]"
    with override_settings(DEBUG=False):  # nothing stale from before the reloads
        assert b.get_template("page.html").render() == "[part3]"


def test_unknown_djust_setting_is_refused():
    from djust.conf import settings
    from djust.exceptions import ImproperlyConfigured

    with override_settings(DJUST={"TEMPLATE_AUTO_RELOADS": True}):
        with pytest.raises(ImproperlyConfigured, match="config.unknown-setting"):
            settings()


def test_custom_block_tag_renders_through_django_for_that_node_only(tmp_path):
    (tmp_path / "t.html").write_text(
        "{% load testtags %}{% for i in items %}{% repeat 2 %}{{ i }}{% endrepeat %}"
        "{{ forloop.counter }}{% endfor %}{% greet 'x' as g %}{{ g }}"
    )
    out = backend(tmp_path).get_template("t.html").render({"items": ["a", "b"]})
    assert out == "aa1bb2Hi &lt;x&gt;."


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_cache_tag_reuses_the_fragment_and_varies_by_its_arguments(tmp_path):
    from django.core.cache import cache

    cache.clear()
    (tmp_path / "c.html").write_text(
        "{% load cache %}{% cache 60 frag user %}[{{ user }}:{{ n }}]{% endcache %}"
    )
    t = backend(tmp_path).get_template("c.html")
    assert t.render({"user": "ann", "n": 1}) == "[ann:1]"
    assert t.render({"user": "ann", "n": 2}) == "[ann:1]"  # served from the cache
    assert t.render({"user": "bob", "n": 3}) == "[bob:3]"  # another vary_on value


@pytest.mark.parametrize(
    "source",
    [
        "{% load cache %}{% cache %}x{% endcache %}",
        "{% load cache %}{% cache 'soon' frag %}x{% endcache %}",
        "{% load cache %}{% cache 1 frag using='nope' %}x{% endcache %}",
    ],
)
def test_cache_tag_errors_match_django(source):
    from tests.template.harness import compare

    django_out, djust_out = compare({"t": source}, "t", {})
    assert djust_out == django_out
    assert djust_out[0] == "error"


def test_missing_engine_is_reported_by_a_system_check(monkeypatch):
    import builtins

    from djust.checks import check_engine_built

    assert check_engine_built(None) == []
    real_import = builtins.__import__

    def fake_import(name, globals=None, locals=None, fromlist=(), level=0):
        if name == "djust" and fromlist and "_rust" in fromlist:
            raise ImportError("No module named 'djust._rust'")
        return real_import(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    errors = check_engine_built(None)
    assert [e.id for e in errors] == ["djust.E001"]
    assert "maturin develop" in errors[0].hint


@pytest.mark.parametrize("autoescape", [True, False])
def test_a_dict_render_gives_django_code_a_bound_context(autoescape):
    # A plain dict renders without a Context until Django-side code asks for one.
    templates = {"t.html": "{% load testtags %}{{ x }} {% bound_template %} {% ctxget 'x' %}"}
    django, djust = compare(templates, "t.html", {"x": "<i>"}, autoescape=autoescape)
    assert django == djust
    assert django[1].startswith("<i>" if not autoescape else "&lt;i&gt;")
    assert "t.html|False|" + str(autoescape) in django[1]

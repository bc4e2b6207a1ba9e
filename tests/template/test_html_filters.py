"""striptags, truncatechars_html and truncatewords_html: Rust tokenises the HTML every
Python release agrees on, and leaves the rest to Django's function. Generated HTML
(well-formed and not) must render the same bytes either way."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.template.harness import compare, engines, forbid_django_filters

_dj, _us = engines({})

WORDS = ["one", "two", "Ünïcode", "a&amp;b", "&lt;x&gt;", "&#39;q&#x27;", "&nbsp;", "é"]
SPACES = [" ", "  ", "\n", "\t ", "\u00a0", ""]
TAGS = ["p", "b", "i", "span", "div", "P", "em"]
VOIDS = ["br", "img", "hr", "input"]
ATTRS = ["", ' class="c"', " id=x", " title='a>b'", ' data-x = "1"', " disabled"]
# Constructs the native tokenizer hands to Django: comments, bare '<', script, bad
# entities, odd tag syntax.
ODD = ["<!-- c -->", "a < b", "<script>x<b></script>", "AT&T", "&bogus", "<a href=x/>", "<"]


@st.composite
def html(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 9))
        if kind < 4:
            parts.append(draw(st.sampled_from(WORDS)) + draw(st.sampled_from(SPACES)))
        elif kind < 6 and depth < 3:
            tag = draw(st.sampled_from(TAGS))
            inner = draw(html(depth + 1))
            close = draw(st.sampled_from([f"</{tag}>", f"</{tag.lower()}>", ""]))
            parts.append(f"<{tag}{draw(st.sampled_from(ATTRS))}>{inner}{close}")
        elif kind < 8:
            end = draw(st.sampled_from([">", "/>", " />"]))
            parts.append(f"<{draw(st.sampled_from(VOIDS))}{draw(st.sampled_from(ATTRS))}{end}")
        elif kind < 9:
            parts.append(draw(st.sampled_from(["</b>", "</div>", "<b/>", "<span />"])))
        else:
            parts.append(draw(st.sampled_from(ODD)))
    return "".join(parts)


FILTERS = ["striptags", "truncatewords_html:{n}", "truncatechars_html:{n}"]


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=html(), filt=st.sampled_from(FILTERS), n=st.integers(-1, 12))
def test_generated_html_matches_django(value, filt, n):
    source = "{{ v|" + filt.format(n=n) + " }}|{{ v|safe|" + filt.format(n=n) + " }}"
    ours = _us.from_string(source).render({"v": value})
    assert ours == _dj.from_string(source).render({"v": value})


CASES = [
    "<p>Joel is a <b>slug</b></p> and <br/>more",
    "<a href=\"/x?a=1&amp;b=2\" title='t>t'>link text here</a> tail",
    "<p>one two</p><p> three   four five</p>",
    "<div><span>Ĉhàrs áre çounted</span> &amp; entities &#233; too</div>",
    "<ul><li>a<li>b</ul>",
    "plain text with no tags at all",
    "<p>exactly</p>",
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("filt", ["striptags", "truncatewords_html:3", "truncatechars_html:9"])
def test_common_html_is_handled_natively(case, filt, monkeypatch):
    expected = _dj.from_string("{{ v|" + filt + " }}").render({"v": case})

    forbid_django_filters(monkeypatch)
    assert _us.from_string("{{ v|" + filt + " }}").render({"v": case}) == expected


@pytest.mark.parametrize("odd", ODD)
def test_html_outside_the_native_grammar_still_matches(odd):
    source = "{{ v|striptags }}|{{ v|truncatewords_html:2 }}|{{ v|truncatechars_html:4 }}"
    django, djust = compare({"t": source}, "t", {"v": f"<p>x {odd} y</p>"})
    assert django == djust

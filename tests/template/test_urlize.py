"""urlize and urlizetrunc: Rust links the words it can link exactly (ASCII, no
entities or percent-escapes) and leaves any other value to Django's function.
Generated text must render the same bytes either way."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.template.harness import engines, forbid_django_filters

_dj, _us = engines({})
_dj_off, _us_off = engines({}, autoescape=False)

PIECES = [
    "http://example.com",
    "HTTPS://Ex.ORG/a/b",
    "https://x.co:8080/p?q=a+b",
    "http://a.b/?k",
    "http://x.com/#frag",
    "http://x.com/?",
    "http://x.com/path#",
    "https://_u.io/{x}|y^",
    "www.djangoproject.com",
    "WWW.x.y",
    "example.net/page",
    "foo.org",
    "sub.example.com/a@b",
    "a@b.com",
    "first.last+tag@mail.example.co.uk",
    "x@xn--p1ai.xn--p1ai",
    "bad@-x.com",
    "not@tld.c0m",
    "user@localhost",
    "a.b",
    "x.y.z",
    "1.5",
    "http:",
    "mailto:x@y.com",
    "@home",
    "time: 10:30",
    "http://x.com?a=1&b=2",
    "http://x.com/%41",
    "&amp;",
    "café.com",
    "http://[::1]/",
    "ümlaut@x.com",
]
PUNCT = ["", ".", ",", ")", "(", "[", "]", "!", ";", ":", ").", "'", '"', "<", ">"]
SEPS = [" ", "  ", "\n", "\t", "\u00a0", "<br>", "'", '"']


@st.composite
def text(draw):
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        word = draw(st.sampled_from(PIECES))
        parts.append(draw(st.sampled_from(PUNCT)) + word + draw(st.sampled_from(PUNCT)))
        parts.append(draw(st.sampled_from(SEPS)))
    return "".join(parts)


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    value=text(),
    filt=st.sampled_from(["urlize", "urlizetrunc:{n}", "safe|urlize", "safe|urlizetrunc:{n}"]),
    n=st.integers(-2, 30),
    autoescape=st.booleans(),
)
def test_generated_text_matches_django(value, filt, n, autoescape):
    dj, us = (_dj, _us) if autoescape else (_dj_off, _us_off)
    source = "{{ v|" + filt.format(n=n) + " }}"
    assert us.from_string(source).render({"v": value}) == dj.from_string(source).render(
        {"v": value}
    )


CASES = [
    "Visit www.example.com, or mail team@example.com (or http://example.org/docs).",
    "See https://Django.example.org/path?query=a+b#top!",
    "No links here: 1.5 and 10:30 and a.b",
    "<script>alert('x')</script> www.x.org",
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("filt", ["urlize", "urlizetrunc:15"])
def test_plain_text_links_are_made_natively(case, filt, monkeypatch):
    expected = _dj.from_string("{{ v|" + filt + " }}").render({"v": case})

    forbid_django_filters(monkeypatch)
    assert _us.from_string("{{ v|" + filt + " }}").render({"v": case}) == expected

"""Finding a page's main region and head (djust/html.py), as the browser would."""

import pytest

from djust import html


def inner(page):
    main = html.find_main(page)
    return None if main is None else page[main.inner_start : main.inner_end]


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<body><main dj-main>hi</main></body>", "hi"),
        ('<main class="x" dj-main="">a<main>b</main>c</main>', "a<main>b</main>c"),
        ("<div dj-main><div><div></div></div>x</div><div>after</div>", "<div><div></div></div>x"),
        ("<DIV DJ-MAIN>upper</div>", "upper"),  # names are case-insensitive in HTML
        ("<div data-x='a>b' dj-main>quoted</div>", "quoted"),
        ("<!-- <main dj-main>no</main> --><main dj-main>yes</main>", "yes"),
        ("<script>'<main dj-main>'</script><main dj-main>yes</main>", "yes"),
        ("<main dj-main><script>'</main>'</script>s</main>", "<script>'</main>'</script>s"),
        ("<main data-dj-main>not it</main>", None),
        ("<main dj-main>never closed", None),
        ("<p>no main</p>", None),
    ],
)
def test_find_main_finds_the_elements_content_as_the_browser_would(page, expected):
    assert inner(page) == expected


def test_head_parts():
    page = '<!doctype html><html lang="fr" dir="ltr"><head><title>T</title></head><body></body>'
    assert html.head_inner(page) == "<title>T</title>"
    assert html.html_attrs(page) == ' lang="fr" dir="ltr"'
    assert page[html.head_close(page) :].startswith("</head>")
    assert html.head_inner("<p>none</p>") == "" and html.head_close("<p>none</p>") is None


def test_byte_offset_counts_utf8_bytes():
    assert html.byte_offset("é☃x", 2) == 5

"""The page a live view's first GET serves: the root, the runtime (once), the
document or layout around a fragment, and the engine it renders with."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.test import Client, override_settings

from tests.settings import BASE

pytestmark = pytest.mark.django_db


def get(url):
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_fragment_is_served_in_a_minimal_document_with_the_runtime():
    html = get("/live/counter/")
    assert html.startswith('<!DOCTYPE html><html lang="en-us"><head><meta charset="utf-8">')
    assert html.count('<script src="/static/djust/djust.js" defer dj-shell></script>') == 1
    assert re.search(r'<body><div dj-view dj-token="[^"]+" dj-hash="[0-9a-f]{16}">', html)


def test_a_document_gets_the_runtime_once_and_its_body_is_the_root():
    html = get("/live/document/")
    assert html.count("djust/djust.js") == 1
    assert html.index("djust/djust.js") < html.index("</head>")
    assert re.search(r'<body class="doc" dj-view dj-token="[^"]+" dj-hash="[0-9a-f]+">', html)


@override_settings(DJUST={"LIVEVIEW_LAYOUT": "live/layout.html", "LIVEVIEW_BLOCK": "main"})
def test_a_fragment_is_served_in_the_layout_settings_name():
    html = get("/live/counter/")
    assert html.startswith("<!doctype html><html><head><title>Layout</title>")
    assert html.count("djust/djust.js") == 1
    assert re.search(r'<main><div dj-view dj-token="[^"]+" dj-hash="[^"]+"><button', html)


def test_only_get_is_served():
    assert Client().post("/live/counter/").status_code == 405


def test_live_views_render_with_the_rust_engine_whatever_templates_say():
    django_engine = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [BASE / "templates"],
            "APP_DIRS": True,
        }
    ]
    with override_settings(TEMPLATES=django_engine):
        from djust.live.engine import engine
        from djust.template.backend import DjustTemplates

        assert isinstance(engine(), DjustTemplates)
        html = get("/live/document/")  # a template file, found through DIRS
        assert "<p>n = 0</p>" in html


def test_import_djust_works_before_settings_are_configured():
    code = (
        "import djust\n"
        "from djust import LiveView, event\n"
        "class Counter(LiveView):\n"
        "    @event\n"
        "    def increment(self, by: int = 1): pass\n"
        "print(sorted(Counter._djust_events))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['increment']"


def test_a_project_without_session_or_csrf_middleware_is_warned():
    from django.core import checks

    with override_settings(MIDDLEWARE=[]):
        found = [m.id for m in checks.run_checks(tags=[checks.Tags.security])]
    assert "djust.W001" in found
    assert "djust.W001" not in [m.id for m in checks.run_checks(tags=[checks.Tags.security])]

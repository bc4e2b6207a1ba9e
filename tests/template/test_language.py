"""The active language as renders see it: remembered between renders, never stale."""

import threading
from decimal import Decimal

from django.test import override_settings
from django.utils import translation

from djust.template.language import active_language

from .harness import engines

DJANGO, DJUST = engines({})
TEMPLATE = "{{ price }} {{ when|date }}"


def render_both(context):
    return tuple(b.from_string(TEMPLATE).render(context) for b in (DJUST, DJANGO))


def test_activate_and_deactivate_between_renders_change_the_output():
    import datetime

    context = {"price": Decimal("1234.5"), "when": datetime.date(2026, 3, 1)}
    seen = []
    try:
        for language in ["de", "en", "de", "fr", None]:
            if language is None:
                translation.deactivate()
            else:
                translation.activate(language)
            ours, django = render_both(context)
            assert ours == django
            seen.append(ours)
    finally:
        translation.deactivate()
    assert seen[0] == seen[2] != seen[1]
    assert seen[0].startswith("1234,5") and seen[1].startswith("1234.5")


def test_override_inside_another_override_is_seen():
    with translation.override("de"):
        assert active_language() == "de"
        with translation.override("fr"):
            assert active_language() == "fr"
        assert active_language() == "de"


def test_another_thread_sees_its_own_language():
    results = {}
    with translation.override("de"):
        assert active_language() == "de"
        thread = threading.Thread(target=lambda: results.setdefault("t", active_language()))
        thread.start()
        thread.join()
        assert active_language() == "de"
    assert results["t"] == translation.get_language() != "de"


def test_language_code_setting_change_is_seen():
    translation.deactivate()
    before = active_language()
    with override_settings(LANGUAGE_CODE="fr"):
        assert active_language() == translation.get_language() == "fr"
    assert active_language() == before

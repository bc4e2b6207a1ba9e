"""The i18n tags and translated literals, rendered by Django and by Djust in several
languages: the bytes must match.
"""

import pytest

from tests.template.harness import compare

TRANSLATE_CASES = [
    "{% translate 'January' %}|{% trans \"Monday\" %}|{% translate 'Hello <b>' %}",
    "{% translate 'May' context 'month name' %}|{% translate 'may' context 'abbrev. month' %}",
    "{% translate 'January' noop %}|{% translate s noop %}|{% translate s %}|{% translate month %}",
    "{% translate 'January' as j %}[{{ j }}]{% translate s as t %}{{ t }}|{{ j|upper }}",
    "{% translate 'January'|upper %}|{% translate month|lower %}|{% translate '100%' %}",
    "{% translate '50%% off' %}|{% translate \"it\\'s\" %}|{% translate 'a\\\\b' %}",
    "{% translate missing %}|{% translate n %}",
    "{% get_current_language as L %}{{ L }}|{% get_current_language_bidi as B %}{{ B }}",
    "{% translate %}",
    "{% translate 'x' context %}",
    "{% translate 'x' as %}",
    "{% translate 'x' bogus %}",
    "{% translate 'x' noop noop %}",
]


@pytest.mark.parametrize(
    "options", [{}, {"string_if_invalid": "INVALID(%s)"}, {"autoescape": False}]
)
@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("case", TRANSLATE_CASES)
def test_translate_matches_django(case, language, options):
    from django.utils import translation

    ctx = {"s": "<Hi> 100%", "month": "March", "n": 3}
    with translation.override(language):
        django_out, djust_out = compare({"t": "{% load i18n %}" + case}, "t", ctx, **options)
    assert djust_out == django_out


BLOCKTRANSLATE_CASES = [
    "{% blocktranslate %}Hello {{ s }}!{% endblocktranslate %}",
    "{% blocktrans with a=s b=n|add:1 %}{{ a }} and {{ b }} 100%{% endblocktrans %}",
    "{% blocktranslate count counter=n %}{{ counter }} item{% plural %}{{ counter }} items"
    "{% endblocktranslate %}",
    "{% blocktranslate count c=one %}one {{ c }}{% plural %}many {{ c }}{% endblocktranslate %}",
    "{% blocktranslate context 'month name' %}May{% endblocktranslate %}",
    "{% blocktranslate trimmed %}\n  first   line\n   second {{ s }}\n{% endblocktranslate %}",
    "{% blocktranslate asvar v %}got {{ s }}{% endblocktranslate %}[{{ v }}]",
    "{% blocktranslate %}{{ missing }} and {{ s.upper }} {{ s|upper }}{% endblocktranslate %}",
    "{% blocktranslate %}January{% endblocktranslate %}|{% blocktrans %}50%% {% endblocktrans %}",
    "{% blocktranslate count counter='x' %}a{% plural %}b{% endblocktranslate %}",
    "{% blocktranslate %}a{% if 1 %}{% endif %}{% endblocktranslate %}",
    "{% blocktranslate bogus %}a{% endblocktranslate %}",
    "{% blocktranslate with %}a{% endblocktranslate %}",
    "{% blocktranslate count a=1 b=2 %}a{% plural %}b{% endblocktranslate %}",
    "{% blocktranslate asvar %}a{% endblocktranslate %}",
    "{% blocktranslate %}unclosed",
]


@pytest.mark.parametrize(
    "options", [{}, {"string_if_invalid": "INVALID(%s)"}, {"autoescape": False}]
)
@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("case", BLOCKTRANSLATE_CASES)
def test_blocktranslate_matches_django(case, language, options):
    from django.utils import translation

    ctx = {"s": "<Hi> 100%", "n": 3, "one": 1}
    with translation.override(language):
        django_out, djust_out = compare({"t": "{% load i18n %}" + case}, "t", ctx, **options)
    assert djust_out == django_out


I18N_MISC_CASES = [
    "{% language 'de' %}{% translate 'January' %} {{ d|date:'F' }}{% endlanguage %}"
    "|{% translate 'January' %} {{ d|date:'F' }}",
    "{% language 'fr' %}{{ f }}{% language 'en' %}{{ f }}{% endlanguage %}{{ f }}{% endlanguage %}",
    "{% get_available_languages as langs %}{{ langs|length }} {{ langs.0.0 }}",
    "{% get_language_info for 'de' as l %}{{ l.name }} {{ l.name_local }} {{ l.bidi }}",
    "{% get_language_info_list for codes as ls %}{% for l in ls %}{{ l.code }}{% endfor %}",
    "{% language %}x{% endlanguage %}",
    "{% get_available_languages %}",
    "{% get_language_info 'de' as l %}",
    "{% load static %}{% get_static_prefix %}|{% get_media_prefix as m %}[{{ m }}]",
    "{% load static %}{% get_static_prefix bogus %}",
]


@pytest.mark.parametrize("case", I18N_MISC_CASES)
def test_i18n_and_prefix_tags_match_django(case):
    import datetime as dt

    from django.test import override_settings

    ctx = {"d": dt.date(2024, 1, 5), "f": 1.5, "codes": ["en", ("de", "German")]}
    with override_settings(MEDIA_URL="/media/é x/"):
        django_out, djust_out = compare({"t": "{% load i18n %}" + case}, "t", ctx)
    assert djust_out == django_out

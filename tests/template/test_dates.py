"""The native `date` and `time` filters against Django's, for every format character,
every kind of value, and several languages."""

import datetime
import zoneinfo

import pytest
from django.test import override_settings
from django.utils import translation

from tests.template.harness import compare

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
VALUES = {
    "naive": datetime.datetime(2021, 1, 1, 0, 0, 0),
    "aware": datetime.datetime(2024, 2, 29, 23, 45, 10, 123456, tzinfo=datetime.UTC),
    "paris": datetime.datetime(2024, 7, 14, 12, 0, tzinfo=PARIS),
    "date": datetime.date(2024, 12, 30),
    "time": datetime.time(0, 5, 9),
    "noon": datetime.time(12, 0),
}
FORMATS = [
    "",
    "DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
    "Y-m-d H:i:s",
    "aAfgGhHiPsu",
    "bdDEFjlLmMnNoStwWyYz",
    r"\Y\e\s Y \\Y jS \o\f F",
    "eOTZIUrc",
    "D, j M Y",
]


@pytest.mark.parametrize("language", ["en", "de", "fr"])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("filter_name", ["date", "time"])
def test_date_filters_match_django(filter_name, fmt, language):
    arg = f":'{fmt}'" if fmt else ""
    source = " | ".join(f"{{{{ {name}|{filter_name}{arg} }}}}" for name in VALUES)
    with translation.override(language), override_settings(TIME_ZONE="America/Chicago"):
        django_out, djust_out = compare({"t": source}, "t", VALUES)
    assert djust_out == django_out


def test_dates_render_like_django_without_filters():
    with override_settings(TIME_ZONE="Asia/Kolkata"):
        django_out, djust_out = compare(
            {"t": "{{ naive }}|{{ aware }}|{{ date }}|{{ time }}|{% now 'Y' %}"}, "t", VALUES
        )
    assert djust_out == django_out

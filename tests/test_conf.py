"""djust.conf: the one place settings are read."""

from django.test import override_settings

from djust.conf import settings


def test_settings_django_leaves_unset_read_as_empty():
    # Django's own template suite overrides TEMPLATES with None: the engine must
    # still read its settings (the suite dropped to 25% when it did not).
    with override_settings(TEMPLATES=None, MIDDLEWARE=None, ALLOWED_HOSTS=None):
        config = settings()
        assert config.templates == () and config.middleware == () and config.allowed_hosts == ()

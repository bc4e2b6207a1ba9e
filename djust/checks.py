"""System checks (``manage.py check``), each with a stable id."""

from django.core import checks


@checks.register(checks.Tags.templates)
def check_engine_built(app_configs, **kwargs):
    """djust.E001: the compiled engine (djust._rust) must be importable."""
    try:
        from djust import _rust  # noqa: F401
    except ImportError as e:
        return [
            checks.Error(
                f"Djust's compiled engine cannot be imported ({e}).",
                hint="Install djust from a wheel, or build it in place with "
                "`maturin develop --release` (make build).",
                id="djust.E001",
            )
        ]
    return []

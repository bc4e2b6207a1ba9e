"""Djust: Django pages and forms that feel instant, rendered by a Rust engine.

Importing this package does not touch Django settings, so ``import djust`` works
before settings are configured: ``LiveView`` and ``event`` are imported on first use.
"""

__version__ = "0.1.0"

__all__ = ["LiveView", "event"]


def __getattr__(name):
    if name == "LiveView":
        from djust.live.view import LiveView

        return LiveView
    if name == "event":
        from djust.live.events import event

        return event
    raise AttributeError(f"module 'djust' has no attribute {name!r}")

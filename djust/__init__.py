"""Djust: Django pages and forms that feel instant, rendered by a Rust engine.

Importing this package does not touch Django settings, so ``import djust`` works
before settings are configured.
"""

__version__ = "0.1.0"

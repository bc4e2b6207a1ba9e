"""The channel layer broadcasts travel on: the project's ``CHANNEL_LAYERS``
(channels-redis to reach other processes), or one in-memory layer per process
when none is configured."""

from __future__ import annotations

import re

from channels.layers import InMemoryChannelLayer, get_channel_layer

from djust.conf import settings
from djust.exceptions import ImproperlyConfigured

_local = None
_GROUP = re.compile(r"^[a-zA-Z0-9_.\-]{1,90}$")


def channel_layer():
    global _local
    if settings().channel_layers:
        return get_channel_layer()
    if _local is None:
        _local = InMemoryChannelLayer()
    return _local


def check_group(group: str) -> str:
    """A group name Channels accepts (ASCII letters, digits, ``-_.``; under 90)."""
    if not isinstance(group, str) or not _GROUP.match(group):
        raise ImproperlyConfigured(
            f"broadcast group {group!r}: use 1-90 ASCII letters, digits, '-', '_' or '.' "
            f"(code: config.bad-group)"
        )
    return group

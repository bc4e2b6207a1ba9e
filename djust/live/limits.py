"""Rate limits for what one socket may send."""

from __future__ import annotations

import time


class TokenBucket:
    """``rate`` messages a second, with bursts of up to ``rate``."""

    __slots__ = ("rate", "tokens", "last")

    def __init__(self, rate: float):
        self.rate = float(rate)
        self.tokens = float(rate)
        self.last = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.rate, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False

"""The demo project as production runs it (DEBUG off), for benchmarks/live.py: no
rate limit, so the client can send events back to back."""

from demo.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "live_urls"
ALLOWED_HOSTS = ["127.0.0.1"]
DJUST = {**DJUST, "EVENTS_PER_SECOND": 1_000_000, "MAX_VIEWS_PER_SOCKET": 1000}  # noqa: F405

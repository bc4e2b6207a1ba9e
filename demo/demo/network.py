"""For the browser tests of the service worker, from the environment (never set in
normal use): ``DJUST_DEMO_LATENCY_MS`` makes every request to Django wait that long,
as a slow network would, and ``DJUST_DEMO_REQUEST_LOG`` names a file that gets a line
per request the server saw: ``METHOD path purpose part``, ``purpose`` being
``prefetch`` or ``-`` and ``part`` ``main`` (the main region only) or ``page``."""

import asyncio
import os

from asgiref.sync import markcoroutinefunction

LATENCY = float(os.environ.get("DJUST_DEMO_LATENCY_MS", "0")) / 1000
LOG = os.environ.get("DJUST_DEMO_REQUEST_LOG")


class SlowNetwork:
    async_capable = True
    sync_capable = False

    def __init__(self, get_response):
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request):
        if LOG:
            purpose = request.headers.get("X-Sec-Purpose", "") or "-"
            part = "main" if request.headers.get("X-Djust-Main") else "page"
            with open(LOG, "a") as log:
                log.write(f"{request.method} {request.get_full_path()} {purpose} {part}\n")
        if LATENCY:
            await asyncio.sleep(LATENCY)
        return await self.get_response(request)

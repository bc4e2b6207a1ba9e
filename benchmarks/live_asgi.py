"""The benchmark's server: the demo's live views (DEBUG off), a plain Channels echo
consumer at /echo/ and a bare ASGI echo at /raw-echo/ as baselines, and a timer at
the ASGI boundary: for each text frame, the time from the server receiving it to the
server sending its reply (``GET /bench-times/`` returns and clears them)."""

import json
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "live_settings")

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

from djust.asgi import get_asgi_application  # noqa: E402

# DEBUG is off: static files (the runtime, for the browser figure) as a CDN or
# whitenoise would serve them.
djust_app = get_asgi_application()
static = ASGIStaticFilesHandler(djust_app)
times: dict[str, list[float]] = {}


class Echo(AsyncWebsocketConsumer):
    async def receive(self, text_data=None, bytes_data=None):
        await self.send(text_data=text_data)


echo = Echo.as_asgi()


async def raw_echo(scope, receive, send):
    while True:
        message = await receive()
        if message["type"] == "websocket.connect":
            await send({"type": "websocket.accept"})
        elif message["type"] == "websocket.receive":
            await send({"type": "websocket.send", "text": message["text"]})
        else:
            return


def timed(app, path):
    async def run(scope, receive, send):
        started = []

        async def timed_receive():
            message = await receive()
            if message["type"] == "websocket.receive":
                started.append(time.perf_counter())
            return message

        async def timed_send(message):
            if message["type"] == "websocket.send" and started:
                times.setdefault("frame", []).append(time.perf_counter() - started.pop())
            await send(message)

        return await app(scope, timed_receive, timed_send)

    return run


async def stats(send):
    body = json.dumps(times).encode()
    times.clear()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


async def application(scope, receive, send):
    if scope["type"] == "websocket":
        path = scope["path"]
        app = {"/echo/": echo, "/raw-echo/": raw_echo}.get(path, djust_app)
        return await timed(app, path)(scope, receive, send)
    if scope["type"] == "http" and scope["path"] == "/bench-times/":
        return await stats(send)
    if scope["type"] == "http":
        return await static(scope, receive, send)
    return await djust_app(scope, receive, send)


# Also timed: the view's own work (handler, render, diff) as the server runs it.
from djust.live.session import ViewSession  # noqa: E402

_event = ViewSession.event


def _timed_event(self, *args, **kwargs):
    started = time.perf_counter()
    try:
        return _event(self, *args, **kwargs)
    finally:
        times.setdefault("work", []).append(time.perf_counter() - started)


ViewSession.event = _timed_event

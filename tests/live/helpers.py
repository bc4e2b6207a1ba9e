"""Driving the live-view socket in-process: Django's test client for the page,
Channels' communicator for the socket, the real ASGI application for both."""

from __future__ import annotations

import json
import re

from asgiref.testing import ApplicationCommunicator
from django.test import Client

from djust.asgi import get_asgi_application

ORIGIN = "http://testserver"


class Page:
    """A live view's page as the first GET served it."""

    def __init__(self, url: str, client: Client | None = None):
        self.client = client or Client()
        self.url = url
        response = self.client.get(url)
        assert response.status_code == 200, response.status_code
        self.html = response.content.decode()
        self.tokens = re.findall(r'dj-token="([^"]+)"', self.html)
        self.hashes = re.findall(r'dj-view dj-token="[^"]+" dj-hash="([^"]+)"', self.html)
        self.cookie = "; ".join(f"{k}={v.value}" for k, v in self.client.cookies.items())

    @property
    def token(self) -> str:
        return self.tokens[0]

    def join_payload(self, **changes) -> dict:
        payload = {"v": 1, "token": self.token, "url": self.url, "hash": self.hashes[0]}
        payload.update(changes)
        return payload


class WebsocketCommunicator(ApplicationCommunicator):
    """An ASGI websocket client in-process (``channels.testing`` needs daphne)."""

    def __init__(self, app, path: str, headers):
        scope = {
            "type": "websocket",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": headers,
            "subprotocols": [],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }
        super().__init__(app, scope)

    async def connect(self):
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(5)
        return response["type"] == "websocket.accept", response

    async def send_to(self, text_data=None, bytes_data=None):
        message = {"type": "websocket.receive"}
        message["text" if text_data is not None else "bytes"] = (
            text_data if text_data is not None else bytes_data
        )
        await self.send_input(message)

    async def receive_from(self, timeout=5):
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return response.get("text") or response.get("bytes")

    async def disconnect(self):
        await self.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.wait(5)


class Socket:
    def __init__(self, communicator):
        self.c = communicator
        self.ref = 0
        self.state_ids: dict[str, str] = {}

    async def send(self, frame) -> None:
        await self.c.send_to(text_data=frame if isinstance(frame, str) else json.dumps(frame))

    async def receive(self, timeout: float = 5) -> list:
        return json.loads(await self.c.receive_from(timeout=timeout))

    async def request(self, topic: str, event: str, payload: dict, join_ref="1") -> list:
        self.ref += 1
        await self.send([join_ref, self.ref, topic, event, payload])
        reply = await self.receive()
        assert reply[1] == self.ref and reply[3] == "reply", reply
        return reply

    async def join(self, page: Page, topic: str = "lv:1", **changes) -> dict:
        """The join's reply, without the saved state's id (checked, and kept in
        ``self.state_ids``)."""
        return self.without_state_id(
            topic, (await self.request(topic, "join", page.join_payload(**changes)))[4]
        )

    def without_state_id(self, topic: str, reply: dict) -> dict:
        if "e" not in reply:
            assert isinstance(reply.get("i"), str) and len(reply["i"]) >= 16, reply
            self.state_ids[topic] = reply.pop("i")
        return reply

    async def event(self, topic: str, handler: str, /, **params) -> dict:
        return (await self.request(topic, "event", {"n": handler, "p": params}))[4]

    async def close(self):
        await self.c.disconnect()


async def connect(page: Page | None = None, origin: str = ORIGIN, cookie: str | None = None):
    headers = [(b"host", b"testserver")]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    cookie = page.cookie if cookie is None and page is not None else cookie
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    communicator = WebsocketCommunicator(get_asgi_application(), "/djust/ws/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return Socket(communicator)

"""The socket: one per page, multiplexing every live view on it.

An ASGI application for Channels' websocket scope (behind its session and auth
middleware). Each text frame is ``[join_ref, ref, topic, event, payload]``
(``djust/protocol.py``). Whatever a client sends, the reply is a frame with a coded
error at worst: the socket stays usable and no other view or user is affected.
"""

from __future__ import annotations

import functools
import json
import logging
from urllib.parse import urlsplit

from channels.exceptions import StopConsumer
from channels.utils import await_many_dispatch
from django.core.serializers.json import DjangoJSONEncoder
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host
from django.urls import Resolver404, resolve
from django.utils.module_loading import import_string

from djust import protocol
from djust.conf import settings
from djust.exceptions import Refused
from djust.live import tokens
from djust.live.layer import channel_layer
from djust.live.limits import TokenBucket
from djust.live.request import SocketRequest
from djust.live.session import EventFailed, ViewSession
from djust.live.worker import run_later, run_sync

logger = logging.getLogger("djust.live")

_CLIENT = protocol.CLIENT
_ID_TYPES = (str, int, type(None))


def _dump(value) -> str:
    return json.dumps(value, separators=(",", ":"), cls=DjangoJSONEncoder)


def origin_allowed(scope) -> bool:
    """Whether the socket's ``Origin`` header names a host in ``ALLOWED_HOSTS``."""
    origin = next((v for k, v in scope.get("headers", ()) if k == b"origin"), None)
    if not origin:
        return False
    host = urlsplit(origin.decode("latin-1")).netloc
    domain, _port = split_domain_port(host)
    config = settings()
    allowed = list(config.allowed_hosts)
    if config.debug and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return bool(domain) and validate_host(domain, allowed)


def resolve_view(path: str, url: str, kwargs):
    """The (class, mount kwargs, as_view kwargs) a token names. A page's view takes
    its arguments from its URL, resolved again here."""
    from djust.live.view import LiveView

    if kwargs is not None:
        view_class, initkwargs = import_string(path), {}
    else:
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            raise Refused("join.wrong-url", f"{url!r} is not a URL of this site") from None
        view_class = getattr(match.func, "view_class", None)
        kwargs, initkwargs = match.kwargs, getattr(match.func, "view_initkwargs", {})
    if not (isinstance(view_class, type) and issubclass(view_class, LiveView)):
        raise Refused("join.token-invalid", "the token names no live view")
    if view_class.path() != path:
        raise Refused("join.wrong-url", f"{url!r} is served by another view now")
    return view_class, kwargs, initkwargs


class LiveSocket:
    """The ASGI application serving ``DJUST['SOCKET_PATH']``."""

    async def __call__(self, scope, receive, send):
        connection = Connection(scope, send)
        try:
            await connection.run(receive)
        finally:
            await connection.close()


class Connection:
    def __init__(self, scope, send):
        self.scope = scope
        self.base_send = send
        config = settings()
        self.max_frame = config.max_frame_bytes
        self.max_views = config.max_views_per_socket
        self.bucket = TokenBucket(config.events_per_second)
        self.views: dict[str, ViewSession] = {}
        self.groups: dict[str, set[str]] = {}  # group -> topics subscribed
        self.layer = channel_layer()
        self.channel: str | None = None
        session = scope.get("session")
        cookie = next((v for k, v in scope.get("headers", ()) if k == b"cookie"), b"")
        cookies = parse_cookie(cookie.decode("latin-1"))
        self.bindings = tokens.bindings(
            getattr(session, "session_key", None), cookies.get(config.csrf_cookie_name)
        )

    async def run(self, receive):
        self.channel = await self.layer.new_channel()
        try:
            # Until a view joins a group nothing can come from the channel layer, so
            # frames are awaited as they are (waiting on both takes a task and an
            # asyncio.wait a frame: 20 us, more after an idle pause).
            while not self.groups:
                await self.dispatch(await receive())
            layer_receive = functools.partial(self.layer.receive, self.channel)
            await await_many_dispatch([receive, layer_receive], self.dispatch)
        except StopConsumer:
            pass

    async def close(self):
        if self.views:
            # The views' thread takes work in order: this runs after every state saved
            # after a reply of this socket.
            await run_sync(_settle, list(self.views.values()))
        for group in list(self.groups):
            await self.layer.group_discard(group, self.channel)
        self.groups.clear()
        self.views.clear()

    async def dispatch(self, message):
        kind = message.get("type")
        if kind == "websocket.receive":
            text = message.get("text")
            if text is None:
                await self.send_error(None, None, protocol.SOCKET_TOPIC, Refused("frame.malformed"))
            else:
                await self.receive_text(text)
        elif kind == "djust.broadcast":
            await self.broadcast(message)
        elif kind == "websocket.connect":
            await self.connect()
        elif kind == "websocket.disconnect":
            raise StopConsumer()

    async def connect(self):
        await self.base_send({"type": "websocket.accept"})
        if not origin_allowed(self.scope):
            await self.send_error(None, None, protocol.SOCKET_TOPIC, Refused("socket.bad-origin"))
            await self.base_send({"type": "websocket.close", "code": protocol.CLOSE_BAD_ORIGIN})
            raise StopConsumer()

    async def send_text(self, text: str):
        await self.base_send({"type": "websocket.send", "text": text})

    async def send_frame(self, jref, ref, topic, event: str, payload: str):
        await self.send_text(protocol.encode(jref, ref, topic, event, payload))

    async def send_error(self, jref, ref, topic, error: Refused):
        await self.send_frame(jref, ref, topic, protocol.SERVER["REPLY"], error_payload(error))

    # ----- frames -------------------------------------------------------------------

    async def receive_text(self, text: str):
        if len(text) > self.max_frame or (
            len(text) * 4 > self.max_frame and len(text.encode()) > self.max_frame
        ):  # a frame's size in bytes (a character is up to 4)
            await self.send_error(None, None, protocol.SOCKET_TOPIC, Refused("frame.too-large"))
            return
        try:
            frame = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested too deep to read
            frame = None
        if not _well_formed(frame):
            await self.send_error(None, None, protocol.SOCKET_TOPIC, Refused("frame.malformed"))
            return
        jref, ref, topic, event, payload = frame
        try:
            if event == _CLIENT["HEARTBEAT"]:
                await self.send_frame(jref, ref, topic, protocol.SERVER["REPLY"], "{}")
                return
            if not self.bucket.take():
                raise Refused("rate.limited")
            if event == _CLIENT["EVENT"]:
                await self.event(jref, ref, topic, payload)
            elif event == _CLIENT["JOIN"]:
                await self.join(jref, ref, topic, payload)
            elif event == _CLIENT["RENDER"]:
                session = self.joined(topic)
                try:
                    reply = await run_sync(session.full)
                    await self.send_frame(jref, ref, topic, protocol.SERVER["REPLY"], reply)
                finally:
                    self.queue_after(session)
            elif event == _CLIENT["LEAVE"]:
                await self.leave(topic)
                await self.send_frame(jref, ref, topic, protocol.SERVER["REPLY"], "{}")
            else:
                raise Refused("frame.unknown-event", f"no such event {event!r}")
        except Refused as error:
            logger.debug("refused %s on %s: %s", event, topic, error)
            await self.send_error(jref, ref, topic, error)
        except Exception:
            logger.exception("handling %r on %r failed", event, topic)
            await self.send_error(jref, ref, topic, Refused("server.error"))

    def joined(self, topic) -> ViewSession:
        session = self.views.get(topic)
        if session is None:
            raise Refused("view.not-joined", f"no view {topic!r} is joined on this socket")
        return session

    async def join(self, jref, ref, topic, payload):
        if topic in self.views:
            raise Refused("join.duplicate")
        if len(self.views) >= self.max_views:
            raise Refused("join.too-many-views")
        if payload.get("v") != protocol.PROTOCOL_VERSION:
            raise Refused("join.version", f"the server speaks protocol {protocol.PROTOCOL_VERSION}")
        if "parent" in payload:
            parent_topic = payload["parent"]
            parent = self.views.get(parent_topic) if isinstance(parent_topic, str) else None
            if parent is None:
                raise Refused("join.no-parent")
            (view_class, kwargs), initkwargs = parent.child(payload.get("id")), {}
            request = parent.request
        else:
            url = payload.get("url")
            if not isinstance(url, str):
                raise Refused("join.wrong-url", "a join names the page's URL")
            grant = tokens.check(payload.get("token"), url, self.bindings)
            view_class, kwargs, initkwargs = resolve_view(grant.view, url, grant.kwargs)
            request = SocketRequest(self.scope, url, grant.csrf_token)
        session, reply = await run_sync(
            ViewSession.mount,
            view_class,
            request,
            kwargs,
            initkwargs,
            payload.get("hash"),
            self.bindings,
            payload.get("i"),
        )
        self.views[topic] = session
        try:
            await self.send_frame(jref, ref, topic, protocol.SERVER["REPLY"], reply)
        finally:
            self.queue_after(session)
        await self.flush(topic, session)

    async def leave(self, topic):
        session = self.joined(topic)
        del self.views[topic]
        await run_sync(_settle, [session])
        for group, topics in list(self.groups.items()):
            topics.discard(topic)
            if not topics:
                del self.groups[group]
                await self.layer.group_discard(group, self.channel)

    async def event(self, jref, ref, topic, payload):
        session = self.joined(topic)
        try:
            reply = await run_sync(
                session.event,
                payload.get("n"),
                payload.get("p"),
                payload.get("c"),
                payload.get("s"),
                payload.get("a"),
                payload.get("k"),
                pace=session.pace(payload.get("n")),
            )
        except Refused as error:
            await self.send_error(jref, ref, topic, error)
        else:
            await self.send_frame(jref, ref, topic, protocol.SERVER["REPLY"], reply)
        finally:  # the state's save, a draft: once the reply is out
            self.queue_after(session)
        await self.flush(topic, session)

    @staticmethod
    def queue_after(session: ViewSession) -> None:
        """Queue what the view deferred until its reply was sent (a state's save, a
        draft), if anything."""
        if session.deferred:
            run_later(session.after)

    async def flush(self, topic, session):
        """Send what the view queued: groups to join, pushed events, a navigation."""
        box = session.view._djust
        for group in box.groups:
            if group not in self.groups:
                self.groups[group] = set()
                await self.layer.group_add(group, self.channel)
            self.groups[group].add(topic)
        box.groups.clear()
        pushes, box.pushes = box.pushes, []
        for name, data in pushes:
            await self.send_frame(
                None, None, topic, protocol.SERVER["PUSH"], _dump({"n": name, "p": data})
            )
        if box.navigate is not None:
            to, replace = box.navigate
            box.navigate = None
            await self.send_frame(
                None,
                None,
                topic,
                protocol.SERVER["NAVIGATE"],
                _dump({"to": to, "replace": replace}),
            )

    async def broadcast(self, message):
        for topic in list(self.groups.get(message.get("group"), ())):
            session = self.views.get(topic)
            if session is None:
                continue
            try:
                try:
                    ops = await run_sync(
                        session.broadcast, message.get("name"), message.get("payload")
                    )
                except EventFailed as failed:
                    ops = failed.ops
                if ops != "[]":
                    await self.send_frame(
                        None, None, topic, protocol.SERVER["PATCH"], '{"o":' + ops + "}"
                    )
            finally:
                self.queue_after(session)
            await self.flush(topic, session)


def _settle(sessions: list[ViewSession]) -> None:
    for session in sessions:
        session.settle()


def error_payload(error: Refused) -> str:
    """A refusal's reply payload; a failed handler's carries the patch too."""
    payload = _dump({"e": error.code, "m": error.detail})
    if isinstance(error, EventFailed):
        payload = payload[:-1] + ',"o":' + error.ops + "}"
    return payload


def _well_formed(frame) -> bool:
    if type(frame) is not list or len(frame) != 5:
        return False
    jref, ref, topic, event, payload = frame
    return (
        isinstance(jref, _ID_TYPES)
        and isinstance(ref, _ID_TYPES)
        and not isinstance(jref, bool)
        and not isinstance(ref, bool)
        and (not isinstance(jref, str) or len(jref) <= 64)
        and (not isinstance(ref, str) or len(ref) <= 64)
        and isinstance(topic, str)
        and 0 < len(topic) <= 128
        and isinstance(event, str)
        and isinstance(payload, dict)
    )

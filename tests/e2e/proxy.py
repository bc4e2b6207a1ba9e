"""A loopback TCP proxy for cutting a browser's connections without stopping the
server (which keeps its state): ``cut()`` resets every connection and refuses new
ones, ``restore()`` lets traffic through again. Binds 127.0.0.1 only."""

from __future__ import annotations

import asyncio
import socket
import struct
import threading

from tests.e2e.server import free_port


class TcpProxy:
    def __init__(self, target_port: int):
        self.target_port = target_port
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.cutting = False
        self.open: set[asyncio.StreamWriter] = set()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> TcpProxy:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self.loop).result(5)
        return self

    async def _listen(self):
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)

    async def _accept(self, reader, writer):
        if self.cutting:
            _reset(writer)
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            _reset(writer)
            return
        self.open |= {writer, up_writer}
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        self.open -= {writer, up_writer}

    def cut(self) -> None:
        def now():
            self.cutting = True
            for writer in list(self.open):
                _reset(writer)
            self.open.clear()

        self.loop.call_soon_threadsafe(now)

    def restore(self) -> None:
        self.loop.call_soon_threadsafe(setattr, self, "cutting", False)

    def stop(self) -> None:
        self.cut()
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a RST, as a dropped connection looks to the other side."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.transport.abort()

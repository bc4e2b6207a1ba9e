"""A real ASGI server (uvicorn) in a child process, for browser tests.

A child process gives a real process boundary: tests can stop, kill and restart the
server on the same port. It binds to 127.0.0.1 only.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class UvicornServer:
    def __init__(self, app: str, cwd: Path, env: dict[str, str] | None = None):
        self.app = app
        self.cwd = cwd
        self.env = {**os.environ, **(env or {})}
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0) -> UvicornServer:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                self.app,
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                "--ws",
                "websockets-sansio",
                "--timeout-graceful-shutdown",
                "1",
            ],
            cwd=self.cwd,
            env=self.env,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {self.proc.returncode}")
            try:
                urllib.request.urlopen(self.url + "/", timeout=1).read()
                return self
            except OSError:
                time.sleep(0.05)  # polling the port while the server boots, not a test wait
        self.stop()
        raise RuntimeError(f"uvicorn did not answer on {self.url} within {timeout}s")

    def stop(self, kill: bool = False) -> None:
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


def demo(data_dir: Path, **env: str) -> UvicornServer:
    """The demo project on a fresh SQLite database in ``data_dir`` (migrated), ready
    to ``start()``; ``env`` adds settings the demo reads from the environment."""
    env = {
        "DJUST_DEMO_DB": str(data_dir / "db.sqlite3"),
        "DJANGO_SETTINGS_MODULE": "demo.settings",
        **env,
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT / "demo",
        env={**os.environ, **env},
        check=True,
    )
    return UvicornServer("demo.asgi:application", cwd=ROOT / "demo", env=env)

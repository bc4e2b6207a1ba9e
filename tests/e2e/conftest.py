"""Browser tests: Debian's Chromium driven by pytest-playwright, against real servers.

Browsers cannot be downloaded here (`playwright install` fails), so the session's
browser is /usr/bin/chromium; see ../shared/PLATFORM.md.
"""

import shutil
import subprocess
import sys

import pytest

from tests.e2e.server import ROOT, UvicornServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--disable-gpu", "--disable-quic", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The demo project on a fresh SQLite database, served by uvicorn."""
    db = tmp_path_factory.mktemp("demo") / "db.sqlite3"
    env = {"DJUST_DEMO_DB": str(db), "DJANGO_SETTINGS_MODULE": "demo.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT / "demo",
        env={**__import__("os").environ, **env},
        check=True,
    )
    server = UvicornServer("demo.asgi:application", cwd=ROOT / "demo", env=env).start()
    yield server
    server.stop()

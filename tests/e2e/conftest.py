"""Browser tests: Debian's Chromium driven by pytest-playwright, against real servers.

Browsers cannot be downloaded here (`playwright install` fails), so the session's
browser is /usr/bin/chromium; see ../shared/PLATFORM.md.
"""

import shutil

import pytest

from tests.e2e.server import demo

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--disable-gpu", "--disable-quic", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The demo project on a fresh SQLite database, served by uvicorn."""
    server = demo(tmp_path_factory.mktemp("demo")).start()
    yield server
    server.stop()

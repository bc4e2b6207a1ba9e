"""Live views over a real socket: a uvicorn server on loopback (the demo, DEBUG off)
and real clients.

- Round trips (event sent -> reply with the patch received), from a minimal blocking
  WebSocket client (benchmarks/wsclient.py): the counter, one cell of the 1000-row
  table, and two baselines with the same frame, a bare ASGI echo (what uvicorn
  itself costs) and a plain Channels echo consumer; interleaved in rounds.
- In the server (benchmarks/live_asgi.py times the ASGI boundary): each frame from
  received to answered, and within it the view's handler, render and diff; the
  framework overhead is the difference.
- Click to patch applied in Chromium: a button's click until the DOM shows the new
  count, timed in the page.
- Memory per idle connected view: the server's resident memory before and after
  joining many counter views, one socket each.

    make bench      (or: .venv/bin/python benchmarks/live.py)
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "demo"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from wsclient import Client  # noqa: E402

from tests.e2e.server import UvicornServer  # noqa: E402

ROUNDS = 15
PER_ROUND = 200
# The form's keystrokes come 20 ms apart: a typist's events arrive after the field's
# debounce (300 ms of quiet), so never back to back. The draft the form keeps in the
# session is written after each reply, in that pause.
FORM_PER_ROUND = 50
PAUSES = {"20-field form, keystroke": 0.02, "Channels echo, 20 ms apart": 0.02}


class Page:
    """A live page fetched over HTTP, with its cookies, token and hash."""

    def __init__(self, base: str, path: str):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        html = opener.open(base + path).read().decode()
        self.path = path
        self.token = re.search(r'dj-token="([^"]+)"', html).group(1)
        self.hash = re.search(r'dj-hash="([^"]+)"', html).group(1)
        self.cookie = "; ".join(f"{c.name}={c.value}" for c in jar)


def open_view(base: str, path: str) -> Client:
    page = Page(base, path)
    ws = Client(base.replace("http", "ws") + "/djust/ws/", {"Origin": base, "Cookie": page.cookie})
    join = {"v": 1, "token": page.token, "url": path, "hash": page.hash}
    ws.send(json.dumps(["1", 0, "lv:1", "join", join]))
    reply = json.loads(ws.recv())
    assert "h" not in reply[4] and "e" not in reply[4], reply
    return ws


def round_trips(ws, frames, pause: float = 0.0) -> tuple[list[float], int]:
    """Each frame's round trip; ``pause`` seconds between them (as a user's pauses)."""
    samples, size = [], 0
    for frame in frames:
        if pause:
            time.sleep(pause)
        t0 = time.perf_counter()
        ws.send(frame)
        reply = ws.recv()
        samples.append(time.perf_counter() - t0)
        if '"e":"' in reply:  # a refusal is not a round trip worth timing
            raise RuntimeError(f"the server refused an event: {reply}")
        size = len(reply.encode())
    return samples, size


def event_frames(name, params_of, n, start=1):
    return [
        json.dumps(["1", start + i, "lv:1", "event", {"n": name, "p": params_of(i)}])
        for i in range(n)
    ]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def browser_click_to_patch(base: str, clicks: int = 300) -> tuple[float, float]:
    """(click until the DOM shows the new count, a WebSocket echo from the same
    page), medians in ms."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--disable-gpu"])
        page = browser.new_page()
        page.goto(base + "/live/counter/")
        page.wait_for_selector("[dj-joined]")
        samples = page.evaluate(
            """async (clicks) => {
              const button = document.getElementById("inc");
              const samples = [];
              for (let i = 0; i < clicks; i++) {
                const count = document.getElementById("count");
                const before = count.textContent;
                const changed = new Promise((resolve) => {
                  const watch = new MutationObserver(() => {
                    if (count.textContent !== before) { watch.disconnect(); resolve(); }
                  });
                  watch.observe(count, { childList: true, characterData: true, subtree: true });
                });
                const t0 = performance.now();
                button.click();
                await changed;
                samples.push(performance.now() - t0);
              }
              return samples;
            }""",
            clicks,
        )
        echo = page.evaluate(
            """async (n) => {
              const ws = new WebSocket(location.origin.replace("http", "ws") + "/echo/");
              await new Promise((resolve) => (ws.onopen = resolve));
              const samples = [];
              for (let i = 0; i < n; i++) {
                const t0 = performance.now();
                const got = new Promise((resolve) => (ws.onmessage = resolve));
                ws.send('["1",1,"lv:1","event",{"n":"increment","p":{"by":"1"}}]');
                await got;
                samples.push(performance.now() - t0);
              }
              ws.close();
              return samples;
            }""",
            clicks,
        )
        browser.close()
    return statistics.median(samples[20:]), statistics.median(echo[20:])


def main():
    env = {
        "DJANGO_SETTINGS_MODULE": "live_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "demo"), str(ROOT / "benchmarks")]),
        "DJUST_DEMO_DB": str(Path(os.environ.get("TMPDIR", "/tmp")) / "djust-bench.sqlite3"),
    }
    subprocess.run(
        [sys.executable, str(ROOT / "demo" / "manage.py"), "migrate", "--noinput", "-v0"],
        env={**os.environ, **env},
        check=True,
    )
    server = UvicornServer("live_asgi:application", cwd=ROOT / "benchmarks", env=env).start()
    try:
        measure(server)
    finally:
        server.stop()


def server_times(base: str) -> dict[str, list[float]]:
    """What the server spent since the last call (see live_asgi.py): on each frame
    (``frame``), and in each event's handler, render and diff (``work``)."""
    return json.loads(urllib.request.urlopen(base + "/bench-times/").read())


def measure(server):
    base = server.url
    ws_base = base.replace("http", "ws")
    clients = {
        "raw ASGI echo": Client(ws_base + "/raw-echo/"),
        "Channels echo": Client(ws_base + "/echo/"),
        # The same echo paced as the form's keystrokes: what coming back from idle
        # costs before any of Djust's code runs.
        "Channels echo, 20 ms apart": Client(ws_base + "/echo/"),
        "counter": open_view(base, "/live/counter/"),
        "table": open_view(base, "/live/table/"),
        "20-field form, keystroke": open_view(base, "/bench/form20/"),
    }
    inc = {"by": "1"}
    counter_frames = event_frames("increment", lambda i: inc, PER_ROUND)
    frames = {
        "raw ASGI echo": counter_frames,
        "Channels echo": counter_frames,
        "Channels echo, 20 ms apart": counter_frames[:FORM_PER_ROUND],
        "counter": counter_frames,
        "table": event_frames("bump", lambda i: {"id": str(1 + i % 1000)}, PER_ROUND),
        # A key that makes the e-mail invalid (the error appears), then one that makes
        # it valid (the error goes): each reply is the patch the page shows.
        "20-field form, keystroke": event_frames(
            "change",
            lambda i: {"field": "email", "value": "ada@example.org" if i % 2 else "ada@"},
            FORM_PER_ROUND,
        ),
    }
    trips = {name: [] for name in clients}
    served = {name: [] for name in clients}
    worked = {name: [] for name in clients}
    sizes = {}
    server_times(base)
    for _ in range(ROUNDS):
        for name, ws in clients.items():
            samples, sizes[name] = round_trips(ws, frames[name], PAUSES.get(name, 0.0))
            trips[name].append(statistics.median(samples))
            spent = server_times(base)
            served[name].append(statistics.median(spent["frame"]))
            if "work" in spent:
                worked[name].append(statistics.median(spent["work"]))
    for ws in clients.values():
        ws.close()
    trip = {k: statistics.median(v) * 1e3 for k, v in trips.items()}
    serve = {k: statistics.median(v) * 1e6 for k, v in served.items()}
    work = {k: statistics.median(v) * 1e6 for k, v in worked.items() if v}
    print(
        f"Live views over a socket: uvicorn on loopback, medians of {ROUNDS} rounds "
        f"x {PER_ROUND} events ({FORM_PER_ROUND} for the paced ones, 20 ms apart)"
    )
    print("                           round trip   in the server   handler+render+diff   reply")
    for name in clients:
        w = f"{work[name]:8.0f} us" if name in work else "           "
        row = f"{trip[name]:8.3f} ms   {serve[name]:8.0f} us     {w}"
        print(f"  {name:26} {row}          {sizes[name]} B")
    for name in ("counter", "table", "20-field form, keystroke"):
        print(
            f"  {name} framework overhead: {serve[name] - work[name]:.0f} us a frame "
            f"(in the server, beyond the handler, render and diff; goal <= 300 us)"
        )
    print("  goals: counter round trip <= 0.6 ms, table <= 3 ms, form keystroke to error < 5 ms")

    click, echo_in_page = browser_click_to_patch(base)
    print(f"  click to patch (Chromium) {click:.3f} ms")
    print(f"  a WebSocket echo from the same page {echo_in_page:.3f} ms")

    idle = 200
    before = rss_kb(server.proc.pid)
    sockets = [open_view(base, "/live/counter/") for _ in range(idle)]
    after = rss_kb(server.proc.pid)
    print(
        f"  memory per idle view     {(after - before) / idle:.1f} KB "
        f"({idle} counter views, one socket each, server RSS)"
    )
    for ws in sockets:
        ws.close()


if __name__ == "__main__":
    main()

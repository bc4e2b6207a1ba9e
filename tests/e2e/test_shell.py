"""The service worker in Chromium against the demo served by uvicorn, with 300 ms
added to every request the server answers: the app shell, prefetch on hover,
offline, an update while a tab is open, and the worker killed mid-session.

Times are taken in the page (the click's time is kept in sessionStorage, in case the
click loads a new document; the page notes when the new page's shell and main region
appear), so they do not include the test's own round trips to the browser."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.server import demo

LATENCY_MS = 300

# Run in every document before its own scripts: note the click's time, and when the
# layout (the header) and the main region's content appear.
TIMING = """
addEventListener("click", () => {
  window.__timing = { from: location.href };
  sessionStorage.setItem("clickAt", String(performance.timeOrigin + performance.now()));
}, true);
window.__timing = {};
new MutationObserver(() => {
  const t = window.__timing, now = performance.timeOrigin + performance.now();
  if (location.href === t.from) return;  // still the page clicked on
  if (!t.shellAt && document.querySelector("body > header")) t.shellAt = now;
  if (!t.mainAt && document.querySelector("[dj-main]:not([dj-pending]) > *")) t.mainAt = now;
}).observe(document, { childList: true, subtree: true, attributes: true });
"""


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("shell")
    log = data / "requests.log"
    server = demo(data, DJUST_DEMO_LATENCY_MS=str(LATENCY_MS), DJUST_DEMO_REQUEST_LOG=str(log))
    server.log = log
    server.start()
    yield server
    server.stop()


def seen(server, path: str) -> list[str]:
    """The requests the server saw for ``path``: ``"<purpose> <part>"`` each."""
    lines = Path(server.log).read_text().splitlines() if Path(server.log).exists() else []
    return [line.split(" ", 2)[2] for line in lines if line.split(" ")[1] == path]


@pytest.fixture
def controlled(page, slow_server):
    """A page of the demo controlled by the worker, its shell cached."""
    page.context.add_init_script(TIMING)
    page.goto(slow_server.url + "/")
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    return page


def elapsed(page, mark: str) -> float:
    page.wait_for_function(f"() => window.__timing.{mark}")
    return page.evaluate(f"window.__timing.{mark} - Number(sessionStorage.getItem('clickAt'))")


def test_the_worker_controls_the_page_on_first_load_and_the_head_tags_are_there_once(
    page, slow_server
):
    for path in ("/", "/standalone/", "/live/counter/"):
        page.goto(slow_server.url + path)
        page.wait_for_function("() => !!navigator.serviceWorker.controller")
        assert page.locator("script[src*='djust/djust']").count() == 1
        assert page.locator("#djust-config").count() == 1
        assert page.locator("link[rel=manifest]").count() == 1


def test_a_hovered_link_shows_its_page_in_under_50ms_and_the_server_saw_only_the_prefetch(
    controlled, slow_server
):
    page = controlled
    times = []
    for path, title in [("/patches/", "Patches"), ("/orders/", "Orders"), ("/", "Home")]:
        link = page.locator(f"header a[href='{path}']")
        link.hover()
        page.wait_for_selector(f"header a[href='{path}'][dj-prefetched]")
        link.click()
        times.append(elapsed(page, "mainAt"))
        assert page.title() == f"{title} | Djust demo"  # the head came with the main region
    assert seen(slow_server, "/patches/") == ["prefetch main"]
    assert seen(slow_server, "/orders/") == ["prefetch main"]
    shown = sorted(times)[1]
    assert shown < 50, f"the main content showed {times} ms after the clicks (median {shown})"


def test_without_hover_the_shell_shows_in_under_50ms_and_the_main_region_follows(
    controlled, slow_server
):
    page = controlled
    page.evaluate("document.querySelector(\"header a[href='/live/table/']\").click()")
    shell = elapsed(page, "shellAt")
    assert shell < 50, f"the shell showed {shell:.1f} ms after the click"
    main = elapsed(page, "mainAt")
    assert main >= LATENCY_MS  # the main region came from the server
    assert page.locator("[dj-main] table tr").count() > 1
    assert seen(slow_server, "/live/table/") == ["- main"]


def test_a_visited_page_opens_offline_and_an_unvisited_one_shows_the_offline_page(
    controlled, slow_server
):
    page = controlled
    page.evaluate("document.querySelector(\"header a[href='/orders/']\").click()")
    page.wait_for_selector("[dj-main]:not([dj-pending]) table")
    page.context.set_offline(True)
    try:
        page.goto(slow_server.url + "/orders/")
        page.wait_for_selector("[dj-main]:not([dj-pending]) table")
        page.goto(slow_server.url + "/")  # the first page, kept at install
        page.wait_for_selector("[dj-main]:not([dj-pending]) h1:text('Djust')")
        page.goto(slow_server.url + "/engine/")  # never visited
        page.wait_for_selector("[dj-main]:not([dj-pending]) .djust-offline")
        assert page.locator("body > header").is_visible()  # in the site's shell
        assert page.locator("head style").count() == 1  # with the layout's own head
        assert "You are offline" in page.inner_text("[dj-main]")
    finally:
        page.context.set_offline(False)


def test_an_unvisited_page_offline_without_a_shell_gets_the_offline_page_not_an_error(
    page, slow_server
):
    page.goto(slow_server.url + "/standalone/")  # a page whose layout has no shell
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    page.context.set_offline(True)
    try:
        page.goto(slow_server.url + "/contacts/")
        assert "You are offline" in page.inner_text("body")
    finally:
        page.context.set_offline(False)


def test_a_new_viewer_drops_the_shell_before_anything_cached_is_shown(controlled, slow_server):
    page = controlled
    cookie = page.context.cookies()
    viewer = next(c for c in cookie if c["name"] == "djust_viewer")
    # What logging in does to the cookie (the server sets it on the login's response).
    page.context.add_cookies([{**viewer, "value": "0" * 20}])
    page.evaluate("document.querySelector(\"header a[href='/contacts/']\").click()")
    page.wait_for_selector("[dj-main]:not([dj-pending]) h1")
    assert seen(slow_server, "/contacts/") == ["- page"]  # the whole page, from the server


def test_deploying_a_new_worker_while_a_tab_is_open_never_breaks_the_tab(page, tmp_path):
    server = demo(tmp_path).start()
    try:
        page.goto(server.url + "/live/counter/")
        page.wait_for_function("() => !!navigator.serviceWorker.controller")
        page.wait_for_selector("html.djust-connected")
        page.click("button:text('+1')")
        page.wait_for_selector("text=Count: 1")
        old = page.evaluate("caches.keys()")
        assert len([c for c in old if c.startswith("djust-precache-")]) == 1

        server.stop()
        server.env["DJUST_DEMO_SW_VERSION"] = "2"
        server.start()
        page.wait_for_selector("html.djust-connected")
        page.evaluate(
            "window.__changed = false; navigator.serviceWorker.addEventListener("
            "'controllerchange', () => { window.__changed = true; });"
            "navigator.serviceWorker.getRegistration().then((r) => r.update())"
        )
        page.wait_for_function("() => window.__changed")
        # The open tab: its version's caches are kept, and it goes on working.
        names = page.evaluate("caches.keys()")
        assert len([c for c in names if c.startswith("djust-precache-")]) == 2
        runtime = page.evaluate(
            "fetch(document.querySelector('script[src*=djust]').src).then(r => r.status)"
        )
        assert runtime == 200
        count = int(page.inner_text("#count"))  # remounted: memory state
        page.click("button:text('+10')")
        page.wait_for_selector(f"text=Count: {count + 10}")
        # Its next navigation is the new version's; the old caches go with the old page.
        page.click("header a[href='/orders/']")
        page.wait_for_selector("[dj-main]:not([dj-pending]) table")
        page.goto(server.url + "/")
        page.wait_for_function(
            "() => { caches.keys().then(k => { window.__precaches = "
            "k.filter(n => n.startsWith('djust-precache-')).length; });"
            "return window.__precaches === 1; }",
            polling=100,
        )
    finally:
        server.stop()


def test_the_worker_killed_mid_session_and_everything_still_works(controlled, slow_server):
    page = controlled
    cdp = page.context.new_cdp_session(page)
    cdp.send("ServiceWorker.enable")
    cdp.send("ServiceWorker.stopAllWorkers")
    # A navigation wakes it: the shell (kept in the Cache API, not its memory) shows.
    page.evaluate("document.querySelector(\"header a[href='/orders/']\").click()")
    assert elapsed(page, "shellAt") < 50
    page.wait_for_selector("[dj-main]:not([dj-pending]) table")
    cdp = page.context.new_cdp_session(page)
    cdp.send("ServiceWorker.enable")
    cdp.send("ServiceWorker.stopAllWorkers")
    # Prefetch on hover wakes it too, and the click is served from the prefetch.
    link = page.locator("header a[href='/patches/']")
    link.hover()
    page.wait_for_selector("header a[href='/patches/'][dj-prefetched]")
    link.click()
    page.wait_for_selector("[dj-main]:not([dj-pending]) h1:text('What the engine sends')")
    assert seen(slow_server, "/patches/")[-1] == "prefetch main"
    # A live view on a page shown from the shell joins and takes events.
    page.click("header a[href='/live/counter/']")
    page.wait_for_selector("html.djust-connected")
    page.click("button:text('+1')")
    page.wait_for_selector("text=Count: 1")
    assert re.search(r"Count: 1", page.inner_text("[dj-main]"))


def test_a_worker_built_with_the_projects_extension_runs_it_alongside_djusts(page, tmp_path):
    static = tmp_path / "static"
    (static / "shop").mkdir(parents=True)
    (static / "shop" / "ping.js").write_text(
        'import { VERSION } from "djust-sw/config.js";\n'
        'self.addEventListener("message", (e) => {\n'
        '  if (e.data && e.data.type === "ping") e.source.postMessage({ type: "pong", VERSION });\n'
        "});\n"
    )
    env = {"DJUST_DEMO_STATIC_DIR": str(static), "DJUST_DEMO_SW_EXTENSIONS": "shop/ping.js"}
    server = demo(tmp_path, **env)
    subprocess.run(
        [sys.executable, "manage.py", "djust_sw", "build"],
        cwd=server.cwd,
        env=server.env,
        check=True,
    )
    server.start()
    try:
        page.goto(server.url + "/")
        page.wait_for_function("() => !!navigator.serviceWorker.controller")
        reply = page.evaluate(
            "new Promise((resolve) => {"
            " navigator.serviceWorker.addEventListener('message', (e) => {"
            "  if (e.data.type === 'pong') resolve(e.data); });"
            " navigator.serviceWorker.controller.postMessage({ type: 'ping' }); })"
        )
        assert reply["VERSION"] != "dev"  # the served prelude's version, seen by the extension
        page.click("header a[href='/orders/']")  # Djust's own parts work alongside it
        page.wait_for_selector("[dj-main]:not([dj-pending]) table")
    finally:
        server.stop()

"""Nothing lost, nothing applied twice, in real Chromium against the demo under
uvicorn: connections cut by a loopback TCP proxy (the server keeps running with its
state), the server killed and restarted on Redis, and the tab reloaded while the
connection is down."""

from __future__ import annotations

import sqlite3

import pytest
from playwright.sync_api import expect

from tests.e2e.proxy import TcpProxy
from tests.e2e.redis import RedisServer
from tests.e2e.server import demo

WAITING = "Offline: your changes will be sent when you are back online."


@pytest.fixture
def proxied(tmp_path):
    """The demo behind a proxy the test can cut; the browser only sees the proxy."""
    server = demo(tmp_path).start()
    proxy = TcpProxy(server.port).start()
    proxy.direct = server.url  # another origin: another worker, never cut
    yield proxy
    proxy.stop()
    server.stop()


def joined(page):
    page.wait_for_selector("[dj-view][dj-joined]")
    expect(page.locator("html")).to_have_class("djust-connected")


def cut(page, proxy):
    proxy.cut()
    expect(page.locator("html")).to_have_class("djust-reconnecting")


def events_made(page) -> int:
    return page.evaluate("Array.from(window.djust.live.views.values())[0].seq")


def test_typing_60_characters_through_two_cuts_applies_every_keystroke_once(page, proxied):
    page.goto(proxied.url + "/live/typing/")
    joined(page)
    field = page.locator("#typing")
    text = "The quick brown fox jumps over the lazy dog while the net dr"  # 60
    assert len(text) == 60
    field.click()
    page.keyboard.type(text[:20])
    cut(page, proxied)
    page.keyboard.type(text[20:35])
    proxied.restore()
    page.keyboard.type(text[35:45])
    cut(page, proxied)
    page.keyboard.type(text[45:])
    proxied.restore()
    expect(page.locator("html")).to_have_class("djust-connected", timeout=15000)
    expect(page.locator("#server-text")).to_have_text(text)
    assert events_made(page) == 60
    expect(page.locator("#runs")).to_have_text("60")  # each event ran once: none lost or doubled
    assert field.input_value() == text  # the field never lost what was typed


def test_reloading_the_tab_while_disconnected_still_delivers_the_queued_events(page, proxied):
    page.goto(proxied.url + "/live/counter/")
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    joined(page)
    for _ in range(3):
        page.click("#inc")
    expect(page.locator("#count")).to_have_text("3")
    cut(page, proxied)
    page.click("#inc")
    page.click("#inc10")
    status = page.locator("[data-djust-status]")
    expect(status).to_have_text("Reconnecting… (2 waiting)")
    page.reload()  # the server cannot be reached: the worker shows the page it kept
    expect(status).to_have_text("Reconnecting… (2 waiting)")  # still queued, and shown
    proxied.restore()
    expect(page.locator("html")).to_have_class("djust-connected", timeout=15000)
    expect(page.locator("#count")).to_have_text("14")  # 3, then +1 and +10, once each
    expect(status).to_be_hidden()
    page.reload()
    joined(page)
    expect(page.locator("#count")).to_have_text("0")  # a new page: a new view, no leftovers
    assert page.evaluate("Array.from(window.djust.live.views.values())[0].queue.length") == 0


def test_with_redis_clicks_made_while_the_server_is_down_are_applied_once(page, tmp_path):
    redis = RedisServer().start()
    server = demo(tmp_path, DJUST_DEMO_REDIS_URL=redis.url).start()
    try:
        page.goto(server.url + "/live/counter/")
        joined(page)
        page.click("#inc10")
        expect(page.locator("#count")).to_have_text("10")
        server.stop(kill=True)
        expect(page.locator("html")).to_have_class("djust-reconnecting")
        for _ in range(3):
            page.click("#inc")
        expect(page.locator("[data-djust-status]")).to_contain_text("(3 waiting)")
        server.start()
        expect(page.locator("html")).to_have_class("djust-connected", timeout=15000)
        expect(page.locator("#count")).to_have_text("13")  # kept its value; each click once
        page.click("#inc")
        expect(page.locator("#count")).to_have_text("14")
    finally:
        server.stop()
        redis.stop()


@pytest.fixture
def fresh_demo(tmp_path):
    server = demo(tmp_path).start()
    server.db = tmp_path / "db.sqlite3"
    yield server
    server.stop()


def contacts_with(server, email: str) -> int:
    with sqlite3.connect(server.db) as db:
        return db.execute("SELECT count(*) FROM shop_contact WHERE email = ?", [email]).fetchone()[
            0
        ]


def test_a_form_sent_offline_is_kept_shown_and_saved_once_when_back_online(
    page, context, fresh_demo
):
    page.goto(fresh_demo.url + "/contacts/quick/")
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    page.fill("#id_name", "Ada Offline")
    page.fill("#id_email", "ada.offline@example.org")
    context.set_offline(True)
    page.click("#save")
    notice = page.locator("[data-djust-form]")
    expect(notice).to_have_attribute("data-state", "queued")
    expect(notice).to_have_text("Saved: it will be sent when you are back online.")
    expect(page.locator("body > header")).to_be_visible()  # in the site's shell
    assert contacts_with(fresh_demo, "ada.offline@example.org") == 0
    context.set_offline(False)
    expect(notice).to_have_attribute("data-state", "sent")
    expect(notice).to_have_text("Sent.")
    assert contacts_with(fresh_demo, "ada.offline@example.org") == 1


def test_a_form_sent_twice_at_once_saves_once(page, fresh_demo):
    page.goto(fresh_demo.url + "/contacts/quick/")
    page.fill("#id_name", "Bea Twice")
    page.fill("#id_email", "bea.twice@example.org")
    statuses = page.evaluate(
        """() => {
          const form = document.getElementById("quick");
          const send = () => fetch(form.action || location.href,
            { method: "POST", body: new FormData(form), redirect: "manual" });
          return Promise.all([send(), send()]).then((rs) => rs.map((r) => r.type));
        }"""
    )
    assert statuses == ["opaqueredirect", "opaqueredirect"]  # both answered as saved
    assert contacts_with(fresh_demo, "bea.twice@example.org") == 1


def test_a_form_the_server_refuses_when_sent_again_is_listed_as_failed(page, context, fresh_demo):
    page.goto(fresh_demo.url + "/contacts/quick/")
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    page.fill("#id_name", "Cy Forged")
    page.fill("#id_email", "cy@example.org")
    page.evaluate("document.querySelector('[name=csrfmiddlewaretoken]').value = 'forged'")
    context.set_offline(True)
    page.click("#save")
    expect(page.locator("[data-djust-form]")).to_have_attribute("data-state", "queued")
    context.set_offline(False)
    notice = page.locator("[data-djust-form]")
    expect(notice).to_have_attribute("data-state", "failed")
    expect(notice).to_have_text("Not sent: the server refused it (403).")
    failed = page.locator("[data-djust-failed] li")
    expect(failed).to_have_text("/contacts/quick/: Not sent: the server refused it (403).")
    page.goto(fresh_demo.url + "/contacts/")  # still listed on the next page
    expect(page.locator("[data-djust-failed] li")).to_have_count(1)
    assert contacts_with(fresh_demo, "cy@example.org") == 0


def test_an_event_refused_while_waiting_is_shown_not_dropped_silently(page, proxied):
    page.goto(proxied.url + "/live/counter/")
    joined(page)
    cut(page, proxied)
    page.evaluate(
        "const view = Array.from(window.djust.live.views.values())[0];"
        "for (let i = 0; i < 101; i++) view.event('increment', { by: '1' }, null);"
    )
    status = page.locator("[data-djust-status]")
    expect(status).to_contain_text("(100 waiting)")
    expect(status).to_contain_text("Too many changes are waiting: the last one was not kept.")
    proxied.restore()
    # The hundred kept, once each (paced under the rate limit: about 4 s).
    expect(page.locator("#count")).to_have_text("100", timeout=20000)


def test_events_left_in_a_closed_tab_are_sent_by_the_worker_once_the_network_is_back(page, proxied):
    context = page.context
    watcher = context.new_page()  # the same chat, straight to the server
    watcher.goto(proxied.direct + "/live/chat/")
    joined(watcher)
    page.goto(proxied.url + "/live/chat/")
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    joined(page)
    cut(page, proxied)
    page.fill("#chat-text", "sent by the worker")
    page.press("#chat-text", "Enter")
    expect(page.locator("[data-djust-status]")).to_contain_text("(1 waiting)")
    page.close()  # the tab goes with the event still waiting
    proxied.restore()
    # Background Sync fires when the browser is back online; here the network never
    # left the browser (the proxy cut it), so the test fires it as Chromium would.
    cdp = context.new_cdp_session(watcher)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    while not any(r["scopeURL"].startswith(proxied.url) for r in registrations):
        watcher.evaluate("1")  # lets Playwright take the CDP events in
    registration = next(r for r in registrations if r["scopeURL"].startswith(proxied.url))
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": proxied.url,
            "registrationId": registration["registrationId"],
            "tag": "djust-outbox",
            "lastChance": False,
        },
    )
    messages = watcher.locator("#messages li")
    expect(messages).to_have_text(["sent by the worker"], timeout=15000)


def test_events_waiting_when_the_worker_is_killed_are_still_sent_in_order(page, proxied):
    page.goto(proxied.url + "/live/typing/")
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    joined(page)
    cut(page, proxied)
    page.click("#typing")
    page.keyboard.type("abc")
    cdp = page.context.new_cdp_session(page)
    cdp.send("ServiceWorker.enable")
    cdp.send("ServiceWorker.stopAllWorkers")  # the page's outbox does not depend on it
    page.keyboard.type("def")
    proxied.restore()
    expect(page.locator("html")).to_have_class("djust-connected", timeout=15000)
    expect(page.locator("#server-text")).to_have_text("abcdef")
    expect(page.locator("#runs")).to_have_text("6")

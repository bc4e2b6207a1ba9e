"""Live views in real Chromium against the demo served by uvicorn: every binding,
several views on one socket, nested views, live navigation, pushes and broadcasts,
a full render when a patch does not fit, and reconnection after a server restart."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.redis import RedisServer
from tests.e2e.server import demo


def joined(page, selector="[dj-view]"):
    page.wait_for_selector(f"{selector}[dj-joined]")


def sockets(page):
    opened = []
    page.on("websocket", lambda ws: opened.append(ws.url))
    return opened


def test_counter_clicks_patch_the_page_over_one_socket(page, demo_server):
    opened = sockets(page)
    received = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: received.append(f)))
    page.goto(demo_server.url + "/live/counter/")
    expect(page.locator("#count")).to_have_text("0")  # rendered over HTTP
    joined(page)
    # The join's reply: the page already shows the render, so nothing is sent again.
    assert re.fullmatch(r'\["1",1,"lv:1","reply",\{"i":"[\w-]+"\}\]', received[0])

    page.click("#inc")
    page.click("#inc10")
    expect(page.locator("#count")).to_have_text("11")
    expect(page.locator("html")).to_have_class("djust-connected")
    assert len(opened) == 1 and opened[0].endswith("/djust/ws/")


def test_the_first_render_works_without_javascript(browser, demo_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_server.url + "/live/table/")
    expect(page.locator("#big tbody tr")).to_have_count(1000)
    context.close()


def test_click_sends_dj_value_parameters(page, demo_server):
    page.goto(demo_server.url + "/live/bindings/")
    joined(page)
    page.click("#click")
    expect(page.locator("#log li").last).to_have_text("click item=apple qty=3")


def test_submit_sends_the_form_shows_loading_and_disable_with(page, demo_server):
    page.goto(demo_server.url + "/live/bindings/")
    joined(page)
    page.fill("#form-name", "Ada")
    page.check("#agree")
    page.click("#save")
    # While the (slow) handler runs: loading classes, the button disabled and relabelled.
    expect(page.locator("#save")).to_have_text("Saving…")
    expect(page.locator("#save")).to_be_disabled()
    expect(page.locator("#form")).to_have_class("dj-loading")
    expect(page.locator("[dj-view]")).to_have_class("dj-loading")
    expect(page.locator("#saved")).to_have_text("Saved Ada (agreed)")
    expect(page.locator("#save")).to_have_text("Save")
    expect(page.locator("#save")).to_be_enabled()
    expect(page.locator("#form")).not_to_have_attribute("class", "dj-loading")
    assert page.locator("#form").get_attribute("class") is None  # put back as it was


def test_change_sends_the_selected_value(page, demo_server):
    page.goto(demo_server.url + "/live/bindings/")
    joined(page)
    page.select_option("#colour", "blue")
    expect(page.locator("#colour-shown")).to_have_text("blue")
    expect(page.locator("#log li").last).to_have_text("change colour=blue")


def test_input_is_debounced_and_typing_is_never_disturbed(page, demo_server):
    page.goto(demo_server.url + "/live/bindings/")
    joined(page)
    page.locator("#typed").press_sequentially("Grace", delay=20)
    expect(page.locator("#hello")).to_have_text("Grace")
    # One event for the whole word: the debounce (400 ms) outlasts the 20 ms keys.
    expect(page.locator("#log li")).to_have_count(1)
    expect(page.locator("#typed")).to_have_value("Grace")
    expect(page.locator("#typed")).to_be_focused()


def test_debounce_blur_sends_only_when_the_field_is_left(page, demo_server):
    page.goto(demo_server.url + "/live/bindings/")
    joined(page)
    page.fill("#lazy", "later")
    page.locator("#click").focus()
    expect(page.locator("#hello")).to_have_text("later")
    expect(page.locator("#log li")).to_have_count(1)


def test_keydown_is_filtered_by_key(page, demo_server):
    page.goto(demo_server.url + "/live/bindings/")
    joined(page)
    page.locator("#search").press_sequentially("tea")
    page.locator("#search").press("Enter")
    expect(page.locator("#query")).to_have_text("tea")
    expect(page.locator("#log li")).to_have_count(1)
    expect(page.locator("#log li").last).to_have_text("keydown Enter tea")


def test_keyup_is_filtered_by_a_list_of_keys(page, demo_server):
    page.goto(demo_server.url + "/live/bindings/")
    joined(page)
    page.locator("#keys").press("a")
    page.locator("#keys").press("ArrowUp")
    page.locator("#keys").press("Escape")
    expect(page.locator("#log li")).to_have_text(["keyup ArrowUp", "keyup Escape"])


def test_focus_and_blur(page, demo_server):
    page.goto(demo_server.url + "/live/bindings/")
    joined(page)
    page.locator("#focusme").focus()
    expect(page.locator("#focused")).to_have_text("focusme")
    page.locator("#focusme").fill("x")
    page.locator("#click").focus()
    expect(page.locator("#focused")).to_have_text("")
    expect(page.locator("#log li").last).to_have_text("blur focusme x")


def test_throttle_sends_the_first_event_at_once_even_on_a_page_younger_than_the_interval(
    page, demo_server
):
    # The bug this is named after: the first event was held until the page was as old
    # as the interval (the last send counted from the page's start).
    page.goto(demo_server.url + "/live/bindings/")
    joined(page)
    page.click("#throttled")
    expect(page.locator("#moves")).to_have_text("1", timeout=1000)  # at once
    for _ in range(4):
        page.click("#throttled")
    # Only the last of those, when the 2 s interval ends.
    expect(page.locator("#moves")).to_have_text("2")
    # An event sent after the interval is answered after any stray throttled one.
    page.click("#click")
    expect(page.locator("#log li").last).to_have_text("click item=apple qty=3")
    expect(page.locator("#moves")).to_have_text("2")


def test_push_event_reaches_the_page_as_a_dom_event(page, demo_server):
    page.goto(demo_server.url + "/live/bindings/")
    joined(page)
    page.click("#notify")
    expect(page.locator("#notice")).to_have_text("Hello from the server")


def test_two_views_in_an_ordinary_page_share_one_socket(page, demo_server):
    opened = sockets(page)
    page.goto(demo_server.url + "/live/pair/")
    joined(page, "#first [dj-view]")
    joined(page, "#second [dj-view]")
    page.click("#first #inc")
    page.click("#second button")
    expect(page.locator("#first #count")).to_have_text("2")
    expect(page.locator("#ticks")).to_have_text("1")
    assert len(opened) == 1


def test_nested_views_have_their_own_state_and_share_the_socket(page, demo_server):
    opened = sockets(page)
    page.goto(demo_server.url + "/live/dashboard/")
    joined(page, "#clock [dj-view]")
    joined(page, "#counter [dj-view]")
    page.click("#counter-box #inc")
    expect(page.locator("#counter-box #count")).to_have_text("6")
    page.fill("#rename", "Ops")
    expect(page.locator("#title")).to_have_text("Ops")
    # The parent's patch left the nested counter alone.
    expect(page.locator("#counter-box #count")).to_have_text("6")
    page.click("#toggle")
    expect(page.locator("#ticks")).to_have_count(0)
    page.click("#toggle")  # a nested view that appears is joined
    joined(page, "#clock [dj-view]")
    page.click("#clock button")
    expect(page.locator("#ticks")).to_have_text("1")
    assert len(opened) == 1


def test_live_navigation_keeps_the_socket_and_the_history(page, demo_server):
    opened = sockets(page)
    page.goto(demo_server.url + "/live/counter/")
    joined(page)
    page.evaluate("window.__same_document = true")
    page.click("header a[href='/live/table/']")
    expect(page).to_have_url(demo_server.url + "/live/table/")
    joined(page, "[dj-view]:has(#big)")
    page.click("tr[dj-key='3'] button")
    expect(page.locator("#edits")).to_have_text("1")
    page.go_back()
    expect(page.locator("#count")).to_be_visible()
    joined(page, "[dj-view]:has(#count)")
    page.click("#inc")
    expect(page.locator("#count")).to_have_text("1")
    # The server navigates too (push state), still without a page load.
    page.click("#to-table")
    expect(page).to_have_url(demo_server.url + "/live/table/")
    assert page.evaluate("window.__same_document") is True
    assert len(opened) == 1


def test_live_navigation_can_replace_the_history_entry(page, demo_server):
    page.goto(demo_server.url + "/")
    page.goto(demo_server.url + "/live/counter/")
    joined(page)
    entries = page.evaluate("history.length")
    page.click("#to-bindings")
    joined(page, "[dj-view]:has(#click)")
    assert page.evaluate("history.length") == entries
    page.go_back()  # back to the page before the counter: it was replaced
    expect(page).to_have_url(demo_server.url + "/")


def test_a_broadcast_updates_every_open_page(browser, demo_server):
    a = browser.new_context().new_page()
    b = browser.new_context().new_page()
    for p in (a, b):
        p.goto(demo_server.url + "/live/chat/")
        joined(p)
    a.fill("#chat-text", "hello from a")
    a.press("#chat-text", "Enter")
    for p in (a, b):
        expect(p.locator("#messages li")).to_have_text(["hello from a"])
    a.context.close()
    b.context.close()


def test_patch_failure_asks_for_a_full_render_of_the_view(page, demo_server):
    page.goto(demo_server.url + "/live/counter/")
    joined(page)
    # Someone else's script removes the node the next patch targets.
    page.evaluate("document.getElementById('count').remove()")
    failures = []
    page.on("console", lambda m: failures.append(m.text) if "patch." in m.text else None)
    page.click("#inc")
    expect(page.locator("#count")).to_have_text("1")  # the server re-rendered the view
    assert any("patch.path-missing" in text for text in failures)


def test_a_broadcast_reaches_pages_on_another_server_through_redis(browser, tmp_path):
    redis = RedisServer().start()
    servers = [demo(tmp_path, DJUST_DEMO_REDIS_URL=redis.url).start() for _ in range(2)]
    try:
        pages = []
        for server in servers:
            p = browser.new_context().new_page()
            p.goto(server.url + "/live/chat/")
            joined(p)
            pages.append(p)
        pages[0].fill("#chat-text", "across servers")
        pages[0].press("#chat-text", "Enter")
        for p in pages:
            expect(p.locator("#messages li")).to_have_text(["across servers"])
    finally:
        for server in servers:
            server.stop()
        redis.stop()


@pytest.fixture
def restartable(tmp_path):
    server = demo(tmp_path).start()
    yield server
    server.stop()


def test_a_network_blip_resumes_the_view_where_it_was(page, demo_server):
    opened = sockets(page)
    page.goto(demo_server.url + "/live/counter/")
    joined(page)
    for _ in range(3):
        page.click("#inc")
    expect(page.locator("#count")).to_have_text("3")
    page.evaluate("window.djust.live.socket.drop()")
    expect(page.locator("html")).to_have_class("djust-reconnecting")
    expect(page.locator("html")).to_have_class("djust-connected")
    joined(page)
    page.click("#inc")
    expect(page.locator("#count")).to_have_text("4")  # resumed, not mounted again
    assert len(opened) == 2


def restart(page, server):
    """Stop the server, see the page notice, start it again, see the page reconnect."""
    server.stop()
    expect(page.locator("html")).to_have_class("djust-reconnecting")
    server.start()
    expect(page.locator("html")).to_have_class("djust-connected", timeout=15000)


def test_views_rejoin_after_the_server_restarts(page, restartable):
    opened = sockets(page)
    page.goto(restartable.url + "/live/counter/")
    joined(page)
    page.click("#inc")
    expect(page.locator("#count")).to_have_text("1")
    restart(page, restartable)
    joined(page)
    # In memory, the state went with the server: the view is mounted afresh.
    expect(page.locator("#count")).to_have_text("0")
    page.click("#inc")
    expect(page.locator("#count")).to_have_text("1")
    assert len(opened) >= 2


def test_a_view_whose_join_is_refused_says_so_for_every_event(page, demo_server):
    page.goto(demo_server.url + "/live/counter/")
    joined(page)
    page.evaluate(
        """() => {
          window.__errors = [];
          document.addEventListener("djust:error", (e) => window.__errors.push(e.detail.code));
          document.querySelector("[dj-view]").setAttribute("dj-token", "forged");
          window.djust.live.socket.drop();  // reconnects and joins with the forged token
        }"""
    )
    page.wait_for_function("window.__errors.includes('join.token-invalid')")
    page.click("#inc")
    page.wait_for_function("window.__errors.length === 2")
    expect(page.locator("#count")).to_have_text("0")


def test_offline_events_wait_are_shown_and_go_when_back_online(page, context, demo_server):
    page.goto(demo_server.url + "/live/counter/")
    joined(page)
    status = page.locator("[data-djust-status]")
    expect(status).to_be_hidden()
    context.set_offline(True)
    expect(page.locator("html")).to_have_class("djust-offline")
    expect(status).to_have_text("Offline: your changes will be sent when you are back online.")
    page.evaluate("window.djust.live.socket.drop()")  # the socket goes; it cannot come back
    page.click("#inc")
    page.click("#inc")
    expect(status).to_have_text(
        "Offline: your changes will be sent when you are back online. (2 waiting)"
    )
    expect(page.locator("#count")).to_have_text("0")
    context.set_offline(False)
    expect(page.locator("#count")).to_have_text("2")  # sent, not dropped
    expect(page.locator("html")).to_have_class("djust-connected")
    expect(status).to_be_hidden()

"""The socket end to end in-process: joins, events, patches, nested views, pushes
and broadcasts, and every hostile input getting its coded refusal with the socket
still usable afterwards."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import override_settings

from tests.live.helpers import Page, connect

pytestmark = pytest.mark.django_db(transaction=True)


def run(scenario):
    return async_to_sync(scenario)()


async def page(url: str) -> Page:
    return await sync_to_async(Page)(url)


def test_join_sends_nothing_when_the_page_shows_the_render_and_events_patch():
    async def scenario():
        p = await page("/live/counter/")
        s = await connect(p)
        assert await s.join(p) == {}
        reply = await s.event("lv:1", "increment", by="4")
        assert reply == {"o": [[0, [2, 0], "4"]]}
        await s.close()

    run(scenario)


def test_join_with_a_stale_hash_gets_the_full_render():
    async def scenario():
        p = await page("/live/counter/")
        s = await connect(p)
        reply = await s.join(p, hash="0000")
        assert "<span>0</span>" in reply["h"]
        await s.close()

    run(scenario)


def test_a_full_document_template_patches_its_body():
    async def scenario():
        p = await page("/live/document/")
        assert '<body class="doc" dj-view dj-token=' in p.html
        assert p.html.count("djust/djust.js") == 1
        s = await connect(p)
        assert await s.join(p) == {}
        assert await s.event("lv:1", "bump") == {"o": [[0, [0, 0], "n = 1"]]}
        await s.close()

    run(scenario)


def test_a_csrf_token_in_the_template_renders_the_same_over_the_socket():
    async def scenario():
        p = await page("/live/csrf/")
        assert 'name="csrfmiddlewaretoken" value="' in p.html
        s = await connect(p)
        assert await s.join(p) == {}  # the same token: nothing to send
        await s.close()

    run(scenario)


def test_url_arguments_are_resolved_again_on_join():
    async def scenario():
        p = await page("/live/item/7/")
        assert "<p>item 7</p>" in p.html
        s = await connect(p)
        assert await s.join(p) == {}
        await s.close()

    run(scenario)


def test_nested_views_join_through_their_parent_on_the_same_socket():
    async def scenario():
        p = await page("/live/parent/")
        assert '<div id="c" dj-update="ignore"><div dj-view dj-child="c" dj-hash=' in p.html
        assert "<span>3</span>" in p.html
        s = await connect(p)
        assert await s.join(p) == {}
        child_hash = p.html.split('dj-child="c" dj-hash="')[1].split('"')[0]
        reply = await s.request(
            "lv:2", "join", {"v": 1, "parent": "lv:1", "id": "c", "hash": child_hash}
        )
        assert s.without_state_id("lv:2", reply[4]) == {}
        assert await s.event("lv:2", "increment") == {"o": [[0, [2, 0], "4"]]}
        bad = await s.request("lv:3", "join", {"v": 1, "parent": "lv:1", "id": "nope"})
        assert bad[4]["e"] == "join.no-parent"
        await s.close()

    run(scenario)


def test_push_event_and_navigate_follow_the_reply():
    async def scenario():
        p = await page("/live/counter/")
        s = await connect(p)
        await s.join(p)
        assert await s.event("lv:1", "shout", text="hi") == {"o": []}
        assert await s.receive() == [
            None,
            None,
            "lv:1",
            "push",
            {"n": "shout", "p": {"text": "HI"}},
        ]
        await s.event("lv:1", "leave")
        frame = await s.receive()
        assert frame[3:] == ["navigate", {"to": "/live/other/", "replace": True}]
        await s.close()

    run(scenario)


def test_a_broadcast_reaches_every_subscribed_view_as_a_patch():
    async def scenario():
        a_page, b_page = await page("/live/chat/"), await page("/live/chat/")
        a, b = await connect(a_page), await connect(b_page)
        await a.join(a_page)
        await b.join(b_page)
        assert await a.event("lv:1", "say", text="hello") == {"o": []}
        expected = [None, None, "lv:1", "patch", {"o": [[3, [0], 0, "<li>hello</li>"]]}]
        assert await a.receive() == expected
        assert await b.receive() == expected
        await a.close()
        await b.close()

    run(scenario)


def test_a_failing_handler_is_refused_and_the_state_is_put_back():
    async def scenario():
        p = await page("/live/counter/")
        s = await connect(p)
        await s.join(p)
        reply = await s.event("lv:1", "fail")
        assert reply["e"] == "event.failed" and reply["o"] == []
        assert await s.event("lv:1", "increment") == {"o": [[0, [2, 0], "1"]]}
        await s.close()

    run(scenario)


def test_the_socket_has_the_session_and_the_logged_in_user():
    from django.contrib.auth.models import User
    from django.test import Client

    async def scenario():
        user = await User.objects.acreate(username="ada")
        client = Client()
        await sync_to_async(client.force_login)(user)
        p = await sync_to_async(Page)("/live/whoami/", client)
        assert "<p>ada False</p>" in p.html  # the first render is over HTTP
        s = await connect(p)
        # Mounted again on the socket for the same user.
        assert await s.join(p, hash="stale") == {"h": "<p>ada True</p>"}
        await s.close()
        # Logging out ends the session the token was bound to: the same cookies no
        # longer name a session.
        await sync_to_async(client.logout)()
        s = await connect(p)
        assert (await s.join(p))["e"] == "join.wrong-session"
        await s.close()

    run(scenario)


# ----- hostile input ---------------------------------------------------------------


def test_a_socket_from_another_origin_is_refused_with_its_code():
    async def scenario():
        for origin in ("http://evil.example", None):
            s = await connect(origin=origin)
            frame = await s.receive()
            assert frame[3] == "reply" and frame[4]["e"] == "socket.bad-origin"
            assert (await s.c.receive_output())["code"] == 4403

    run(scenario)


@pytest.mark.parametrize(
    "change, code",
    [
        ({"token": "forged"}, "join.token-invalid"),
        ({"url": "/live/document/"}, "join.wrong-url"),
        ({"v": 99}, "join.version"),
    ],
)
def test_bad_joins_get_their_code(change, code):
    async def scenario():
        p = await page("/live/counter/")
        s = await connect(p)
        payload = p.join_payload(**change)
        assert (await s.request("lv:1", "join", payload))[4]["e"] == code
        assert await s.join(p) == {}  # the socket is still usable
        await s.close()

    run(scenario)


def test_an_edited_token_is_refused():
    async def scenario():
        p = await page("/live/counter/")
        value, stamp, signature = p.token.rsplit(":", 2)
        edited = value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]
        s = await connect(p)
        reply = await s.request(
            "lv:1", "join", p.join_payload(token=f"{edited}:{stamp}:{signature}")
        )
        assert reply[4]["e"] == "join.token-invalid"
        await s.close()

    run(scenario)


def test_a_token_replayed_from_another_browser_is_refused():
    async def scenario():
        mine, theirs = await page("/live/counter/"), await page("/live/counter/")
        s = await connect(theirs)  # their cookies, my token
        reply = await s.request("lv:1", "join", mine.join_payload())
        assert reply[4]["e"] == "join.wrong-session"
        await s.close()

    run(scenario)


def test_an_expired_token_is_refused():
    async def scenario():
        p = await page("/live/counter/")
        s = await connect(p)
        with override_settings(DJUST={"JOIN_TOKEN_MAX_AGE": -1}):
            reply = await s.request("lv:1", "join", p.join_payload())
        assert reply[4]["e"] == "join.token-expired"
        await s.close()

    run(scenario)


@pytest.mark.parametrize(
    "name, params, code",
    [
        ("nope", {}, "event.unknown"),
        ("not_an_event", {}, "event.unknown"),
        ("_djust", {}, "event.unknown"),
        ("mount", {}, "event.unknown"),
        ("render", {}, "event.unknown"),
        ("push_event", {"name": "x"}, "event.unknown"),
        ("__init__", {}, "event.unknown"),
        ("increment", {"by": "two"}, "event.bad-params"),
        ("increment", {"by": [1]}, "event.bad-params"),
        ("increment", {"by": True}, "event.bad-params"),
        ("increment", {"sneaky": 1}, "event.bad-params"),
        ("shout", {}, "event.bad-params"),
    ],
)
def test_only_declared_events_with_fitting_parameters_run(name, params, code):
    async def scenario():
        p = await page("/live/counter/")
        s = await connect(p)
        await s.join(p)
        assert (await s.event("lv:1", name, **params))["e"] == code
        assert await s.event("lv:1", "increment") == {"o": [[0, [2, 0], "1"]]}
        await s.close()

    run(scenario)


@pytest.mark.parametrize(
    "frame, code",
    [
        ("not json", "frame.malformed"),
        ("{}", "frame.malformed"),
        ('[1, 2, "lv:1", "event"]', "frame.malformed"),
        ('[1, 2, 3, "event", {}]', "frame.malformed"),
        ('[1, 2, "lv:1", "event", []]', "frame.malformed"),
        ('[true, 2, "lv:1", "event", {}]', "frame.malformed"),
        ('[1, 2, "lv:1", "explode", {}]', "frame.unknown-event"),
        ('[1, 2, "lv:9", "event", {"n": "increment", "p": {}}]', "view.not-joined"),
        ('[1, 2, "lv:1", "event", {"n": "increment", "p": "x"}]', "event.bad-params"),
        ("[" * 5000 + "]" * 5000, "frame.malformed"),
        ("x" * (64 * 1024 + 1), "frame.too-large"),
        (
            '["1", 1, "lv:1", "event", {"n": "increment", "p": {"x": "' + "é" * 33000 + '"}}]',
            "frame.too-large",
        ),
    ],
)
def test_bad_frames_get_an_error_reply_and_the_socket_stays_usable(frame, code):
    async def scenario():
        p = await page("/live/counter/")
        s = await connect(p)
        await s.join(p)
        await s.send(frame)
        assert (await s.receive())[4]["e"] == code
        assert await s.event("lv:1", "increment") == {"o": [[0, [2, 0], "1"]]}
        await s.close()

    run(scenario)


def test_an_event_that_waited_too_long_in_the_page_is_refused_as_stale():
    async def scenario():
        p = await page("/live/counter/")
        s = await connect(p)
        await s.join(p)
        late = {"n": "increment", "p": {}, "c": "page-1", "s": 1, "a": 301_000}
        reply = (await s.request("lv:1", "event", late))[4]
        assert reply["e"] == "event.stale" and "301 s" in reply["m"]
        fresh = {**late, "s": 2, "a": 12}
        assert (await s.request("lv:1", "event", fresh))[4] == {"o": [[0, [2, 0], "1"]]}
        await s.close()

    run(scenario)


def test_binary_frames_are_refused():
    async def scenario():
        p = await page("/live/counter/")
        s = await connect(p)
        await s.c.send_to(bytes_data=b"\x00\x01")
        assert (await s.receive())[4]["e"] == "frame.malformed"
        await s.close()

    run(scenario)


@override_settings(DJUST={"EVENTS_PER_SECOND": 20})
def test_a_flood_gets_rate_limited_replies_not_silence():
    async def scenario():
        p = await page("/live/counter/")
        s = await connect(p)
        await s.join(p)
        for ref in range(100):
            await s.send(["1", ref, "lv:1", "event", {"n": "increment", "p": {}}])
        replies = [await s.receive() for _ in range(100)]
        assert sorted(r[1] for r in replies) == list(range(100))  # every event answered
        limited = [r for r in replies if r[4].get("e") == "rate.limited"]
        applied = [r for r in replies if "o" in r[4] and "e" not in r[4]]
        assert len(applied) + len(limited) == 100
        assert 15 <= len(applied) < 40 and limited
        # The heartbeat is never limited; the count shows exactly the events applied.
        await s.send(["1", "x", "djust", "heartbeat", {}])
        assert (await s.receive())[4] == {}
        assert applied[-1][4]["o"][0][2] == str(len(applied))
        await s.close()

    run(scenario)


@override_settings(DJUST={"MAX_VIEWS_PER_SOCKET": 2})
def test_views_per_socket_are_limited():
    async def scenario():
        p = await page("/live/counter/")
        s = await connect(p)
        assert await s.join(p, topic="lv:1") == {}
        assert await s.join(p, topic="lv:2") == {}
        assert (await s.join(p, topic="lv:3"))["e"] == "join.too-many-views"
        assert (await s.join(p, topic="lv:1"))["e"] == "join.duplicate"
        await s.request("lv:2", "leave", {})
        assert await s.join(p, topic="lv:3") == {}
        await s.close()

    run(scenario)


def test_typed_parameters_are_coerced():
    async def scenario():
        p = await page("/live/typed/")
        s = await connect(p)
        await s.join(p)
        params = {
            "n": "3",
            "x": "1.5",
            "flag": "on",
            "price": "2.50",
            "day": "2026-11-26",
            "mode": "b",
            "tags": ["1", 2],
            "note": "",
        }
        reply = await s.event("lv:1", "take", **params)
        shown = reply["o"][0][3]  # the text node the page gets
        assert (
            shown
            == "(3, 1.5, True, Decimal('2.50'), datetime.date(2026, 11, 26), 'b', [1, 2], None)"
        )
        bad = await s.event("lv:1", "take", **{**params, "mode": "c"})
        assert bad["e"] == "event.bad-params" and "mode" in bad["m"]
        await s.close()

    run(scenario)

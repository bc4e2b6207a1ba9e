"""State that survives the socket: a rejoin restores the view instead of mounting it
again, from memory or from a real Redis; model data is saved by reference and read
back with only the columns the template shows."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from djust.live import state
from tests.live.helpers import Page, connect
from tests.testapp.live import CustomerCard
from tests.testapp.models import Customer, Order

pytestmark = pytest.mark.django_db(transaction=True)


def run(scenario):
    return async_to_sync(scenario)()


async def page(url: str) -> Page:
    return await sync_to_async(Page)(url)


async def counter_after_clicks(clicks: int):
    """A counter clicked ``clicks`` times on one socket, which is then closed."""
    p = await page("/live/counter/")
    s = await connect(p)
    await s.join(p)
    for _ in range(clicks):
        await s.event("lv:1", "increment")
    state_id = s.state_ids["lv:1"]
    await s.close()
    return p, state_id


def test_a_rejoin_resumes_the_view_where_it_was():
    async def scenario():
        p, state_id = await counter_after_clicks(3)
        s = await connect(p)  # a new socket: the network blipped
        reply = await s.join(p, i=state_id)
        assert reply == {
            "h": '<button dj-click="increment" dj-value-by="1">+</button> <span>3</span>'
        }
        assert s.state_ids["lv:1"] == state_id
        assert await s.event("lv:1", "increment") == {"o": [[0, [2, 0], "4"]]}
        await s.close()

    run(scenario)


def test_a_state_is_resumed_only_by_its_browser_and_its_view():
    async def scenario():
        p, state_id = await counter_after_clicks(2)
        other = await page("/live/counter/")  # another browser, its own valid token
        s = await connect(other)
        assert "<span>0</span>" in (await s.join(other, i=state_id, hash=None))["h"]
        doc = await sync_to_async(Page)("/live/document/", p.client)  # same browser
        s2 = await connect(doc)
        reply = await s2.join(doc, i=state_id, hash=None)
        assert "n = 0" in reply["h"]
        await s.close()
        await s2.close()

    run(scenario)


def test_an_unknown_or_expired_state_mounts_the_view_again():
    async def scenario():
        p, state_id = await counter_after_clicks(1)
        with override_settings(DJUST={"STATE_TTL": -1}):
            _, expired = await counter_after_clicks(1)
        s = await connect(p)
        for i in ("not-a-state-id-at-all", expired, ["x"]):
            reply = await s.join(p, i=i, hash=None, topic=f"lv:{i!r}")
            assert "<span>0</span>" in reply["h"]
        await s.close()

    run(scenario)


def test_model_data_is_saved_by_reference_and_read_back_trimmed():
    ada = Customer.objects.create(name="Ada", email="ada@example.org", ssn="123-45-6789")
    for n in ("A-1", "A-2"):
        Order.objects.create(number=n, customer=ada, status="paid", internal_notes="secret")

    async def scenario():
        p = await page(f"/live/customer/{ada.pk}/")
        s = await connect(p)
        await s.join(p)
        await s.event("lv:1", "annotate", text="hello")
        await s.close()
        return p, s.state_ids["lv:1"]

    p, state_id = run(scenario)
    saved = state.saved(state_id)
    # Only references: no field of a customer or an order is stored.
    assert saved["customer"] == state._Instance("testapp.Customer", ada.pk)
    assert saved["orders"].model == "testapp.Order" and len(saved["orders"].pks) == 2
    assert "123-45-6789" not in repr(saved) and "secret" not in repr(saved)
    with CaptureQueriesContext(connection) as queries:
        view, _seqs = state.restore(state_id, CustomerCard, None, [_binding(state_id)])
    assert view.render() == "<h1>Ada</h1><ul><li>A-2</li><li>A-1</li></ul><p>hello</p>"
    sql = [q["sql"] for q in queries]
    assert len(sql) == 3  # the customer and the orders (trimmed), the private copy (whole)
    assert sum('"ssn"' in q or '"internal_notes"' in q for q in sql) == 1
    assert view._private.ssn == "123-45-6789"


def _binding(state_id):
    return state._load(state_id)["binding"]


def test_states_survive_a_server_restart_in_redis():
    from tests.e2e.redis import RedisServer

    redis = RedisServer().start()
    try:
        config = {"STATE_BACKEND": "redis", "REDIS_URL": redis.url}
        with override_settings(DJUST=config):

            async def scenario():
                p, state_id = await counter_after_clicks(5)
                state._built = (None, None)  # a new process: a new client, the same Redis
                s = await connect(p)
                assert "<span>5</span>" in (await s.join(p, i=state_id))["h"]
                await s.close()

            run(scenario)
    finally:
        redis.stop()


def test_a_state_backend_must_be_known_and_redis_needs_a_url():
    from djust.conf import settings
    from djust.exceptions import ImproperlyConfigured

    for config in ({"STATE_BACKEND": "disk"}, {"STATE_BACKEND": "redis"}):
        with override_settings(DJUST=config), pytest.raises(ImproperlyConfigured):
            settings()


def test_an_event_sent_again_after_a_lost_reply_is_not_applied_twice():
    async def scenario():
        p = await page("/live/counter/")
        s = await connect(p)
        await s.join(p)
        numbered = {"n": "increment", "p": {}, "c": "page-1", "s": 1}
        assert (await s.request("lv:1", "event", numbered))[4] == {"o": [[0, [2, 0], "1"]]}
        # The same event again on the same socket: answered, not run.
        assert (await s.request("lv:1", "event", numbered))[4] == {"o": [], "dup": True}
        second = {**numbered, "s": 2}
        await s.request("lv:1", "event", second)
        state_id = s.state_ids["lv:1"]
        await s.close()
        # The socket dropped before the reply to 2 arrived; the page rejoins, resumes
        # and sends 2 again, then 3.
        s = await connect(p)
        assert "<span>2</span>" in (await s.join(p, i=state_id))["h"]
        assert (await s.request("lv:1", "event", second))[4] == {"o": [], "dup": True}
        third = {**numbered, "s": 3}
        assert (await s.request("lv:1", "event", third))[4] == {"o": [[0, [2, 0], "3"]]}
        # Another page's numbers are its own; unnumbered events always run.
        other = {**numbered, "c": "page-2"}
        assert (await s.request("lv:1", "event", other))[4] == {"o": [[0, [2, 0], "4"]]}
        assert (await s.event("lv:1", "increment")) == {"o": [[0, [2, 0], "5"]]}
        await s.close()

    run(scenario)


def test_in_memory_a_view_is_kept_as_it_is_and_pickled_once_when_its_socket_closes(
    monkeypatch,
):
    pickled = []
    real = state._pickled
    monkeypatch.setattr(
        state, "_pickled", lambda view, record: pickled.append(1) or real(view, record)
    )

    async def scenario():
        p = await page("/live/counter/")
        s = await connect(p)
        await s.join(p)
        for _ in range(5):
            await s.event("lv:1", "increment")
        state_id = s.state_ids["lv:1"]
        assert pickled == []  # saving after each event cost nothing
        await s.close()
        return p, state_id

    p, state_id = run(scenario)
    assert pickled == [1]  # once, when the page went
    stored = state.backend().items[f"djust:state:{state_id}"][1]
    assert isinstance(stored, bytes)  # the view and its request are not held
    assert state.saved(state_id)["count"] == 5


def test_an_event_on_an_item_the_view_no_longer_shows_is_refused_with_its_code():
    async def scenario():
        p = await page("/live/todo/")
        s = await connect(p)
        await s.join(p)
        made = {"c": "tab-1", "k": "milk", "n": "done", "p": {"item": "milk"}}
        first = (await s.request("lv:1", "event", {**made, "s": 1}))[4]
        assert "o" in first and "e" not in first
        # The same item again (made before the first was applied, sent after it).
        again = (await s.request("lv:1", "event", {**made, "s": 2}))[4]
        assert again["e"] == "event.target-gone"
        escaped = {"c": "tab-1", "s": 3, "k": "a&b", "n": "done", "p": {"item": "a&b"}}
        assert "e" not in (await s.request("lv:1", "event", escaped))[4]  # rendered a&amp;b
        await s.close()

    run(scenario)

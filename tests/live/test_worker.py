"""Where views' code runs (djust/live/worker.py): on the views' thread, or on the event
loop's own thread once its kind of work has proven brief and the views' thread is
idle — never both at once, never out of order, and the ORM usable either way."""

from __future__ import annotations

import asyncio
import logging
import threading
import time

import pytest
from django.contrib.auth.models import User
from django.db import connections, transaction

from djust.live.worker import FAST_WAIT, INLINE_AFTER, SLOW, Pace, Worker


def where() -> str:
    return threading.current_thread().name


def brief() -> Pace:
    pace = Pace()
    for _ in range(INLINE_AFTER):
        pace.record(0.0)
    assert pace.fast
    return pace


def test_a_kind_of_work_runs_on_the_loops_thread_once_it_was_brief():
    async def scenario():
        worker, pace = Worker(), Pace()
        runs = [await worker.run(where, pace) for _ in range(INLINE_AFTER + 1)]
        return runs, where()

    runs, loop_thread = asyncio.run(scenario())
    assert runs[0] == "djust-views"  # unknown work: handed over
    assert runs[-1] == loop_thread != "djust-views"


def test_work_without_a_pace_always_goes_to_the_views_thread():
    async def scenario():
        worker = Worker()
        return [await worker.run(where) for _ in range(3)]

    assert asyncio.run(scenario()) == ["djust-views"] * 3


@pytest.mark.django_db(transaction=True)
def test_work_on_the_loops_thread_may_use_the_orm():
    User.objects.create(username="ada")

    def query():
        # Django raises SynchronousOnlyOperation where it sees an event loop running.
        return where(), list(User.objects.values_list("username", flat=True))

    async def scenario():
        return await Worker().run(query, brief()), where()

    (ran_on, names), loop_thread = asyncio.run(scenario())
    assert ran_on == loop_thread and names == ["ada"]


def test_work_that_took_long_goes_back_to_the_views_thread_until_it_is_brief_again():
    def slow():
        time.sleep(FAST_WAIT * 1.5)
        return where()

    async def scenario():
        worker, pace = Worker(), brief()
        return [
            await worker.run(slow, pace),  # predicted brief: on the loop, and it was not
            await worker.run(where, pace),  # so handed over, where it is brief
            await worker.run(where, pace),  # so back on the loop
        ], where()

    runs, loop_thread = asyncio.run(scenario())
    assert runs == [loop_thread, "djust-views", loop_thread]


def test_a_run_over_slow_doubles_the_brief_runs_it_takes_to_run_on_the_loop():
    pace = brief()
    pace.record(SLOW)
    for _ in range(2 * INLINE_AFTER):
        assert not pace.fast
        pace.record(0.0)
    assert pace.fast
    pace.record(FAST_WAIT)  # slow, not very: brief runs needed stay as they were
    for _ in range(2 * INLINE_AFTER):
        assert not pace.fast
        pace.record(0.0)
    assert pace.fast


def test_brief_work_waits_behind_work_queued_before_it():
    order = []
    gate = threading.Event()

    def queued_before():
        assert gate.wait(10)
        order.append("queued before")

    def event():
        order.append(where())

    async def scenario():
        worker = Worker()
        worker.later(queued_before)  # the views' thread is busy with it
        asyncio.get_running_loop().call_later(0.02, gate.set)
        await worker.run(event, brief())

    asyncio.run(scenario())
    # Run on the loop at once, the event would have come first, beside the other work.
    assert order == ["queued before", "djust-views"]


def test_a_failure_in_work_after_a_reply_is_logged_and_the_thread_goes_on(caplog):
    async def scenario():
        worker = Worker()
        worker.later(lambda: 1 / 0)
        return await worker.run(where)

    with caplog.at_level(logging.ERROR, logger="djust.live"):
        assert asyncio.run(scenario()) == "djust-views"
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_an_error_on_the_loops_thread_reaches_the_caller_and_the_loop_is_restored():
    def fails():
        raise ValueError("the handler's")

    async def scenario():
        with pytest.raises(ValueError, match="the handler's"):
            await Worker().run(fails, brief())
        return asyncio.get_running_loop()  # the loop is visible again

    assert asyncio.run(scenario()) is not None


@pytest.fixture
def file_db(tmp_path, django_db_blocker):
    """A database alias on an SQLite file (an in-memory one ignores being closed)."""
    alias = "worker-file"
    connections.settings[alias] = {
        **connections.settings["default"],
        "NAME": str(tmp_path / "db.sqlite3"),
        "CONN_MAX_AGE": 0,
    }
    with django_db_blocker.unblock():
        yield alias
    connections[alias].close()
    del connections[alias]
    del connections.settings[alias]


def test_a_connection_opened_on_the_loops_thread_is_closed_once_the_loop_turns(file_db):
    def query():
        with connections[file_db].cursor() as cursor:
            cursor.execute("SELECT 1")
        return connected()

    def connected():
        return connections[file_db].connection is not None

    async def scenario():
        worker, pace = Worker(), brief()
        opened = await worker.run(query, pace)
        still = await worker.run(connected, pace)  # the reply is being sent
        await asyncio.sleep(0)  # the loop turns: the reply is out
        return opened, still, await worker.run(connected, pace)

    assert asyncio.run(scenario()) == (True, True, False)


def test_a_connection_in_the_callers_transaction_is_left_open(file_db):
    """A test running the loop in its own thread, inside a transaction: the brief
    handler's query is in it, and closing the connection would end it."""

    def query():
        with connections[file_db].cursor() as cursor:
            cursor.execute("SELECT 1")
        return where()

    async def scenario():
        ran_on = await Worker().run(query, brief())
        await asyncio.sleep(0)
        return ran_on

    with transaction.atomic(using=file_db):
        assert asyncio.run(scenario()) == threading.current_thread().name
        with connections[file_db].cursor() as cursor:  # the transaction goes on
            cursor.execute("SELECT 1")
        assert not connections[file_db].closed_in_transaction


def test_views_code_runs_on_one_thread_at_a_time_even_with_two_event_loops():
    worker, pace = Worker(), brief()
    inside, release, log = threading.Event(), threading.Event(), []

    def first():
        log.append("first in")
        inside.set()
        assert release.wait(10)
        log.append("first out")

    other_loop = threading.Thread(target=lambda: asyncio.run(worker.run(first, pace)))
    other_loop.start()
    assert inside.wait(10)

    async def scenario():
        asyncio.get_running_loop().call_later(0.02, release.set)
        await worker.run(lambda: log.append("second"), pace)

    asyncio.run(scenario())
    other_loop.join(10)
    assert log == ["first in", "first out", "second"]


def test_the_views_thread_goes_on_when_a_loop_closed_before_its_job_ended():
    worker, gate = Worker(), threading.Event()

    async def gives_up():
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(worker.run(lambda: gate.wait(10)), 0.05)

    asyncio.run(gives_up())  # its loop is closed; its job still runs
    gate.set()

    async def next_job():
        return await asyncio.wait_for(worker.run(where), 5)

    assert asyncio.run(next_job()) == "djust-views"

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

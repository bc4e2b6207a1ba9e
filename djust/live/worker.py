"""Where live views' synchronous code runs. Django's ORM refuses to run in a thread
where an event loop runs (code there would hold every socket up), so views' code runs
on one thread of its own, shared by every socket of the process like Channels'
``database_sync_to_async``; views' code never runs on two threads at once.

Handing work to a thread and being woken by asyncio when it is done costs 0.2 to
0.4 ms on a small VM, more than a counter's whole event. So:

- the event loop first waits for the result itself, on a lock, for up to
  ``FAST_WAIT`` seconds (two futex wakes, about 0.1 ms in all); only work that takes
  longer is awaited the asyncio way. A handed-over job holds the loop up for at most
  ``FAST_WAIT``.
- work whose kind ran under ``FAST_WAIT`` the last time (a view class's event
  handler, recorded in a ``Pace``) runs on the loop's own thread when the views'
  thread is idle (nothing queued, so nothing can run beside it or out of order).
  It holds the loop for about as long as the wait for it would have (and pure
  Python work on the views' thread holds the GIL the loop needs anyway, for up to
  the 5 ms switch interval), and saves both wakes. A run that takes longer sends
  that kind of work back to the thread until it has been brief again; a run over
  ``SLOW`` doubles how many brief runs in a row that takes, so a handler that
  sometimes queries for long seldom holds the loop up again.
- what can wait until the reply is sent (a state's save, a draft) is queued after it
  (``later``): the thread would otherwise hold the GIL the sending loop needs.
"""

from __future__ import annotations

import _thread
import asyncio
import contextvars
import logging
import queue
import threading
import time

from django.db import close_old_connections, connections
from django.db.backends.signals import connection_created

FAST_WAIT = 0.005
INLINE_AFTER = 1
SLOW = 0.02
_current = threading.local()


def current_loop():
    """The event loop waiting for the code running on this thread (a view's), if any:
    coroutines it starts must run there."""
    return getattr(_current, "loop", None)


class Pace:
    """How long one kind of work took lately: whether it may run on the loop's thread.
    Only the event loop's thread reads and writes it."""

    __slots__ = ("streak", "needed")

    def __init__(self):
        self.streak = 0  # runs under FAST_WAIT in a row
        self.needed = INLINE_AFTER

    @property
    def fast(self) -> bool:
        return self.streak >= self.needed

    def record(self, seconds: float) -> None:
        if seconds < FAST_WAIT:
            self.streak += 1
            return
        self.streak = 0
        if seconds >= SLOW:  # it would have held the loop up: twice as wary of it
            self.needed = min(self.needed * 2, 1024)


class _Job:
    __slots__ = (
        "call",
        "context",
        "done",
        "state",
        "result",
        "error",
        "future",
        "loop",
        "waited",
        "seconds",
    )

    def __init__(self, call, loop, waited=True):
        self.call = call
        self.context = contextvars.copy_context()
        self.done = _thread.allocate_lock()  # held until the job is done
        self.done.acquire()
        self.state = _thread.allocate_lock()  # guards `future` against a late waiter
        self.result = self.error = self.future = None
        self.seconds = 0.0  # how long ``call`` ran
        self.loop = loop
        self.waited = waited  # False: nobody takes the result, a failure is logged


class Worker:
    def __init__(self):
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        self.start_lock = threading.Lock()
        # Jobs handed to the thread, and jobs it finished: it is idle when they are
        # equal (``finished`` is written by the thread alone).
        self.queued = self.finished = 0
        self.queued_lock = threading.Lock()
        # Held while views' code runs, on either thread: with one event loop a
        # process (uvicorn, Daphne) it is never waited for; with several, it keeps
        # views' code on one thread at a time.
        self.running = threading.Lock()

    def _run(self):
        while True:
            job = self.jobs.get()
            _current.loop = job.loop
            try:
                close_old_connections()  # as Django does when a request starts...
                with self.running:
                    started = time.perf_counter()
                    try:
                        job.result = job.context.run(job.call)
                    finally:
                        job.seconds = time.perf_counter() - started
            except BaseException as e:  # handed to the awaiting coroutine
                job.error = e
                if not job.waited:
                    logging.getLogger("djust.live").exception("%r failed", job.call)
            finally:
                _current.loop = None
            with job.state:
                job.done.release()
                future = job.future
            try:
                if future is not None:
                    job.loop.call_soon_threadsafe(_resolve, future)
                elif not job.waited:
                    # ... and ends, here in the work that follows a reply: closing a
                    # connection (SQLite's takes 0.2 ms) must not delay the next
                    # event, nor hold the GIL while the loop thread sends a reply.
                    close_old_connections()
            except Exception:  # a loop closed meanwhile: the thread serves the others
                logging.getLogger("djust.live").exception("finishing %r failed", job.call)
            finally:
                self.finished += 1

    def _ensure_thread(self):
        if self.thread is None:
            with self.start_lock:
                if self.thread is None:
                    self.thread = threading.Thread(
                        target=self._run, name="djust-views", daemon=True
                    )
                    self.thread.start()

    async def run(self, call, pace: Pace | None = None):
        """``call()`` on the views' thread, or on this one when ``pace`` (the record of
        its kind of work) says it is brief and the views' thread is idle; its result
        (or its exception)."""
        if (
            pace is not None
            and pace.fast
            and self.queued == self.finished
            and self.running.acquire(blocking=False)
        ):
            try:
                return self._run_here(call, pace)
            finally:
                self.running.release()
        job = self._put(_Job(call, asyncio.get_running_loop()))
        if not job.done.acquire(timeout=FAST_WAIT):
            with job.state:
                if job.done.locked():  # still running: be woken the asyncio way
                    job.future = job.loop.create_future()
            if job.future is not None:
                await job.future
        if pace is not None:
            pace.record(job.seconds)
        if job.error is not None:
            raise job.error
        return job.result

    def _run_here(self, call, pace: Pace):
        """``call()`` on the loop's thread. Django refuses its ORM where an event loop
        runs (it could be held up): this code is known to be brief, so the loop is
        hidden from it. A connection it opened is checked once the reply is out, as
        the views' thread does (the check before is left out: it costs more than a
        counter's event when the CPU comes back from idle, and a connection there
        was checked after the job that opened it)."""
        loop = asyncio.get_running_loop()
        _current.loop = loop
        asyncio._set_running_loop(None)
        started = time.perf_counter()
        try:
            return contextvars.copy_context().run(call)
        finally:
            pace.record(time.perf_counter() - started)
            asyncio._set_running_loop(loop)
            _current.loop = None
            if getattr(_current, "connected", False):
                loop.call_soon(_close_old_connections_here, loop)

    def _put(self, job: _Job) -> _Job:
        self._ensure_thread()
        with self.queued_lock:
            self.queued += 1
        self.jobs.put(job)
        return job

    def later(self, call) -> None:
        """``call()`` on the views' thread after the work queued before it, not waited
        for: what can wait until a reply is sent (the thread would hold the GIL the
        sending loop needs). Called on the event loop, whose coroutines it may start."""
        self._put(_Job(call, asyncio.get_running_loop(), waited=False))


def _connection_created(sender, **kwargs) -> None:
    _current.connected = True  # this thread may hold a connection


connection_created.connect(_connection_created)


def _close_old_connections_here(loop) -> None:
    """On the loop's thread, after code ``_run_here`` ran opened a connection. One in
    a transaction is the caller's (a test running the loop in its own thread), not a
    view's: left alone."""
    asyncio._set_running_loop(None)
    try:
        opened = connections.all(initialized_only=True)
        for connection in opened:
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()
        _current.connected = any(c.connection is not None for c in opened)
    finally:
        asyncio._set_running_loop(loop)


def _resolve(future):
    if not future.done():
        future.set_result(None)


worker = Worker()


def run_sync(fn, *args, pace: Pace | None = None, **kwargs):
    """Await ``fn(*args, **kwargs)`` run on the views' thread (or on the loop's, when
    ``pace`` says it is brief: ``Worker.run``)."""
    return worker.run(lambda: fn(*args, **kwargs), pace)


def run_later(fn, *args) -> None:
    """``fn(*args)`` on the views' thread once the work queued so far is done, not
    waited for (``Worker.later``)."""
    worker.later(lambda: fn(*args))

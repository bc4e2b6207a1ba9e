"""Where live views' synchronous code runs: one thread, as Django's ORM requires
(code that runs with an event loop in its thread may not touch it), shared by every
socket of the process like Channels' ``database_sync_to_async``.

Handing work to a thread and being woken by asyncio when it is done costs 0.2 to
0.4 ms on a small VM, more than a counter's whole event. So the event loop first
waits for the result itself, on a lock, for up to ``FAST_WAIT`` seconds (two futex
wakes, about 0.1 ms in all); only work that takes longer is awaited the asyncio way,
so a slow handler holds the loop up for at most that. Views' code runs on one
thread either way, so events of other sockets could not have run meanwhile.
"""

from __future__ import annotations

import _thread
import asyncio
import contextvars
import logging
import queue
import threading

from django.db import close_old_connections

FAST_WAIT = 0.005
_current = threading.local()


def current_loop():
    """The event loop waiting for the code running on this thread (a view's), if any:
    coroutines it starts must run there."""
    return getattr(_current, "loop", None)


class _Job:
    __slots__ = ("call", "then", "context", "done", "state", "result", "error", "future", "loop")

    def __init__(self, call, loop, then=None):
        self.call = call
        self.then = then
        self.context = contextvars.copy_context()
        self.done = _thread.allocate_lock()  # held until the job is done
        self.done.acquire()
        self.state = _thread.allocate_lock()  # guards `future` against a late waiter
        self.result = self.error = self.future = None
        self.loop = loop


class Worker:
    def __init__(self):
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        self.start_lock = threading.Lock()

    def _run(self):
        while True:
            job = self.jobs.get()
            _current.loop = job.loop
            try:
                close_old_connections()  # as Django does around each request
                job.result = job.context.run(job.call)
            except BaseException as e:  # handed to the awaiting coroutine
                job.error = e
            finally:
                _current.loop = None
            with job.state:
                job.done.release()
                future = job.future
            if future is not None:
                job.loop.call_soon_threadsafe(_resolve, future)
            if job.then is not None:  # the caller has its result: this is not waited for
                try:
                    job.context.run(job.then, job.result)
                except Exception:
                    logging.getLogger("djust.live").exception("%r failed", job.then)

    def _ensure_thread(self):
        if self.thread is None:
            with self.start_lock:
                if self.thread is None:
                    self.thread = threading.Thread(
                        target=self._run, name="djust-views", daemon=True
                    )
                    self.thread.start()

    async def run(self, call, then=None):
        """``call()`` on the views' thread; its result (or its exception).
        ``then(result)`` runs there too, right after (with None if ``call`` raised):
        work the caller does not wait for."""
        self._ensure_thread()
        job = _Job(call, asyncio.get_running_loop(), then)
        self.jobs.put(job)
        if not job.done.acquire(timeout=FAST_WAIT):
            with job.state:
                if job.done.locked():  # still running: be woken the asyncio way
                    job.future = job.loop.create_future()
            if job.future is not None:
                await job.future
        if job.error is not None:
            raise job.error
        return job.result


def _resolve(future):
    if not future.done():
        future.set_result(None)


worker = Worker()


def run_sync(fn, *args, then=None, **kwargs):
    """Await ``fn(*args, **kwargs)`` run on the views' thread (then ``then(result)``,
    not waited for)."""
    return worker.run(lambda: fn(*args, **kwargs), then)

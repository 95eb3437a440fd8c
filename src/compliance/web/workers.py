"""The check process pools: two lanes (fast for .docx and text, slow for LibreOffice and PDF) so a
slow conversion never queues in front of a quick check, each call under a deadline, the event loop
never blocked. A pool whose worker died (killed, out of memory) is replaced on the next call."""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class Timeout(Exception):
    """The call did not finish before its deadline."""


class WorkerDied(Exception):
    """The worker process running the call ended abnormally."""


def _context(preload: Sequence[str]) -> multiprocessing.context.BaseContext:
    # forkserver: workers start from a clean single-threaded process (the server has threads), warm
    # with `preload` imported; spawn where forkserver does not exist.
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(preload))
    return context


class Lane:
    """One process pool, created on first use and replaced when broken."""

    def __init__(self, workers: int, preload: Sequence[str]) -> None:
        self.workers = workers
        self._preload = preload
        self._executor: Executor | None = None
        self._lock = threading.Lock()

    def executor(self) -> Executor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(self.workers, mp_context=_context(self._preload))
            return self._executor

    def replace(self, broken: Executor) -> None:
        with self._lock:
            if self._executor is broken:
                broken.shutdown(wait=False, cancel_futures=True)
                self._executor = None

    def close(self) -> None:
        """Stop the workers: queued calls are dropped, running ones finish (each is bounded by
        the request's time limit and LibreOffice's own timeout). Waiting matters: a worker that
        is not told to stop outlives the server, blocked on a queue whose other end it holds."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


class Workers:
    """The fast and slow lanes. `run` awaits a picklable call in a worker process."""

    def __init__(self, workers: int, preload: Sequence[str]) -> None:
        self.fast = Lane(workers, preload)
        self.slow = Lane(max(1, workers // 2), preload)  # conversions: at most half the CPUs

    async def run(self, call: Callable[..., T], *args: Any, slow: bool = False, deadline: float) -> T:
        """`call(*args)` in a worker; Timeout past `deadline` (loop time), WorkerDied if it died."""
        lane = self.slow if slow else self.fast
        executor = lane.executor()
        loop = asyncio.get_running_loop()
        try:
            future = executor.submit(call, *args)
        except BrokenExecutor:
            lane.replace(executor)
            executor = lane.executor()
            future = executor.submit(call, *args)
        waiting = asyncio.wrap_future(future)
        try:
            return await asyncio.wait_for(waiting, max(0.0, deadline - loop.time()))
        except TimeoutError:
            future.cancel()  # not started yet: it never runs; started: its result is dropped
            raise Timeout from None
        except BrokenExecutor:
            lane.replace(executor)
            raise WorkerDied from None

    def start(self) -> None:
        """Start the fast lane now, so the first request does not wait for it."""
        self.fast.executor()

    def close(self) -> None:
        self.fast.close()
        self.slow.close()

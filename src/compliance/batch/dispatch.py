"""Batch workers started by a forkserver or spawned, handed one file at a time by the parent.

Used where workers cannot be forked from the parent (batch.pool says when): each worker gets its
next file as soon as it is free, so slow files (legacy conversions, long reports) spread over all
workers wherever they sit in the input, and the parent knows the files in flight (for the
progress bar). A worker that dies costs only its file.
"""

from __future__ import annotations

import contextlib
import pickle
import signal
from collections import deque
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

from compliance.batch.memory import keep_freed_memory
from compliance.batch.work import (
    REFRESH_SECONDS,
    STOP_SECONDS,
    Batch,
    Job,
    Results,
    check_and_render,
    collector_paused,
    died,
    reap,
)
from compliance.formats.parts import Part
from compliance.records import Record
from compliance.report.model import DocumentReport

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext, SpawnContext

_Task = tuple[int, str]  # (position in the batch, path)


def _serve(connection: Connection, job: Job, files: int) -> None:
    """A worker's loop: check (and render) one file at a time, as the parent hands them out
    (`files` in the batch: the job comes without its paths)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops us
    keep_freed_memory(files)
    while True:
        try:
            task: _Task | None = connection.recv()
        except EOFError:  # the parent has gone
            return
        if task is None:
            return
        connection.send(check_and_render(job, *task))


class _Worker(Record):
    process: BaseProcess
    connection: Connection
    task: _Task | None = None


class DispatchPool:
    """Worker processes fed one file at a time by this process, each as soon as it is free."""

    def __init__(self, job: Job, context: ForkServerContext | SpawnContext) -> None:
        # The workers get the job without its paths and callbacks (they get one path at a time).
        self.job, self.context = job, context
        self.sent = Job((), job.check, job.part_format, job.tool, None, None)
        self.results = Results(job)
        self.workers: list[_Worker] = []
        self.starting: list[int] = []  # handed out, not yet announced (after the file it follows)

    def run(self, count: int) -> Batch | None:
        queue = deque(enumerate(self.job.paths))
        stopped = False
        try:
            for _ in range(count):
                try:
                    worker = self._start()
                except OSError:  # no more processes (a limit): go on with those there are
                    break
                self._hand_out(worker, queue)
            if not self.workers:
                return None
            self._announce()
            with collector_paused():
                self._take_in(queue)
            stopped = True
        finally:
            self._stop(politely=stopped)
        for index, path in queue:  # no worker left to take them (none could be started again)
            self.results.started(index)
            self.results.finished(*check_and_render(self.job, index, path))
        return self.results.batch()

    def _take_in(self, queue: deque[_Task]) -> None:
        """Results as workers send them, each worker handed its next file, until the queue is empty."""
        while busy := [w for w in self.workers if w.task is not None]:
            waited = [w.connection for w in busy] + [w.process.sentinel for w in busy]
            ready = set(wait(waited, REFRESH_SECONDS))
            if not ready and self.job.progress:
                self.job.progress.refresh()
            for worker in busy:
                if worker.connection in ready or worker.process.sentinel in ready:
                    self.results.finished(*self._collect(worker, queue))
                self._announce()

    def _announce(self) -> None:
        for index in self.starting:
            self.results.started(index)
        self.starting.clear()

    def _start(self) -> _Worker:
        mine, theirs = self.context.Pipe()
        args = (theirs, self.sent, len(self.job.paths))
        process = self.context.Process(target=_serve, args=args, daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, mine)
        self.workers.append(worker)
        return worker

    def _hand_out(self, worker: _Worker, queue: deque[_Task]) -> None:
        worker.task = queue.popleft() if queue else None
        if worker.task is not None:
            worker.connection.send(worker.task)
            self.starting.append(worker.task[0])

    def _collect(self, worker: _Worker, queue: deque[_Task]) -> tuple[int, DocumentReport, Part | None]:
        """The result of the worker's file; the worker gets its next file first, so that it works
        while this process unpickles. A dead worker gives an error row and is replaced."""
        assert worker.task is not None
        index, path = worker.task
        data = None
        try:
            if worker.connection.poll():
                data = worker.connection.recv_bytes()
        except (EOFError, OSError):  # died while sending
            data = None
        if data is None:
            self._bury(worker)
            if queue:
                with contextlib.suppress(OSError):  # not replaced: the other workers take its files
                    self._hand_out(self._start(), queue)
            return index, died(path, worker.process.exitcode), None
        self._hand_out(worker, queue)
        result: tuple[int, DocumentReport, Part | None] = pickle.loads(data)
        return result

    def _bury(self, worker: _Worker) -> None:
        worker.task = None
        worker.connection.close()
        worker.process.join(STOP_SECONDS)
        if worker.process.exitcode is None:
            worker.process.kill()
            worker.process.join()
        self.workers.remove(worker)

    def _stop(self, *, politely: bool) -> None:
        for worker in self.workers:
            try:
                if politely:
                    worker.connection.send(None)
            except OSError:  # already gone
                pass
            if not politely:
                worker.process.kill()
        reap(self.workers)
        self.workers.clear()

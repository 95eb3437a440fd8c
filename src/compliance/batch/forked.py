"""Batch workers forked from the parent (Linux), each taking its next file itself as soon as it is free.

The workers are forked from the parent as it is (the pipeline imported), with the parent's objects
frozen out of the garbage collector (gc.freeze), so that they start at once and share the
parent's memory instead of copying it. The positions of the files wait in one pipe that every
worker reads: a worker takes the next file only when it is free (slow files spread over all
workers wherever they sit in the input), and never waits for the parent to hand it one. Before
each file a worker says which one it starts (the progress bar names the files in flight, and a
worker that dies costs only its file); then it sends the result and the rendered part.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import multiprocessing
import os
import pickle
import select
import signal
import struct
import sys
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from compliance.batch.memory import keep_freed_memory
from compliance.batch.work import (
    REFRESH_SECONDS,
    Batch,
    Job,
    Results,
    check_and_render,
    collector_paused,
    died,
    reap,
)
from compliance.records import Record

# One task (a file's position in the batch) as it sits in the task pipe.
TASK = struct.Struct("=I")
# A worker's messages: what happened, when (time.monotonic, the same clock in every process, so
# that the parent takes in what several workers sent in the order it happened), and the task or
# the pickled (position, result, part).
STARTED, FINISHED = b"s", b"f"
STAMP = struct.Struct("=d")
# Room (bytes) asked for in each worker's result pipe, so that a worker can send a few results
# (a seed document and its JSON part: about 70 kB) without waiting for the parent to read them.
RESULT_PIPE_BYTES = 1 << 20
# Tasks are written in pieces of at most this many bytes: a pipe never splits such a write, so
# every read of TASK.size bytes gets one whole task.
PIECE = select.PIPE_BUF // TASK.size * TASK.size


def _work(tasks: int, spare: int | None, connection: Connection, job: Job) -> None:
    """A worker's loop: take the next position from the task pipe, say so, check, send the result."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops us
    gc.enable()  # a worker forked in place of a dead one comes from a parent that paused it
    keep_freed_memory(len(job.paths))  # done already when the parent is the CLI
    if spare is not None:  # the parent's end: the tasks run out when the parent closes it
        os.close(spare)
    with contextlib.suppress(BrokenPipeError):  # the parent has gone: so do we
        while len(task := os.read(tasks, TASK.size)) == TASK.size:
            connection.send_bytes(STARTED + STAMP.pack(time.monotonic()) + task)
            (index,) = TASK.unpack(task)
            result = check_and_render(job, index, job.paths[index])
            stamp = STAMP.pack(time.monotonic())
            connection.send_bytes(FINISHED + stamp + pickle.dumps(result, pickle.HIGHEST_PROTOCOL))


class _Worker(Record):
    process: BaseProcess
    connection: Connection
    current: int | None = None  # the position it said it started and has not sent back
    ended: bool = False  # its end of the pipe is closed: nothing more will come


class ForkPool:
    """Forked workers reading their files' positions from one pipe (see the module's docstring)."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.results = Results(job)
        self.context = multiprocessing.get_context("fork")
        self.workers: list[_Worker] = []
        self.tasks, self.feed = os.pipe()
        os.set_blocking(self.feed, False)
        self.unsent = memoryview(b"".join(TASK.pack(i) for i in range(len(job.paths))))
        self.starts = 0  # workers started, bounded (a worker that dies at once is not replaced forever)
        self.most_starts = 0

    def run(self, count: int) -> Batch | None:
        self.most_starts = count + len(self.job.paths)
        stopped = False
        try:
            self._top_up()
            with _frozen():
                for _ in range(count):
                    if not self._start():
                        break
            if not self.workers:
                return None
            with collector_paused():
                self._collect()
            stopped = True
        finally:
            self._stop(politely=stopped)
        return self.results.batch()

    def _collect(self) -> None:
        """Take in the workers' messages until every worker has ended."""
        while self.workers:
            self._top_up()
            waited: list[Connection | int] = [w.process.sentinel for w in self.workers]
            waited += [w.connection for w in self.workers if not w.ended]
            ready = wait(waited, REFRESH_SECONDS if self.job.progress else None)
            if not ready and self.job.progress:
                self.job.progress.refresh()
            self._receive()
            for worker in [w for w in self.workers if w.process.sentinel in ready]:
                self._bury(worker)

    def _start(self) -> bool:
        """Fork one more worker; False when the system refuses a new process."""
        if self.starts >= self.most_starts:
            return False
        mine, theirs = self.context.Pipe(duplex=False)
        with contextlib.suppress(OSError):  # the system's limit on pipe sizes: the default then
            fcntl.fcntl(theirs.fileno(), fcntl.F_SETPIPE_SZ, RESULT_PIPE_BYTES)
        feed = None if self.feed < 0 else self.feed
        process = self.context.Process(target=_work, args=(self.tasks, feed, theirs, self.job), daemon=True)
        for stream in (sys.stdout, sys.stderr):  # or the child would write it out a second time
            if stream is not None:
                stream.flush()
        try:
            process.start()
        except OSError:
            mine.close()
            return False
        finally:
            theirs.close()
        self.starts += 1
        self.workers.append(_Worker(process, mine))
        return True

    def _top_up(self) -> None:
        """Write what fits of the unsent tasks; once all are written, close the pipe's write end."""
        while self.unsent:
            try:
                written = os.write(self.feed, self.unsent[:PIECE])
            except BlockingIOError:  # full: the workers take tasks and this runs again
                return
            self.unsent = self.unsent[written:]
        if self.feed >= 0:
            os.close(self.feed)
            self.feed = -1

    def _receive(self) -> None:
        """Take in everything the workers have sent, in the order it happened."""
        inbox: list[tuple[float, int, _Worker, bytes]] = []
        for worker in self.workers:
            try:
                while not worker.ended and worker.connection.poll():
                    message = worker.connection.recv_bytes()
                    inbox.append((STAMP.unpack_from(message, 1)[0], len(inbox), worker, message))
            except (EOFError, OSError):  # it has ended, or died while sending (its sentinel says)
                worker.ended = True
        for _stamp, _order, worker, message in sorted(inbox, key=lambda m: m[:2]):
            body = memoryview(message)[1 + STAMP.size :]
            if message[:1] == STARTED:
                (worker.current,) = TASK.unpack(body)
                self.results.started(worker.current)
            else:
                worker.current = None
                self.results.finished(*pickle.loads(body))

    def _bury(self, worker: _Worker) -> None:
        """A worker has ended: all tasks taken (exit 0), or it died with the file it had started."""
        self._receive()
        worker.process.join()
        worker.connection.close()
        self.workers.remove(worker)
        if worker.process.exitcode != 0:
            if worker.current is not None and not self.results.done(worker.current):
                index = worker.current
                self.results.finished(index, died(self.job.paths[index], worker.process.exitcode), None)
            self._start()  # in its place, for the tasks still in the pipe (it ends at once if none)

    def _stop(self, *, politely: bool) -> None:
        if self.feed >= 0:
            os.close(self.feed)
            self.feed = -1
        for worker in self.workers:
            if not politely:
                worker.process.kill()
        reap(self.workers)
        self.workers.clear()
        os.close(self.tasks)


@contextlib.contextmanager
def _frozen() -> Iterator[None]:
    """The parent's objects out of the garbage collector's reach while workers are forked: a
    worker's collections then do not write to (and so copy) the memory it shares with the parent."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()

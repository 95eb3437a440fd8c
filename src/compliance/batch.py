"""Batch checks: worker processes fed one file at a time, results in input order, no file stops the rest.

The workers can also render their documents' parts of the output (formats.parts), so that the
parent process only joins text.
"""

from __future__ import annotations

import functools
import glob
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from compliance.checklist.model import Checklist
from compliance.errors import ComplianceError, UsageError
from compliance.pipeline.check import check_document, check_file
from compliance.pipeline.paths import SUFFIX_LIST, collect_paths
from compliance.pipeline.results import library_overrides, make_report, tool_version
from compliance.report.model import DocumentReport, Report

CheckFunction = Callable[[str], DocumentReport]
# Below this many files a pool costs more to start than it saves; they are checked in-process.
MIN_FILES_FOR_POOL = 4
# How often (seconds) the progress bar is redrawn while every worker is busy on a slow file.
REFRESH_SECONDS = 0.25
# How long (seconds) a worker asked to stop may take to exit before it is killed.
STOP_SECONDS = 5.0

_Task = tuple[int, str]  # (position in the batch, path)
if TYPE_CHECKING:  # the fork contexts do not exist on Windows
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext, ForkServerContext, SpawnContext
    from multiprocessing.process import BaseProcess

    from compliance.formats.parts import Part

    _Context = ForkContext | ForkServerContext | SpawnContext


class BatchProgress(Protocol):
    """What a batch reports while it runs (formats.terminal.progress_bar draws it)."""

    def started(self, path: str) -> None:
        """`path` has been handed to a worker (or is being checked in-process)."""

    def finished(self, path: str) -> None:
        """`path` is checked."""

    def refresh(self) -> None:
        """Nothing happened for a while: redraw (the elapsed time moves on)."""


@dataclass(frozen=True, slots=True)
class Batch:
    """A batch's results in input order, and each document's rendered part (formats.parts) when
    the workers rendered them (None: render in this process)."""

    documents: tuple[DocumentReport, ...]
    parts: tuple[Part | None, ...] | None = None


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_one(check: CheckFunction, path: str) -> DocumentReport:
    """Run `check` on one file; an unexpected exception becomes an error row, not a stopped batch."""
    if glob.has_magic(path) and not os.path.exists(path):
        return DocumentReport.unreadable(path, f"没有与该通配符匹配的报告文件（{SUFFIX_LIST}）")
    try:
        return check(path)
    except ComplianceError as err:  # e.g. a bad project configuration that applies to this file
        return DocumentReport.unreadable(path, getattr(err, "cause", None) or str(err))
    except Exception as err:  # a bug or a hostile file must not take the other files down with it
        return DocumentReport.unreadable(
            path, f"检查时出现内部错误（{type(err).__name__}: {err}），请报告此问题"
        )


def checker(checklist: Checklist, *, fail_under: float | None = None) -> CheckFunction:
    """A check function for run_batch: pipeline.check_document with this checklist (picklable)."""
    return functools.partial(check_document, checklist=checklist, fail_under=fail_under)


def run_batch(
    paths: Sequence[str],
    check: CheckFunction,
    *,
    jobs: int | None = None,
    on_done: Callable[[DocumentReport], None] | None = None,
    processes: bool | None = None,
    progress: BatchProgress | None = None,
) -> tuple[DocumentReport, ...]:
    """Check every path with `check`, on `jobs` worker processes (default: the CPU count).

    Results come back in the order of `paths`, whatever order the workers finish in. A file that
    cannot be read, or that makes `check` raise, gives an error row; the other files are still
    checked. `on_done` is called in this process as each file finishes, `progress` as each starts
    and finishes. `check` must be picklable (a module-level function or a functools.partial of
    one) when processes are used; `processes=None` uses them when there are several jobs and
    enough files.
    """
    return check_batch(
        paths, check, jobs=jobs, on_done=on_done, processes=processes, progress=progress
    ).documents


def check_batch(
    paths: Sequence[str],
    check: CheckFunction,
    *,
    jobs: int | None = None,
    on_done: Callable[[DocumentReport], None] | None = None,
    processes: bool | None = None,
    progress: BatchProgress | None = None,
    part_format: str | None = None,
) -> Batch:
    """run_batch, and with `part_format` each worker also renders its documents' parts in that
    format (formats.parts), so that this process only joins text (render(..., parts=...))."""
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise UsageError(f"--jobs 必须至少为 1（收到 {jobs}）")
    workers = min(jobs, len(paths))
    use_pool = workers > 1 and len(paths) >= MIN_FILES_FOR_POOL if processes is None else processes
    if not use_pool or not paths:
        results = []
        for path in paths:
            if progress:
                progress.started(path)
            results.append(check_one(check, path))
            if on_done:
                on_done(results[-1])
            if progress:
                progress.finished(path)
        return Batch(tuple(results))
    pool = _Pool(check, part_format, on_done, progress)
    return pool.run(paths, max(1, workers))


def _serve(connection: Connection, check: CheckFunction, part_format: str | None, tool: str) -> None:
    """A worker's loop: check (and render) one file at a time, as the parent hands them out."""
    import signal

    from compliance.formats.parts import render_part

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops us
    while True:
        try:
            task: _Task | None = connection.recv()
        except EOFError:  # the parent has gone
            return
        if task is None:
            return
        index, path = task
        result = check_one(check, path)
        part = None
        if part_format is not None:
            try:
                part = render_part(part_format, result, tool)
            except Exception:  # the parent renders this document itself (and reports any bug)
                part = None
        connection.send((index, result, part))


def _context() -> _Context:
    """fork where it is safe (Linux, no other thread in this process): workers start at once,
    with everything imported and every checklist cache warm. Otherwise forkserver (started from
    a clean single-threaded server), or spawn where that does not exist (Windows). The process
    modules are imported here, not at start-up: a single file is checked without them."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Import the checker and the .docx reader once in the server (workers then start warm); this
    # also hands the server the parent's sys.path, so a check function from any importable module
    # can be unpickled.
    context.set_forkserver_preload(["compliance.pipeline.check", "compliance.reading.docx_reader"])
    return context


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    connection: Connection
    task: _Task | None = None


class _Pool:
    """Worker processes fed one file at a time, each as soon as it is free: slow files (legacy
    conversions, long reports) spread over all workers wherever they sit in the input, and the
    files in flight are known (for the progress bar). A worker that dies costs only its file."""

    def __init__(
        self,
        check: CheckFunction,
        part_format: str | None,
        on_done: Callable[[DocumentReport], None] | None,
        progress: BatchProgress | None,
    ) -> None:
        self.check, self.part_format = check, part_format
        self.on_done, self.progress = on_done, progress
        self.context = _context()
        self.tool = tool_version()
        self.workers: list[_Worker] = []
        self.starting: list[str] = []  # handed out, not yet announced (after the file it follows)

    def run(self, paths: Sequence[str], count: int) -> Batch:
        documents: list[DocumentReport | None] = [None] * len(paths)
        parts: list[Part | None] = [None] * len(paths)
        from multiprocessing.connection import wait

        queue = deque(enumerate(paths))
        stopped = False
        try:
            for _ in range(count):
                self._hand_out(self._start(), queue)
            self._announce()
            while busy := [w for w in self.workers if w.task is not None]:
                ready = set(
                    wait([w.connection for w in busy] + [w.process.sentinel for w in busy], REFRESH_SECONDS)
                )
                if not ready and self.progress:
                    self.progress.refresh()
                for worker in busy:
                    if worker.connection in ready or worker.process.sentinel in ready:
                        index, result, part = self._collect(worker, queue)
                        documents[index], parts[index] = result, part
                        if self.on_done:
                            self.on_done(result)
                        if self.progress:
                            self.progress.finished(result.path)
                    self._announce()
            stopped = True
        finally:
            self._stop(politely=stopped)
        return Batch(tuple(d for d in documents if d is not None), tuple(parts))

    def _announce(self) -> None:
        if self.progress:
            for path in self.starting:
                self.progress.started(path)
        self.starting.clear()

    def _start(self) -> _Worker:
        if self.context.get_start_method() == "fork":
            for stream in (sys.stdout, sys.stderr):  # or the child would write it out a second time
                if stream is not None:
                    stream.flush()
        mine, theirs = self.context.Pipe()
        process = self.context.Process(
            target=_serve, args=(theirs, self.check, self.part_format, self.tool), daemon=True
        )
        process.start()
        theirs.close()
        worker = _Worker(process, mine)
        self.workers.append(worker)
        return worker

    def _hand_out(self, worker: _Worker, queue: deque[_Task]) -> None:
        worker.task = queue.popleft() if queue else None
        if worker.task is not None:
            worker.connection.send(worker.task)
            self.starting.append(worker.task[1])

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
            cause = f"检查进程异常退出（退出码 {worker.process.exitcode}），请单独检查此文件"
            if queue:
                self._hand_out(self._start(), queue)
            return index, DocumentReport.unreadable(path, cause), None
        self._hand_out(worker, queue)
        import pickle

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
        for worker in self.workers:
            worker.process.join(STOP_SECONDS)
            if worker.process.exitcode is None:
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self.workers.clear()


def check_paths(
    paths: Iterable[str | os.PathLike[str]],
    checklist: str | Checklist | None = None,
    *,
    profile: str | None = None,
    fail_under: float | None = None,
    config: bool | str | os.PathLike[str] = False,
    jobs: int | None = 1,
) -> Report:
    """Check files, folders and glob patterns as `compliance check` does (same pipeline: the profile
    inferred per file unless `checklist`/`profile` say; a configuration file only with `config`, as
    in compliance.check); unreadable files become error rows, the others are still checked. `jobs`
    worker processes check them in parallel (None: one per CPU)."""
    given = checklist if isinstance(checklist, Checklist) else None
    name = None if isinstance(checklist, Checklist) else checklist
    overrides = library_overrides(name, profile=profile, fail_under=fail_under, config=config)
    check = functools.partial(check_file, overrides=overrides, checklist=given)
    return make_report(given, run_batch(collect_paths(paths), check, jobs=jobs))

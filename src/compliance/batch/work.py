"""The work of a batch, whichever process does it: the job, one file's check and part, the results.

Shared by the batch's entry points (compliance.batch) and its worker processes (batch.forked,
batch.dispatch), which import nothing else of the batch but batch.memory.
"""

from __future__ import annotations

import contextlib
import gc
import glob
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from compliance.errors import ComplianceError
from compliance.pipeline.paths import SUFFIX_LIST
from compliance.records import Record
from compliance.report.model import DocumentReport

if TYPE_CHECKING:  # only for types: a single check imports no process machinery and no part
    # renderers (nor CSV, HTML, Markdown): they are imported only to render
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from compliance.formats.parts import Part

CheckFunction = Callable[[str], DocumentReport]
# How often (seconds) the progress bar is redrawn while every worker is busy on a slow file.
REFRESH_SECONDS = 0.25
# How long (seconds) a worker asked to stop may take to exit before it is killed.
STOP_SECONDS = 5.0


class WorkerHandle(Protocol):
    """What both pools' workers have: their process and their end of the result pipe."""

    @property
    def process(self) -> BaseProcess: ...
    @property
    def connection(self) -> Connection: ...


def reap(workers: Sequence[WorkerHandle]) -> None:
    """Wait for each worker to end (killed after STOP_SECONDS) and close its pipe."""
    for worker in workers:
        worker.process.join(STOP_SECONDS)
        if worker.process.exitcode is None:
            worker.process.kill()
            worker.process.join()
        worker.connection.close()


class BatchProgress(Protocol):
    """What a batch reports while it runs (formats.terminal.progress_bar draws it)."""

    def started(self, path: str) -> None:
        """`path` has been handed to a worker (or is being checked in-process)."""

    def finished(self, path: str) -> None:
        """`path` is checked."""

    def refresh(self) -> None:
        """Nothing happened for a while: redraw (the elapsed time moves on)."""


class Batch(Record, frozen=True):
    """A batch's results in input order, and each document's rendered part (formats.parts) when
    the workers rendered them (None: render in this process)."""

    documents: tuple[DocumentReport, ...]
    parts: tuple[Part | None, ...] | None = None


class Job(Record, frozen=True):
    """What every worker of a batch needs: the files, the check, and the part to render."""

    paths: Sequence[str]
    check: CheckFunction
    part_format: str | None
    tool: str
    on_done: Callable[[DocumentReport], None] | None
    progress: BatchProgress | None


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


def check_and_render(job: Job, index: int, path: str) -> tuple[int, DocumentReport, Part | None]:
    """In a worker: check the job's file `index` (at `path`) and render its part (None when the
    format does not split, or rendering failed: the parent then renders this document itself and
    reports any bug)."""
    result = check_one(job.check, path)
    part = None
    if job.part_format is not None:
        from compliance.formats.parts import render_part  # a single check renders no part

        try:
            part = render_part(job.part_format, result, job.tool)
        except Exception:
            part = None
    return index, result, part


def died(path: str, exit_code: int | None) -> DocumentReport:
    """The error row of a file whose worker process died while checking it."""
    return DocumentReport.unreadable(path, f"检查进程异常退出（退出码 {exit_code}），请单独检查此文件")


class Results:
    """The batch's results by position, reported (on_done, progress) as each comes in."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.documents: list[DocumentReport | None] = [None] * len(job.paths)
        self.parts: list[Part | None] = [None] * len(job.paths)
        self.announced: set[int] = set()

    def done(self, index: int) -> bool:
        return self.documents[index] is not None

    def started(self, index: int) -> None:
        if index not in self.announced:
            self.announced.add(index)
            if self.job.progress:
                self.job.progress.started(self.job.paths[index])

    def finished(self, index: int, document: DocumentReport, part: Part | None) -> None:
        self.started(index)  # a file may finish before the parent saw it start
        self.documents[index], self.parts[index] = document, part
        if self.job.on_done:
            self.job.on_done(document)
        if self.job.progress:
            self.job.progress.finished(document.path)

    def batch(self) -> Batch:
        """The results in input order (a file no worker reported on: its worker died with it)."""
        documents = (d or died(p, None) for d, p in zip(self.documents, self.job.paths, strict=True))
        return Batch(tuple(documents), tuple(self.parts))


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection in the parent while workers send their results: it only keeps them
    (no cycles to collect), and each collection of the oldest generation would walk all the
    results kept so far (a 2,000-file batch: a quarter of the parent's CPU time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

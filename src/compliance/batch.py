"""Batch checks: many files in parallel worker processes, results in input order, no file stops the rest."""

from __future__ import annotations

import functools
import glob
import os
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from compliance.checklist.model import Checklist
from compliance.errors import ComplianceError, UsageError
from compliance.pipeline.check import check_document, check_file
from compliance.pipeline.paths import SUFFIX_LIST, collect_paths
from compliance.pipeline.results import library_overrides, make_report
from compliance.report.model import DocumentReport, Report

if TYPE_CHECKING:  # the pool's modules are imported when a pool is used: a single check starts faster
    import multiprocessing.context
    from concurrent.futures import Future

CheckFunction = Callable[[str], DocumentReport]
# Below this many files a pool costs more to start than it saves; they are checked in-process.
MIN_FILES_FOR_POOL = 4
MAX_CHUNK = 16

_worker_check: CheckFunction | None = None  # set in each worker process by _init_worker


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


def _init_worker(check: CheckFunction) -> None:
    global _worker_check
    _worker_check = check


def _run_in_worker(paths: list[str]) -> list[DocumentReport]:
    assert _worker_check is not None, "worker not initialised"
    check = _worker_check
    return [check_one(check, path) for path in paths]


def chunk_size(files: int, workers: int) -> int:
    """Files per task: about 8 tasks per worker, at most 16 files, so that IPC is amortised while
    the progress bar still moves and the last tasks do not leave a worker idle for long."""
    return max(1, min(MAX_CHUNK, files // (workers * 8)))


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing

    # forkserver: workers start from a clean single-threaded server, so a progress-bar thread in the
    # parent is never forked; spawn where forkserver does not exist (Windows).
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Import the checker and the .docx reader once in the server (workers then start warm); this
    # also hands the server the parent's sys.path, so a check function from any importable module
    # can be unpickled.
    context.set_forkserver_preload(["compliance.pipeline.check", "compliance.reading.docx_reader"])
    return context


def run_batch(
    paths: Sequence[str],
    check: CheckFunction,
    *,
    jobs: int | None = None,
    on_done: Callable[[DocumentReport], None] | None = None,
    processes: bool | None = None,
) -> tuple[DocumentReport, ...]:
    """Check every path with `check`, on `jobs` worker processes (default: the CPU count).

    Results come back in the order of `paths`, whatever order the workers finish in. A file that
    cannot be read, or that makes `check` raise, gives an error row; the other files are still
    checked. `on_done` is called in this process as each file finishes (for a progress bar).
    `check` must be picklable (a module-level function or a functools.partial of one) when
    processes are used; `processes=None` uses them when there are several jobs and enough files.
    """
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise UsageError(f"--jobs 必须至少为 1（收到 {jobs}）")
    workers = min(jobs, len(paths))
    use_pool = workers > 1 and len(paths) >= MIN_FILES_FOR_POOL if processes is None else processes
    if not use_pool or not paths:
        results = []
        for path in paths:
            results.append(check_one(check, path))
            if on_done:
                on_done(results[-1])
        return tuple(results)
    return _run_pool(paths, check, max(1, workers), on_done)


def _run_pool(
    paths: Sequence[str],
    check: CheckFunction,
    workers: int,
    on_done: Callable[[DocumentReport], None] | None,
) -> tuple[DocumentReport, ...]:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    results: list[DocumentReport | None] = [None] * len(paths)
    size = chunk_size(len(paths), workers)
    executor = ProcessPoolExecutor(
        workers, mp_context=_context(), initializer=_init_worker, initargs=(check,)
    )
    try:
        futures: dict[Future[list[DocumentReport]], int] = {
            executor.submit(_run_in_worker, list(paths[start : start + size])): start
            for start in range(0, len(paths), size)
        }
        for future in as_completed(futures):
            start = futures[future]
            try:
                chunk = future.result()
            except Exception as err:  # the worker died (killed, out of memory): error rows
                cause = f"检查进程异常退出（{type(err).__name__}），请单独检查此文件"
                chunk = [DocumentReport.unreadable(p, cause) for p in paths[start : start + size]]
            for offset, result in enumerate(chunk):
                results[start + offset] = result
                if on_done:
                    on_done(result)
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)
    return tuple(r for r in results if r is not None)


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

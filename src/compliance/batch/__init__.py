"""Batch checks: worker processes fed one file at a time, results in input order, no file stops the rest.

The workers can also render their documents' parts of the output (formats.parts), so that the
parent process only joins text. The process machinery (batch.forked on Linux, batch.dispatch
elsewhere) is imported only when a batch needs processes, so that a single check does not pay
for it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence

from compliance.batch.work import Batch, BatchProgress, CheckFunction, Job, check_one
from compliance.checklist.model import Checklist
from compliance.errors import UsageError
from compliance.pipeline.check import check_document, check_file
from compliance.pipeline.paths import collect_paths
from compliance.pipeline.results import library_overrides, make_report
from compliance.report.model import DocumentReport, Report

__all__ = [
    "MIN_FILES_FOR_POOL",
    "Batch",
    "BatchProgress",
    "CheckFunction",
    "check_batch",
    "check_one",
    "check_paths",
    "checker",
    "default_jobs",
    "run_batch",
]

# Below this many files a pool costs more to start than it saves; they are checked in-process.
MIN_FILES_FOR_POOL = 4


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


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
    if use_pool and paths:
        from compliance.batch.pool import run_pool
        from compliance.pipeline.results import tool_version

        job = Job(paths, check, part_format, tool_version(), on_done, progress)
        batch = run_pool(job, max(1, workers))
        if batch is not None:
            return batch
    results = []  # in this process: one file after another
    for path in paths:
        if progress:
            progress.started(path)
        results.append(check_one(check, path))
        if on_done:
            on_done(results[-1])
        if progress:
            progress.finished(path)
    return Batch(tuple(results))


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

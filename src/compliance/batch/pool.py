"""Worker processes for a batch: which start method, and the results as they come back.

On Linux, when this process runs no other thread, workers are forked (batch.forked): they start
at once with everything the parent has imported and built, and take their files themselves.
Elsewhere, or when a thread runs (forking a threaded process can copy a lock that is held), the
parent hands files out to workers started by a forkserver or spawned (batch.dispatch).
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from typing import TYPE_CHECKING

from compliance.batch.work import Batch, Job

if TYPE_CHECKING:  # the fork contexts do not exist on Windows
    from multiprocessing.context import ForkServerContext, SpawnContext

    Context = ForkServerContext | SpawnContext


def can_fork() -> bool:
    """True when workers may be forked from this process: Linux (fork is the tested and the
    safe method there; macOS frameworks are not fork-safe) and no other thread running."""
    methods = multiprocessing.get_all_start_methods()
    return sys.platform == "linux" and "fork" in methods and threading.active_count() == 1


def start_method() -> str:
    """The start method a batch started now would use: fork, forkserver or spawn."""
    if can_fork():
        return "fork"
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def clean_context() -> Context:
    """forkserver (workers forked from a clean single-threaded server), or spawn where that does
    not exist (Windows)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Import the checker and the .docx reader once in the server (workers then start warm); this
    # also hands the server the parent's sys.path, so a check function from any importable module
    # can be unpickled.
    context.set_forkserver_preload(["compliance.pipeline.check", "compliance.reading.docx_reader"])
    return context


def run_pool(job: Job, count: int) -> Batch | None:
    """The job checked by `count` worker processes; None when no worker process could be started
    (the caller then checks the files in this process)."""
    if can_fork():
        from compliance.batch.forked import ForkPool

        return ForkPool(job).run(count)
    from compliance.batch.dispatch import DispatchPool

    return DispatchPool(job, clean_context()).run(count)

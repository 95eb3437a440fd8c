"""Batch processes keep the memory a file freed for the next one (compliance.batch.memory).

The effect is measured as the operating system counts it: the page faults of allocating and
freeing a file's worth of memory again and again, in a fresh process left as it is, in one tuned
for a batch, and in the workers of a library batch (forked, and started by a forkserver).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest

from compliance import DocumentReport
from compliance.batch.memory import MIN_FILES, on_glibc
from helpers import SEED_TXT

glibc = pytest.mark.skipif(
    not on_glibc(),
    reason="the tuning is glibc's (mallopt); other C libraries are left as they are",
)

# A file's worth of objects: blocks too large for Python's own allocator (512 bytes), so malloc
# serves them from its heap, 20 MB in all, freed together as a checked document's are.
BLOCK_BYTES = 2048
BLOCKS = 10_000
ROUNDS = 5
PAGE_BYTES = resource.getpagesize()
# The pages the rounds touch when nothing is kept: every round maps and zeroes them again.
FRESH_PAGES = ROUNDS * BLOCK_BYTES * BLOCKS // PAGE_BYTES


def faults_of_rounds() -> int:
    """Minor page faults of ROUNDS rounds of allocating and freeing a file's worth of memory,
    after one round that has grown the heap."""
    blocks = [bytes(BLOCK_BYTES) for _ in range(BLOCKS)]
    del blocks
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(ROUNDS):
        blocks = [bytes(BLOCK_BYTES) for _ in range(BLOCKS)]
        del blocks
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def in_fresh_process(code: str) -> list[str]:
    """What `code` prints (split into words), run in a new process that can import this module."""
    tests = os.path.dirname(__file__)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([tests, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return done.stdout.split()


def tuned_for(files: int) -> tuple[bool, int, bool]:
    """(tuned, faults of the rounds, ctypes loaded) in a new process after keep_freed_memory(files)."""
    tuned, faults, ctypes_loaded = in_fresh_process(
        "import sys\n"
        "from compliance.batch.memory import keep_freed_memory\n"
        "from test_batch_memory import faults_of_rounds\n"
        f"tuned = keep_freed_memory({files})\n"
        "print(tuned, faults_of_rounds(), 'ctypes' in sys.modules)\n"
    )
    return tuned == "True", int(faults), ctypes_loaded == "True"


@glibc
def test_a_process_tuned_for_a_batch_keeps_the_memory_a_file_freed() -> None:
    left_alone = tuned_for(1)
    tuned = tuned_for(MIN_FILES)
    assert left_alone[0] is False and tuned[0] is True
    # Left alone, each round faults in most of its pages again; tuned, almost none.
    assert left_alone[1] > FRESH_PAGES // 2
    assert tuned[1] < FRESH_PAGES // 20


def test_a_small_batch_is_left_as_it_is_without_loading_ctypes() -> None:
    tuned, _faults, ctypes_loaded = tuned_for(MIN_FILES - 1)
    assert not tuned and not ctypes_loaded


def faults_in_worker(path: str) -> DocumentReport:
    """A check function that reports (as the title) the page faults of the rounds in its process."""
    return DocumentReport(path, "txt", str(faults_of_rounds()), None, None, None, 0.0)


@glibc
@pytest.mark.parametrize("thread", [False, True], ids=["forked", "forkserver-or-spawned"])
def test_a_library_batch_tunes_its_workers_and_not_the_callers_process(thread: bool) -> None:
    """In a new process (the CLI, run in this one by other tests, tunes its process on purpose): a
    library batch's workers keep their memory, the caller's process is left as it is. With a
    thread running in the caller, the workers are not forked from it (batch.pool)."""
    words = in_fresh_process(
        "import threading\n"
        "from compliance.batch import pool, run_batch\n"
        "from compliance.batch.memory import MIN_FILES\n"
        "from test_batch_memory import faults_in_worker, faults_of_rounds\n"
        "stop = threading.Event()\n"
        f"if {thread}:\n"
        "    threading.Thread(target=stop.wait).start()\n"
        f"rows = run_batch(['{SEED_TXT}'] * MIN_FILES, faults_in_worker, jobs=2, processes=True)\n"
        "print(pool.start_method(), faults_of_rounds(), *(row.title for row in rows))\n"
        "stop.set()\n"
    )
    method, own, *workers = words
    assert (method == "fork") is not thread
    assert len(workers) == MIN_FILES
    assert all(int(faults) < FRESH_PAGES // 20 for faults in workers)
    assert int(own) > FRESH_PAGES // 2

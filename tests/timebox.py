"""A hang detector for tests: interrupt code that runs far longer than any sane input needs.

Not a timing assertion: the bound is minutes, set far above what the slowest machine takes, so
only a real hang (a loop, a quadratic blow-up on a pathological input) ever trips it.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

HANG_SECONDS = 120.0


class Hang(Exception):
    """The code under test ran past the hang bound."""


@contextmanager
def hang_guard(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Raise Hang inside the block if it runs longer than `seconds` (main thread, POSIX only)."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds:g} s: a hang")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

"""Batch processes keep the memory a checked file freed for the next file (glibc's malloc only).

Checking a document allocates memory (the XML trees, the text, the records) and frees it at the
end. By default glibc gives the top of the heap back to the system as soon as more than 128 KiB
of it is free, and serves large blocks with mappings of their own: the next file then asks for
the same memory again, and the kernel maps and zeroes every page anew (about 300 page faults,
1.2 MB, per copy of the seed: a tenth of a batch's time went to the kernel). A batch process
that keeps the freed memory reuses it. Only batch processes do this (the CLI's batch and the
workers): a single check frees nothing it would ask for again, and a library caller's process is
left as it is.
"""

from __future__ import annotations

import functools
import os

# mallopt's parameter numbers (glibc's malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
# Blocks below this size come from the heap (and are reused) instead of a mapping of their own
# (made and zeroed again for every file): glibc's own upper bound for the threshold it adapts by
# itself on 64-bit systems (DEFAULT_MMAP_THRESHOLD_MAX), reached here from the first file on.
MMAP_THRESHOLD = 32 << 20
# Free memory at the top of the heap is kept up to this much instead of being given back after
# each file: twice the threshold above, as glibc's own adaptive rule sets it. A copy of the seed
# frees about 2 MB (the heap peaks at 6.5 MB), so a batch of ordinary reports keeps all of its
# pages; after a very long report the excess above this is given back.
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD
# Loading ctypes costs about 5 ms; keeping memory saves about 1 ms per file after the first, so
# a batch of fewer files than this is left as it is.
MIN_FILES = 8


def on_glibc() -> bool:
    """True when this process runs on glibc (whose malloc the settings are for)."""
    try:
        return (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (ValueError, OSError, AttributeError):  # no such name, or no confstr: not glibc
        return False


def keep_freed_memory(files: int) -> bool:
    """Tune this process's malloc for a batch of `files` files (once per process); True when the
    settings are in place (glibc, enough files), False otherwise (other C libraries, Windows,
    macOS: nothing changes)."""
    if files < MIN_FILES and not _tuned.cache_info().currsize:  # not asked for yet: leave it
        return False
    return _tuned()


@functools.cache
def _tuned() -> bool:
    """Set the thresholds (the first call in a process); whether glibc took them."""
    if not on_glibc():
        return False
    import ctypes  # only here: a single check does not load it

    try:
        libc = ctypes.CDLL(None)
        return bool(
            libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
            and libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
        )
    except (OSError, AttributeError):  # no C library to load, or no mallopt in it
        return False

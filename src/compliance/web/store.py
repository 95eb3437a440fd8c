"""Results kept briefly in memory for the result page's download buttons, under unguessable ids.

Nothing is written to disk. An entry lives `keep_seconds` at most and is dropped on the first
look after that; beyond `max_bytes` in all, the oldest entries go first. keep_seconds 0 keeps
nothing (`put` returns None).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from compliance.records import Record

V = TypeVar("V")
ID_BYTES = 24  # 192 random bits, URL-safe: not guessable, not enumerable


class _Entry(Record, Generic[V], frozen=True):
    expires: float
    size: int
    value: V


class ResultStore(Generic[V]):
    """A time-limited, size-limited in-memory map from random ids to values."""

    def __init__(
        self, keep_seconds: float, max_bytes: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.keep_seconds = keep_seconds
        self.max_bytes = max_bytes
        self._clock = clock
        self._entries: OrderedDict[str, _Entry[V]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.keep_seconds > 0

    def put(self, value: V, size: int) -> str | None:
        """Keep `value` (about `size` bytes); its id, or None when nothing is kept."""
        if not self.enabled or size > self.max_bytes:
            return None
        key = secrets.token_urlsafe(ID_BYTES)
        with self._lock:
            self._purge()
            while self._entries and self._bytes + size > self.max_bytes:
                self._drop(next(iter(self._entries)))
            self._entries[key] = _Entry(self._clock() + self.keep_seconds, size, value)
            self._bytes += size
        return key

    def get(self, key: str) -> V | None:
        """The value kept under `key`, or None when unknown or expired."""
        with self._lock:
            self._purge()
            entry = self._entries.get(key)
            return entry.value if entry is not None else None

    def __len__(self) -> int:
        with self._lock:
            self._purge()
            return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _purge(self) -> None:
        now = self._clock()
        while self._entries:
            key, entry = next(iter(self._entries.items()))
            if entry.expires > now:
                break
            self._drop(key)

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key)
        self._bytes -= entry.size

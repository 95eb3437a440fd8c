"""Compiled shipped checklists: each validated checklist with its vocabulary indexes, cached on disk.

A single check is a whole process, and parsing a shipped checklist with its vocabulary file and
building the classifier's BM25 index costs more than the check itself. The first process to load a
shipped checklist stores the result (the Checklist record and one VocabularyIndex per programme),
pickled, in the user's cache folder; later processes load it instead of parsing and building again.

- Keyed by content: the key is a digest of the checklist's text, every shipped rules file (a
  shipped checklist can only extend and name shipped files), the source of the modules that parse,
  validate and index it, and the versions of Python, PyYAML and OpenCC (their files' size and time).
  A changed file gives another key, so a stale entry is never read; old entries are pruned
  (the 32 newest kept, none older than 30 days) whenever an entry is written.
- Only the shipped checklists are compiled; a user's checklist file is parsed in every process.
- Safe to fail: a missing, unreadable, corrupt or foreign entry is ignored (and rebuilt); a folder
  that cannot be written is ignored. Entries are written atomically (a temporary file, renamed).
- Where: $COMPLIANCE_CACHE_DIR, else $XDG_CACHE_HOME/compliance, else ~/.cache/compliance.
  COMPLIANCE_NO_CACHE=1 turns it off. The results are the same with or without it (tests).
  Entries are pickles, read as trusted: the folder must be the user's own (as pip's and mypy's
  caches are), never one that others can write.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compliance.checklist.shipped import rules_folder
from compliance.classify.index import VocabularyIndex, build_index, remember_index
from compliance.classify.sections import SectionSpec
from compliance.classify.vocabulary import Vocabulary
from compliance.version import __version__

if TYPE_CHECKING:
    from compliance.checklist.extends import Source

FORMAT = 2  # bumped when the layout of an entry changes (2: records are msgspec Structs)
PACKAGE = Path(__file__).resolve().parent.parent
# The code whose output is cached: parsing, validation and the records (checklist), the index and
# what it is built from (classify), the check kinds inside the items (evaluate), text folding (text,
# and simplified: the traditional-to-simplified fold the index's terms are built on).
CODE = ("checklist", "classify", "evaluate", "text.py", "records.py", "simplified.py")
LIBRARIES = ("yaml", "opencc", "msgspec")  # their versions change parsing, folding and pickling
SUFFIX = ".pickle"
CACHE_ENV = "COMPLIANCE_CACHE_DIR"  # the folder for compiled checklists
OFF_ENV = "COMPLIANCE_NO_CACHE"  # set (non-empty): compile nothing, read nothing
# Entries kept when one is written: enough for both shipped checklists in several installs used in
# turn (worktrees, virtual environments, versions) without each evicting the others'.
KEEP_ENTRIES = 32
KEEP_DAYS = 30  # an entry not rewritten for a month is an old version's


def cache_folder() -> Path | None:
    """Where compiled checklists are kept; None when turned off (COMPLIANCE_NO_CACHE)."""
    if os.environ.get(OFF_ENV):
        return None
    folder = os.environ.get(CACHE_ENV)
    if folder:
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "compliance"


def _code_files() -> list[Path]:
    found: list[Path] = []
    for name in CODE:
        path = PACKAGE / name
        found.extend(sorted(path.glob("*.py")) if path.is_dir() else [path])
    return found


def _library_stamp(name: str) -> str:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return f"{name}:-"
    stat = os.stat(spec.origin)
    return f"{name}:{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"


def key_of(source: Source) -> str:
    """The digest naming the compiled form of a shipped checklist (see the module's docstring)."""
    digest = hashlib.sha256()
    for part in (str(FORMAT), __version__, sys.version, source.key, source.text):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    rules = rules_folder()
    for entry in sorted(rules.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    for path in _code_files():
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    for name in LIBRARIES:
        digest.update(_library_stamp(name).encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _entry(source: Source) -> Path | None:
    folder = cache_folder()
    if folder is None or source.folder is not None:  # not a shipped checklist
        return None
    try:
        return folder / f"checklist-{key_of(source)}{SUFFIX}"
    except (OSError, ValueError):
        return None


def _dumps(value: object) -> bytes:
    """Records pickle themselves as (class, field values), the fastest form to load."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _index_loader(blob: bytes) -> Callable[[], VocabularyIndex]:
    @functools.cache
    def load() -> VocabularyIndex:
        index = pickle.loads(blob)
        if not isinstance(index, VocabularyIndex):
            raise TypeError(f"not a VocabularyIndex: {type(index).__name__}")
        return index

    return load


def load(source: Source) -> Any | None:
    """The compiled checklist of `source` when its entry is current and readable, else None. Its
    indexes are handed to the classifier (index_for), each unpickled when a report first needs it."""
    path = _entry(source)
    if path is None:
        return None
    try:
        fmt, checklist, specs, vocabulary, indexes = pickle.loads(path.read_bytes())
        if fmt != FORMAT or not isinstance(vocabulary, Vocabulary):
            return None
        if not all(isinstance(spec, SectionSpec) for spec in specs):
            return None
        if not all(isinstance(blob, bytes) for blob in indexes.values()):
            return None
    except Exception:  # missing, unreadable, truncated, corrupt or foreign: build it again
        return None
    for programme, blob in indexes.items():
        remember_index(specs, vocabulary, programme, _index_loader(blob))
    return checklist


def compile_indexes(specs: tuple[SectionSpec, ...], vocabulary: Vocabulary) -> list[VocabularyIndex]:
    """One index per programme of the vocabulary, or the one index of a vocabulary without any."""
    programmes = vocabulary.programmes or (None,)
    return [build_index(specs, vocabulary, programme) for programme in programmes]


def store(source: Source, checklist: Any, specs: tuple[SectionSpec, ...], vocabulary: Vocabulary) -> None:
    """Compile `checklist` (built from `source`) and write its entry atomically; any failure to
    write is ignored (the next process builds it again)."""
    path = _entry(source)
    if path is None:
        return
    try:
        indexes = {index.programme: _dumps(index) for index in compile_indexes(specs, vocabulary)}
        data = _dumps((FORMAT, checklist, specs, vocabulary, indexes))
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when an entry is written: a current entry is only read

        handle, temporary = tempfile.mkstemp(prefix=".checklist-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except Exception:  # read-only or full disk, no home folder, a record that will not pickle
        return
    prune(path.parent)


def prune(folder: Path, *, keep: int = KEEP_ENTRIES, days: float = KEEP_DAYS) -> None:
    """Remove the entries beyond the `keep` newest and those older than `days` (written when a
    checklist is compiled, so rarely): each edit or upgrade leaves its predecessor's entry behind."""
    try:
        entries = sorted(
            ((entry.stat().st_mtime, entry) for entry in folder.glob(f"checklist-*{SUFFIX}")), reverse=True
        )
        cutoff = time.time() - days * 86400
        for rank, (written, entry) in enumerate(entries):
            if rank >= keep or written < cutoff:
                entry.unlink()
    except OSError:  # another process pruned it first, or the folder is not ours to tidy
        return

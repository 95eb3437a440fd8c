"""The library's front door: check files end to end with the same functions the CLI uses."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .checklist import Checklist, load_checklist
from .errors import DocumentError
from .evaluate import evaluate
from .loader import load_document
from .report import DocumentReport, Report

REPORT_SUFFIXES = (".docx", ".txt", ".md")


def tool_version() -> str:
    try:
        return version("compliance")
    except PackageNotFoundError:  # running from a source tree
        return "0+unknown"


def collect_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Expand folders (recursively, report files only, sorted); files are kept as given."""
    found: list[str] = []
    for path in paths:
        name = os.fspath(path)
        if Path(name).is_dir():
            files = [
                p
                for p in Path(name).rglob("*")
                if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES and not p.name.startswith(("~$", "."))
            ]
            found.extend(str(p) for p in sorted(files))
        else:
            found.append(name)
    return found


def check_document(
    path: str | os.PathLike[str], checklist: Checklist, *, fail_under: float | None = None
) -> DocumentReport:
    """Check one file; an unreadable file gives a DocumentReport with `error` set, never an exception."""
    name = os.fspath(path)
    try:
        document = load_document(name)
    except DocumentError as err:
        return DocumentReport(
            name,
            None,
            None,
            None,
            None,
            None,
            checklist.fail_under if fail_under is None else fail_under,
            error=err.cause,
        )
    return evaluate(document, checklist, fail_under=fail_under)


def make_report(checklist: Checklist, documents: Sequence[DocumentReport]) -> Report:
    return Report(tool_version(), checklist.id, checklist.version, tuple(documents))


def check(
    path: str | os.PathLike[str],
    checklist: str | Checklist | None = None,
    *,
    fail_under: float | None = None,
) -> Report:
    """Check one report file; raise DocumentError when it cannot be read."""
    rules = checklist if isinstance(checklist, Checklist) else load_checklist(checklist)
    document = load_document(path)
    return make_report(rules, [evaluate(document, rules, fail_under=fail_under)])


def check_paths(
    paths: Iterable[str | os.PathLike[str]],
    checklist: str | Checklist | None = None,
    *,
    fail_under: float | None = None,
) -> Report:
    """Check files and folders; unreadable files become error rows and the others are still checked."""
    rules = checklist if isinstance(checklist, Checklist) else load_checklist(checklist)
    documents = [check_document(p, rules, fail_under=fail_under) for p in collect_paths(paths)]
    return make_report(rules, documents)

"""The library's front door: check files end to end with the same functions the CLI uses."""

from __future__ import annotations

import dataclasses
import functools
import glob
import os
from collections.abc import Iterable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .checklist import Checklist, load_checklist
from .config import Overrides, settings_for
from .errors import DocumentError
from .evaluate import evaluate
from .loader import load_document
from .profiles import PROFILES, infer_profile
from .report import DocumentReport, Report
from .structure import recover_structure
from .suppress import apply_settings, check_rules

# Files a folder scan picks up. .doc/.wps/.rtf/.odt need LibreOffice, .pdf/.html an extra: without
# them such a file is an error row that says what to install, never silently skipped.
REPORT_SUFFIXES = (".docx", ".doc", ".wps", ".rtf", ".odt", ".pdf", ".html", ".htm", ".txt", ".md")
SUFFIX_LIST = "、".join(REPORT_SUFFIXES)
NO_REPORTS = f"没有找到可检查的报告文件（{SUFFIX_LIST}）"
_NOT_REPORTS = ("readme", "changelog", "license", "licence", "contributing")


def is_report_file(path: Path) -> bool:
    """A file a folder scan should check: a report format, not a Word lock file, a hidden file
    or a repository's README/CHANGELOG/LICENSE."""
    name = path.name.lower()
    return (
        path.suffix.lower() in REPORT_SUFFIXES
        and not name.startswith(("~$", "."))
        and not name.startswith(_NOT_REPORTS)
    )


@functools.cache  # reading the installed metadata takes ~1.5 ms; a server renders many reports
def tool_version() -> str:
    try:
        return version("compliance")
    except PackageNotFoundError:  # running from a source tree
        return "0+unknown"


def collect_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Expand folders (recursively, report files only, sorted); files are kept as given.

    A glob pattern (``reports/**/*.docx``, quoted so the shell leaves it alone) is expanded to the
    report files and folders it matches, sorted; one that matches nothing is kept as given, so it
    shows up as an error row. A file reached twice is listed once, where it first appears.
    """
    found: list[str] = []
    for path in paths:
        name = os.fspath(path)
        if glob.has_magic(name) and not Path(name).exists():
            matches = sorted(glob.glob(name, recursive=True))
            names = [m for m in matches if Path(m).is_dir() or is_report_file(Path(m))]
        else:
            names = [name]
        for item in names or [name]:
            if Path(item).is_dir():
                files = [p for p in Path(item).rglob("*") if p.is_file() and is_report_file(p)]
                found.extend(str(p) for p in sorted(files))
            else:
                found.append(item)
    unique: dict[str, str] = {}
    for name in found:
        unique.setdefault(os.path.normpath(name), name)
    return list(unique.values())


def check_document(
    path: str | os.PathLike[str], checklist: Checklist, *, fail_under: float | None = None
) -> DocumentReport:
    """Check one file; an unreadable file gives a DocumentReport with `error` set, never an exception."""
    name = os.fspath(path)
    try:
        document = load_document(name)
    except DocumentError as err:
        return DocumentReport.unreadable(
            name, err.cause, checklist.fail_under if fail_under is None else fail_under
        )
    return evaluate(document, checklist, fail_under=fail_under)


def check_configured(path: str | os.PathLike[str], overrides: Overrides | None = None) -> DocumentReport:
    """Check one file with the settings that apply to it (config.settings_for: the nearest project
    configuration, then `overrides` from the command line). The checklist is the one set there, else
    the profile's, inferred from the document when not set; `select`/`ignore` are applied. An
    unreadable file gives an error row; a bad configuration or checklist raises."""
    settings = settings_for(path, overrides)
    name = os.fspath(path)
    try:
        document = load_document(name)
    except DocumentError as err:
        cutoff = settings.fail_under
        if cutoff is None:
            cutoff = load_checklist(settings.checklist or settings.profile).fail_under
        return DocumentReport.unreadable(name, err.cause, cutoff)
    structure = recover_structure(document)
    if settings.checklist:
        checklist = load_checklist(settings.checklist)
        profile, reason = checklist.profile, f"由{settings.chosen_by} 指定的检查清单决定"
    elif settings.profile:
        profile, reason = settings.profile, f"由{settings.chosen_by} 指定"
        checklist = load_checklist(profile)
    else:
        inferred = infer_profile(structure)
        profile, reason = inferred.profile, inferred.reason
        checklist = load_checklist(profile)
    result = evaluate(
        document, checklist, fail_under=settings.fail_under, profile=profile, structure=structure
    )
    result = dataclasses.replace(
        result,
        profile_reason=reason,
        checklist_id=checklist.id,
        checklist_version=checklist.version,
    )
    return apply_settings(result, settings, checklist)


def check_settings(paths: Iterable[str | os.PathLike[str]], overrides: Overrides | None = None) -> None:
    """Raise the configuration or checklist problem (UsageError, ChecklistError) that checking
    `paths` with check_configured would meet, before any file is read."""
    for path in paths:
        settings = settings_for(path, overrides)
        chosen = settings.checklist or settings.profile
        for name in [chosen] if chosen else PROFILES:
            check_rules(settings, load_checklist(name))


def make_report(checklist: Checklist | None, documents: Sequence[DocumentReport]) -> Report:
    """A Report of `documents`; with no checklist, the first document's checklist is named."""
    if checklist is None:
        first = next((d for d in documents if d.checklist_id), None)
        if first is None:
            checklist = load_checklist()
        else:
            ids = (first.checklist_id or "", first.checklist_version or "")
            return Report(tool_version(), *ids, tuple(documents))
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
    jobs: int | None = 1,
) -> Report:
    """Check files, folders and glob patterns; unreadable files become error rows, the others are
    still checked. `jobs` worker processes check them in parallel (None: one per CPU)."""
    from .batch import checker, run_batch  # batch imports this module

    rules = checklist if isinstance(checklist, Checklist) else load_checklist(checklist)
    documents = run_batch(collect_paths(paths), checker(rules, fail_under=fail_under), jobs=jobs)
    return make_report(rules, documents)

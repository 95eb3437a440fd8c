"""The one pipeline every command runs: load → structure → profile → checklist → evaluate → settings.

`check`, `annotate`, `baseline`, the batch, the library's `compliance.check()`/`check_paths()` and
the web app all call `check_file` (a path) or `check_loaded` (a loaded document) here, with the
settings `settings.config.settings_for` resolves, so that they never disagree on a document.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass

from compliance.checklist.model import Checklist, load_checklist
from compliance.checklist.profiles import PROFILES, infer_profile
from compliance.errors import DocumentError
from compliance.pipeline.evaluate import evaluate
from compliance.reading.document import Document
from compliance.reading.loader import load_document
from compliance.report.model import DocumentReport
from compliance.settings.config import Overrides, Settings, settings_for
from compliance.settings.suppress import apply_settings, check_rules
from compliance.structure.outline import Structure, recover_structure


@dataclass(frozen=True, slots=True)
class Checked:
    """One document through the pipeline: what was read, its structure, the checklist and the report."""

    document: Document
    structure: Structure
    checklist: Checklist
    report: DocumentReport


@dataclass(frozen=True, slots=True)
class Choice:
    """The checklist a document is checked with, its profile, and why (in Chinese)."""

    checklist: Checklist
    profile: str | None
    reason: str


def choose_checklist(settings: Settings, structure: Structure, given: Checklist | None = None) -> Choice:
    """The checklist: `given` (a loaded checklist from a library caller), else the one the
    settings name, else the profile's (set, or inferred from the document)."""
    if given is not None:
        return Choice(given, given.profile, f"由{settings.chosen_by or '调用参数'} 指定的检查清单决定")
    if settings.checklist:
        checklist = load_checklist(settings.checklist)
        return Choice(checklist, checklist.profile, f"由{settings.chosen_by} 指定的检查清单决定")
    if settings.profile:
        return Choice(load_checklist(settings.profile), settings.profile, f"由{settings.chosen_by} 指定")
    inferred = infer_profile(structure)
    return Choice(load_checklist(inferred.profile), inferred.profile, inferred.reason)


def check_loaded(document: Document, settings: Settings, *, checklist: Checklist | None = None) -> Checked:
    """Run a loaded document through the pipeline with `settings` (see `choose_checklist` for
    `checklist`); `select`/`ignore` are applied. Raises UsageError for settings naming unknown items."""
    structure = recover_structure(document)
    choice = choose_checklist(settings, structure, checklist)
    result = evaluate(
        document,
        choice.checklist,
        fail_under=settings.fail_under,
        profile=choice.profile,
        structure=structure,
    )
    result = dataclasses.replace(
        result,
        profile_reason=choice.reason,
        checklist_id=choice.checklist.id,
        checklist_version=choice.checklist.version,
    )
    return Checked(document, structure, choice.checklist, apply_settings(result, settings, choice.checklist))


def unreadable(
    path: str, err: DocumentError, settings: Settings, checklist: Checklist | None
) -> DocumentReport:
    """The error row of a file that cannot be read, with the pass mark that would have applied."""
    cutoff = settings.fail_under
    if cutoff is None:
        rules = checklist or load_checklist(settings.checklist or settings.profile)
        cutoff = rules.fail_under
    return DocumentReport.unreadable(path, err.cause, cutoff)


def check_file(
    path: str | os.PathLike[str],
    overrides: Overrides | None = None,
    *,
    checklist: Checklist | None = None,
) -> DocumentReport:
    """Check one file with the settings that apply to it (config.settings_for: the nearest project
    configuration unless `overrides.isolated`, then `overrides`). An unreadable file gives an error
    row; a bad configuration or checklist raises."""
    settings = settings_for(path, overrides)
    name = os.fspath(path)
    try:
        document = load_document(name)
    except DocumentError as err:
        return unreadable(name, err, settings, checklist)
    return check_loaded(document, settings, checklist=checklist).report


def check_settings(
    paths: Iterable[str | os.PathLike[str]],
    overrides: Overrides | None = None,
    *,
    checklist: Checklist | None = None,
) -> None:
    """Raise the configuration or checklist problem (UsageError, ChecklistError) that checking
    `paths` with check_file would meet, before any file is read."""
    for path in paths:
        settings = settings_for(path, overrides)
        if checklist is not None:
            check_rules(settings, checklist)
            continue
        chosen = settings.checklist or settings.profile
        if chosen:
            check_rules(settings, load_checklist(chosen))
        elif settings.select is not None or settings.ignore:  # the profile is not known yet: any
            for name in PROFILES:
                check_rules(settings, load_checklist(name))


def check_document(
    path: str | os.PathLike[str], checklist: Checklist, *, fail_under: float | None = None
) -> DocumentReport:
    """Evaluate one file against exactly `checklist`, with no settings and no profile (the lower
    level the pipeline builds on); an unreadable file gives an error row, never an exception."""
    name = os.fspath(path)
    try:
        document = load_document(name)
    except DocumentError as err:
        return DocumentReport.unreadable(
            name, err.cause, checklist.fail_under if fail_under is None else fail_under
        )
    return evaluate(document, checklist, fail_under=fail_under)

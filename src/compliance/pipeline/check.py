"""The one pipeline every command runs: load → structure → profile → checklist → evaluate → settings.

`check`, `annotate`, `baseline`, the batch, the library's `compliance.check()`/`check_paths()` and
the web app all call `check_file` (a path) or `check_loaded` (a loaded document) here, with the
settings `settings.config.settings_for` resolves, so that they never disagree on a document.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from compliance.checklist.model import Checklist, load_checklist
from compliance.checklist.profiles import PROFILES, infer_profile
from compliance.errors import DocumentError
from compliance.evaluate.checks import Previous
from compliance.pipeline.evaluate import analysed, evaluate
from compliance.reading.document import Document
from compliance.reading.loader import load_document
from compliance.records import Record, replace
from compliance.report.model import DocumentReport
from compliance.settings.config import Overrides, Settings, settings_for
from compliance.settings.suppress import apply_settings, check_rules
from compliance.structure.outline import Structure, recover_structure
from compliance.text import normalise


class Checked(Record, frozen=True):
    """One document through the pipeline: what was read, its structure, the checklist and the report."""

    document: Document
    structure: Structure
    checklist: Checklist
    report: DocumentReport


class Choice(Record, frozen=True):
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


def check_loaded(
    document: Document,
    settings: Settings,
    *,
    checklist: Checklist | None = None,
    previous: Document | None = None,
) -> Checked:
    """Run a loaded document through the pipeline with `settings` (see `choose_checklist` for
    `checklist`); `select`/`ignore` are applied; `previous` is last year's report, whose plan is
    traced (see `previous_for`). Raises UsageError for settings naming unknown items and
    DocumentError when `previous` is not the report of the year before."""
    structure = recover_structure(document)
    choice = choose_checklist(settings, structure, checklist)
    result = evaluate(
        document,
        choice.checklist,
        fail_under=settings.fail_under,
        profile=choice.profile,
        structure=structure,
        previous=None if previous is None else previous_for(previous, structure, choice.checklist),
    )
    result = replace(
        result,
        profile_reason=choice.reason,
        checklist_id=choice.checklist.id,
        checklist_version=choice.checklist.version,
    )
    return Checked(document, structure, choice.checklist, apply_settings(result, settings, choice.checklist))


def previous_for(previous: Document, structure: Structure, checklist: Checklist) -> Previous:
    """Last year's report analysed with this report's checklist; DocumentError (naming both years)
    when it is not the report of the year before this one, or when either year is unknown."""
    before = recover_structure(previous)
    year, last = structure.report_year, before.report_year
    if year is None or last is None:
        which = "本报告" if year is None else f"上一年度报告（{previous.path}）"
        raise DocumentError(previous.path, f"无法确定{which}的报告年度，不能核对上一年度安排的落实情况")
    if last != year - 1:
        raise DocumentError(
            previous.path,
            f"上一年度报告（{previous.path}）是{last}年度的报告，"
            f"本报告为{year}年度，应提供{year - 1}年度的报告",
        )
    return Previous(previous.path, analysed(before, checklist))


def history_key(issuer: str | None, year: int | None) -> tuple[str, int] | None:
    """How a report is found in a history folder: its issuer (as the tool reads it, without a
    trailing 人民政府) and its report year; None when either is unknown."""
    if not issuer or year is None:
        return None
    return normalise(issuer).removesuffix("人民政府"), year


def history_index(paths: Iterable[str]) -> dict[tuple[str, int], str]:
    """(issuer, year) → path of each readable report in a history folder (the first one of a pair wins)."""
    found: dict[tuple[str, int], str] = {}
    for path in paths:
        try:
            structure = recover_structure(load_document(path))
        except DocumentError:
            continue
        key = history_key(structure.issuer, structure.report_year)
        if key is not None:
            found.setdefault(key, path)
    return found


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
    previous: str | os.PathLike[str] | None = None,
    history: Mapping[tuple[str, int], str] | None = None,
) -> DocumentReport:
    """Check one file with the settings that apply to it (config.settings_for: the nearest project
    configuration unless `overrides.isolated`, then `overrides`). `previous`: last year's report,
    or `history` (see history_index) to find it by issuer and year. An unreadable file (or an
    unreadable or mismatched previous report) gives an error row; a bad configuration or checklist
    raises."""
    settings = settings_for(path, overrides)
    name = os.fspath(path)
    try:
        document = load_document(name)
        before = None
        if history is not None and previous is None:
            structure = recover_structure(document)
            key = history_key(structure.issuer, structure.report_year)
            if key is not None:
                previous = history.get((key[0], key[1] - 1))
        if previous is not None:
            before = _load_previous(os.fspath(previous))
        return check_loaded(document, settings, checklist=checklist, previous=before).report
    except DocumentError as err:
        return unreadable(name, err, settings, checklist)


def _load_previous(path: str) -> Document:
    try:
        return load_document(path)
    except DocumentError as err:
        raise DocumentError(path, f"上一年度报告（{path}）无法读取：{err.cause}") from err


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

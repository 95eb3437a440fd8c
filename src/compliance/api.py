"""The library's front door: check a file with the same pipeline and settings as the CLI.

A thin facade over compliance.pipeline: the profile is inferred as `compliance check` infers it, and
no configuration file is read unless asked (`config=True`, or a configuration file's path).
"""

from __future__ import annotations

import os

from compliance.checklist.model import Checklist
from compliance.pipeline.check import check_document, check_file, check_loaded, check_settings
from compliance.pipeline.paths import NO_REPORTS, REPORT_SUFFIXES, SUFFIX_LIST, collect_paths, is_report_file
from compliance.pipeline.results import library_overrides, make_report, tool_version
from compliance.reading.loader import load_document
from compliance.report.model import Report
from compliance.settings.config import Overrides, settings_for

__all__ = [
    "NO_REPORTS",
    "REPORT_SUFFIXES",
    "SUFFIX_LIST",
    "check",
    "check_document",
    "check_file",
    "check_settings",
    "collect_paths",
    "is_report_file",
    "make_report",
    "tool_version",
]


def check(
    path: str | os.PathLike[str],
    checklist: str | Checklist | None = None,
    *,
    profile: str | None = None,
    fail_under: float | None = None,
    config: bool | str | os.PathLike[str] = False,
    settings: Overrides | None = None,
    previous: str | os.PathLike[str] | None = None,
) -> Report:
    """Check one report file as `compliance check` does; raise DocumentError when it cannot be read.

    `checklist` (a shipped name, a file, or a loaded Checklist) or `profile` chooses the checklist;
    by default the profile is inferred from the report. `config=True` reads the nearest project
    configuration (`.compliance.toml`, pyproject.toml) as the CLI does, a path reads that file;
    `settings` (an Overrides, as the CLI builds it) replaces all of these keywords. `previous`
    (last year's report) adds the trace of its plan, as `--previous` does; DocumentError when it
    cannot be read or is not the report of the year before.
    """
    given = checklist if isinstance(checklist, Checklist) else None
    name = None if isinstance(checklist, Checklist) else checklist
    overrides = settings or library_overrides(name, profile=profile, fail_under=fail_under, config=config)
    resolved = settings_for(path, overrides)
    check_settings([path], overrides, checklist=given)
    before = load_document(previous) if previous is not None else None
    checked = check_loaded(load_document(path), resolved, checklist=given, previous=before)
    return make_report(None, [checked.report])

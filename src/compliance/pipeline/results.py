"""The last step: documents' results joined into one Report, named by checklist and tool version."""

from __future__ import annotations

import os
from collections.abc import Sequence

from compliance.checklist.model import Checklist, load_checklist
from compliance.report.model import DocumentReport, Report
from compliance.settings.config import LIBRARY_CALL, Overrides
from compliance.version import __version__


def tool_version() -> str:
    """The version reports are stamped with."""
    return __version__


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


def library_overrides(
    checklist: str | None = None,
    *,
    profile: str | None = None,
    fail_under: float | None = None,
    config: bool | str | os.PathLike[str] = False,
) -> Overrides:
    """The settings a library call gives: no configuration file unless `config` (True: the nearest
    one up the file's folders, a path: that file), then the call's own checklist, profile, pass mark."""
    return Overrides(
        checklist=checklist,
        profile=profile,
        fail_under=fail_under,
        config=None if isinstance(config, bool) else os.fspath(config),
        isolated=config is False,
        origin=LIBRARY_CALL,
    )

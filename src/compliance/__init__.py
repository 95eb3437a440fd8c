"""compliance: check a 法治政府建设年度报告 against the structure the regulations require.

Pipeline (compliance.pipeline): load_document → recover_structure → profile → checklist → evaluate →
settings → Report → render. The public names below are imported on first use, so that
`import compliance` (and `compliance --version`) stays fast.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from compliance.version import __version__

if TYPE_CHECKING:
    from compliance.api import check, check_document, collect_paths, make_report, tool_version
    from compliance.batch import check_paths
    from compliance.checklist.model import (
        Checklist,
        Item,
        load_checklist,
        parse_checklist,
        shipped_checklists,
    )
    from compliance.classify.matcher import analyse
    from compliance.classify.sections import Analysis
    from compliance.errors import ChecklistError, ComplianceError, DocumentError, OutputError, UsageError
    from compliance.formats import FORMATTERS, render
    from compliance.pipeline.evaluate import evaluate
    from compliance.reading.document import Block, Document
    from compliance.reading.loader import load_document
    from compliance.report.model import DocumentReport, Finding, Report
    from compliance.structure.outline import Structure, recover_structure

# public name -> the module that defines it
_HOMES = {
    "FORMATTERS": "compliance.formats",
    "render": "compliance.formats",
    "Analysis": "compliance.classify.sections",
    "analyse": "compliance.classify.matcher",
    "Block": "compliance.reading.document",
    "Document": "compliance.reading.document",
    "load_document": "compliance.reading.loader",
    "Checklist": "compliance.checklist.model",
    "Item": "compliance.checklist.model",
    "load_checklist": "compliance.checklist.model",
    "parse_checklist": "compliance.checklist.model",
    "shipped_checklists": "compliance.checklist.model",
    "ChecklistError": "compliance.errors",
    "ComplianceError": "compliance.errors",
    "DocumentError": "compliance.errors",
    "OutputError": "compliance.errors",
    "UsageError": "compliance.errors",
    "DocumentReport": "compliance.report.model",
    "Finding": "compliance.report.model",
    "Report": "compliance.report.model",
    "Structure": "compliance.structure.outline",
    "recover_structure": "compliance.structure.outline",
    "evaluate": "compliance.pipeline.evaluate",
    "check": "compliance.api",
    "check_document": "compliance.api",
    "collect_paths": "compliance.api",
    "make_report": "compliance.api",
    "tool_version": "compliance.api",
    "check_paths": "compliance.batch",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'compliance' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])


class _Package(types.ModuleType):
    """`compliance.evaluate` names both the evaluate stage's package (which binds itself here when
    imported) and the public function evaluate(); the public function wins, as when it was
    imported eagerly. Submodules are still imported by their full names
    (`from compliance.evaluate.checks import …`)."""

    def __getattribute__(self, name: str) -> Any:
        if name == "evaluate":
            from compliance.pipeline.evaluate import evaluate

            return evaluate
        return super().__getattribute__(name)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "FORMATTERS",
    "Analysis",
    "Block",
    "Checklist",
    "ChecklistError",
    "ComplianceError",
    "Document",
    "DocumentError",
    "DocumentReport",
    "Finding",
    "Item",
    "OutputError",
    "Report",
    "Structure",
    "UsageError",
    "__version__",
    "analyse",
    "check",
    "check_document",
    "check_paths",
    "collect_paths",
    "evaluate",
    "load_checklist",
    "load_document",
    "make_report",
    "parse_checklist",
    "recover_structure",
    "render",
    "shipped_checklists",
    "tool_version",
]

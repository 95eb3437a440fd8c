"""compliance: check a 法治政府建设年度报告 against the structure the regulations require.

Pipeline: load_document → recover_structure → analyse → evaluate → Report → render.
"""

from __future__ import annotations

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
from compliance.errors import ChecklistError, ComplianceError, DocumentError, UsageError
from compliance.formats import FORMATTERS, render
from compliance.pipeline.evaluate import evaluate
from compliance.reading.document import Block, Document
from compliance.reading.loader import load_document
from compliance.report.model import DocumentReport, Finding, Report
from compliance.structure.outline import Structure, recover_structure

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
    "Report",
    "Structure",
    "UsageError",
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

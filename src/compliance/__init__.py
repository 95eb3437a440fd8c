"""compliance: check a 法治政府建设年度报告 against the structure the regulations require.

Pipeline: load_document → recover_structure → analyse → evaluate → Report → render.
"""

from __future__ import annotations

from .api import check, check_document, check_paths, collect_paths, make_report, tool_version
from .checklist import Checklist, Item, load_checklist, parse_checklist, shipped_checklists
from .document import Block, Document
from .errors import ChecklistError, ComplianceError, DocumentError, UsageError
from .evaluate import evaluate
from .formats import FORMATTERS, render
from .loader import load_document
from .matcher import analyse
from .report import DocumentReport, Finding, Report
from .sections import Analysis
from .structure import Structure, recover_structure

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

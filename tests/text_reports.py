"""Reports written inline in tests: their recovered structure, and one finding of the government
checklist on them (shared by the title, year and structure tests)."""

from __future__ import annotations

from functools import cache

from compliance import Document, evaluate, load_checklist
from compliance.checklist.model import Checklist
from compliance.reading.loader import text_blocks
from compliance.report.model import Finding
from compliance.structure.outline import Structure, recover_structure


def structure_of(text: str) -> Structure:
    return recover_structure(Document("test.txt", "text", text_blocks(text)))


@cache
def _government() -> Checklist:
    return load_checklist("government")


def finding(text: str, rule: str) -> Finding:
    """The finding of `rule` when the government checklist checks `text`."""
    report = evaluate(Document("test.txt", "text", text_blocks(text)), _government())
    return next(f for f in report.findings if f.rule == rule)

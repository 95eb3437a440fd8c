"""Every checklist item's own pass/fail examples, run through the whole pipeline."""

from __future__ import annotations

from functools import cache

import pytest

from compliance import Document, evaluate, load_checklist, shipped_checklists
from compliance.checklist.model import Checklist
from compliance.pipeline.check import previous_for
from compliance.reading.loader import text_blocks
from compliance.structure.outline import recover_structure

PREVIOUS_MARK = "\n——上一年度报告——\n"  # in a follow-through example: last year's report follows


@cache
def _load(name: str) -> Checklist:
    return load_checklist(name)


def _cases() -> list[tuple[str, str, str, str]]:
    cases = []
    for name in shipped_checklists():
        for item in _load(name).items:
            cases += [(name, item.id, "pass", text) for text in item.examples_pass]
            cases += [(name, item.id, "fail", text) for text in item.examples_fail]
    return cases


CASES = _cases()


def test_every_item_documents_itself() -> None:
    for name in shipped_checklists():
        checklist: Checklist = load_checklist(name)
        for item in checklist.items:
            assert item.why and item.basis.source and item.basis.confidence, item.id
            assert item.examples_pass, item.id
            optional = getattr(item.check, "optional", False)
            assert item.examples_fail or optional, item.id


@pytest.mark.parametrize(
    ("checklist", "item_id", "expected", "text"),
    CASES,
    ids=[f"{c}:{i}:{e}{n}" for n, (c, i, e, _) in enumerate(CASES)],
)
def test_example(checklist: str, item_id: str, expected: str, text: str) -> None:
    rules = _load(checklist)
    this_year, _, last_year = text.partition(PREVIOUS_MARK)  # a follow-through example holds both
    document = Document("example.txt", "text", text_blocks(this_year))
    previous = None
    if last_year:
        before = Document("previous.txt", "text", text_blocks(last_year))
        previous = previous_for(before, recover_structure(document), rules)
    findings = evaluate(document, rules, previous=previous).findings
    finding = next(f for f in findings if f.rule == item_id)
    assert finding.status == expected, finding.message

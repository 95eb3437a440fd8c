"""Held-out sets (tests/heldout and tests/heldout2, truth in each truth.yaml), each written blind — without
access to the code, the checklist or the other corpora — to imitate real reports from provinces to
townships and departments. Checked through the same path as the CLI (project settings and profile
inference), at the level a reviewer judges: is each part and area there, and is each planted defect
reported."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import yaml

from compliance import DocumentReport
from compliance.pipeline.check import check_file
from compliance.settings.config import Overrides
from helpers import TESTS

SETS = ("heldout", "heldout2")
TRUTH: dict[str, Any] = {
    f"{folder}/{name}": truth
    for folder in SETS
    for name, truth in yaml.safe_load((TESTS / folder / "truth.yaml").read_text(encoding="utf-8")).items()
}
NAMES = sorted(TRUTH)
DEFECT_RULES = {
    "shortcoming-reasons": "shortcoming-reasons",
    "plan-year": "plan-year",
    "no-figures": "achievement-figures",
    "no-leader-duty": "leader-duty",
    "no-shortcomings": "shortcomings",
    "placeholders": "placeholders",
}
# Where the tool's rule knowingly differs from the set's labelling convention: a plan that names no
# year at all ("下一步工作打算") passes plan-year (the tool checks the years that are written).
POLICY = {("heldout2/g12_lantian_finance_2020.txt", "plan-year")}


@cache
def report(name: str) -> DocumentReport:
    return check_file(TESTS / name, Overrides(isolated=True))


def test_the_sets_are_complete() -> None:
    files = sorted(f"{folder}/{p.name}" for folder in SETS for p in (TESTS / folder).glob("*.txt"))
    assert files == NAMES and len(NAMES) == 27


@pytest.mark.parametrize("name", NAMES)
def test_title_year_and_profile(name: str) -> None:
    truth, result = TRUTH[name], report(name)
    assert result.title == truth["title"]
    assert result.report_year == truth["report_year"]
    assert result.profile == truth["profile"]


@pytest.mark.parametrize(
    ("name", "kind", "section_id"),
    [(n, k, s) for n in NAMES for k in ("parts", "areas") for s in TRUTH[n][k]],
    ids=str,
)
def test_sections(name: str, kind: str, section_id: str) -> None:
    want = TRUTH[name][kind][section_id]
    section = report(name).section(section_id)
    assert section is not None
    if want is True:
        assert section.found and (
            section.status == "heading" or kind == "areas" or section.id == "achievements"
        )
    elif want == "content":
        assert section.status == "content"
    else:
        assert section.status == "missing", (section.status, section.evidence)


@pytest.mark.parametrize("name", NAMES)
def test_defects_are_reported_and_nothing_else_on_the_parts(name: str) -> None:
    failed = {f.rule for f in report(name).failures}
    defects = TRUTH[name]["defects"] or []
    expected = {DEFECT_RULES[d] for d in defects if (name, d) not in POLICY}
    assert expected <= failed
    # a part present only as sentences inside another is reported as not having its own part
    unheaded = {part for part, state in TRUTH[name]["parts"].items() if state == "content"}
    structural = {
        "achievements",
        "shortcomings",
        "next-year",
        "plan-year",
        "shortcoming-reasons",
        "leader-duty",
    }
    assert failed & structural <= expected | unheaded

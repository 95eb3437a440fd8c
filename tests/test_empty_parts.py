"""Found means found: a required part whose heading has nothing under it (or only "无。") is missing."""

from __future__ import annotations

import json
from functools import cache

import pytest

from compliance import Document, evaluate, load_checklist, make_report, render
from compliance.checklist.model import Checklist
from compliance.reading.loader import text_blocks
from compliance.report.model import DocumentReport
from helpers import SAMPLES

GOOD = (SAMPLES / "good-2022.txt").read_text(encoding="utf-8")
LEADER = "三、党政主要负责人履行推进法治建设第一责任人职责情况"
SHORTCOMINGS = "二、存在的不足和原因"


@cache
def _government() -> Checklist:
    return load_checklist("government")


def check_text(text: str) -> DocumentReport:
    return evaluate(Document("report.txt", "text", text_blocks(text)), _government())


def _with_body(heading: str, body: str) -> str:
    """The complete sample report with the part under `heading` replaced by `body`."""
    lines = GOOD.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading[:12]))
    end = next(i for i in range(start + 1, len(lines)) if lines[i][:2] in ("二、", "三、", "四、", "五、"))
    return "\n".join([*lines[: start + 1], *([body] if body else []), *lines[end:]])


def _status(report: DocumentReport, rule: str) -> str:
    return next(f for f in report.findings if f.rule == rule).status


def test_the_complete_sample_passes_as_it_did() -> None:
    report = check_text(GOOD)
    assert report.passed and _status(report, "leader-duty") == "pass"


@pytest.mark.parametrize(
    "body", ["无。", "暂无", "无", "（无）", ""], ids=["wu", "zanwu", "bare", "paren", "nothing"]
)
def test_a_leader_duty_part_with_nothing_under_its_heading_is_not_found(body: str) -> None:
    report = check_text(_with_body(LEADER, body))
    section = report.section("leader-duty")
    assert section is not None and not section.found and section.status == "missing"
    assert section.heading == LEADER  # the JSON still says which heading is empty
    finding = next(f for f in report.findings if f.rule == "leader-duty")
    assert finding.status == "fail" and "只有标题，没有实际内容" in finding.message
    assert finding.paragraph == section.paragraph
    assert not report.passed and report.score < 100
    assert _status(report, "leader-duty-own-part") == "skip"  # its own item reports it, once


def test_an_empty_shortcomings_part_fails_and_the_json_says_so() -> None:
    report = check_text(_with_body(SHORTCOMINGS, ""))
    data = json.loads(render(make_report(_government(), [report]), "json"))["documents"][0]
    sections = {s["id"]: s for s in data["sections"]}
    findings = {f["rule"]: f for f in data["findings"]}
    assert sections["shortcomings"]["found"] is False
    assert sections["shortcomings"]["heading"] == SHORTCOMINGS
    assert findings["shortcomings"]["status"] == "fail"
    assert findings["shortcoming-reasons"]["status"] == "skip"
    assert data["passed"] is False


def test_a_part_whose_body_is_only_sub_headings_is_found() -> None:
    text = (
        "某区2023年法治政府建设报告\n一、主要举措和成效\n（一）坚持党的领导\n召开会议5次。\n"
        "二、存在的不足和原因\n（一）执法力量不足，原因是编制紧张\n"
        "三、2024年工作安排\n（一）深入学习习近平法治思想\n（二）持续优化营商环境"
    )
    report = check_text(text)
    assert report.section("shortcomings").found  # type: ignore[union-attr]
    assert report.section("next-year").found  # type: ignore[union-attr]


def test_achievements_that_run_on_over_top_level_area_headings_are_found() -> None:
    text = (
        "某区2023年法治政府建设报告\n一、主要工作情况\n二、坚持党的领导\n召开会议5次。\n"
        "三、依法全面履行政府职能\n取消许可事项5项。\n四、存在的不足和原因\n意识不强，原因是学习不够。"
    )
    assert check_text(text).section("achievements").found  # type: ignore[union-attr]


def test_the_optional_other_part_may_say_wu() -> None:
    report = check_text(GOOD)
    assert GOOD.rstrip().endswith("五、其他需要报告的情况\n无。")
    assert report.section("other").status == "heading"  # type: ignore[union-attr]
    assert _status(report, "other") == "pass"


def test_an_area_heading_with_nothing_under_it_is_not_a_covered_area() -> None:
    text = (
        "某区2023年法治政府建设报告\n一、主要举措和成效\n（一）坚持党的领导\n召开会议5次。\n"
        "（二）依法有效化解社会矛盾纠纷\n二、存在的不足和原因\n意识不强，原因是学习不够。"
    )
    report = check_text(text)
    section = report.section("dispute-resolution")
    assert section is not None and section.status == "missing" and section.heading
    assert _status(report, "dispute-resolution") == "fail"

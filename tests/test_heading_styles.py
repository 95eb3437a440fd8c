"""A .docx whose headings carry heading styles but no numbers keeps typed 「（一）」 items under them."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from compliance import check

HEADING_1 = "Heading 1"
HEADING_2 = "Heading 2"
# (style, text): parts in Heading 1, areas in Heading 2, no numbers typed or automatic; the plan's
# items typed as 「（一）」 in body paragraphs, as drafters write them.
REPORT = [
    ("Title", "某某区2023年法治政府建设年度报告"),
    (None, "2023年，我区坚持依法行政，全面推进各项工作。"),
    (HEADING_1, "2023年推进法治政府建设的主要举措和成效"),
    (HEADING_2, "坚持党的全面领导"),
    (None, "召开常务会议5次，专题研究法治政府建设。"),
    (HEADING_2, "依法全面履行政府职能"),
    (None, "取消许可事项5项，压减时限30%，新增市场主体200户，办件1000件。"),
    (HEADING_1, "存在的不足和原因"),
    (None, "执法人员不足，原因是编制紧张。"),
    (HEADING_1, "党政主要负责人履行推进法治建设第一责任人职责情况"),
    (None, "区长主持召开常务会议专题研究法治政府建设3次。"),
    (HEADING_1, "2024年工作安排"),
    (None, "（一）深入学习贯彻习近平法治思想。"),
    (None, "将习近平法治思想纳入理论学习中心组学习计划。"),
    (None, "（二）持续优化法治化营商环境。"),
    (None, "深化“放管服”改革，推行告知承诺制。"),
]


@pytest.fixture
def styled_report(tmp_path: Path) -> Path:
    document = docx.Document()
    for style, text in REPORT:
        document.add_paragraph(text, style=style)
    path = tmp_path / "styled.docx"
    document.save(str(path))
    return path


def test_typed_plan_items_nest_under_the_styled_plan_heading(styled_report: Path) -> None:
    doc = check(styled_report).documents[0]
    levels = {entry.text: entry.level for entry in doc.outline}
    assert levels["2024年工作安排"] == 1
    assert levels["（一）深入学习贯彻习近平法治思想"] == 2
    assert levels["（二）持续优化法治化营商环境"] == 2
    assert levels["坚持党的全面领导"] == 2
    plan = doc.section("next-year")
    assert plan is not None and plan.found and plan.heading == "2024年工作安排"
    findings = {f.rule: f for f in doc.findings}
    assert findings["next-year"].status == "pass"
    assert findings["plan-covers-areas"].status == "pass", findings["plan-covers-areas"].message


def test_a_single_styled_line_does_not_take_over_the_outline(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某某区2023年法治政府建设年度报告", style="Title")
    document.add_paragraph("区法治政府建设领导小组", style=HEADING_1)  # a stray banner, not an outline
    for text in (
        "一、主要举措和成效",
        "（一）坚持党的领导",
        "召开会议5次。",
        "二、存在的不足和原因",
        "原因是学习不够。",
    ):
        document.add_paragraph(text)
    path = tmp_path / "stray.docx"
    document.save(str(path))
    levels = [(entry.text, entry.level) for entry in check(path).documents[0].outline]
    assert ("一、主要举措和成效", 1) in levels and ("二、存在的不足和原因", 1) in levels
    assert ("（一）坚持党的领导", 2) in levels

"""Heading classification as a reviewer reads it: vocabulary from the 纲要, the text under a heading,
part frames, traditional characters, slots instead of ids, and the `compliance classify` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance import Document, DocumentReport, evaluate, load_checklist, load_document
from compliance.classify.evidence import keyword_hits
from compliance.classify.explain import classify_one
from compliance.classify.sections import SectionSpec
from compliance.cli import main
from compliance.reading.loader import text_blocks
from helpers import ROOT

CHECKLIST = load_checklist()
SPECS = CHECKLIST.section_specs
BODY = "召开会议5次，审查文件12件。"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def check_text(text: str, checklist: object = CHECKLIST) -> DocumentReport:
    return evaluate(Document("t.txt", "text", text_blocks(text)), checklist)  # type: ignore[arg-type]


def report_with(first_part: str, *, year: int = 2023) -> DocumentReport:
    """A 2023 report whose first part is `first_part`, then the usual shortcomings and plan."""
    return check_text(
        f"某街道{year}年法治政府建设情况报告\n{first_part}\n"
        f"二、存在的不足和原因\n意识不强，原因是学习不够。\n三、{year + 1}年工作安排\n继续推进。"
    )


def outline(report: DocumentReport) -> dict[str, str | None]:
    return {o.text: o.section for o in report.outline}


def test_party_building_heading_is_party_leadership_not_the_leader_part() -> None:
    heading = "一、坚持党建引领，压紧压实法治建设责任"
    report = report_with(f"{heading}\n街道党工委召开专题会议研究法治建设4次，将法治建设纳入年度考核。")
    assert outline(report)[heading] == "party-leadership"
    leader = report.section("leader-duty")
    assert leader is not None and leader.heading != heading
    party = report.section("party-leadership")
    assert party is not None and party.status == "heading"


def test_party_building_clause_is_recognised() -> None:
    heading = "（一）加强党建引领，推进法治街道建设"
    report = report_with(
        f"一、主要举措和成效\n{heading}\n党工委书记主持召开法治建设专题会议，调整法治建设领导小组。"
    )
    assert outline(report)[heading] == "party-leadership"


@pytest.mark.parametrize(
    ("heading", "part"),
    [
        ("二、面临的困难和挑战", "shortcomings"),
        ("三、下一阶段谋划", "next-year"),
        ("三、主要负责人履职情况", "leader-duty"),
        ("四、2024年努力方向", "next-year"),
    ],
)
def test_parts_recognised_by_their_frame(heading: str, part: str) -> None:
    report = check_text(
        "某局2023年法治政府建设情况报告\n一、主要举措和成效\n（一）坚持党的全面领导\n召开会议5次。\n"
        f"{heading}\n相关内容。"
    )
    assert outline(report)[heading] == part


def test_area_headings_with_part_words_stay_areas() -> None:
    report = check_text(
        "某局2023年法治政府建设情况报告\n一、主要举措和成效\n（一）制定年度工作要点，压实法治建设责任\n"
        "局党组研究部署法治建设。\n（二）突出重点工作,强化执法全过程记录\n执法记录仪配备率100%。\n"
        "二、存在的问题\n意识不强，原因是学习不够。\n三、2024年工作计划\n继续推进。"
    )
    sections = outline(report)
    assert sections["（一）制定年度工作要点，压实法治建设责任"] == "party-leadership"
    assert sections["（二）突出重点工作,强化执法全过程记录"] == "law-enforcement"
    plan = report.section("next-year")
    assert plan is not None and plan.heading == "三、2024年工作计划"
    assert report.section("leader-duty").status != "heading"  # type: ignore[union-attr]


def _reordered(specs: tuple[SectionSpec, ...]) -> tuple[SectionSpec, ...]:
    return tuple(reversed(specs))


@pytest.mark.parametrize("order", [lambda s: s, _reordered], ids=["checklist-order", "reversed"])
def test_internet_plus_government_service_is_digital_whatever_the_order(order: object) -> None:
    found = classify_one(order(SPECS), CHECKLIST.vocabulary, "（三）加快推进“互联网+政务服务”")  # type: ignore[operator]
    assert found.section == "digital-government"
    assert found.runner_up == "government-functions" and found.margin is not None and found.margin > 0
    assert "互联网+政务服务" in found.rows[0].terms


def test_a_tie_is_no_decision() -> None:
    found = classify_one(SPECS, CHECKLIST.vocabulary, "（一）推进有关工作")
    assert found.section is None


def test_nested_keywords_count_once() -> None:
    dispute = next(s for s in SPECS if s.id == "dispute-resolution")
    assert keyword_hits("全年办理行政复议案件22件。", dispute) == ["行政复议"]
    assert sorted(keyword_hits("办理行政复议案件22件，复议纠错率5%。", dispute)) == ["复议", "行政复议"]
    report = check_text(
        "某区2023年法治政府建设情况报告\n一、主要举措和成效\n（一）坚持党的全面领导\n召开会议5次。\n"
        "（二）依法全面履行政府职能\n全年办理行政复议案件22件。\n二、存在的不足和原因\n意识不强，原因是学习不够。"
    )
    assert report.section("dispute-resolution").status == "missing"  # type: ignore[union-attr]


def test_traditional_characters_are_folded_for_matching() -> None:
    found = classify_one(SPECS, CHECKLIST.vocabulary, "二、加強鄉鎮政府職能轉變")
    assert found.section == "government-functions"
    report = check_text(
        "某鎮2023年法治政府建設情況報告\n一、主要舉措和成效\n（一）加強鄉鎮政府職能轉變\n取消事項12項。\n"
        "二、存在的不足和原因\n意識不強，原因是學習不夠。"
    )
    assert report.section("government-functions").heading == "（一）加強鄉鎮政府職能轉變"  # type: ignore[union-attr]


def test_a_big5_text_file_is_classified(tmp_path: Path) -> None:
    text = (
        "某鎮2023年法治政府建設情況報告\n一、主要舉措和成效\n（一）加強鄉鎮政府職能轉變\n取消行政許可事項12項，"
        "壓減辦理時限30%，推行告知承諾制。\n（二）嚴格規範公正文明執法\n辦理行政處罰案件50件。\n"
        "二、存在的不足和原因\n執法人員不足，原因是編制緊張。\n三、2024年工作安排\n繼續推進。\n"
    )
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    report = evaluate(load_document(path), CHECKLIST)
    assert report.section("government-functions").status == "heading"  # type: ignore[union-attr]
    assert report.section("law-enforcement").status == "heading"  # type: ignore[union-attr]
    assert report.section("shortcomings").heading == "二、存在的不足和原因"  # type: ignore[union-attr]


def test_the_report_year_chooses_the_programme() -> None:
    heading = "（三）加强行政执法监督"
    later = classify_one(SPECS, CHECKLIST.vocabulary, heading, year=2023)
    earlier = classify_one(SPECS, CHECKLIST.vocabulary, heading, year=2018)
    assert later.section == "power-oversight" and later.programme == "gangyao-2021"
    assert earlier.section == "law-enforcement" and earlier.programme == "gangyao-2015"


def test_a_part_mentioned_in_passing_is_not_found() -> None:
    report = check_text(
        "某区2023年法治政府建设情况报告\n一、主要举措和成效\n（一）坚持党的全面领导\n召开会议5次，今后将继续推进。\n"
        "二、存在的不足和原因\n意识不强，原因是学习不够。"
    )
    plan = report.section("next-year")
    assert plan is not None and plan.status == "content" and not plan.found
    assert report.to_dict()["sections"][3]["found"] is False
    leader_inline = check_text(
        "某区2023年法治政府建设情况报告\n一、主要举措和成效\n（一）坚持党的领导\n"
        "区委主要负责同志认真履行推进法治建设第一责任人职责，主持召开专题会议4次。"
    )
    assert leader_inline.section("leader-duty").found  # type: ignore[union-attr]  # its item accepts content


def test_closest_heading_for_a_missing_area_comes_from_the_achievements() -> None:
    report = check_text(
        "某区2023年法治政府建设情况报告\n一、主要举措和成效\n（一）坚持党的全面领导\n召开会议5次。\n"
        "二、存在的不足和原因\n意识不强，原因是学习不够。\n三、2024年工作安排\n（一）深化行政复议体制改革\n办理。"
    )
    dispute = report.section("dispute-resolution")
    assert dispute is not None and dispute.status == "missing" and dispute.closest is None


def test_outline_entries_explain_their_section() -> None:
    report = report_with("一、主要举措和成效\n（一）大力推行权责清单、负面清单制度\n取消事项12项。")
    entry = next(o for o in report.to_dict()["outline"] if o["text"].startswith("（一）"))
    assert entry["section"] == "government-functions"
    assert "权责清单" in entry["terms"] and entry["runner_up"] and entry["margin"] > 0


RENAMED = """
schema_version: 1
id: renamed
version: "1"
title: renamed ids
vocabulary: vocab.yaml
items:
  - {id: teil-erfolge, title: 成效, severity: error, weight: 10, kind: section, why: x, basis: {source: s, confidence: HEURISTIC},
     examples: {pass: ["一、主要举措和成效\\n（一）依法全面履行政府职能\\n取消事项5项。"], fail: []},
     params: {role: part, slot: achievements, titles: [主要举措和成效], aliases: [工作成效]}}
  - {id: teil-plan, title: 安排, severity: error, weight: 10, kind: section, why: x, basis: {source: s, confidence: HEURISTIC},
     examples: {pass: ["一、主要举措和成效\\n（一）依法全面履行政府职能\\n取消事项5项。\\n二、2024年工作安排\\n继续。"], fail: []},
     params: {role: part, slot: plan, titles: [下一年度主要安排], aliases: [工作安排], keywords: [下一步], accept_content: false}}
  - {id: bereich-funktion, title: 职能, severity: warning, weight: 4, kind: section, why: x, basis: {source: s, confidence: HEURISTIC},
     examples: {pass: ["一、主要举措和成效\\n（一）依法全面履行政府职能\\n取消事项5项。"], fail: []},
     params: {role: area, titles: [依法全面履行政府职能], keywords: [权责清单, 营商环境]}}
  - {id: zahlen, title: 数据, severity: warning, weight: 4, kind: figures, why: x, basis: {source: s, confidence: HEURISTIC},
     examples: {pass: ["一、主要举措和成效\\n（一）依法全面履行政府职能\\n取消事项5项，办件9件，压减30%，新增8户，覆盖100%。"], fail: []},
     params: {min_total: 1}}
  - {id: planjahr, title: 年份, severity: error, weight: 4, kind: plan_year, why: x, basis: {source: s, confidence: HEURISTIC},
     examples: {pass: ["某区2023年法治政府建设报告\\n一、主要举措和成效\\n召开会议3次。\\n二、2024年工作安排\\n继续。"], fail: []},
     params: {offset: 1}}
"""


def test_a_checklist_with_other_ids_works_through_slots(tmp_path: Path) -> None:
    (tmp_path / "vocab.yaml").write_text(
        "schema_version: 1\nsections:\n  bereich-funktion: {权责清单: A4, 告知承诺制: A4}\n"
        "parts:\n  teil-plan: {cues: [安排], year_offset: 1}\n",
        encoding="utf-8",
    )
    (tmp_path / "renamed.yaml").write_text(RENAMED, encoding="utf-8")
    checklist = load_checklist(str(tmp_path / "renamed.yaml"))
    report = check_text(
        "某区2023年法治政府建设报告\n一、主要举措和成效\n（一）大力推行权责清单\n取消事项5项，办件9件。\n"
        "二、2023年工作安排\n继续推进。",
        checklist,
    )
    assert report.section("teil-erfolge").status == "heading"  # type: ignore[union-attr]
    assert report.section("bereich-funktion").heading == "（一）大力推行权责清单"  # type: ignore[union-attr]
    findings = {f.rule: f for f in report.findings}
    assert findings["zahlen"].status == "pass"
    assert findings["planjahr"].status == "fail" and "2023" in findings["planjahr"].message


def test_vocabulary_problems_are_reported_with_their_position(tmp_path: Path) -> None:
    (tmp_path / "vocab.yaml").write_text(
        "schema_version: 1\nsections:\n  nowhere: {权责清单: A4}\n  bereich-funktion: {告知承诺制: ''}\n",
        encoding="utf-8",
    )
    (tmp_path / "renamed.yaml").write_text(RENAMED, encoding="utf-8")
    code, out, _ = invoke("rules", "validate", str(tmp_path / "renamed.yaml"))
    assert code == 2
    assert "vocab.yaml:3:3:" in out and "“nowhere”不是章节检查项" in out
    assert "vocab.yaml:4:" in out and "需要来源" in out


def test_the_shipped_vocabulary_names_a_source_for_every_term() -> None:
    vocabulary = CHECKLIST.vocabulary
    assert len(vocabulary.sections) >= 13 and all(t.source for _, terms in vocabulary.sections for t in terms)
    assert {p.id for p in vocabulary.programmes} == {"gangyao-2015", "gangyao-2021"}
    department = load_checklist("department")
    assert department.vocabulary == vocabulary  # extends government: the same vocabulary


def test_classify_command() -> None:
    code, out, _ = invoke(
        "classify", "（一）健全领导机制", "--body", "调整法治建设领导小组，党委书记任组长，研究部署法治建设。"
    )
    assert code == 0 and "结果：党的领导" in out and "party-leadership" in out
    code, out, _ = invoke("classify", "加快推进“互联网+政务服务”", "--format", "json", "--year", "2023")
    data = json.loads(out)
    assert data["section"] == "digital-government" and data["programme"] == "gangyao-2021"
    assert data["scores"][0]["terms"] == ["互联网+政务服务"]


def test_readme_describes_classification() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "rules/vocabulary.yaml" in readme and "BM25" in readme

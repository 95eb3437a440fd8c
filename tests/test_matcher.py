"""Matching headings to parts and areas: paraphrases, typos, shared headings, near misses."""

from __future__ import annotations

import pytest

from compliance import Document, DocumentReport, evaluate, load_checklist
from compliance.classify.matcher import similarity
from compliance.reading.loader import text_blocks

CHECKLIST = load_checklist()


def check_text(text: str) -> DocumentReport:
    return evaluate(Document("t.txt", "text", text_blocks(text)), CHECKLIST)


def status(report: DocumentReport, section_id: str) -> tuple[str, str | None]:
    section = report.section(section_id)
    assert section is not None
    return section.status, section.heading


@pytest.mark.parametrize(
    ("heading", "names", "at_least"),
    [
        ("存在的不足和原因", ("存在的不足和原因",), 100),
        ("存在的不组和原因", ("存在的不足和原因",), 80),  # a wrong character
        ("2023年主要工作及成效", ("主要工作及成效",), 100),  # the year is ignored
        ("始终坚持党的领导，统筹推进法治政府建设", ("坚持党的领导",), 90),  # contains the name
    ],
)
def test_similarity(heading: str, names: tuple[str, ...], at_least: float) -> None:
    assert similarity(heading, names) >= at_least


def test_unrelated_headings_score_low() -> None:
    assert similarity("（一）主动公开", ("存在的不足和原因", "下一年度推进法治政府建设的主要安排")) < 60


def test_terms_mark_a_heading() -> None:
    assert similarity("加强防汛和安全生产工作", ("健全突发事件应对体系",), ("防汛", "安全生产")) == 85


def test_one_heading_holds_two_parts() -> None:
    report = check_text(
        "某区2023年法治政府建设情况报告\n一、2023年工作总结\n（一）坚持党的领导\n召开会议5次。\n"
        "二、存在的问题及下一步工作打算\n意识不强，原因是学习不够。2024年，继续推进。"
    )
    assert status(report, "shortcomings") == ("heading", "二、存在的问题及下一步工作打算")
    assert status(report, "next-year") == ("heading", "二、存在的问题及下一步工作打算")


def test_areas_as_top_level_headings_make_the_achievements_part() -> None:
    report = check_text(
        "某区2023年法治政府建设情况报告\n一、坚持党的全面领导\n召开会议5次。\n二、依法全面履行政府职能\n"
        "取消事项12项。\n三、存在的问题\n意识不强，原因是学习不够。\n四、2024年工作安排\n继续推进。"
    )
    achievements = report.section("achievements")
    assert achievements is not None and achievements.found and achievements.heading is None
    assert status(report, "party-leadership") == ("heading", "一、坚持党的全面领导")
    assert status(report, "government-functions") == ("heading", "二、依法全面履行政府职能")
    assert status(report, "shortcomings")[0] == "heading"


def test_areas_only_in_the_plan_do_not_count() -> None:
    report = check_text(
        "某区2023年法治政府建设情况报告\n一、主要举措和成效\n（一）坚持党的领导\n召开会议5次。\n"
        "二、2024年工作安排\n（一）深化行政复议体制改革\n办理复议案件。\n（二）加强人民调解和信访工作。"
    )
    assert status(report, "dispute-resolution")[0] == "missing"
    outline = {o.text: o.section for o in report.outline}
    # The plan's own measure (its part's item), not the dispute-resolution area.
    assert outline["（一）深化行政复议体制改革"] == "next-year"


def test_a_miss_names_the_closest_heading() -> None:
    report = check_text(
        "某区2023年法治政府建设情况报告\n一、主要举措和成效\n（一）坚持党的领导\n召开会议5次。\n"
        "二、问题与建议\n个别部门重视不够。"
    )
    shortcomings = report.section("shortcomings")
    assert shortcomings is not None and shortcomings.status == "missing"
    finding = next(f for f in report.findings if f.rule == "shortcomings")
    assert finding.status == "fail" and "最接近的标题" in finding.message


def test_leader_duty_first_and_content_only() -> None:
    first = check_text(
        "某区2023年法治政府建设情况报告\n一、党政主要负责人履行推进法治建设第一责任人职责情况\n区长主持会议3次。\n"
        "二、主要举措和成效\n（一）坚持党的领导\n召开会议5次。"
    )
    assert status(first, "leader-duty") == ("heading", "一、党政主要负责人履行推进法治建设第一责任人职责情况")
    assert status(first, "achievements") == ("heading", "二、主要举措和成效")
    inline = check_text(
        "某区2023年法治政府建设情况报告\n一、主要举措和成效\n（一）坚持党的领导\n"
        "区委主要负责同志认真履行推进法治建设第一责任人职责，主持召开专题会议4次。"
    )
    assert status(inline, "leader-duty") == ("content", None)
    own = next(f for f in inline.findings if f.rule == "leader-duty-own-part")
    assert own.status == "fail" and own.evidence and "第一责任人" in own.evidence


def _strip_all_numbers(text: str) -> str:
    from compliance.text import parse_numbering

    lines = []
    for line in text.splitlines():
        number = parse_numbering(line)
        lines.append(line[number.end :] if number else line)
    return "\n".join(lines)


def test_a_text_export_that_lost_word_numbering_keeps_its_structure() -> None:
    from helpers import SEED_TXT

    numbered = check_text(SEED_TXT.read_text(encoding="utf-8"))
    plain = check_text(_strip_all_numbers(SEED_TXT.read_text(encoding="utf-8")))
    for section_id in (
        "achievements",
        "shortcomings",
        "next-year",
        "party-leadership",
        "government-functions",
        "decision-making",
        "law-enforcement",
        "power-oversight",
        "legal-awareness",
        "dispute-resolution",
    ):
        assert status(plain, section_id)[0] == "heading", section_id
        assert plain.section(section_id).paragraph == numbered.section(section_id).paragraph  # type: ignore[union-attr]
    assert {f.rule for f in plain.failures} >= {"shortcoming-reasons"}
    assert "achievement-figures" not in {f.rule for f in plain.failures}


def test_areas_before_any_top_level_heading_are_the_achievements() -> None:
    report = check_text(
        "某区2023年法治政府建设情况报告\n2023年，我区坚持依法行政，现将有关情况报告如下。\n"
        "（一）坚持党的全面领导\n召开会议5次。\n（二）依法全面履行政府职能\n取消事项12项。\n"
        "二、存在的问题\n意识不强，原因是学习不够。\n三、2024年工作安排\n继续推进。"
    )
    assert status(report, "party-leadership") == ("heading", "（一）坚持党的全面领导")
    assert status(report, "government-functions") == ("heading", "（二）依法全面履行政府职能")
    assert report.section("achievements").found  # type: ignore[union-attr]
    assert status(report, "shortcomings") == ("heading", "二、存在的问题")


def test_page_numbers_and_captions_do_not_cut_a_part_short() -> None:
    report = check_text(
        "某区2023年法治政府建设情况报告\n一、主要举措和成效\n（一）坚持党的全面领导\n召开会议5次。\n— 2 —\n"
        "附表1\n（二）依法全面履行政府职能\n取消事项12项。\n（三）依法有效化解社会矛盾纠纷\n办理复议案件22件。\n"
        "二、存在的问题\n意识不强，原因是学习不够。"
    )
    assert status(report, "government-functions") == ("heading", "（二）依法全面履行政府职能")
    assert status(report, "dispute-resolution")[0] == "heading"
    assert all(o.text not in ("— 2 —", "附表1") for o in report.outline)

"""Recognition that holds on reports worded unlike the development sets: a heading read by the items
under it, a close call read on into the text, the leader's duty as 党的领导, pinyin glosses, long
theme run-ins, titles given as metadata fields or hidden among a page's menu."""

from __future__ import annotations

import pytest

from compliance import Document, DocumentReport, evaluate, load_checklist
from compliance.classify.explain import classify_one
from compliance.reading.loader import text_blocks
from compliance.simplified import to_simplified
from compliance.structure.outline import Structure, recover_structure

CHECKLIST = load_checklist("department")


def check_text(text: str) -> DocumentReport:
    return evaluate(Document("t.txt", "text", text_blocks(text)), CHECKLIST)


def structure_of(text: str) -> Structure:
    return recover_structure(Document("t.txt", "text", text_blocks(text)))


def section_of(heading: str, body: str, year: int = 2023) -> str | None:
    return classify_one(CHECKLIST.section_specs, CHECKLIST.vocabulary, heading, body, year).section


def outline(report: DocumentReport) -> dict[str, str | None]:
    return {o.text: o.section for o in report.outline}


def test_pinyin_glosses_left_by_a_converter_are_dropped_for_matching() -> None:
    assert to_simplified("建設(shè)法治政府") == "建设法治政府"
    assert to_simplified("(a)项") == "(a)项"  # no tone mark: not a gloss
    glossed = section_of("扎實開展普法宣傳(chuán)教育(yù)", "")
    assert glossed == section_of("扎实开展普法宣传教育", "") == "legal-awareness"


def test_a_heading_with_no_text_of_its_own_is_read_by_the_items_under_it() -> None:
    heading = "（一）夯实工作基础，凝聚各方力量"
    report = check_text(
        "某局2023年法治政府建设情况报告\n一、主要举措和成效\n"
        f"{heading}\n"
        "1.开展普法宣传。组织“宪法宣传周”“民法典宣传月”活动，发放普法宣传资料3000份，开展法治讲座12场。\n"
        "2.加强青少年法治教育。聘请法治副校长，开展模拟法庭、以案释法进校园活动。\n"
        "二、存在的不足和原因\n普法形式单一，原因是人员不足。\n三、2024年工作安排\n继续推进。"
    )
    assert outline(report)[heading] == "legal-awareness"


def test_a_heading_read_through_its_items_leaves_their_own_areas_to_them() -> None:
    report = check_text(
        "某县2022年法治政府建设情况报告\n一、主要举措和成效\n（一）统筹发展和安全，依法履职尽责。\n"
        "1.精准高效应对突发事件。修订突发事件应急预案，开展应急演练8次，依法处置突发事件3起。\n"
        "2.加快推进数字政府建设。上线政务服务“掌上办”专区，可办事项达824项，建成大数据平台。\n"
        "二、存在的不足和原因\n意识不强，原因是学习不够。\n三、2023年工作安排\n继续推进。"
    )
    digital = report.section("digital-government")
    assert digital is not None and digital.heading is not None
    assert digital.heading.startswith("2.加快推进数字政府建设")


def test_a_close_call_between_areas_is_settled_by_the_text_under_it() -> None:
    heading = "提高信访监督，确保社会稳定"
    assert section_of(heading, "") is None  # the heading alone leans to several areas
    body = "镇党委、政府认真做好信访矛盾调处化解工作，畅通信访渠道，规范信访程序，开展矛盾纠纷排查调解。"
    assert section_of(heading, body) == "dispute-resolution"


def test_a_theme_heading_that_names_no_area_is_what_the_text_under_it_is_about() -> None:
    heading = "开展会前学习"
    assert section_of(heading, "") is None
    body = "我镇严格落实党委会会前学法制度，组织学习《中华人民共和国国家安全法》《中国共产党章程》。"
    assert section_of(heading, body) == "party-leadership"


def test_a_body_about_the_leaders_speaks_for_party_leadership_not_for_its_study_words() -> None:
    body = (
        "一是以提高依法执政意识为重点，推进领导干部的法治宣传教育。狠抓领导干部这个关键少数，"
        "全面落实党委中心组学法制度、干部职工学法用法制度，将法治建设纳入党委、政府重要议事日程。"
    )
    assert section_of("强化依法执政，狠抓“关键少数”", body) != "legal-awareness"
    plan = (
        "按照省委、省政府的要求，市委常委会、市政府常务会议审议通过法治政府建设实施方案，主要负责人亲自部署。"
    )
    assert section_of("优化计划体系，保障法治政府建设有序推进", plan) == "party-leadership"


def test_a_long_theme_sentence_is_a_run_in_heading_and_a_long_statistic_is_not() -> None:
    theme = (
        "坚持学思践悟，深入学习宣传贯彻习近平法治思想，把习近平法治思想贯彻落实到法治政府建设的全过程和各方面"
    )
    structure = structure_of(
        f"某镇2021年法治政府建设情况报告\n一、主要举措和成效\n（一）{theme}。本镇多次召开专题学习会。\n"
        "（二）全年共办理行政复议案件56件，其中维持41件、撤销3件、确认违法2件、责令履行1件。纠错率达10.7%。\n"
    )
    assert [h.title for h in structure.headings] == ["主要举措和成效", theme]


@pytest.mark.parametrize(
    "head",
    [
        "- 索 引 号:370402/2022-00029\n- 发布机构:人力资源和社会保障局\n"
        "- 标 题:某某区人力资源和社会保障局2021年度法治政府建设情况报告\n- 效力状态:有效",
        "发文机关:\n某某县教育局 发文日期:2022-02-25 - 名称:\n某某区人力资源和社会保障局2021年度法治政府建设情况报告 - 文号:",
    ],
    ids=["title-field", "name-field-with-trailing-field"],
)
def test_a_title_given_as_a_metadata_field_is_the_fields_value(head: str) -> None:
    structure = structure_of(
        f"{head}\n2021年以来，区人社局深入推进依法行政。现将有关情况报告如下。\n一、主要举措和成效\n召开会议5次。"
    )
    assert structure.title == "某某区人力资源和社会保障局2021年度法治政府建设情况报告"


def test_a_pages_menu_items_are_not_a_title() -> None:
    menu = "\n".join(f"  • {item}" for item in ("开题报告", "情况报告", "述廉报告"))
    structure = structure_of(
        f"{menu}\n  • [某省政府发布2018年度法治政府建设情况报告] 对法治政府建设的思考\n"
        "    来源:某某信访\n    2016年，某省政府深入推进依法行政。现将有关情况报告如下：\n    一、依法全面履行政府职能\n"
    )
    assert structure.title is None
    assert structure.report_year == 2016


@pytest.mark.parametrize(
    "head",
    [
        "某局2023年法治政府建设情况报告 发布时间:2024-01-29 来源:某局",
        "某局2023年法治政府建设情况报告_某县人民政府网",
        "某局2023年法治政府建设情况报告 | 某县人民政府",
        "某局2023年法治政府建设情况报告 2024-01-29",
        "【政务公开】某局2023年法治政府建设情况报告",
        "《某局2023年法治政府建设情况报告》",
    ],
    ids=[
        "page-meta-on-the-title-line",
        "site-after-underscore",
        "site-after-bar",
        "date-after",
        "column",
        "quoted",
    ],
)
def test_a_title_line_keeps_only_the_title_not_the_pages_date_or_site(head: str) -> None:
    structure = structure_of(
        f"{head}\n2023年，我局深入推进依法行政，现将有关情况报告如下：\n一、主要举措和成效\n召开会议5次。"
    )
    assert structure.title == "某局2023年法治政府建设情况报告"


def test_an_overview_just_before_the_achievements_is_achievements_too() -> None:
    report = check_text(
        "某局2025年法治政府建设工作情况的报告\n一、工作总体完成情况\n五年来，我局法治化水平和执法公信力显著提升。\n"
        "二、主要举措及成效\n（一）严格规范公正文明执法\n全面推行行政执法“三项制度”，开展案卷评查2次。\n"
        "三、存在的不足和原因\n意识不强，原因是学习不够。\n四、2026年工作安排\n继续推进。"
    )
    assert outline(report)["一、工作总体完成情况"] == "achievements"
    assert outline(report)["二、主要举措及成效"] == "achievements"
    assert outline(report)["三、存在的不足和原因"] == "shortcomings"


def test_a_metadata_tables_remaining_rows_and_repeated_title_are_not_headings() -> None:
    structure = structure_of(
        "- 索 引 号:370402/2022-00029\n- 标 题:某某局2021年度法治政府建设情况报告\n- 效力状态:有效\n"
        "某某局2021年度法治政府建设情况报告\n2021年以来，我局深入推进依法行政。现将有关情况报告如下。\n"
        "一、主要举措和成效\n召开会议5次。"
    )
    assert structure.title == "某某局2021年度法治政府建设情况报告"
    assert [h.title for h in structure.headings] == ["主要举措和成效"]


def test_in_one_clause_the_last_of_two_areas_terms_is_the_head_noun() -> None:
    body = "1.坚持在理论学习中普法。一是领导带头学。制定领导干部学法制度和党组理论学习中心组学习计划。"
    assert section_of("扎实开展习近平法治思想普法宣传教育", body) == "legal-awareness"
    assert section_of("深入学习宣传贯彻习近平法治思想", body) == "party-leadership"

"""Titles and report years as a reader finds them: issuer lines, sentences, cover letters, 二〇二三年."""

from __future__ import annotations

import pytest

from text_reports import finding, structure_of

BODY = (
    "一、主要举措和成效\n（一）坚持党的领导\n召开会议5次。\n二、存在的不足和原因\n意识不强，原因是学习不够。"
)


@pytest.mark.parametrize(
    ("head", "title", "issuer"),
    [
        (
            "东安县应急管理局\n2025年法治政府建设报告",
            "东安县应急管理局2025年法治政府建设报告",
            "东安县应急管理局",
        ),
        (
            "四川省交通运输厅\n2025年法治政府部门建设工作情况",
            "四川省交通运输厅2025年法治政府部门建设工作情况",
            "四川省交通运输厅",
        ),
        (
            "桃源县人民政府\n2017年度法治政府建设情况报告",
            "桃源县人民政府2017年度法治政府建设情况报告",
            "桃源县人民政府",
        ),
        ("青石镇\n2023年法治政府建设情况报告", "青石镇2023年法治政府建设情况报告", "青石镇"),
        (
            "某某市某某区\n2023年度法治政府建设工作报告",
            "某某市某某区2023年度法治政府建设工作报告",
            "某某市某某区",
        ),
        # a site name above a title that names its own issuer is not part of the title
        (
            "某某区人民政府\n某某区2023年度法治政府建设情况报告",
            "某某区2023年度法治政府建设情况报告",
            "某某区",
        ),
    ],
    ids=["bureau", "department-qingkuang", "county", "township", "district", "site-name"],
)
def test_an_issuer_line_above_the_title_joins_it(head: str, title: str, issuer: str) -> None:
    structure = structure_of(head + "\n2025年，我们坚持依法行政，全面推进各项工作。\n" + BODY)
    assert structure.title == title
    assert structure.issuer == issuer


@pytest.mark.parametrize(
    "opening",
    [
        "根据中共中央办公厅、国务院办公厅《法治政府建设与责任落实督察工作规定》要求,区财政局认真梳理总结2025年度法治政府建设情况,现报告如下。",
        "根据中共中央《全面深化法治领域改革纲要(2023—2027年)》提出“实行法治建设年度报告制度”,2023年,街道全面开展法治政府建设。",
        "现将我局2022年法治统计建设情况报告如下:",
        "按照市委依法治市办要求，现将2023年度法治政府建设情况报告如下：",
        "2023年本局法治政府建设情况报告如下：",
    ],
    ids=["genju-zongjie", "genju-cited-baogao", "xianjiang", "anzhao", "ruxia"],
)
def test_a_sentence_is_not_a_title_and_the_first_sentence_is_not_taken(opening: str) -> None:
    structure = structure_of(opening + "\n" + BODY)
    assert structure.title is None
    assert structure.report_year in (2022, 2023, 2025)
    assert [h.title for h in structure.headings][:2] == ["主要举措和成效", "坚持党的领导"]


def test_a_cover_letter_gives_the_title_of_the_report_it_sends() -> None:
    structure = structure_of(
        "关于报送《某某局2023年度法治政府建设情况报告》的报告\n市委依法治市办：\n"
        "2023年，我局坚持依法行政，全面推进各项工作。\n" + BODY
    )
    assert structure.title == "某某局2023年度法治政府建设情况报告"
    assert structure.issuer == "某某局"
    assert structure.report_year == 2023 and structure.year_source == "title"


@pytest.mark.parametrize("zero", ["〇", "○", "零"])
def test_years_in_chinese_numerals_count_in_the_title_and_title_format(zero: str) -> None:
    year = f"二{zero}二三年"
    text = f"某某县人民政府关于{year}法治政府建设情况的报告\n{year}，县政府坚持依法行政。\n{BODY}"
    assert structure_of(text).report_year == 2023
    assert finding(text, "title-format").status == "pass"
    assert finding(text, "report-year").status == "pass"


def test_a_title_with_a_chinese_numeral_year_passes_with_the_issuer_in_the_signature() -> None:
    text = (
        "关于二〇二三年法治政府建设情况的报告\n县政府坚持依法行政，全面推进各项工作。\n"
        + BODY
        + "\n三、二〇二四年工作安排\n继续推进。\n某某县人民政府\n二〇二四年三月一日"
    )
    assert finding(text, "title-format").status == "pass"
    assert finding(text, "plan-year").status == "pass"
    wrong = text.replace("三、二〇二四年工作安排", "三、二〇二三年工作安排")
    assert finding(wrong, "plan-year").status == "fail"


def test_the_year_of_xianjiang_rumxia_counts_wherever_it_is_in_the_opening() -> None:
    opening = (
        "根据中共中央、国务院《法治政府建设实施纲要(2021-2025)》,中共中央办公厅、国务院办公厅《法治政府建设"
        "与责任落实督察工作规定》和《广东省法治政府建设实施纲要》,以及江门市和我区有关工作部署和要求,"
        "我局积极开展法治政府建设。现将我局2022年法治统计建设情况报告如下:"
    )
    structure = structure_of(opening + "\n" + BODY)
    assert (structure.report_year, structure.year_source) == (2022, "body")


def test_the_first_parts_heading_states_the_year() -> None:
    text = "我局坚持依法行政，全面推进各项工作。\n一、2022年度推进法治政府建设的主要举措和成效\n召开会议5次。"
    structure = structure_of(text)
    assert (structure.report_year, structure.year_source) == (2022, "heading")
    assert finding(text, "report-year").status == "pass"


def test_a_year_only_dated_in_the_body_is_inferred_but_not_a_statement() -> None:
    text = (
        "一、加强党对法治政府建设的领导\n（一）健全推进机制。部党委多次专题研究法治工作。\n"
        "二、深入推进“放管服”改革\n（一）扎实做好许可受理。2023年部行政审批窗口共受理行政许可事项157件，"
        "2023年办结150件，2022年结转7件。"
    )
    structure = structure_of(text)
    assert (structure.report_year, structure.year_source) == (2023, "content")
    report_year = finding(text, "report-year")
    assert report_year.status == "fail" and "2023" in report_year.message


def test_a_cited_plans_year_is_the_last_resort() -> None:
    text = (
        "一、工作开展情况\n（一）深入学习法治思想\n乡党委坚持将学习习近平法治思想列入《2022年度党委理论学习"
        "中心组学习计划》，集中学习6次。"
    )
    assert structure_of(text).report_year == 2022

"""Structure recovery: titles, years, issuers and headings as real reports write them."""

from __future__ import annotations

import pytest

from compliance.reading.document import Block, Document
from compliance.reading.loader import text_blocks
from compliance.structure.outline import Structure, recover_structure


def structure_of(text: str, *, blocks: tuple[Block, ...] | None = None) -> Structure:
    return recover_structure(Document("test.txt", "text", blocks or text_blocks(text)))


BODY = (
    "一、主要举措和成效\n（一）坚持党的领导\n召开会议5次。\n二、存在的不足和原因\n意识不强，原因是学习不够。"
)


@pytest.mark.parametrize(
    ("head", "title", "issuer", "year"),
    [
        (
            "江门市江海区2022年法治政府建设年度报告",
            "江门市江海区2022年法治政府建设年度报告",
            "江门市江海区",
            2022,
        ),
        ("2020年某某区法治政府建设情况报告", "2020年某某区法治政府建设情况报告", "某某区", 2020),
        (
            "陕西省人民政府关于2025年法治政府建设情况的报告",
            "陕西省人民政府关于2025年法治政府建设情况的报告",
            "陕西省人民政府",
            2025,
        ),
        ("某县 2025 年度法治政府建设情况报告", "某县 2025 年度法治政府建设情况报告", "某县", 2025),
        (
            "中共云峰县委  云峰县人民政府\n关于2023年法治政府建设情况的报告",
            "中共云峰县委  云峰县人民政府关于2023年法治政府建设情况的报告",
            "中共云峰县委  云峰县人民政府",
            2023,
        ),
        ("东岚市2023年法治政府建设\n情况报告", "东岚市2023年法治政府建设情况报告", "东岚市", 2023),
        (
            "东岚市人民政府关于2023年度法治政府建设情况的报告2023年，市政府坚持依法行政，全面推进各项工作。",
            "东岚市人民政府关于2023年度法治政府建设情况的报告",
            "东岚市人民政府",
            2023,
        ),
        (
            "云府发〔2024〕5号\n签发人：张三\n某某市人民政府关于2023年法治政府建设情况的报告\n市委、市政府：",
            "某某市人民政府关于2023年法治政府建设情况的报告",
            "某某市人民政府",
            2023,
        ),
    ],
    ids=[
        "plain",
        "year-first",
        "guanyu",
        "spaces",
        "two-lines",
        "split-phrase",
        "merged",
        "gongwen",
    ],
)
def test_titles(head: str, title: str, issuer: str, year: int) -> None:
    structure = structure_of(head + "\n" + BODY)
    assert structure.title == title
    assert structure.issuer == issuer
    assert structure.report_year == year
    assert structure.year_source == "title"
    assert [h.title for h in structure.headings][:2] == ["主要举措和成效", "坚持党的领导"]


def test_no_title_takes_the_year_from_the_opening_sentence_and_the_issuer_from_the_signature() -> None:
    text = (
        "2023年，本局坚持以习近平新时代中国特色社会主义思想为指导，按照《法治政府建设实施纲要（2021—2025年）》要求推进工作。\n"
        + BODY
        + "\n东岚市市场监督管理局\n2024年3月20日"
    )
    structure = structure_of(text)
    assert structure.title is None
    assert structure.report_year == 2023
    assert structure.year_source == "body"
    assert structure.issuer == "东岚市市场监督管理局"
    assert all("2024年3月20日" not in h.text for h in structure.headings)


def test_levels_follow_the_numbering_families_present() -> None:
    text = "标题2023年法治政府建设报告\n（一）甲\n1.乙\n（1）丙\n（二）丁\n正文。"
    levels = [(h.title, h.level) for h in structure_of(text).headings]
    assert levels == [("甲", 1), ("乙", 2), ("丙", 3), ("丁", 1)]


def test_run_in_headings_keep_just_the_heading_sentence() -> None:
    text = (
        "某区2022年法治政府建设报告\n一、主要举措和成效\n"
        "（二）深化行政审批改革。全面推行告知承诺制，取消证明事项35项，压缩办理时限60%，企业满意度明显提升。\n"
        "1.精准高效应对疫情防控。贯彻落实习近平总书记关于疫情防控的重要指示要求，依法科学精准处置。"
    )
    headings = structure_of(text).headings
    assert [(h.text, h.run_in) for h in headings[1:]] == [
        ("（二）深化行政审批改革", True),
        ("1.精准高效应对疫情防控", True),
    ]


def test_long_numbered_sentences_are_body_text_not_headings() -> None:
    text = (
        "某区2022年法治政府建设报告\n一、主要举措和成效\n"
        "1.全年共办理行政复议案件56件，其中维持41件、撤销3件、确认违法2件、责令履行1件、终止9件，纠错率达10.7%。"
    )
    assert [h.title for h in structure_of(text).headings] == ["主要举措和成效"]


def test_heading_styles_and_word_labels_are_headings() -> None:
    blocks = (
        Block(1, "某区2023年法治政府建设年度报告", is_title=True),
        Block(2, "主要举措和成效", style_level=1),
        Block(3, "（一）坚持党的领导", label="（一）", style_level=2),
        Block(4, "正文，召开会议5次。"),
        Block(5, "表格里的短句", origin="table"),
    )
    structure = structure_of("", blocks=blocks)
    assert structure.title == "某区2023年法治政府建设年度报告"
    assert [(h.title, h.level, h.family) for h in structure.headings] == [
        ("主要举措和成效", 1, "style"),
        ("坚持党的领导", 1, "cn_paren"),
    ]


def test_a_web_page_pasted_as_text_keeps_its_title_past_the_page_chrome() -> None:
    text = (
        "某某市某某区人民政府 2024年3月28日星期四\n无障碍 简体| 繁体\n某某区2023年度法治政府建设情况报告\n"
        "来源：某某区人民政府办公室 发布时间：2024-03-28 09:18\n某某区2023年度法治政府建设情况报告\n"
        "2023年，某某区坚持以习近平新时代中国特色社会主义思想为指导，全面推进依法行政。\n" + BODY
    )
    structure = structure_of(text)
    assert structure.title == "某某区2023年度法治政府建设情况报告"
    assert structure.issuer == "某某区"
    assert structure.report_year == 2023 and structure.year_source == "title"
    assert [h.title for h in structure.headings][:2] == ["主要举措和成效", "坚持党的领导"]
    assert structure.preamble[0].text.startswith("2023年，某某区坚持")


def test_no_title_when_the_report_starts_with_its_body() -> None:
    structure = structure_of(
        "2023年，本局坚持依法行政，全面推进法治政府部门建设，现将有关情况报告如下。\n" + BODY
    )
    assert structure.title is None
    assert structure.report_year == 2023

"""Titles and years in the shapes real reports give them: salutations, cover letters, metadata tables,
traditional characters, 工作总结/情况/汇报 titles; and lines that must never be taken for a title."""

from __future__ import annotations

import pytest

from text_reports import finding, structure_of

BODY = "一、工作成效\n（一）加强组织领导\n全年召开专题会议4次。\n二、问题和不足\n执法人员能力不强，原因是培训偏少。"
FIRST_HEADINGS = ["工作成效", "加强组织领导"]


@pytest.mark.parametrize(
    "addressee",
    [
        "县委全面依法治县委员会：",
        "区法治政府建设工作领导小组:",
        "市委依法治市办、市人民政府：",
        "中共某某县委、某某县人民政府：",
        "县委依法治县委员会办公室:",
    ],
    ids=["committee", "leading-group-halfwidth", "office-and-government", "party-and-government", "office"],
)
def test_an_addressee_line_is_a_salutation_never_a_title(addressee: str) -> None:
    structure = structure_of(f"{addressee}\n2024年，我镇坚持依法行政，扎实推进各项工作。\n{BODY}")
    assert structure.title is None
    assert structure.report_year == 2024
    assert [h.title for h in structure.headings][:2] == FIRST_HEADINGS


def test_a_salutation_after_the_title_is_skipped_and_the_title_kept() -> None:
    structure = structure_of(
        f"某某镇2024年法治政府建设情况报告\n镇党委全面依法治镇委员会：\n2024年，我镇坚持依法行政。\n{BODY}"
    )
    assert structure.title == "某某镇2024年法治政府建设情况报告"


@pytest.mark.parametrize(
    ("letter", "title", "issuer"),
    [
        (
            "中共某某市委、某某市人民政府：\n按照通知要求，现将我局《2024年度水利法治政府建设工作总结》随文上报。\n"
            "特此报告。\n某某市水利局\n2025年1月20日\n2024年度水利法治政府建设\n工作总结",
            "2024年度水利法治政府建设工作总结",
            "某某市水利局",  # the title names no issuer: the letter's sender is it
        ),
        (
            "市委依法治市办：\n现将《某某区卫生健康局2024年法治政府建设情况报告》报送你们，请审阅。\n"
            "某某区卫生健康局\n二〇二五年一月八日\n某某区卫生健康局2024年法治政府建设情况报告",
            "某某区卫生健康局2024年法治政府建设情况报告",
            "某某区卫生健康局",
        ),
        # no title line after the letter: the report the letter names in 《》 is the title
        (
            "县人民政府：\n现将《某某县林业局2024年度法治政府建设工作报告》报送如下，请审阅。\n特此报告。\n"
            "某某县林业局\n2025年2月3日",
            "某某县林业局2024年度法治政府建设工作报告",
            "某某县林业局",
        ),
    ],
    ids=["two-line-zongjie", "chinese-date", "named-only"],
)
def test_a_cover_letter_closed_by_sender_and_date_gives_way_to_the_reports_title(
    letter: str, title: str, issuer: str | None
) -> None:
    structure = structure_of(f"{letter}\n2024年，我局坚持依法行政，扎实推进各项工作。\n{BODY}")
    assert structure.title == title
    assert structure.issuer == issuer
    assert (structure.report_year, structure.year_source) == (2024, "title")
    assert [h.title for h in structure.headings][:2] == FIRST_HEADINGS
    assert "特此报告" not in structure.document.blocks[structure.body_start].text


@pytest.mark.parametrize(
    "row",
    [
        "标题 | 某某县审计局2024年度法治政府建设情况报告 | 文号 | |",
        "标  题 | 某某县审计局2024年度法治政府建设情况报告 |",
        "标??????题 | 某某县审计局2024年度法治政府建设情况报告 | ||",
    ],
    ids=["cells", "spaced-label", "lost-characters"],
)
def test_a_metadata_rows_title_cell_is_the_title(row: str) -> None:
    page = (
        "索??引??号 | 0012/2025-00031 | 分????类 | 综合政务 |\n"
        f"{row}\n发布机构 | 某某县审计局 | 发布日期 | 2025-02-10 |\n时????效 |\n"
        "2024年，我局坚持依法审计，扎实推进各项工作。\n"
    )
    structure = structure_of(page + BODY)
    assert structure.title == "某某县审计局2024年度法治政府建设情况报告"
    assert structure.issuer == "某某县审计局"
    assert structure.document.blocks[structure.body_start].text.startswith("2024年，我局")


def test_metadata_rows_without_a_title_cell_are_chrome() -> None:
    structure = structure_of(
        "索引号 | 0012/2025-00031 | 分类 | 综合政务 |\n标题 | |\n2024年，我局坚持依法行政。\n" + BODY
    )
    assert structure.title is None
    assert structure.document.blocks[structure.body_start].text.startswith("2024年")


TRADITIONAL = [
    (
        "某某縣交通運輸局2024年度法治政府建設情況報告",
        "某某縣交通運輸局2024年度法治政府建設情況報告",
        "某某縣交通運輸局",
    ),
    (
        "臺灣某某廳\n2024年度法治政府部門建設工作報告",
        "臺灣某某廳2024年度法治政府部門建設工作報告",
        "臺灣某某廳",
    ),
    ("標題：某某鄉2024年法治政府建設工作總結", "某某鄉2024年法治政府建設工作總結", "某某鄉"),
]


@pytest.mark.parametrize(("head", "title", "issuer"), TRADITIONAL, ids=["one-line", "issuer-line", "field"])
def test_a_traditional_character_title_is_found_and_kept_as_written(
    head: str, title: str, issuer: str
) -> None:
    structure = structure_of(f"{head}\n2024年，本單位堅持依法行政，紮實推進各項工作。\n{BODY}")
    assert structure.title == title
    assert structure.issuer == issuer
    assert structure.report_year == 2024


def test_a_traditional_title_run_into_the_first_sentence_is_split() -> None:
    structure = structure_of(
        "某某縣2024年法治政府建設情況報告2024年，本縣堅持依法行政，紮實推進各項工作。\n" + BODY
    )
    assert structure.title == "某某縣2024年法治政府建設情況報告"
    assert structure.document.blocks[structure.body_start].text.startswith("2024年，本縣")


def test_a_traditional_title_passes_title_format_and_its_year_counts_in_the_opening() -> None:
    text = f"某某縣人民政府關於2024年度法治政府建設情況的報告\n縣政府堅持依法行政。\n{BODY}"
    assert finding(text, "title-format").status == "pass"
    opening = "本局堅持依法行政，全面推進各項工作。現將我局2023年法治政府建設情況報告如下："
    structure = structure_of(opening + "\n" + BODY)
    assert (structure.title, structure.report_year, structure.year_source) == (None, 2023, "body")


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("某某县司法局2024年法治政府建设工作总结", "某某县司法局2024年法治政府建设工作总结"),
        ("某某县司法局\n2024年法治政府建设工作情况", "某某县司法局2024年法治政府建设工作情况"),
        ("关于某某镇2024年度法治政府建设工作的\n汇报", "关于某某镇2024年度法治政府建设工作的汇报"),
        ("某某县2024年法治政府建设年度报告（全文）", "某某县2024年法治政府建设年度报告（全文）"),
    ],
    ids=["zongjie", "qingkuang-issuer-line", "huibao-two-lines", "bracketed-remark"],
)
def test_a_title_may_name_a_zongjie_qingkuang_or_huibao(head: str, title: str) -> None:
    structure = structure_of(f"{head}\n2024年，我们坚持依法行政。\n{BODY}")
    assert structure.title == title
    assert structure.report_year == 2024


@pytest.mark.parametrize("zero", ["O", "Ｏ", "0"])
def test_a_year_typed_with_a_latin_o_for_zero_counts(zero: str) -> None:
    text = f"某某县人民政府关于二{zero}二四年法治政府建设情况的报告\n县政府坚持依法行政。\n{BODY}"
    assert structure_of(text).report_year == 2024
    assert finding(text, "title-format").status == "pass"


@pytest.mark.parametrize(
    "line",
    [
        "全面推进法治政府建设取得明显成效",  # a statement: it names no report
        "持续深化依法治县工作",
        "法治政府建设各项工作情况报告如下：",
        "现将有关法治政府建设工作情况报告如下",
        "根据县委依法治县办要求报送法治政府建设情况报告",
        "• 法治政府建设情况报告",  # a menu item of the page
        "首页 > 政务公开 > 法治政府建设年度报告",
    ],
    ids=["statement", "theme", "announcement", "xianjiang", "genju", "menu", "breadcrumb"],
)
def test_a_line_that_is_not_a_title_is_never_taken_for_one(line: str) -> None:
    structure = structure_of(f"{line}\n2024年，我局坚持依法行政，扎实推进各项工作。\n{BODY}")
    assert structure.title is None
    assert structure.report_year == 2024
    assert [h.title for h in structure.headings][:2] == FIRST_HEADINGS


def test_a_signature_and_date_after_an_opening_paragraph_is_no_cover_letter() -> None:
    """A report without a title whose opening names another report in 《》 keeps its body from the top."""
    text = (
        "2024年，我局认真落实《某某县2023年度法治政府建设情况报告》提出的整改任务，扎实推进各项工作。\n"
        "全年召开专题会议4次，修订制度6项，开展执法检查12次，办理复议案件3件。"
        "各项工作有序推进，法治政府建设取得新的进展，群众满意度持续提升，依法行政水平不断提高，"
        "执法队伍建设不断加强，普法宣传深入开展，法治氛围更加浓厚，基层治理法治化水平稳步提高。"
        * 3
        + "\n某某县交通运输局\n2025年1月9日\n"
        + BODY
    )
    structure = structure_of(text)
    assert structure.title is None
    assert structure.body_start == 0


@pytest.mark.parametrize(
    "line",
    [
        "某某县2024年法治政府建设年度报告-某某县人民政府门户网站",
        "某某县2024年法治政府建设年度报告 — 某某县人民政府",
        "某某县2024年法治政府建设年度报告_某某县人民政府网",
    ],
    ids=["hyphen-portal", "dash-government", "underscore-site"],
)
def test_a_page_titles_site_name_is_not_part_of_the_title(line: str) -> None:
    structure = structure_of(f"{line}\n字体：【大 中 小】 打印本页\n2024年，我县坚持依法行政。\n{BODY}")
    assert structure.title == "某某县2024年法治政府建设年度报告"
    assert structure.document.blocks[structure.body_start].text.startswith("2024年，我县")


def test_a_title_may_call_the_report_a_nianbao() -> None:
    structure = structure_of(f"某某区司法局\n2024年法治政府建设年报\n2024年，我局坚持依法行政。\n{BODY}")
    assert structure.title == "某某区司法局2024年法治政府建设年报"


def test_a_cover_letter_closed_only_by_its_formula_gives_way_to_the_reports_title() -> None:
    structure = structure_of(
        "县委依法治县办：\n现将我局《2024年度法治政府建设工作总结》随文报送。\n特此报告。\n"
        f"2024年度法治政府建设工作总结\n2024年，我局坚持依法行政。\n{BODY}"
    )
    assert structure.title == "2024年度法治政府建设工作总结"
    assert structure.document.blocks[structure.body_start].text.startswith("2024年，我局")


def test_a_title_without_year_names_its_issuer_and_the_date_under_it_is_skipped() -> None:
    structure = structure_of(
        f"某某县应急管理局法治政府建设年度报告\n（2025年1月20日）\n2024年，我局坚持依法行政。\n{BODY}"
    )
    assert (structure.title, structure.issuer) == ("某某县应急管理局法治政府建设年度报告", "某某县应急管理局")
    assert structure.document.blocks[structure.body_start].text.startswith("2024年，我局")
    assert (structure.report_year, structure.year_source) == (2024, "body")


@pytest.mark.parametrize("unit", ["某某县综合行政执法大队", "某某海关", "某某镇司法所", "某某市河道管理处"])
def test_a_unit_that_reports_as_a_department_joins_the_title_as_its_issuer(unit: str) -> None:
    structure = structure_of(f"{unit}\n2024年法治政府建设工作报告\n2024年，我们坚持依法行政。\n{BODY}")
    assert (structure.title, structure.issuer) == (f"{unit}2024年法治政府建设工作报告", unit)

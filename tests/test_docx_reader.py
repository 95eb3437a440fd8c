"""read_docx: reading order, automatic numbering labels, styles and damaged files."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from compliance.errors import DocumentError
from compliance.reading.document import Block
from compliance.reading.docx_reader import read_docx
from compliance.reading.numbering import format_number
from docx_builders import (
    Para,
    Style,
    abstract_num,
    deleted,
    inserted,
    lvl,
    make_docx,
    num,
    run,
    sdt,
    table,
    text_box,
    vml_text_box,
)

FIXTURES = Path(__file__).parent / "fixtures"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
W_MAIN = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def rendered_lines() -> list[tuple[int, str, str]]:
    """LibreOffice's text export: (indent, label, text) per non-empty line; label "" if none.

    LibreOffice indents numbered paragraphs and writes the label, a space, then the text.
    """
    lines = []
    raw = (FIXTURES / "seed-word-numbering.rendered.txt").read_text(encoding="utf-8-sig")
    for line in raw.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        label, _, text = line.strip().partition(" ") if indent else ("", "", line)
        lines.append((indent, label, text))
    return lines


def build(
    tmp_path: Path,
    body: Sequence[Para | str],
    numbering: Sequence[str] = (),
    styles: Sequence[Style] = (),
) -> tuple[Block, ...]:
    """Write the document with make_docx and read it back."""
    path = make_docx(tmp_path / "t.docx", body, numbering=numbering, styles=styles)
    return read_docx(str(path))


def labels(blocks: tuple[Block, ...]) -> list[str]:
    return [block.label for block in blocks]


# --- the seed fixtures, against LibreOffice's rendering -------------------------------------


@pytest.mark.parametrize("name", ["seed-word-numbering.docx", "seed-libreoffice-resaved.docx"])
def test_labels_equal_libreoffice_rendering(name: str) -> None:
    expected = rendered_lines()
    blocks = read_docx(str(FIXTURES / name))
    assert sum(1 for _, label, _ in expected if label) >= 30  # the fixture really is numbered
    assert labels(blocks) == [label for _, label, _ in expected]
    assert [block.text for block in blocks] == [label + text for _, label, text in expected]


def test_resaved_fixture_uses_taiwanese_counting_thousand() -> None:
    with zipfile.ZipFile(FIXTURES / "seed-libreoffice-resaved.docx") as archive:
        numbering = archive.read("word/numbering.xml").decode()
    assert 'w:numFmt w:val="taiwaneseCountingThousand"' in numbering


def test_numbered_fixture_levels_title_and_bold() -> None:
    blocks = read_docx(str(FIXTURES / "seed-word-numbering.docx"))
    indents = [indent for indent, _, _ in rendered_lines()]
    assert blocks[0].is_title and not any(block.is_title for block in blocks[1:])
    # Heading 1 / Heading 2 carry the 4- and 8-space labels; the 1. items are body text.
    assert [block.style_level for block in blocks] == [{4: 1, 8: 2}.get(indent) for indent in indents]
    assert all(block.bold for block in blocks if block.style_level)  # Heading styles are bold
    assert not any(block.bold for block in blocks if block.label.endswith("."))  # bold lead only


def test_heading_styles_fixture_has_typed_numbers_and_no_labels() -> None:
    blocks = read_docx(str(FIXTURES / "seed-heading-styles.docx"))
    expected = rendered_lines()
    assert labels(blocks) == [""] * len(expected)
    typed = [re.sub(r"\s", "", block.text) for block in blocks]  # the typed text has spaces
    assert typed == [re.sub(r"\s", "", label + text) for _, label, text in expected]
    assert [block.style_level for block in blocks] == [{4: 1, 8: 2}.get(indent) for indent, _, _ in expected]
    assert [block.index for block in blocks] == list(range(1, len(blocks) + 1))
    assert {block.origin for block in blocks} == {"body"}


# --- numbering ------------------------------------------------------------------------------

CHINESE_LIST = abstract_num(
    100,
    lvl(0, "chineseCounting", "%1、"),
    lvl(1, "chineseCounting", "（%2）"),
    lvl(2, "decimal", "%3."),
)


def test_numbering_inherited_from_style_through_based_on(tmp_path: Path) -> None:
    styles = [
        Style("Biaoti1", "标题 1", num=(100, 0)),
        Style("ListBase", "列表基础", num=(100, 1)),
        Style("Biaoti2", "标题2", based_on="ListBase"),
    ]
    blocks = build(
        tmp_path,
        [
            Para("总体情况", style="Biaoti1"),
            Para("第一项", style="Biaoti2"),
            Para("第二项", style="Biaoti2"),
            Para("存在问题", style="Biaoti1"),
        ],
        numbering=[CHINESE_LIST, num(100, 100)],
        styles=styles,
    )
    assert [b.text for b in blocks] == [
        "一、总体情况",
        "（一）第一项",
        "（二）第二项",
        "二、存在问题",
    ]
    assert [b.style_level for b in blocks] == [1, 2, 2, 1]  # from the names 标题 1 / 标题2


def test_style_numbering_without_ilvl_uses_the_level_linked_to_the_style(tmp_path: Path) -> None:
    linked = abstract_num(
        101, lvl(0, "chineseCounting", "%1、", style="H1"), lvl(1, "decimal", "%2.", style="H2")
    )
    styles = [Style("H1", "My Heading", num=(101, None)), Style("H2", "My Sub", num=(101, None))]
    blocks = build(
        tmp_path,
        [Para("甲", style="H1"), Para("乙", style="H2"), Para("丙", style="H2")],
        numbering=[linked, num(101, 101)],
        styles=styles,
    )
    assert labels(blocks) == ["一、", "1.", "2."]


def test_num_ids_sharing_an_abstract_num_continue(tmp_path: Path) -> None:
    body = [Para(f"项{i}", num=(n, 0)) for i, n in enumerate([101, 101, 102, 102])]
    blocks = build(tmp_path, body, numbering=[CHINESE_LIST, num(101, 100), num(102, 100)])
    assert labels(blocks) == ["一、", "二、", "三、", "四、"]


def test_start_override_restarts_the_list(tmp_path: Path) -> None:
    body = [Para(f"项{i}", num=(n, 0)) for i, n in enumerate([101, 101, 103, 103, 104])]
    numbering = [CHINESE_LIST, num(101, 100), num(103, 100, {0: 1}), num(104, 100, {0: 7})]
    assert labels(build(tmp_path, body, numbering=numbering)) == [
        "一、",
        "二、",
        "一、",
        "二、",
        "七、",
    ]


def test_deeper_level_resets_when_a_shallower_level_advances(tmp_path: Path) -> None:
    levels = [0, 1, 1, 2, 2, 0, 1, 2]
    body = [Para(f"段{i}", num=(100, level)) for i, level in enumerate(levels)]
    blocks = build(tmp_path, body, numbering=[CHINESE_LIST, num(100, 100)])
    assert labels(blocks) == ["一、", "（一）", "（二）", "1.", "2.", "二、", "（一）", "1."]


def test_lvl_restart_zero_never_restarts(tmp_path: Path) -> None:
    never = abstract_num(105, lvl(0, "decimal", "%1."), lvl(1, "decimal", "(%2)", restart=0))
    body = [Para(f"段{i}", num=(105, level)) for i, level in enumerate([0, 1, 1, 0, 1])]
    blocks = build(tmp_path, body, numbering=[never, num(105, 105)])
    assert labels(blocks) == ["1.", "(1)", "(2)", "2.", "(3)"]


def test_multilevel_text_and_is_lgl(tmp_path: Path) -> None:
    chapters = abstract_num(
        106,
        lvl(0, "chineseCounting", "第%1章"),
        lvl(1, "decimal", "%1.%2", legal=True),
        lvl(2, "decimal", "%1.%2.%3."),
    )
    levels = [0, 1, 1, 2, 0, 1]
    body = [Para(f"内容{i}", num=(106, level)) for i, level in enumerate(levels)]
    blocks = build(tmp_path, body, numbering=[chapters, num(106, 106)])
    assert labels(blocks) == ["第一章", "1.1", "1.2", "一.2.1.", "第二章", "2.1"]
    # a label ending in a letter or digit is kept apart from the text
    assert [b.text for b in blocks][:2] == ["第一章 内容0", "1.1 内容1"]


def test_num_style_link_uses_the_linked_definition(tmp_path: Path) -> None:
    definition = abstract_num(
        110, lvl(0, "ideographTraditional", "%1．"), extra='<w:styleLink w:val="ReportList"/>'
    )
    reference = abstract_num(111, extra='<w:numStyleLink w:val="ReportList"/>')
    body = [Para("甲项", num=(111, 0)), Para("乙项", num=(111, 0))]
    blocks = build(tmp_path, body, numbering=[definition, reference, num(111, 111)])
    assert labels(blocks) == ["甲．", "乙．"]


def test_bullets_and_none_give_no_label(tmp_path: Path) -> None:
    bullets = abstract_num(107, lvl(0, "bullet", "\uf0b7"), lvl(1, "none", ""))
    body = [Para("要点", num=(107, 0)), Para("无号", num=(107, 1))]
    blocks = build(tmp_path, body, numbering=[bullets, num(107, 107)])
    assert [(b.label, b.text) for b in blocks] == [("", "要点"), ("", "无号")]


def test_num_id_zero_on_the_paragraph_turns_style_numbering_off(tmp_path: Path) -> None:
    styles = [Style("Biaoti1", "标题 1", num=(100, 0))]
    body = [Para("甲", style="Biaoti1"), Para("乙", style="Biaoti1", num=(0, 0))]
    blocks = build(tmp_path, body, numbering=[CHINESE_LIST, num(100, 100)], styles=styles)
    assert labels(blocks) == ["一、", ""]


def test_unknown_num_id_and_missing_level_give_no_label(tmp_path: Path) -> None:
    body = [Para("甲", num=(999, 0)), Para("乙", num=(100, 5))]
    assert labels(build(tmp_path, body, numbering=[CHINESE_LIST, num(100, 100)])) == ["", ""]


def test_chinese_counting_thousand_eleven_twenty_twenty_one(tmp_path: Path) -> None:
    thousand = abstract_num(108, lvl(0, "chineseCountingThousand", "%1、", start=11))
    body = [Para(f"第{n}条", num=(108, 0)) for n in range(11, 22)]
    blocks = build(tmp_path, body, numbering=[thousand, num(108, 108)])
    by_value = dict(zip(range(11, 22), labels(blocks), strict=True))
    assert (by_value[11], by_value[20], by_value[21]) == ("十一、", "二十、", "二十一、")


@pytest.mark.parametrize(
    ("fmt", "start", "expected"),
    [
        ("ideographTraditional", 1, ["甲", "乙", "丙"]),
        ("ideographZodiac", 1, ["子", "丑", "寅"]),
        ("chineseCounting", 9, ["九", "十", "十一"]),
        ("chineseCountingThousand", 99, ["九十九", "一百", "一百〇一"]),
        ("taiwaneseCountingThousand", 19, ["十九", "二十", "二十一"]),
        ("taiwaneseCounting", 1, ["一", "二", "三"]),
        ("japaneseCounting", 10, ["十", "十一", "十二"]),
        ("chineseLegalSimplified", 9, ["玖", "壹拾", "壹拾壹"]),
        ("decimalEnclosedCircle", 1, ["①", "②", "③"]),
        ("decimalEnclosedParen", 1, ["⑴", "⑵", "⑶"]),
        ("decimalFullWidth", 9, ["９", "１０", "１１"]),
        ("decimalZero", 9, ["09", "10", "11"]),
        ("lowerLetter", 25, ["y", "z", "aa"]),
        ("upperLetter", 1, ["A", "B", "C"]),
        ("lowerRoman", 3, ["iii", "iv", "v"]),
        ("upperRoman", 8, ["VIII", "IX", "X"]),
        ("someFutureFormat", 1, ["1", "2", "3"]),  # unknown → decimal
    ],
)
def test_number_formats(tmp_path: Path, fmt: str, start: int, expected: list[str]) -> None:
    body = [Para(f"条目{i}", num=(109, 0)) for i in range(3)]
    numbering = [abstract_num(109, lvl(0, fmt, "%1", start=start, suffix="nothing")), num(109, 109)]
    assert labels(build(tmp_path, body, numbering=numbering)) == expected


def test_empty_numbered_paragraph_is_skipped_but_counted(tmp_path: Path) -> None:
    body = [Para("甲", num=(100, 0)), Para("", num=(100, 0)), Para("丙", num=(100, 0))]
    blocks = build(tmp_path, body, numbering=[CHINESE_LIST, num(100, 100)])
    assert [(b.index, b.text) for b in blocks] == [(1, "一、甲"), (2, "三、丙")]


@pytest.mark.parametrize(
    ("fmt", "values"),
    [
        (
            "chineseCountingThousand",
            {10: "十", 11: "十一", 20: "二十", 21: "二十一", 101: "一百〇一", 110: "一百一十",
             1010: "一千〇一十", 10000: "一万", 10010: "一万〇一十"},
        ),
        ("taiwaneseCountingThousand", {21: "二十一", 10000: "一萬"}),
        ("chineseCounting", {10: "十", 11: "十一", 20: "二十", 99: "九十九", 100: "一〇〇"}),
        ("japaneseCounting", {10: "十", 110: "百十", 2025: "二千二十五"}),
        ("chineseLegalSimplified", {2: "贰", 10: "壹拾", 101: "壹佰零壹"}),
        ("ideographTraditional", {10: "癸", 11: "11"}),
        ("ideographZodiac", {12: "亥"}),
        ("decimalEnclosedCircle", {20: "⑳", 21: "21"}),
        ("upperRoman", {1994: "MCMXCIV"}),
        ("bullet", {1: ""}),
        ("none", {1: ""}),
    ],
)  # fmt: skip
def test_format_number(fmt: str, values: dict[int, str]) -> None:
    assert {n: format_number(n, fmt) for n in values} == values


# --- styles ---------------------------------------------------------------------------------


def test_heading_levels_from_names_and_outline_levels(tmp_path: Path) -> None:
    styles = [
        Style("Custom3", "标题 3"),
        Style("Outlined", "报告小节", outline=1),
        Style("Derived", "派生小节", based_on="Outlined"),
        Style("MyTitle", "报告题目", based_on="Title"),
        Style("ZhTitle", "标题"),
    ]
    body = [
        Para("题目", style="Title"),
        Para("题目二", style="MyTitle"),
        Para("题目三", style="ZhTitle"),
        Para("一级", style="Heading1"),
        Para("二级", style="Heading2"),
        Para("三级", style="Custom3"),
        Para("大纲二", style="Outlined"),
        Para("派生", style="Derived"),
        Para("正文大纲", outline=0),
        Para("降为正文", style="Heading1", outline=9),
        Para("正文"),
        Para("缺失样式", style="NoSuchStyle"),
    ]
    blocks = build(tmp_path, body, styles=styles)
    assert [b.style_level for b in blocks] == [None, None, None, 1, 2, 3, 2, 2, 1, None, None, None]
    assert [b.is_title for b in blocks] == [True, True, True] + [False] * 9


def test_bold_from_runs_and_styles(tmp_path: Path) -> None:
    styles = [
        Style("Strong", "加粗字符", based_on=None, bold=True, kind="character"),
        Style("BoldPara", "加粗段落", bold=True),
    ]
    strong = run("样式加粗", extra_rpr='<w:rStyle w:val="Strong"/>')
    body = [
        Para("全部加粗", bold=True),
        Para(runs=run("加粗", True) + run("不加粗")),
        Para(runs=run("加粗", True) + run("  ")),  # whitespace-only runs do not count
        Para("标题样式", style="Heading1"),  # Heading 1 is bold in the template
        Para("关掉", style="Heading1", bold=False),
        Para(runs=strong),
        Para("段落样式", style="BoldPara"),
        Para("普通"),
    ]
    blocks = build(tmp_path, body, styles=styles)
    assert [b.bold for b in blocks] == [True, False, True, True, False, True, True, False]


# --- reading order and content ----------------------------------------------------------------


def test_tables_are_read_in_row_order_once_per_merged_cell(tmp_path: Path) -> None:
    nested = table([["内层甲", "内层乙"]])
    rows = [["甲", "乙"], ["被合并", "丙"], ["丁", f"<w:p>{run('外层')}</w:p>{nested}"], ["横跨"]]
    merged = table(rows, vmerge={(0, 0): "restart", (1, 0): "continue"}, span={(3, 0): 2})
    blocks = build(tmp_path, [Para("表前"), merged, Para("表后")])
    expected = ["表前", "甲", "乙", "丙", "丁", "外层", "内层甲", "内层乙", "横跨", "表后"]
    assert [b.text for b in blocks] == expected  # a vMerge continuation cell is not read
    assert [b.origin for b in blocks] == ["body"] + ["table"] * 8 + ["body"]
    assert [b.index for b in blocks] == list(range(1, 11))


def test_text_box_is_read_once_after_its_anchor(tmp_path: Path) -> None:
    body = [
        Para(runs=run("锚定段落") + text_box("文本框第一段", "文本框第二段")),
        Para(runs=vml_text_box("旧式文本框")),  # an anchor with no text of its own
        Para(runs=text_box("新版内容", fallback=["兼容副本"])),
        Para("其后"),
    ]
    blocks = build(tmp_path, body)
    assert [(b.text, b.origin) for b in blocks] == [
        ("锚定段落", "body"),
        ("文本框第一段", "textbox"),
        ("文本框第二段", "textbox"),
        ("旧式文本框", "textbox"),
        ("新版内容", "textbox"),  # mc:Choice is read, the mc:Fallback copy is not
        ("其后", "body"),
    ]


def test_inline_content_insertions_deletions_and_controls(tmp_path: Path) -> None:
    link = f'<w:hyperlink w:anchor="x">{run("链接")}</w:hyperlink>'
    smart = f'<w:smartTag w:uri="u" w:element="e">{run("标记")}</w:smartTag>'
    field = f'<w:fldSimple w:instr=" PAGE ">{run("5")}</w:fldSimple>'
    breaks = "<w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r>"
    hidden = run("隐藏", extra_rpr="<w:vanish/>")
    moved = f'<w:moveFrom w:id="7" w:author="t">{run("移走")}</w:moveFrom>'
    moved += f'<w:moveTo w:id="8" w:author="t">{run("移来")}</w:moveTo>'
    body: list[Para | str] = [
        Para(runs=run("原文") + inserted("插入") + deleted("删除") + link + smart + field + moved),
        Para(runs=breaks + hidden),
        sdt(Para("控件中的段落").xml()),
        Para(runs=run("行内") + sdt(run("控件"))),
        Para(""),
        Para("   "),
        Para("末段"),
    ]
    blocks = build(tmp_path, body)
    assert [b.text for b in blocks] == [
        "原文插入链接标记5移来",
        "甲 乙 丙",
        "控件中的段落",
        "行内控件",
        "末段",
    ]
    assert [b.index for b in blocks] == [1, 2, 3, 4, 5]


def test_document_without_styles_or_numbering_parts(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "full.docx", [Para("一级", style="Heading1", num=(1, 0))])
    stripped = tmp_path / "stripped.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(stripped, "w") as new:
        for item in old.infolist():
            if item.filename not in ("word/styles.xml", "word/numbering.xml"):
                new.writestr(item, old.read(item))
    blocks = read_docx(str(stripped))
    assert [(b.text, b.label, b.style_level) for b in blocks] == [("一级", "", None)]


# --- failures -------------------------------------------------------------------------------


def rewrite(source: Path, target: Path, changes: dict[str, bytes | None]) -> Path:
    """Copy a zip, replacing (bytes) or dropping (None) the named members."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            if item.filename not in changes:
                new.writestr(item, old.read(item))
        for name, data in changes.items():
            if data is not None:
                new.writestr(name, data)
    return target


def broken_files(tmp_path: Path) -> dict[str, Path]:
    good = FIXTURES / "seed-word-numbering.docx"
    data = good.read_bytes()
    files = {
        "truncated": data[: len(data) // 2],
        "central directory cut": data[:-30],
        "empty": b"",
        "text renamed": "这不是 Word 文档\n".encode(),
        "ole": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
    }
    paths = {name: tmp_path / f"{i}.docx" for i, name in enumerate(files)}
    for name, content in files.items():
        paths[name].write_bytes(content)
    plain_zip = tmp_path / "plain.docx"
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("hello.txt", "hello")
    paths["zip without content types"] = plain_zip
    sheet_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    )
    sheet = tmp_path / "sheet.docx"
    with zipfile.ZipFile(sheet, "w") as archive:
        archive.writestr("[Content_Types].xml", sheet_types)
        archive.writestr("xl/workbook.xml", "<workbook/>")
    paths["xlsx renamed"] = sheet
    changes: dict[str, dict[str, bytes | None]] = {
        "no document part": {"word/document.xml": None},
        "malformed xml": {"word/document.xml": b"<w:document><w:body>"},
        "doctype": {
            "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]>'
            b'<w:document xmlns:w="' + W_MAIN[1:-1].encode() + b'"><w:body/></w:document>'
        },
        "broken styles": {"word/styles.xml": b"<w:styles"},
    }
    for name, change in changes.items():
        paths[name] = rewrite(good, tmp_path / f"{len(paths)}.docx", change)
    paths["missing"] = tmp_path / "missing.docx"
    paths["directory"] = tmp_path
    return paths


BROKEN = [
    "truncated",
    "central directory cut",
    "empty",
    "text renamed",
    "ole",
    "zip without content types",
    "xlsx renamed",
    "no document part",
    "malformed xml",
    "doctype",
    "broken styles",
    "missing",
    "directory",
]


@pytest.mark.parametrize("case", BROKEN)
def test_broken_input_raises_document_error_with_chinese_cause(tmp_path: Path, case: str) -> None:
    path = broken_files(tmp_path)[case]
    with pytest.raises(DocumentError) as caught:  # any other exception type fails the test
        read_docx(str(path))
    assert type(caught.value) is DocumentError
    assert caught.value.path == str(path)
    assert CHINESE.search(caught.value.cause), caught.value.cause
    assert "\n" not in caught.value.cause


def test_causes_tell_the_cases_apart(tmp_path: Path) -> None:
    paths = broken_files(tmp_path)

    def cause(case: str) -> str:
        with pytest.raises(DocumentError) as caught:
            read_docx(str(paths[case]))
        return caught.value.cause

    assert cause("truncated") == "文件已损坏，不是完整的 Word (.docx) 文档"
    assert "空" in cause("empty")
    assert ".doc" in cause("ole")
    assert "Excel" in cause("xlsx renamed")
    assert "DOCTYPE" in cause("doctype")
    assert cause("missing") == "文件不存在"
    assert len({cause(case) for case in BROKEN}) >= 8


def test_the_reader_applies_the_limits_the_guard_was_given() -> None:
    """One set of limits for the guard and the reader: a caller's ZipLimits reach both."""
    from compliance.reading.zipguard import ZipLimits

    path = FIXTURES / "seed-word-numbering.docx"
    data = path.read_bytes()
    assert read_docx(str(path), data)  # the default limits: fine
    with pytest.raises(DocumentError) as caught:
        read_docx(str(path), data, ZipLimits(max_part_bytes=100_000))  # styles.xml is ~350 KB
    assert "超过 97.7 KB" in caught.value.cause
    with pytest.raises(DocumentError, match="部件过多"):
        read_docx(str(path), data, ZipLimits(max_entries=3))


def test_tabs_and_line_feeds_in_a_paragraph_s_text_read_as_spaces(tmp_path: Path) -> None:
    """White space a run's text holds (a tab, a line feed pasted in) is one space each, so a paragraph
    stays one line of the text; other characters, the ideographic space too, stay."""
    text = "一、\t依法\n行政\n\n制度\u3000（\u00a0）"
    blocks = build(tmp_path, [Para(runs=run(text)), "正文。"])
    assert blocks[0].text == "一、 依法 行政  制度\u3000（\u00a0）"

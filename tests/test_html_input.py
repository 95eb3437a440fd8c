"""HTML input (extra `html`): the report body of a portal page, its encoding, headings, clear errors.

The two fixtures wrap the seed report (paragraphs of seed-heading-styles.docx) in realistic portal
pages; tests/fixtures/make_portal_pages.py built them and says what each contains.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

import compliance
from compliance.errors import DocumentError
from compliance.reading import html_reader
from compliance.reading.docx_reader import read_docx
from helpers import FIXTURES, SAMPLES

MODERN = FIXTURES / "seed-portal.html"  # UTF-8, div#zoom.TRS_Editor, <p>/<strong>/<br>
TABLE = FIXTURES / "seed-portal-table.html"  # GBK declared as gb2312, <td> with <br> lines
SOURCE_DOCX = FIXTURES / "seed-heading-styles.docx"
SEED_TXT = SAMPLES / "jianghai-2022.txt"
PAGES = pytest.mark.parametrize(
    ("page", "encoding", "container"),
    [(MODERN, "utf-8", "#zoom"), (TABLE, "gb18030", "densest <td>")],
    ids=["modern-cms", "table-layout"],
)


def sections(path: Path) -> list[tuple[Any, ...]]:
    document = compliance.check(path).to_dict()["documents"][0]
    return [
        (
            s["id"],
            s["role"],
            s["found"],
            s["status"],
            s["paragraph"],
            unicodedata.normalize("NFKC", s["heading"] or ""),
        )
        for s in document["sections"]
    ]


def page(
    tmp_path: Path,
    body: str,
    head: str = "<meta charset='utf-8'>",
    name: str = "p.html",
    encoding: str = "utf-8",
) -> Path:
    path = tmp_path / name
    path.write_bytes(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode(encoding))
    return path


FILLER = "我区坚持依法行政，全面推进法治政府建设，各项工作取得明显成效。" * 4
TRADITIONAL = "本區堅持依法行政，全面推進法治政府建設，各項工作取得明顯成效。" * 4


# --- the seed wrapped in two kinds of portal page ------------------------------------------------


@PAGES
def test_portal_page_body_is_exactly_the_report(page: Path, encoding: str, container: str) -> None:
    source = read_docx(str(SOURCE_DOCX))
    document = compliance.load_document(page)
    assert document.format == "html"
    assert document.notes == (f"encoding={encoding}", f"container={container}")
    assert [b.text for b in document.blocks] == [b.text for b in source]
    assert [b.index for b in document.blocks] == list(range(1, len(source) + 1))
    assert document.blocks[0].is_title and not any(b.is_title for b in document.blocks[1:])


@PAGES
def test_navigation_sidebar_and_footer_are_left_out(page: Path, encoding: str, container: str) -> None:
    raw = page.read_bytes().decode(encoding)
    text = compliance.load_document(page).text
    for noise in (
        "首页",
        "政务公开",
        "粤ICP备05089367号",
        "打印本页",
        "关闭窗口",
        "发布",
        "来源：",
        "召开2023年经济工作会议" if page == TABLE else "相关文章",
        "江门市江海区2021年法治政府建设年度报告" if page == MODERN else "新闻动态",
    ):
        assert noise in raw  # the page really has it…
        assert noise not in text  # …and the report does not


@PAGES
def test_portal_page_gives_the_same_sections_as_the_txt_seed(
    page: Path, encoding: str, container: str
) -> None:
    expected = sections(SEED_TXT)
    assert [s[3] for s in expected].count("heading") >= 10
    assert sections(page) == expected
    html, txt = (compliance.check(p).documents[0] for p in (page, SEED_TXT))
    assert (html.title, html.report_year, html.score) == (txt.title, txt.report_year, txt.score)


def test_strong_paragraphs_are_bold_and_br_splits_lines() -> None:
    blocks = compliance.load_document(MODERN).blocks
    assert "<p><strong>（一）深入学习宣传贯彻习近平法治思想。</strong><br/>" in MODERN.read_text("utf-8")
    heading = next(b for b in blocks if b.text == "（一）深入学习宣传贯彻习近平法治思想。")
    assert heading.bold
    assert blocks[heading.index].text.startswith("将习近平法治思想贯彻落实")  # the line after <br>
    run_in = next(b for b in blocks if b.text.startswith("1.精准高效应对疫情防控。"))
    assert not run_in.bold  # only its lead is in <strong>


def test_gb2312_declared_page_is_read_as_gb18030() -> None:
    """Portals declare gb2312 and serve GBK: decoded as gb2312, "—" would become "―" (U+2015)."""
    data = TABLE.read_bytes()
    assert b"charset=gb2312" in data
    assert "（2021—2025年）" not in data.decode("gb2312", errors="replace")
    assert "（2021—2025年）" in compliance.load_document(TABLE).text


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("declared", "encoding", "expected"),
    [
        ("gb2312", "utf-8", "utf-8"),  # re-saved as UTF-8, old <meta> kept
        ("utf-8", "gbk", "gb18030"),  # declared UTF-8 but served GBK
        ("big5", "big5", "big5"),  # Traditional-script page
        ("GBK", "gb18030", "gb18030"),
    ],
)
def test_declared_charset_is_honoured_only_when_it_decodes(
    tmp_path: Path, declared: str, encoding: str, expected: str
) -> None:
    filler = TRADITIONAL if encoding == "big5" else FILLER
    body = f"<h1>江海區2022年法治政府建設年度報告</h1><p>{filler}</p>"
    path = page(
        tmp_path,
        body,
        head=f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">',
        encoding=encoding,
    )
    document = compliance.load_document(path)
    assert document.notes[0] == f"encoding={expected}"
    assert document.blocks[0].text == "江海區2022年法治政府建設年度報告"


# --- markup ------------------------------------------------------------------------------------


def test_h_tags_give_heading_levels_and_the_outline(tmp_path: Path) -> None:
    body = (
        "<div class='nav'><a href='/'>首页</a></div><article>"
        "<h1>某县2023年法治政府建设情况报告</h1>"
        f"<h2>主要举措和成效</h2><p>{FILLER}</p><h3>依法全面履行政府职能</h3><p>{FILLER}</p>"
        f"<h2>存在的不足和原因</h2><p>{FILLER}</p></article>"
    )
    document = compliance.load_document(page(tmp_path, body))
    levels = [(b.text, b.style_level, b.is_title) for b in document.blocks if b.text != FILLER]
    assert levels == [
        ("某县2023年法治政府建设情况报告", None, True),
        ("主要举措和成效", 1, False),
        ("依法全面履行政府职能", 2, False),
        ("存在的不足和原因", 1, False),
    ]
    structure = compliance.recover_structure(document)
    assert structure.title == "某县2023年法治政府建设情况报告"
    assert [(h.title, h.level) for h in structure.headings] == [
        ("主要举措和成效", 1),
        ("依法全面履行政府职能", 2),
        ("存在的不足和原因", 1),
    ]


def test_scripts_styles_hidden_and_site_title_are_dropped(tmp_path: Path) -> None:
    body = (
        "<script>var x = '一、不该出现';</script><style>p{color:red}</style>"
        "<div class='TRS_Editor'><p>正文第一段。" + FILLER + "</p>"
        "<p style='display: none'>隐藏的文字</p><p hidden>也隐藏</p>"
        "<noscript>请启用脚本</noscript><p>正文第二段。</p></div>"
    )
    path = page(tmp_path, body, head="<meta charset='utf-8'><title>江海区人民政府门户网站</title>")
    document = compliance.load_document(path)
    assert [b.text[:6] for b in document.blocks] == ["正文第一段。", "正文第二段。"]
    assert not any(b.is_title for b in document.blocks)  # the site name is not a report title
    assert document.notes[1] == "container=.TRS_Editor"


def test_html_content_in_a_txt_file_and_a_fragment_in_an_html_file(tmp_path: Path) -> None:
    saved = page(tmp_path, f"<div id='zoom'><p>{FILLER}</p></div>", name="report.txt")
    assert compliance.load_document(saved).format == "html"  # sniffed from the bytes
    fragment = tmp_path / "fragment.htm"
    fragment.write_text(f"<div><p>{FILLER}</p><p>第二段</p></div>", encoding="utf-8")
    assert [b.text for b in compliance.load_document(fragment).blocks] == [FILLER, "第二段"]


# --- errors ------------------------------------------------------------------------------------


def test_page_without_a_report_body(tmp_path: Path) -> None:
    links = "".join(f"<li><a href='/n/{i}.html'>新闻标题{i}</a></li>" for i in range(30))
    path = page(tmp_path, f"<div class='nav'>首页</div><ul>{links}</ul><div class='footer'>版权所有</div>")
    with pytest.raises(DocumentError) as caught:
        compliance.load_document(path)
    assert caught.value.cause == html_reader.NO_BODY and caught.value.path == str(path)


def test_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "selectolax.lexbor", None)  # the import now fails
    with pytest.raises(DocumentError) as caught:
        compliance.load_document(MODERN)
    assert caught.value.cause == html_reader.EXTRA_MISSING
    assert "pip install 'compliance[html]'" in str(caught.value)


def test_missing_extra_on_the_command_line_is_one_error_line() -> None:
    script = "import sys; sys.modules['selectolax'] = None\nfrom compliance.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", script, "check", str(MODERN)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.strip() == f"错误：{MODERN}: {html_reader.EXTRA_MISSING}"


def test_deep_nesting_is_no_crash(tmp_path: Path) -> None:
    path = page(tmp_path, "<div>" * 20000 + f"<p>{FILLER}</p>" + "</div>" * 20000)
    assert compliance.load_document(path).blocks[0].text == FILLER

"""How the reports word what they show: positions as the document's reader counts them (第N行 in a
text file, 第N段 in Word), and Markdown that renders as written (markdown-it-py, CommonMark + GFM
tables and strikethrough), escaping only what Markdown would misread."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from compliance import check_paths, load_checklist, render
from compliance.cli.main import main
from compliance.formats.markdown import escape, format_markdown
from helpers import SAMPLES

CHECKLIST = load_checklist()
TEXT_SAMPLE, WORD_SAMPLE = SAMPLES / "jianghai-2022.txt", SAMPLES / "jianghai-2022.docx"
RENDERER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
FORMATS = ("terminal", "markdown", "html", "json", "junit", "sarif", "github")


def positions(text: str) -> tuple[set[str], set[str]]:
    return set(re.findall(r"第\d+行", text)), set(re.findall(r"第\d+段", text))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_text_files_positions_are_lines(fmt: str) -> None:
    report = check_paths([str(TEXT_SAMPLE)], CHECKLIST)
    (doc,) = report.documents
    assert doc.format == "text" and doc.failures
    lines, paragraphs = positions(render(report, fmt))
    assert lines and not paragraphs, (lines, paragraphs)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_word_files_positions_are_paragraphs(fmt: str) -> None:
    report = check_paths([str(WORD_SAMPLE)], CHECKLIST)
    lines, paragraphs = positions(render(report, fmt))
    assert paragraphs and not lines, (lines, paragraphs)


def test_findings_messages_name_lines_in_a_text_file(tmp_path: Path) -> None:
    """Messages are built in evaluate/: a numbering slip and a placeholder in a .txt say 第N行."""
    lines = TEXT_SAMPLE.read_text(encoding="utf-8").splitlines()
    lines.append("（填写说明：报送前删除本说明。）")
    draft = tmp_path / "draft.txt"
    draft.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (doc,) = check_paths([str(draft)], CHECKLIST).documents
    placeholder = next(f for f in doc.failures if f.rule == "placeholders")
    assert f"第{len(lines)}行" in placeholder.message and "段" not in placeholder.message
    leader = next(f for f in doc.findings if f.rule == "leader-duty-own-part")
    assert re.search(r"（第\d+行）", leader.message), leader.message


def test_terminal_positions_of_a_text_file_are_lines() -> None:
    result = CliRunner().invoke(main, ["check", str(TEXT_SAMPLE)], env={"COLUMNS": "200"})
    lines, paragraphs = positions(result.stdout)
    assert lines and not paragraphs


@pytest.mark.parametrize(
    "text",
    [
        "生成于 16:18:26",
        "report_2023_final.docx",
        "_强调_ 与 *星号* 与 __粗体__",
        "见 http://example.cn/a 与 www.gov.cn",
        r"C:\报告\a.docx 末尾\\",
        "a | b",
        "&amp; &copy; &#42;",
        "~~删除~~ ~单~",
        "<b>x</b> <http://x.cn>",
        "[链接](http://e) ![图](x.png)",
        "`代码` 5*3=15",
    ],
)
def test_markdown_text_renders_as_written(text: str) -> None:
    html = RENDERER.renderInline(escape(text))
    assert "<" not in html.replace("&lt;", "")  # no element: no emphasis, link, code, HTML
    shown = html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    assert shown == text


@pytest.mark.parametrize("text", ["生成于 16:18:26", "report_2023_final.docx", "第3行：2023-01-02"])
def test_markdown_leaves_alone_what_it_would_not_misread(text: str) -> None:
    assert escape(text) == text  # no backslash where a renderer shows plain text anyway


def test_markdown_report_shows_the_timestamp_and_path_as_written(tmp_path: Path) -> None:
    draft = tmp_path / "report_2022_final.txt"
    draft.write_text(TEXT_SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    report = check_paths([str(draft)], CHECKLIST)
    source = format_markdown(report, generated="2026-12-03 16:18:26")
    assert "16:18:26" in source and "\\:" not in source and "report_2022_final.txt" in source
    html = RENDERER.render(source)
    assert "生成时间</td>\n<td>2026-12-03 16:18:26</td>" in html
    assert f"<td>{draft}</td>" in html

"""Gap reports (Markdown, HTML) and the summary matrix (CSV): content, escaping, goldens, determinism."""

from __future__ import annotations

import csv
import io
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from compliance import DocumentReport, Report, check_paths, load_checklist, render
from compliance.api import tool_version
from compliance.cli.main import main
from compliance.formats.csv import format_csv
from compliance.formats.html import MISSING_STUB, WEAK_COVERAGE, format_html
from compliance.formats.markdown import escape, format_markdown
from compliance.records import replace
from helpers import GOLDEN, ROOT, SAMPLES, SEED_TXT

CHECKLIST = load_checklist()
HOSTILE_TITLE = "江门市江海区2022年<script>alert(1)</script>法治政府建设年度报告"
HOSTILE_HEADING = "二、存在的不足<img src=x onerror=alert(2)>"
HOSTILE_PLAN = "三、2023年重点工作&copy|**粗体**[点我](javascript:alert(3))"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def run(*paths: Path | str) -> Report:
    return check_paths([str(p) for p in paths], CHECKLIST)


def hostile_report(tmp_path: Path) -> Path:
    """The seed with a script, an image, Markdown and an entity in its title and two matched headings."""
    lines = SEED_TXT.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "江门市江海区2022年法治政府建设年度报告"
    lines[0] = HOSTILE_TITLE
    index = lines.index("二、存在的不足")
    lines[index] = HOSTILE_HEADING
    lines[lines.index("三、2023年重点工作")] = HOSTILE_PLAN
    path = tmp_path / "hostile.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Elements(HTMLParser):
    """Every start tag (with its attributes) and all text of an HTML page, as a browser parses it."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def golden(name: str, text: str, update: bool) -> str:
    path = GOLDEN / name
    if update:
        path.write_text(text, encoding="utf-8")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "name"), [("markdown", "seed.md"), ("html", "seed.html")])
def test_golden_gap_report_of_the_seed(
    fmt: str, name: str, update_goldens: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole gap report of the seed; regenerate deliberately with `pytest --update-goldens`."""
    monkeypatch.chdir(ROOT)
    code, out, _ = invoke("check", "seeds/000_1c1d18808efcf126.txt", "--format", fmt)
    assert code == 1
    out = out.replace(f"compliance {tool_version()}", "compliance *")
    assert out == golden(name, out, update_goldens)


def test_gap_report_says_what_the_report_says() -> None:
    """Each part and area, each failed finding with its basis, evidence, paragraph and fix."""
    report = run(SAMPLES / "flawed-no-shortcomings.txt")
    (doc,) = report.documents
    text = format_markdown(report)
    assert text.startswith(f"# 差距报告：{doc.title}\n")
    assert f"| 报告主体 | {doc.issuer} |" in text
    assert f"| 报告年度 | {doc.report_year} |" in text
    assert f"| 得分 | {doc.score:g} / 100（及格线 {doc.fail_under:g}） |" in text
    assert "**不符合要求**" in text and not doc.passed
    for section in doc.sections:
        name = next(f.name for f in doc.findings if f.rule == section.id)
        row = next(line for line in text.splitlines() if line.startswith(f"| {name} |"))
        expected = {"heading": "✓ 已找到", "content": "~ 仅正文提及", "missing": "缺失"}[section.status]
        if section.id == "other":
            expected = "○ 未写（可选）"  # optional and absent: not a defect
        assert expected in row, row
        if section.status == "heading":
            assert f"第{section.paragraph}行「{escape(section.heading or '')}」" in row  # a .txt: lines
    failures = doc.failures
    assert f"## 问题清单（{len(failures)}）" in text
    for finding in failures:
        block = text.split(f"（`{finding.rule}`）", 1)[1].split("\n### ", 1)[0]
        assert f"- 问题：{escape(finding.message)}" in block
        assert escape(finding.basis.source) in block and "- 依据" in block
        assert f"- 修改建议：{escape(finding.fix)}" in block
        if finding.paragraph:
            assert f"- 位置：第{finding.paragraph}行" in block
        if finding.evidence:
            assert f"「{escape(finding.evidence)}」" in block
    # the errors come first, then the warnings
    order = [m.group(1) for m in re.finditer(r"^### \d+\. 【(.+?)】", text, flags=re.M)]
    assert order == sorted(order, key=["错误", "警告", "提示"].index)


def test_near_miss_names_the_closest_heading_and_its_similarity(tmp_path: Path) -> None:
    near = tmp_path / "near-miss.txt"
    text = re.sub(
        r"二、存在的不足\n.*\n", "二、问题与建议\n个别部门重视不够。\n", SEED_TXT.read_text(encoding="utf-8")
    )
    near.write_text(text, encoding="utf-8")
    report = run(near)
    (doc,) = report.documents
    section = doc.section("shortcomings")
    assert section is not None and section.status == "missing" and section.closest
    heading, similarity, paragraph = section.closest
    assert heading == "二、问题与建议" and similarity >= 50  # close enough to be worth naming
    expected = f"最接近的标题：第{paragraph}行「{heading}」，{similarity:.0f}%"
    assert expected in format_html(report)
    assert f"最接近的标题：第{paragraph}行「{escape(heading)}」，{similarity:.0f}%" in format_markdown(report)


def test_markdown_is_real_markdown() -> None:
    """A CommonMark/GFM parser sees the header, parts and areas tables and one heading per finding."""
    report = run(SEED_TXT)
    (doc,) = report.documents
    html = MarkdownIt("commonmark").enable("table").render(format_markdown(report))
    tables = re.findall(r"<table>.*?</table>", html, flags=re.S)
    assert len(tables) == 3
    parts = sum(1 for s in doc.sections if s.role == "part")
    areas = sum(1 for s in doc.sections if s.role == "area")
    assert [t.count("<tr>") - 1 for t in tables[1:]] == [parts, areas]
    for table in tables:  # every row has as many cells as the header
        rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
        widths = {r.count("<td") + r.count("<th") for r in rows}
        assert len(widths) == 1, widths
    assert len(re.findall(r"<h3>", html)) == len(doc.failures)


def test_document_text_is_inert_in_markdown(tmp_path: Path) -> None:
    report = run(hostile_report(tmp_path))
    (doc,) = report.documents
    assert doc.title and "<script>" in doc.title  # the hostile text really reached the report
    for section_id, heading in (("shortcomings", HOSTILE_HEADING), ("next-year", HOSTILE_PLAN)):
        section = doc.section(section_id)
        assert section is not None and section.heading == heading
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(format_markdown(report))
    tags = {tag for tag, _ in Elements(html).tags}
    assert not tags & {"script", "img", "a"}, tags  # (strong: the verdict is bold on purpose)
    text = "".join(Elements(html).text)
    assert "<script>alert(1)</script>" in text  # shown as text, literally
    assert HOSTILE_HEADING in text and HOSTILE_PLAN in text  # an entity typed stays visible as typed
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S) if "重点工作" in r]
    assert rows and all(r.count("<td") == 4 for r in rows), rows  # the | did not split the table cell


def test_document_text_is_inert_in_html(tmp_path: Path) -> None:
    report = run(hostile_report(tmp_path))
    page = format_html(report)
    parsed = Elements(page)
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags and "img" not in tags and "a" not in tags
    assert not any(k.startswith("on") for _, attrs in parsed.tags for k in attrs)
    text = "".join(parsed.text)
    assert HOSTILE_TITLE in text and HOSTILE_HEADING in text and HOSTILE_PLAN in text


def test_html_is_self_contained() -> None:
    page = format_html(run(SAMPLES / "jianghai-2022.docx"))
    parsed = Elements(page)
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    for _, attrs in parsed.tags:
        assert "src" not in attrs and "href" not in attrs
    assert "url(" not in page and "@import" not in page
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"]  # the SVG namespace
    assert "@page { size: A4" in page
    assert 'lang="zh-CN"' in page and '<meta charset="utf-8">' in page
    assert "default-src 'none'" in page  # and the page forbids fetching anything, should we slip
    assert tags.count("svg") == 1 and tags.count("rect") > 10  # the per-area chart


def test_area_chart_draws_each_area_by_its_status() -> None:
    report = run(SAMPLES / "jianghai-2022.docx")
    (doc,) = report.documents
    chart = re.search(r"<svg.*?</svg>", format_html(report), flags=re.S)
    assert chart
    labels = re.findall(r'text-anchor="end">(.*?)</text>', chart.group(0))
    areas = [s for s in doc.sections if s.role == "area"]
    names = {f.rule: f.name for f in doc.findings}
    assert labels == [names[s.id] for s in areas]
    bars = re.findall(r'class="bar-(\w+)" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', chart.group(0))
    expected = {"heading": "found", "content": "weak", "missing": "missing"}
    assert [b[0] for b in bars] == [expected[s.status] for s in areas]
    for (_, width), section in zip(bars, areas, strict=True):
        # bar length is coverage (300 px = 100 %): a heading covers it, a mention half, a miss nothing
        coverage = {"heading": 1.0, "content": WEAK_COVERAGE, "missing": MISSING_STUB}[section.status]
        assert float(width) == pytest.approx(300 * coverage, abs=0.1)


def test_output_is_deterministic_and_timestamp_only_when_asked(tmp_path: Path) -> None:
    for fmt in ("markdown", "html", "csv"):
        first, second = invoke("check", str(SEED_TXT), "-f", fmt), invoke("check", str(SEED_TXT), "-f", fmt)
        assert first == second
        assert "生成时间" not in first[1]
        assert not re.search(r"20\d\d-\d\d-\d\d", first[1])
    today = date.today().isoformat()
    for fmt in ("markdown", "html"):
        code, out, _ = invoke("check", str(SEED_TXT), "-f", fmt, "--timestamp")
        assert code == 1 and "生成时间" in out and today in out
    code, out, err = invoke("check", str(SEED_TXT), "-f", "json", "--timestamp")
    assert code == 2 and out == "" and err.startswith("错误：") and "--timestamp" in err
    stamped = render(run(SEED_TXT), "html", generated="2024-01-02 03:04:05+08:00")
    assert "生成时间</th><td>2024-01-02 03:04:05+08:00" in stamped


def test_batch_gap_report_has_a_matrix_and_one_report_per_document(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("good-2022.txt", "flawed-no-shortcomings.txt", "jianghai-2022.docx"):
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    report = run(folder)
    names = [Path(d.path).name for d in report.documents]
    assert names == sorted(names)  # deterministic: sorted within the folder
    md = format_markdown(report)
    assert md.startswith("# 法治政府建设年度报告批量检查汇总\n")
    assert "共 4 份：符合要求 1 份，不符合要求 2 份，无法检查 1 份。" in md
    rows = [line for line in md.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) == 4
    for number, (row, doc) in enumerate(zip(rows, report.documents, strict=True), start=1):
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[0] == str(number) and cells[1] == escape(str(Path(doc.path).relative_to(folder)))
        if doc.error:
            assert cells[-3:-1] == ["—", "无法检查"] and doc.error in cells[-1]
            continue
        marks = cells[2:-3]
        assert marks == [
            {"heading": "✓", "content": "~", "missing": "✗"}[s.status]
            if not (s.status == "missing" and s.id == "other")
            else "○"
            for s in doc.sections
        ]
        assert cells[-3] == f"{doc.score:g}"
    assert f"文件夹：{escape(str(folder))}" in md  # the matrix names files relative to their folder
    assert md.count("## 差距报告：") == 4
    page = format_html(report)
    assert page.count('<section class="doc">') == 4 and page.count('<tr class="doc-row') == 4
    assert ".summary + .doc, .doc + .doc { break-before: page;" in page  # each report on a new page


def test_csv_matrix_opens_as_utf8_with_bom(tmp_path: Path) -> None:
    report = run(SAMPLES / "good-2022.txt", SAMPLES / "flawed-no-shortcomings.txt", tmp_path / "missing.txt")
    target = tmp_path / "matrix.csv"
    code, _, _ = invoke(
        "check",
        str(SAMPLES / "good-2022.txt"),
        str(SAMPLES / "flawed-no-shortcomings.txt"),
        str(tmp_path / "missing.txt"),
        "-f",
        "csv",
        "-o",
        str(target),
    )
    assert code == 2  # the worst of the three: one file could not be read
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf" * 2)
    assert data.decode("utf-8-sig") == format_csv(report).removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["文件"] for r in rows] == [d.path for d in report.documents]
    good, flawed, missing = rows
    assert good["结论"] == "符合要求" and good["得分"] == "100" and good["五项内容"] == "5/5"
    assert flawed["存在的不足和原因"] == "缺失" and "存在的不足和原因" in flawed["缺失"]
    assert flawed["第一责任人履职情况"] == "仅正文提及" and flawed["其他需要报告的情况"] == "未写（可选）"
    doc = report.documents[1]
    counts = {s: sum(1 for f in doc.failures if f.severity == s) for s in ("error", "warning", "info")}
    assert (flawed["错误"], flawed["警告"], flawed["提示"]) == tuple(str(counts[s]) for s in counts)
    assert (
        missing["结论"] == "无法检查" and missing["说明"].startswith("无法读取：") and missing["得分"] == ""
    )


def test_csv_cells_that_excel_would_run_as_formulas_are_quoted() -> None:
    doc = DocumentReport('=HYPERLINK("x").txt', None, "=1+1", "@SUM(A1)", None, None, 70.0, error="-坏了")
    text = format_csv(Report("0", "government", "1", (doc,)))
    row = next(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert row["文件"].startswith("'=") and row["标题"] == "'=1+1" and row["报告主体"] == "'@SUM(A1)"
    assert row["说明"] == "无法读取：-坏了"  # not at the start of the cell: harmless


def test_report_version_is_the_only_thing_a_release_changes_in_the_goldens() -> None:
    report = run(SEED_TXT)
    a = format_html(replace(report, tool_version="1"))
    b = format_html(replace(report, tool_version="2"))
    assert [line for line in a.splitlines() if line not in b.splitlines()] == [
        line for line in a.splitlines() if "compliance 1" in line
    ]

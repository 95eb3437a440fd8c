"""compliance template: a report skeleton (.docx or Markdown) that the checker fully recognises."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn

import compliance
from compliance.authoring.template import (
    build_template,
    cn_numeral,
    render_template,
    report_title,
    template_markdown,
    write_template,
)
from compliance.cli.main import main
from compliance.errors import UsageError
from compliance.evaluate.checks import Section
from helpers import ROOT
from soffice import convert, needs_soffice

ISSUER, YEAR = "某某区人民政府", 2024
TITLE = "某某区人民政府关于2024年法治政府建设情况的报告"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def sections(checklist: compliance.Checklist, role: str) -> list[compliance.Item]:
    return [i for i in checklist.items if isinstance(i.check, Section) and i.check.role == role]


def expected_headings(checklist: compliance.Checklist, year: int) -> list[tuple[int, str]]:
    """(level, text) of every heading, worked out from the checklist by hand: each item's heading
    (punctuation kept), areas by 纲要 chapter."""
    out = []
    areas = sorted(sections(checklist, "area"), key=lambda a: a.chapter or 99)
    for n, part in enumerate(sections(checklist, "part"), start=1):
        title = part.heading.replace("上一年度", f"{year}年").replace("下一年度", f"{year + 1}年")
        out.append((1, "一二三四五六七八九十"[n - 1] + "、" + title))
        if part.id == "achievements":
            for m, area in enumerate(areas, start=1):
                assert isinstance(area.check, Section)
                out.append((2, f"（{'一二三四五六七八九十'[m - 1]}）{area.heading or area.check.titles[0]}"))
    return out


def check_json(path: Path, *extra: str) -> dict[str, object]:
    code, out, err = invoke("check", str(path), "--format", "json", *extra)
    assert code in (0, 1), err
    document: dict[str, object] = json.loads(out)["documents"][0]
    return document


def assert_every_heading_recognised(path: Path, checklist: compliance.Checklist, *extra: str) -> None:
    doc = check_json(path, *extra)
    wanted = {text: level for level, text in expected_headings(checklist, YEAR)}
    ids = {i.id for i in sections(checklist, "part") + sections(checklist, "area")}
    found = {s["id"]: s for s in doc["sections"]}  # type: ignore[attr-defined]
    assert set(found) == ids
    for sid in ids:
        # recognised by its heading; in an untouched template the heading has nothing under it, so
        # the section is not found (status "missing", the empty heading kept) until it is written
        assert found[sid]["status"] in ("heading", "missing"), (sid, found[sid])
        assert found[sid]["heading"] in wanted, (sid, found[sid]["heading"])  # the right heading
    assert (doc["title"], doc["issuer"], doc["report_year"]) == (TITLE, ISSUER, YEAR)
    findings = {f["rule"]: f["status"] for f in doc["findings"]}  # type: ignore[attr-defined]
    for rule in ("title-format", "report-year", "plan-year", "numbering-sequence"):
        if rule in findings:
            assert findings[rule] == "pass", rule


# --- what the template holds ----------------------------------------------------------------


def test_skeleton_follows_the_checklist() -> None:
    checklist = compliance.load_checklist()
    template = build_template(checklist, YEAR, f"  {ISSUER} ")
    lines = template.lines
    assert lines[0].kind == "title" and lines[0].text == TITLE == report_title(ISSUER, YEAR)
    headings = [(line.level, line.text) for line in lines if line.kind == "heading"]
    assert headings == expected_headings(checklist, YEAR)
    assert len([h for h in headings if h[0] == 1]) == 5
    assert headings[-2] == (1, "四、2025年推进法治政府建设的主要安排")
    # every heading carries its 填写说明 (the item's why and basis) as a note, not as a line of text
    for line in template.headings:
        item = checklist.item(line.item)
        assert item.why in line.note and item.basis.source in line.note
    assert not [line for line in lines if "填写说明" in line.text]
    assert [(line.kind, line.text) for line in lines[-2:]] == [
        ("signature", ISSUER),
        ("date", "2025年\u3000\u3000月\u3000\u3000日"),
    ]


def test_headings_are_written_with_their_punctuation_in_the_order_of_the_gangyao() -> None:
    """Before: 「坚持党的领导统筹推进法治政府建设」 (no punctuation, the seed's wording) came first and
    the areas followed the seed's order; now the 纲要 chapter headings, in chapter order."""
    headings = [line.text for line in build_template(compliance.load_checklist(), YEAR, ISSUER).headings]
    assert headings[0] == "一、2024年推进法治政府建设的主要举措和成效"
    assert headings[1:11] == [
        "（一）健全政府机构职能体系，推动更好发挥政府作用",
        "（二）健全依法行政制度体系，加快推进政府治理规范化程序化法治化",
        "（三）健全行政决策制度体系，不断提升行政决策公信力和执行力",
        "（四）健全行政执法工作体系，全面推进严格规范公正文明执法",
        "（五）健全突发事件应对体系，依法预防处置重大突发事件",
        "（六）健全社会矛盾纠纷行政预防调处化解体系，不断促进社会公平正义",
        "（七）健全行政权力制约和监督体系，促进行政权力规范透明运行",
        "（八）健全法治政府建设科技保障体系，全面建设数字法治政府",
        "（九）加强党的领导，完善法治政府建设推进机制",
        "（十）全面提高政府工作人员法治思维和依法行政能力",
    ]
    assert "三、党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况" in headings


def test_a_department_issuer_gets_the_department_template_and_profile_overrides(tmp_path: Path) -> None:
    """Before: --issuer 云溪县教育局 gave the government template although check infers department."""
    path = tmp_path / "dept.docx"
    code, out, err = invoke("template", "--year", "2024", "--issuer", "云溪县教育局", "-o", str(path))
    assert code == 0, err
    assert "部门报告" in out and "云溪县教育局" in out
    doc = check_json(path)
    assert doc["profile"] == "department" and doc["checklist"] == {"id": "department", "version": "2026.1"}
    outline = [o["text"] for o in doc["outline"]]  # type: ignore[attr-defined]
    assert "三、主要负责人履行推进法治建设第一责任人职责情况" in outline
    forced = tmp_path / "gov.docx"
    code, out, _ = invoke(
        "template", "--year", "2024", "--issuer", "云溪县教育局", "-p", "government", "-o", str(forced)
    )
    assert code == 0 and "政府报告" in out
    texts = [p.text for p in docx.Document(str(forced)).paragraphs]
    assert "三、党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况" in texts


def test_chinese_numerals() -> None:
    assert [cn_numeral(n) for n in (1, 5, 10, 11, 19, 20, 21, 99)] == [
        "一",
        "五",
        "十",
        "十一",
        "十九",
        "二十",
        "二十一",
        "九十九",
    ]


@pytest.mark.parametrize(
    ("year", "issuer", "cause"),
    [
        (1800, ISSUER, "1800"),
        (YEAR, "  ", "--issuer"),
        (YEAR, "某区\n人民政府", "一行"),
        (YEAR, "某" * 41, "40"),
    ],
)
def test_bad_year_or_issuer(year: int, issuer: str, cause: str) -> None:
    with pytest.raises(UsageError, match=cause):
        build_template(compliance.load_checklist(), year, issuer)


def east_asian(element: object) -> str | None:
    fonts = element.find(qn("w:rPr") + "/" + qn("w:rFonts"))  # type: ignore[attr-defined]
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_docx_is_laid_out_as_a_gongwen_with_notes_as_comments(tmp_path: Path) -> None:
    path = Path(write_template(YEAR, ISSUER, tmp_path / "draft.docx"))
    document = docx.Document(str(path))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    checklist = compliance.load_checklist()
    assert (paragraphs[0].style.name, paragraphs[0].text) == ("Title", TITLE)
    headings = [(int(p.style.name[-1]), p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings == expected_headings(checklist, YEAR)
    assert [p.text for p in paragraphs[-2:]] == [ISSUER, "2025年\u3000\u3000月\u3000\u3000日"]
    assert not [p for p in paragraphs if "填写说明" in p.text]  # no note a drafter could forget
    fonts = {
        "Title": "方正小标宋简体",
        "Heading 1": "黑体",
        "Heading 2": "楷体_GB2312",
        "Normal": "仿宋_GB2312",
    }
    for name, font in fonts.items():
        style = document.styles[name]
        assert east_asian(style.element) == font, name
        assert style.element.find(qn("w:pPr") + "/" + qn("w:pBdr")) is None  # no blue rule under the title
    assert document.styles["Title"].font.size.pt == 22 and document.styles["Normal"].font.size.pt == 16
    spacing = document.styles["Normal"].paragraph_format
    assert (spacing.line_spacing.pt, spacing.line_spacing_rule) == (28, WD_LINE_SPACING.EXACTLY)
    for paragraph in paragraphs:  # the font is named on every run too, as Word writes a picked font
        style = paragraph.style.name if paragraph.style.name in fonts else "Normal"
        assert all(east_asian(r._r) == fonts[style] for r in paragraph.runs if r.text), paragraph.text
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    footer = section.footer.paragraphs[0]
    assert footer.text == "— 1 —" and "PAGE" in "".join(footer._p.itertext())
    notes = {c.text: c.author for c in document.comments}
    assert len(notes) == len(headings) + 2 and set(notes.values()) == {"填写说明"}
    assert document.core_properties.title == TITLE


def test_output_is_deterministic() -> None:
    template = build_template(compliance.load_checklist(), YEAR, ISSUER)
    assert render_template(template, "docx") == render_template(template, "docx")
    assert render_template(template, "md") == template_markdown(template).encode("utf-8")


# --- the checker recognises every part and area in the untouched template --------------------


def test_check_recognises_every_heading_of_the_docx_template(tmp_path: Path) -> None:
    path = tmp_path / "draft.docx"
    assert invoke("template", "--year", "2024", "--issuer", ISSUER, "-o", str(path))[0] == 0
    assert_every_heading_recognised(path, compliance.load_checklist())


def test_check_recognises_every_heading_of_the_markdown_template(tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    code, out, _ = invoke("template", "--year", "2024", "--issuer", ISSUER, "-o", str(path))
    assert code == 0 and str(path) in out
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# {TITLE}\n") and "\n## 一、" in text and "\n### （一）" in text
    assert_every_heading_recognised(path, compliance.load_checklist())


def test_the_untouched_template_fails_once_as_not_filled_in(tmp_path: Path) -> None:
    """Before: the untouched template failed on figures, reasons, plan coverage and its own notes."""
    path = Path(write_template(YEAR, ISSUER, tmp_path / "draft.docx"))
    failed = [f for f in check_json(path)["findings"] if f["status"] == "fail"]  # type: ignore[attr-defined]
    assert [f["rule"] for f in failed] == ["filled-in"]
    assert "还没有填写" in failed[0]["message"]


def fill(path: Path, out: Path) -> Path:
    """The template filled in as a drafter would: text under every heading, the date, the notes kept."""
    document = docx.Document(str(path))
    body = {
        "achievements": "2024年，区政府坚持依法行政，召开常务会议学法5次。",
        "shortcomings": "一是执法人员不足，原因是编制紧张；二是复议纠错率偏高12%，究其原因在于审核把关不严。",
        "leader-duty": "区长主持召开专题会议3次，审核重大执法决定8件，年终述法1次。",
        "next-year": "2025年，深化放管服改革，优化营商环境；加强规范性文件备案审查；落实重大行政决策程序和合法性审查；"
        "全面落实行政执法公示制度和执法全过程记录；修订突发事件应急预案；做好行政复议和人民调解；"
        "自觉接受人大监督和政协民主监督，推进政务公开；推进一网通办和数据共享；深入学习习近平法治思想；落实谁执法谁普法。",
        "other": "无。",
    }
    area_text = "办理相关事项20件，覆盖率95%，开展检查12次。"
    paragraphs = document.paragraphs
    for i, paragraph in enumerate(paragraphs):
        if paragraph.style.name.startswith("Heading"):
            target = paragraphs[i + 1]
            text = next((v for k, v in body.items() if paragraph.text.endswith(HEADS[k])), area_text)
            if paragraph.style.name == "Heading 1" and "主要举措和成效" in paragraph.text:
                continue
            target.add_run(text)
        elif paragraph.text == "2025年\u3000\u3000月\u3000\u3000日":
            for r in paragraph.runs:
                r.text = "2025年2月20日"
    document.save(str(out))
    return out


HEADS = {
    "achievements": "主要举措和成效",
    "shortcomings": "存在的不足和原因",
    "leader-duty": "加强法治政府建设的有关情况",
    "next-year": "主要安排",
    "other": "其他需要报告的情况",
}


def test_a_filled_in_template_passes(tmp_path: Path) -> None:
    path = fill(Path(write_template(YEAR, ISSUER, tmp_path / "draft.docx")), tmp_path / "filled.docx")
    doc = check_json(path)
    failed = [(f["rule"], f["message"]) for f in doc["findings"] if f["status"] == "fail"]  # type: ignore[attr-defined]
    assert failed == [] and doc["passed"] is True


def test_a_part_left_empty_is_named(tmp_path: Path) -> None:
    path = fill(Path(write_template(YEAR, ISSUER, tmp_path / "draft.docx")), tmp_path / "filled.docx")
    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        if paragraph.text.startswith("一是执法人员不足"):
            paragraph._p.getparent().remove(paragraph._p)
    document.save(str(path))
    failed = [f for f in check_json(path)["findings"] if f["status"] == "fail"]  # type: ignore[attr-defined]
    # a report that is written, with one part left empty: that part's own item says so
    assert [f["rule"] for f in failed] == ["shortcomings"], failed
    assert "只有标题" in failed[0]["message"] and "存在的不足" in failed[0]["message"]


def test_a_custom_checklist_changes_the_template(tmp_path: Path) -> None:
    text = (ROOT / "rules" / "government.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "titles: [健全法治政府建设科技保障体系全面建设数字法治政府]", "titles: [全面建设数字法治政府]"
    )
    text = text.replace("titles: [其他需要报告的情况]", "titles: [其他需要说明的事项]")
    text = text.replace("heading: {text: 健全法治政府建设科技保障体系，全面建设数字法治政府, chapter: 9}", "")
    text = text.replace("heading: 其他需要报告的情况", "heading: 其他需要说明的事项")
    custom = tmp_path / "custom.yaml"
    custom.write_text(text, encoding="utf-8")
    checklist = compliance.load_checklist(str(custom))
    for fmt in ("docx", "md"):
        path = tmp_path / f"draft.{fmt}"
        code, _, err = invoke(
            "template", "--year", "2024", "--issuer", ISSUER, "-c", str(custom), "-o", str(path)
        )
        assert code == 0, err
        assert_every_heading_recognised(path, checklist, "-c", str(custom))
    headings = [line.text for line in build_template(checklist, YEAR, ISSUER).lines]
    assert (
        "（十）全面建设数字法治政府" in headings and "五、其他需要说明的事项" in headings
    )  # no chapter: last


def test_a_heading_the_check_would_not_recognise_is_refused(tmp_path: Path) -> None:
    text = (ROOT / "rules" / "government.yaml").read_text(encoding="utf-8")
    custom = tmp_path / "custom.yaml"
    custom.write_text(text.replace("heading: 其他需要报告的情况", "heading: 其他情况说明"), encoding="utf-8")
    code, out, _ = invoke("rules", "validate", str(custom))
    assert code != 0 and "heading" in out + _ and "其他情况说明" in out + _


# --- the command line -----------------------------------------------------------------------


def test_markdown_to_stdout_and_docx_named_after_the_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = invoke("template", "--year", "2024", "--issuer", ISSUER, "--format", "md")
    assert code == 0
    assert out == template_markdown(build_template(compliance.load_checklist(), YEAR, ISSUER))
    assert list(tmp_path.iterdir()) == []
    code, out, _ = invoke("template", "--year", "2024", "--issuer", ISSUER)
    assert code == 0
    assert [p.name for p in tmp_path.iterdir()] == [f"{TITLE}.docx"] and TITLE in out
    code, _, err = invoke("template", "--year", "2024", "--issuer", ISSUER)
    assert code == 2 and err.strip().splitlines() == [
        f"错误：{TITLE}.docx: 文件已存在；如要覆盖，请加 --force"
    ]
    assert invoke("template", "--year", "2024", "--issuer", ISSUER, "--force")[0] == 0


def test_format_option_wins_over_the_suffix(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    assert invoke("template", "--year", "2024", "--issuer", ISSUER, "-f", "md", "-o", str(path))[0] == 0
    assert path.read_text(encoding="utf-8").startswith("# ")
    path = tmp_path / "draft.docx"
    assert invoke("template", "--year", "2024", "--issuer", ISSUER, "-f", "docx", "-o", str(path))[0] == 0
    assert path.read_bytes().startswith(b"PK")


@pytest.mark.parametrize(
    "args",
    [
        ["--year", "1800", "--issuer", ISSUER],
        ["--year", "2024", "--issuer", " "],
        ["--year", "二〇二四", "--issuer", ISSUER],
        ["--issuer", ISSUER],
        ["--year", "2024"],
        ["--year", "2024", "--issuer", ISSUER, "-o", "/no/such/folder/draft.docx"],
    ],
)
def test_usage_errors_exit_2_without_traceback(args: list[str]) -> None:
    code, out, err = invoke("template", *args)
    assert code == 2 and out == "" and "Traceback" not in err


# --- the real LibreOffice -------------------------------------------------------------------


@needs_soffice
def test_libreoffice_reads_the_template_as_written(tmp_path: Path) -> None:
    path = Path(write_template(YEAR, ISSUER, tmp_path / "draft.docx"))
    text = convert(path, "txt:Text (encoded):UTF8", tmp_path).read_text(encoding="utf-8-sig")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    template = build_template(compliance.load_checklist(), YEAR, ISSUER)
    assert lines == [line.text.strip() for line in template.lines if line.text]


@needs_soffice
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (pdffonts) is not installed")
def test_libreoffice_renders_an_a4_gongwen(tmp_path: Path) -> None:
    """The PDF LibreOffice makes: A4 pages, the headings in order with their punctuation, the 落款
    last, the page numbers, and (no 方正/GB2312 fonts here) a CJK fallback font embedded."""
    path = Path(write_template(YEAR, "云溪县教育局", tmp_path / "draft.docx"))
    pdf = convert(path, "pdf", tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", text)
    template = build_template(compliance.load_checklist("department"), YEAR, "云溪县教育局")
    positions = [flat.find(re.sub(r"\s+", "", h.text)) for h in template.headings]
    assert -1 not in positions and positions == sorted(positions)
    assert "（一）健全政府机构职能体系，推动更好发挥政府作用" in flat
    assert flat.rstrip("—0123456789").endswith("云溪县教育局2025年月日")
    assert "—1—" in flat
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts or "Song" in fonts or "Hei" in fonts, fonts

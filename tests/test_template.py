"""compliance template: a report skeleton (.docx or Markdown) that the checker fully recognises."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import RGBColor

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
    """(level, text) of every heading, worked out from the checklist by hand."""
    out = []
    for n, part in enumerate(sections(checklist, "part"), start=1):
        assert isinstance(part.check, Section)
        title = part.check.titles[0].replace("上一年度", f"{year}年")
        out.append((1, "一二三四五六七八九十"[n - 1] + "、" + title.replace("下一年度", f"{year + 1}年")))
        if part.id == "achievements":
            for m, area in enumerate(sections(checklist, "area"), start=1):
                assert isinstance(area.check, Section)
                out.append((2, f"（{'一二三四五六七八九十'[m - 1]}）{area.check.titles[0]}"))
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
        assert found[sid]["status"] == "heading", (sid, found[sid])
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
    assert headings[0][1] == "一、2024年推进法治政府建设的主要举措和成效"
    assert headings[1][1] == "（一）坚持党的领导统筹推进法治政府建设"
    assert headings[-2] == (1, "四、2025年推进法治政府建设的主要安排")
    # every heading is followed by a guidance line with the item's why and basis source
    for i, line in enumerate(lines):
        if line.kind != "heading":
            continue
        item = checklist.item(line.item)
        guidance = lines[i + 1]
        assert guidance.kind == "guidance" and guidance.item == item.id
        assert item.why in guidance.text and item.basis.source in guidance.text


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


def test_docx_has_real_styles_grey_guidance_and_a4(tmp_path: Path) -> None:
    path = Path(write_template(YEAR, ISSUER, tmp_path / "draft.docx"))
    document = docx.Document(str(path))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    checklist = compliance.load_checklist()
    assert (paragraphs[0].style.name, paragraphs[0].text) == ("Title", TITLE)
    headings = [(int(p.style.name[-1]), p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings == expected_headings(checklist, YEAR)
    guidance = [p for p in paragraphs[1:] if not p.style.name.startswith("Heading")]
    assert len(guidance) == len(headings) + 1  # one under each heading, one under the title
    for paragraph in guidance:
        assert paragraph.style.name == "Normal" and paragraph.text.startswith("填写说明：")
        assert all(r.font.color.rgb == RGBColor(0x80, 0x80, 0x80) for r in paragraph.runs)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
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


def test_content_findings_fail_on_the_untouched_template(tmp_path: Path) -> None:
    path = Path(write_template(YEAR, ISSUER, tmp_path / "draft.docx"))
    findings = {f["rule"]: f["status"] for f in check_json(path)["findings"]}  # type: ignore[attr-defined]
    assert findings["achievement-figures"] == "fail"  # no figures yet: the drafter writes them


def test_a_custom_checklist_changes_the_template(tmp_path: Path) -> None:
    text = (ROOT / "rules" / "government.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "titles: [健全法治政府建设科技保障体系全面建设数字法治政府]", "titles: [全面建设数字法治政府]"
    )
    text = text.replace("titles: [其他需要报告的情况]", "titles: [其他需要说明的事项]")
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
    assert "（十）全面建设数字法治政府" in headings and "五、其他需要说明的事项" in headings


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
        f"Error: {TITLE}.docx: 文件已存在；如要覆盖，请加 --force"
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
    assert lines == [line.text for line in template.lines]

"""Every corpus report (tests/corpus/*.txt) gives the same result as a .docx styled as drafters do.

Real drafters write in Word or WPS, so each text report is rebuilt here as a .docx in four styles
and must give the same title, report year and `sections` (id, status, heading text, and the
paragraph, mapped from the .txt line to the .docx paragraph) as the .txt:

- typed: every line a Normal paragraph (blank lines too), numbers typed, heading lines bold;
- heading-styles: the title in Title, 一、 headings in Heading 1, （一） headings in Heading 2;
- auto-numbering: the heading numbers removed from the text and made by Word automatic numbering
  (numbering.xml, linked to Heading 1–4 through the styles' numPr, with restart rules);
- wps-custom-styles: custom styles named "标题 1" / "标题 2" (as WPS makes them) with outline levels.

A heading's level comes from its numbering family: 一、 → 1, （一）/(一) → 2, 1./1、/1． → 3,
（1）/(1) → 4. Run-in headings ("（二）深化行政审批改革。全面推行…") stay one paragraph; in the
first two styles the lead sentence is bold, in the others the heading style covers the paragraph.

Automatic numbering uses chineseCounting for 一、/（一） and decimal for 1./（1）, each level's
lvlText being the form the report types (（%2） or (%2); %3. or %3、 or %3．), with suffix
"nothing", so Word shows exactly the typed text. It only replaces typed numbers Word would produce
itself (that form, the next number): deliberate mistakes (c05 repeats 一、 and skips （三）), its
minority forms, and the lines after them that Word would number differently stay typed, with
numbering switched off on the paragraph (numId 0).

Besides the brief's comparison (title, year, sections) a second test compares the rest of the
verdict (issuer, profile, score, every finding, the outline), paragraphs mapped the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from compliance import DocumentReport, check_document, load_checklist, load_document
from docx_builders import Para, Style, abstract_num, lvl, make_docx, num, run
from helpers import CORPUS

EXPECTED: dict[str, Any] = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
NAMES = sorted(p.name for p in CORPUS.glob("*.txt"))
MIXED_NUMBERING = {"c05_numbering_mixed_and_mistakes.txt"}  # automatic numbering can only do part
STYLES = ("typed", "heading-styles", "auto-numbering", "wps-custom-styles")
CHECKLIST = load_checklist()

# Known disagreements between a .docx style and the .txt, for the lead to fix in the tool:
# (aspect: "sections" | "verdict", file, style) -> what differs. Each becomes
# xfail(strict=True), so the list stays visible and a fix makes the suite say so. None today.
KNOWN_DISAGREEMENTS: dict[tuple[str, str, str], str] = {}

# --- reading the text reports -----------------------------------------------------------------

CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
# (level, pattern): the numeral is group "n"; the label is the whole match
FAMILIES = (
    (1, re.compile(r"(?P<n>[一二三四五六七八九十]+)、")),
    (2, re.compile(r"[（(](?P<n>[一二三四五六七八九十]+)[）)]")),
    (3, re.compile(r"(?P<n>[0-9０-９]+)[.、．](?![0-9０-９])")),
    (4, re.compile(r"[（(](?P<n>[0-9０-９]+)[）)]")),
)
INDENT = re.compile(r"^[ \u3000\t]*")


def chinese_value(numeral: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (all the corpus needs)."""
    if "十" not in numeral:
        return CHINESE_DIGITS[numeral]
    tens, _, units = numeral.partition("十")
    return (CHINESE_DIGITS[tens] if tens else 1) * 10 + (CHINESE_DIGITS[units] if units else 0)


@dataclass(frozen=True)
class Line:
    """One line of a text report, with what Word would need to reproduce it."""

    number: int  # 1-based line number in the .txt (what `paragraph` means for text files)
    indent: str  # leading ASCII / full-width spaces, as typed
    text: str  # the rest, without the line end
    title: bool = False
    level: int | None = None  # heading level from the numbering family
    label: str = ""  # the typed number, e.g. "（一）" or "1."
    value: int | None = None  # its value, None when Word cannot produce it (full-width digits)
    form: str = ""  # the w:lvlText that reproduces the label, e.g. "（%2）"
    lead: str = ""  # the heading sentence of a run-in heading, label included
    body: str = ""  # the body text that follows it in the same paragraph

    @property
    def rest(self) -> str:
        """The text without its typed number."""
        return self.text[len(self.label) :]


def parse_line(number: int, raw: str, title: bool) -> Line:
    line = raw.rstrip("\r\n")
    indent = INDENT.match(line).group()  # type: ignore[union-attr]
    text = line[len(indent) :]
    if title:
        return Line(number, indent, text, title=True)
    for level, pattern in FAMILIES:
        match = pattern.match(text)
        if not match:
            continue
        label, numeral = match.group(), match.group("n")
        if level in (1, 2):
            value: int | None = chinese_value(numeral)
        else:
            value = int(numeral) if numeral.isascii() else None  # "（２）": not Word's "decimal"
        start, end = match.span("n")
        form = f"{label[:start]}%{level}{label[end:]}"
        sentence_end = text.find("。", len(label))
        lead, body = text, ""
        if sentence_end != -1 and text[sentence_end + 1 :].strip():
            lead, body = text[: sentence_end + 1], text[sentence_end + 1 :]
        return Line(number, indent, text, False, level, label, value, form, lead, body)
    return Line(number, indent, text)


def title_lines(lines: Sequence[str], title: str | None) -> set[int]:
    """Line numbers whose text is the expected title, alone or as two consecutive lines."""
    if not title:
        return set()
    stripped = [line.strip() for line in lines]
    for i, text in enumerate(stripped):
        if text == title:
            return {i + 1}
        if i + 1 < len(stripped) and text and text + stripped[i + 1] == title:
            return {i + 1, i + 2}
    return set()  # a title merged into the first sentence is no paragraph of its own


def read_report(name: str) -> list[Line]:
    raw = (CORPUS / name).read_bytes().decode("utf-8-sig")
    texts = raw.split("\n")
    if texts and texts[-1] == "":
        texts.pop()  # the final line end does not start a line
    titled = title_lines(texts, EXPECTED[name]["title"])
    return [parse_line(i, text, i in titled) for i, text in enumerate(texts, start=1)]


# --- building the .docx files -----------------------------------------------------------------


@dataclass
class Built:
    """A .docx body and what it needs, plus the .txt line → .docx paragraph map."""

    body: list[Para] = field(default_factory=list)
    numbering: list[str] = field(default_factory=list)
    styles: list[Style] = field(default_factory=list)
    style_numbering: dict[str, tuple[int, int | None]] = field(default_factory=dict)
    paragraph_of_line: dict[int, int] = field(default_factory=dict)
    converted: int = 0  # headings whose number became automatic numbering

    def add(self, line: Line, para: Para) -> None:
        self.body.append(para)
        if line.text.strip():  # the reader skips empty paragraphs when counting
            self.paragraph_of_line[line.number] = len(self.paragraph_of_line) + 1


def bold_lead(line: Line, indent: str = "") -> str:
    """Runs of a run-in heading: the heading sentence bold, the body text not."""
    return (run(indent) if indent else "") + run(line.lead, bold=True) + run(line.body, bold=False)


def build_typed(lines: Sequence[Line]) -> Built:
    built = Built()
    for line in lines:
        if line.body:
            built.add(line, Para(runs=bold_lead(line, line.indent)))
        else:
            heading = line.title or line.level is not None
            built.add(line, Para(line.indent + line.text, bold=True if heading else None))
    return built


def build_heading_styles(lines: Sequence[Line]) -> Built:
    built = Built()
    for line in lines:
        if not line.text.strip():
            continue
        style = "Title" if line.title else {1: "Heading1", 2: "Heading2"}.get(line.level or 0)
        if line.body:
            built.add(line, Para(style=style, runs=bold_lead(line)))
        elif line.level in (3, 4):
            built.add(line, Para(line.text, bold=True))
        else:
            built.add(line, Para(line.text, style=style))
    return built


def build_wps_custom_styles(lines: Sequence[Line]) -> Built:
    built = Built(
        styles=[
            Style("2", "标题 1", outline=0, bold=True),  # WPS gives its styles numeric ids
            Style("3", "标题 2", outline=1, bold=True),
        ]
    )
    for line in lines:
        if line.text.strip():
            built.add(line, Para(line.text, style={1: "2", 2: "3"}.get(line.level or 0)))
    return built


LIST_ID = 100  # the python-docx template already has abstractNum 0–8 and num 1–9
CANONICAL_FORMS = {1: "%1、", 2: "（%2）", 3: "%3.", 4: "（%4）"}
FORMATS = {1: "chineseCounting", 2: "chineseCounting", 3: "decimal", 4: "decimal"}


def list_forms(lines: Sequence[Line]) -> dict[int, str]:
    """The lvlText of each level: the form most headings of that level use (Word has one)."""
    forms = {}
    for level in (1, 2, 3, 4):
        used = Counter(line.form for line in lines if line.level == level and line.value is not None)
        forms[level] = used.most_common(1)[0][0] if used else CANONICAL_FORMS[level]
    return forms


def build_auto_numbering(lines: Sequence[Line]) -> Built:
    forms = list_forms(lines)
    levels = [
        lvl(
            level - 1,
            FORMATS[level],
            forms[level],
            restart=None if level == 1 else level - 1,  # （一） restarts under each 一、, …
            style=f"Heading{level}",
            suffix="nothing",
        )
        for level in (1, 2, 3, 4)
    ]
    built = Built(
        numbering=[
            abstract_num(LIST_ID, *levels, extra='<w:multiLevelType w:val="multilevel"/>'),
            num(LIST_ID, LIST_ID),
        ],
        style_numbering={
            f"Heading{level}": (LIST_ID, None if level == 1 else level - 1) for level in (1, 2, 3, 4)
        },
    )
    counters = [0, 0, 0, 0]  # what Word's counters hold after the paragraphs so far
    for line in lines:
        if not line.text.strip():
            continue
        if line.title:
            built.add(line, Para(line.text, style="Title"))
            continue
        if line.level is None:
            built.add(line, Para(line.text))
            continue
        style, index = f"Heading{line.level}", line.level - 1
        if line.form == forms[line.level] and line.value == counters[index] + 1:
            counters[index] = line.value
            counters[index + 1 :] = [0] * (3 - index)
            built.converted += 1
            if line.body:
                lead = line.lead[len(line.label) :]
                built.add(line, Para(style=style, runs=run(lead) + run(line.body)))
            else:
                built.add(line, Para(line.rest, style=style))
        else:  # Word cannot repeat or skip a number: the heading keeps its typed number
            built.add(line, Para(line.text, style=style, num=(0, 0)))
    return built


BUILDERS: Mapping[str, Callable[[Sequence[Line]], Built]] = {
    "typed": build_typed,
    "heading-styles": build_heading_styles,
    "auto-numbering": build_auto_numbering,
    "wps-custom-styles": build_wps_custom_styles,
}


# --- checking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """What is compared, with .txt line numbers already mapped to .docx paragraphs."""

    title: str | None
    report_year: int | None
    sections: list[tuple[str, str, str | None, int | None]]  # id, status, heading, paragraph
    verdict: dict[str, Any]  # everything else a reviewer sees: issuer, score, findings, outline


def summary(report: DocumentReport, paragraph_of_line: Mapping[int, int] | None = None) -> Result:
    assert report.error is None, report.error

    def where(paragraph: int | None) -> int | None:
        return paragraph if paragraph_of_line is None or paragraph is None else paragraph_of_line[paragraph]

    return Result(
        report.title,
        report.report_year,
        [(s.id, s.status, s.heading, where(s.paragraph)) for s in report.sections],
        {
            "issuer": report.issuer,
            "profile": report.profile,
            "score": report.score,
            "passed": report.passed,
            "findings": [(f.rule, f.status, where(f.paragraph), f.evidence) for f in report.findings],
            "outline": [(o.text, o.level, where(o.paragraph), o.section, o.run_in) for o in report.outline],
            "evidence": [
                (s.id, s.evidence, s.closest and (s.closest[0], s.closest[1], where(s.closest[2])))
                for s in report.sections
            ],
        },
    )


@dataclass(frozen=True)
class Case:
    docx: Result
    text: Result
    built: Built
    path: Path


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Case]:
    """Every corpus report checked as .txt and, built once per style, as .docx."""
    folder = tmp_path_factory.mktemp("docx-corpus")
    out: dict[tuple[str, str], Case] = {}
    for name in NAMES:
        lines = read_report(name)
        text = check_document(CORPUS / name, CHECKLIST)
        for style, builder in BUILDERS.items():
            built = builder(lines)
            path = make_docx(
                folder / f"{Path(name).stem}-{style}.docx",
                built.body,
                numbering=built.numbering,
                styles=built.styles,
                style_numbering=built.style_numbering,
            )
            docx = summary(check_document(path, CHECKLIST))
            out[name, style] = Case(docx, summary(text, built.paragraph_of_line), built, path)
    return out


def cases(aspect: str) -> list[Any]:
    params = []
    for name in NAMES:
        for style in STYLES:
            reason = KNOWN_DISAGREEMENTS.get((aspect, name, style))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(name, style, marks=marks, id=f"{Path(name).stem}-{style}"))
    return params


def test_the_corpus_is_covered() -> None:
    assert sorted(EXPECTED) == NAMES
    assert len(NAMES) >= 17


@pytest.mark.parametrize(("name", "style"), cases("sections"))
def test_docx_gives_the_same_sections_as_the_text(
    results: dict[tuple[str, str], Case], name: str, style: str
) -> None:
    docx, text = results[name, style].docx, results[name, style].text
    assert (docx.title, docx.report_year) == (text.title, text.report_year)
    assert docx.sections == text.sections


@pytest.mark.parametrize(("name", "style"), cases("verdict"))
def test_docx_gives_the_same_verdict_as_the_text(
    results: dict[tuple[str, str], Case], name: str, style: str
) -> None:
    """Beyond the brief's sections: issuer, profile, score, every finding and the outline."""
    assert results[name, style].docx.verdict == results[name, style].text.verdict


# --- the builders themselves: the .docx really is what each style claims ----------------------


@pytest.mark.parametrize("name", NAMES, ids=lambda n: Path(n).stem)
def test_auto_numbering_shows_the_typed_text(results: dict[tuple[str, str], Case], name: str) -> None:
    """Word's numbers reproduce the typed ones, and carry every heading where the numbering is clean."""
    lines = read_report(name)
    case = results[name, "auto-numbering"]
    blocks = load_document(case.path).blocks
    assert [block.text for block in blocks] == [line.text for line in lines if line.text.strip()]
    automatic = sum(1 for block in blocks if block.label)
    headings = sum(1 for line in lines if line.level is not None)
    assert automatic == case.built.converted
    if name in MIXED_NUMBERING:  # mistakes and mixed forms stay typed, the clean start does not
        assert 0 < automatic < headings
    else:
        assert automatic == headings


@pytest.mark.parametrize("style", STYLES)
def test_each_style_is_built_as_it_claims(results: dict[tuple[str, str], Case], style: str) -> None:
    """Spot checks on the seed (c00) and the run-in report (c04), read back by the tool's reader."""
    seed = load_document(results["c00_seed_jiangmen_2022.txt", style].path).blocks
    run_in = load_document(results["c04_run_in_headings_2022.txt", style].path).blocks
    title, part, area, sub = seed[0], seed[2], seed[3], seed[6]  # 一、 (一) 1. as typed in c00
    assert (title.text, part.text, area.text) == (
        "江门市江海区2022年法治政府建设年度报告",
        "一、2022年法治政府建设的主要工作举措及成效",
        "(一)始终坚持党的领导,统筹推进法治政府建设",
    )
    levels = {
        "typed": (None, None),
        "heading-styles": (1, 2),
        "auto-numbering": (1, 2),
        "wps-custom-styles": (1, 2),
    }
    assert (part.style_level, area.style_level) == levels[style]
    assert title.is_title is (style in ("heading-styles", "auto-numbering"))
    assert bool(part.label) is (style == "auto-numbering") and part.label in ("", "一、")
    assert sub.style_level == (3 if style == "auto-numbering" else None)
    assert run_in[4].text.startswith("（二）深化行政审批改革。全面推行")  # one paragraph
    heading_style_is_bold = style in ("auto-numbering", "wps-custom-styles")  # else only the lead is
    assert run_in[4].bold is heading_style_is_bold

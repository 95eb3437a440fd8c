"""What the gap reports and the batch summary matrix say, as plain data shared by the formats."""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from compliance.formats.labels import ordered_failures
from compliance.records import Record
from compliance.report.model import DocumentReport, Finding, Report, SectionResult
from compliance.text import position

# The state of one part or task area in one document.
FOUND, WEAK, MISSING, OPTIONAL, UNKNOWN = "found", "weak", "missing", "optional", "unknown"
STATE_MARK = {FOUND: "✓", WEAK: "~", MISSING: "✗", OPTIONAL: "○", UNKNOWN: "—"}
STATE_LABEL = {
    FOUND: "已找到",
    WEAK: "仅正文提及",
    MISSING: "缺失",
    OPTIONAL: "未写（可选）",
    UNKNOWN: "无法检查",
}
ROLE_CAPTION = {"part": "五项内容", "area": "任务领域（成效部分）"}
CONFIDENCE_LABEL = {
    "VERIFIED-QUOTE": "已核对原文",
    "VERIFIED-SECONDARY": "据权威转述核对",
    "UNVERIFIED": "未核实",
    "HEURISTIC": "经验规则",
}
NEAR_MISS_FLOOR = 50.0  # below this similarity a "closest heading" is noise, not a near miss
# A matrix row's 「主要问题」 names this many problems, then how many in all: a few words a reviewer
# reads at a glance; the document's own gap report lists every one.
MAIN_PROBLEMS = 2
# One problem in the matrix keeps whole clauses up to this many characters: about two lines of the
# column on an A4 page, enough for "what is wrong" (the gap report below says where and how to fix).
PROBLEM_CHARS = 24
_QUOTED = re.compile(r"“([^”]*)”")


class Column(Record, frozen=True):
    """One part or task area: a column of the matrix."""

    id: str
    role: str
    name: str


class Row(Record, frozen=True):
    """One document: a row of the matrix, one state per column."""

    document: DocumentReport
    cells: tuple[str, ...]


class Coverage(Record, frozen=True):
    """How many readable documents cover one column, by heading and by body text only."""

    column: Column
    found: int
    weak: int
    total: int


def state(doc: DocumentReport, section: SectionResult | None) -> str:
    """found / weak / missing / optional (absent but not a defect) / unknown (not checked)."""
    if doc.error or section is None:
        return UNKNOWN
    if section.status == "heading":
        return FOUND
    if section.status == "content":
        return WEAK
    finding = next((f for f in doc.findings if f.rule == section.id), None)
    return OPTIONAL if finding is not None and finding.passed else MISSING


def section_names(doc: DocumentReport) -> dict[str, str]:
    """Section id -> short item name, from the document's findings."""
    return {f.rule: f.name or f.title for f in doc.findings}


def header_only(report: Report) -> Report:
    """The report without its documents: what a document's gap report names besides the document
    (tool and checklist), so that a worker can render that part alone."""
    return Report(report.tool_version, report.checklist_id, report.checklist_version, ())


def columns(report: Report) -> tuple[Column, ...]:
    """Every part, then every area, in checklist order (the union over the documents)."""
    seen: dict[str, Column] = {}
    for doc in report.documents:
        names = section_names(doc)
        for section in doc.sections:
            if section.id not in seen:
                seen[section.id] = Column(section.id, section.role, names.get(section.id, section.id))
    ordered = list(seen.values())
    return tuple(c for c in ordered if c.role == "part") + tuple(c for c in ordered if c.role != "part")


def rows(report: Report, cols: tuple[Column, ...]) -> tuple[Row, ...]:
    """One row per document, in the report's order."""
    return tuple(Row(doc, tuple(state(doc, doc.section(c.id)) for c in cols)) for doc in report.documents)


def coverage(report: Report, cols: tuple[Column, ...], role: str = "area") -> tuple[Coverage, ...]:
    """Per column of `role`: how many readable documents have it as a heading or only in the text."""
    readable = [d for d in report.documents if not d.error]
    result = []
    for col in cols:
        if col.role != role:
            continue
        states = [state(d, d.section(col.id)) for d in readable]
        result.append(Coverage(col, states.count(FOUND), states.count(WEAK), len(readable)))
    return tuple(result)


def gaps(row: Row, cols: tuple[Column, ...]) -> tuple[str, str]:
    """(names of missing columns, names of weak columns), each joined with 、."""
    missing = [c.name for c, s in zip(cols, row.cells, strict=True) if s == MISSING]
    weak = [c.name for c, s in zip(cols, row.cells, strict=True) if s == WEAK]
    return "、".join(missing), "、".join(weak)


def shorten(names: str, keep: int = 3) -> str:
    """At most `keep` names of a 、-joined list, then how many in all, so a matrix row stays short."""
    items = names.split("、") if names else []
    return names if len(items) <= keep + 1 else "、".join(items[:keep]) + f"等 {len(items)} 项"


def short_paths(report: Report) -> tuple[str, tuple[str, ...]]:
    """(the folder all documents share, each path relative to it), so a matrix column stays narrow;
    ("", paths as given) when they share nothing useful or there is only one."""
    paths = [d.path for d in report.documents]
    if len(paths) < 2:
        return "", tuple(paths)
    folders = [os.path.dirname(os.path.abspath(p)) for p in paths]
    try:
        common = os.path.commonpath(folders)
    except ValueError:  # different drives
        return "", tuple(paths)
    if common == os.path.dirname(common):  # the file-system root
        return "", tuple(paths)
    names = tuple(os.path.relpath(os.path.abspath(p), common) for p in paths)
    if list(names) == paths:
        return "", tuple(paths)
    here = os.getcwd()
    inside = common == here or common.startswith(here + os.sep)
    return (os.path.relpath(common) if inside else common), names


def tally(row: Row, cols: tuple[Column, ...], role: str) -> str:
    """ "found/total" for the columns of one role (weak counts as covered), e.g. "9/10"."""
    cells = [s for c, s in zip(cols, row.cells, strict=True) if c.role == role and s != OPTIONAL]
    if row.document.error:
        return "—"
    return f"{sum(1 for s in cells if s in (FOUND, WEAK))}/{len(cells)}"


def severity_counts(doc: DocumentReport) -> dict[str, int]:
    """Failed findings by severity."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in doc.failures:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    return counts


def batch_counts(report: Report) -> tuple[int, int, int, int]:
    """(documents, complying, not complying, unreadable)."""
    docs = report.documents
    errors = sum(1 for d in docs if d.error)
    passed = sum(1 for d in docs if d.passed)
    return len(docs), passed, len(docs) - passed - errors, errors


class SectionLine(Record, frozen=True):
    """What every human-readable format shows for one part or area of a document."""

    section: SectionResult
    name: str
    state: str  # FOUND, WEAK, MISSING or OPTIONAL
    where: str  # the matched heading, the evidence or the closest heading (quoted by the format)
    similarity: str  # "95%" for a heading match, else ""


def section_lines(doc: DocumentReport, role: str, quote: Callable[[str | None], str]) -> list[SectionLine]:
    """One SectionLine per part ("part") or area ("area") of `doc`, in checklist order."""
    names = section_names(doc)
    lines = []
    for section in doc.sections:
        if section.role != role:
            continue
        status = state(doc, section)
        similarity = f"{section.similarity:.0f}%" if status == FOUND and section.similarity else ""
        where = where_found(doc, section, quote)
        lines.append(SectionLine(section, names.get(section.id, section.id), status, where, similarity))
    return lines


def where_found(doc: DocumentReport, section: SectionResult, quote: Callable[[str | None], str]) -> str:
    """Where a part or area was found (or the closest heading), quoting document text with `quote`
    (which escapes it for the output format)."""
    status = state(doc, section)

    def at(number: int | None) -> str:
        return position(number or 0, doc.format)

    if status == FOUND:
        return f"{at(section.paragraph)}{quote(section.heading or section.evidence)}"
    if status == WEAK:
        return f"{at(section.paragraph)}正文{quote(section.evidence)}"
    if section.status == "missing" and section.heading:  # a heading with nothing under it
        return f"{at(section.paragraph)}{quote(section.heading)}下没有内容"
    close = near_miss(section) if status == MISSING else None  # an optional part is not a miss
    if close:
        return f"最接近的标题：{at(close[2])}{quote(close[0])}，{close[1]:.0f}%"
    return "未找到相近的标题" if status == MISSING else ""


def near_miss(section: SectionResult) -> tuple[str, float, int] | None:
    """The closest heading of a section that was not found, when it is close enough to mention."""
    if section.status != "missing" or not section.closest:
        return None
    return section.closest if section.closest[1] >= NEAR_MISS_FLOOR else None


def skipped(doc: DocumentReport) -> tuple[Finding, ...]:
    return tuple(f for f in doc.findings if f.status == "skip")


def passed(doc: DocumentReport) -> tuple[Finding, ...]:
    return tuple(f for f in doc.findings if f.status == "pass")


def problem_words(doc: DocumentReport, finding: Finding) -> str:
    """A failed finding in a few words: its message, other items named by their short names
    (“存在的不足和原因”, not the full title), cut at the first 「；」 and after whole clauses."""
    names = {f.title: f.name for f in doc.findings if f.name}
    text = _QUOTED.sub(lambda m: f"“{names.get(m.group(1), m.group(1))}”", finding.message)
    clauses = text.split("；", 1)[0].split("，")
    words = clauses[0]
    for clause in clauses[1:]:
        if len(words) + 1 + len(clause) > PROBLEM_CHARS:
            break
        words += "，" + clause
    return words


def main_problem(doc: DocumentReport, keep: int = MAIN_PROBLEMS) -> str:
    """Why a document fails, in a few words: its errors, or (when only the score fails it) the score
    and its warnings; "" for a document that complies or could not be read."""
    if doc.error or doc.passed:
        return ""
    failures = ordered_failures(doc)
    errors = [f for f in failures if f.severity == "error"]
    words = [problem_words(doc, f) for f in (errors or failures)]
    text = "；".join(words[:keep]) + (f"等{len(words)}项" if len(words) > keep else "")
    return text if errors else f"得分低于及格线{doc.fail_under:g}" + (f"：{text}" if text else "")

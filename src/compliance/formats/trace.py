"""The trace of last year's plan as a table (last year's measure → this year's evidence), for the
terminal, Markdown and HTML gap reports; the same rows in every format."""

from __future__ import annotations

from collections.abc import Callable
from html import escape as html_escape

from compliance.records import Record
from compliance.report.model import DocumentReport
from compliance.text import position, quote

TEXT_SUFFIXES = (".txt", ".md")  # the reports whose positions are line numbers

MEASURE_CHARS = 40  # a measure is named by its heading and the start of its first sentence
EVIDENCE_CHARS = 60  # enough of this year's paragraph to recognise it
STATUS_LABEL = {"reported": "已报告落实", "not-reported": "未见落实情况"}
CAPTION = "上一年度安排的落实情况"


class TraceRow(Record, frozen=True):
    """One measure of last year's plan and what this year's report says of it (plain text)."""

    measure: str  # 第N段「…」 of last year's report
    status: str  # "reported" | "not-reported"
    label: str  # the status in Chinese
    evidence: str  # 第N段「…」（得分） of this year's report, or ""


def trace_heading(doc: DocumentReport) -> str:
    """The line above the table: which report was compared, and for which year."""
    trace = doc.follow_through
    if trace is None:
        return ""
    year = f"{trace.previous_year}年度" if trace.previous_year else ""
    done = sum(1 for i in trace.items if i.status == "reported")
    return f"对照{year}报告（{trace.previous}）：{len(trace.items)}项安排中{done}项已报告落实"


def trace_rows(doc: DocumentReport) -> list[TraceRow]:
    """The rows of the trace table, in the order of last year's plan ([] without a trace)."""
    if doc.follow_through is None:
        return []
    rows = []
    last = previous_format(doc.follow_through.previous)
    for item in doc.follow_through.items:
        evidence = ""
        if item.evidence is not None:
            text = quote(item.evidence.text, EVIDENCE_CHARS)
            evidence = f"{position(item.evidence.paragraph, doc.format)}「{text}」（{item.score:.2f}）"
        measure = f"{position(item.paragraph, last)}「{quote(item.text, MEASURE_CHARS)}」"
        rows.append(TraceRow(measure, item.status, STATUS_LABEL.get(item.status, item.status), evidence))
    return rows


def repeated_lines(doc: DocumentReport) -> list[str]:
    """One line per shortcoming repeated from last year."""
    if doc.follow_through is None:
        return []
    last = previous_format(doc.follow_through.previous)
    return [
        f"与上一年度相同的不足：{position(r.this_year.paragraph, doc.format)}"
        f"「{quote(r.this_year.text, MEASURE_CHARS)}」"
        f"（上一年度{position(r.last_year.paragraph, last)}，相似度{r.similarity:.0f}%）"
        for r in doc.follow_through.repeated
    ]


def previous_format(path: str) -> str | None:
    """The format whose positions last year's report counts in: lines for a text file, else
    paragraphs (the trace keeps last year's path, not its format)."""
    return "text" if path.lower().endswith(TEXT_SUFFIXES) else None


def trace_markdown(doc: DocumentReport, level: int, escape: Callable[[str], str]) -> list[str]:
    """The trace as a Markdown section; `escape` is the Markdown format's text escaper."""
    rows = trace_rows(doc)
    if not rows:
        return []
    lines = [f"{'#' * level} {CAPTION}", "", escape(trace_heading(doc)), ""]
    lines += ["| 上一年度安排 | 落实情况 | 本年度报告中的依据 |", "|---|---|---|"]
    lines += [f"| {escape(r.measure)} | {r.label} | {escape(r.evidence) or '—'} |" for r in rows]
    lines.append("")
    repeated = repeated_lines(doc)
    if repeated:
        lines += [f"- {escape(line)}" for line in repeated] + [""]
    return lines


def trace_html(doc: DocumentReport) -> str:
    """The trace as an HTML section (every text escaped)."""
    rows = trace_rows(doc)
    if not rows:
        return ""
    body = "".join(
        f'<tr class="{r.status}"><td>{html_escape(r.measure)}</td><td>{r.label}</td>'
        f"<td>{html_escape(r.evidence) or '—'}</td></tr>\n"
        for r in rows
    )
    repeated = "".join(f"<li>{html_escape(line)}</li>" for line in repeated_lines(doc))
    return (
        f'<section class="trace"><h2>{CAPTION}</h2>\n<p>{html_escape(trace_heading(doc))}</p>\n'
        "<table><thead><tr><th>上一年度安排</th><th>落实情况</th><th>本年度报告中的依据</th></tr></thead>\n"
        f"<tbody>\n{body}</tbody></table>\n" + (f"<ul>{repeated}</ul>\n" if repeated else "") + "</section>\n"
    )

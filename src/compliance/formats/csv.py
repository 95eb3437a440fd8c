"""CSV summary matrix: one row per document, UTF-8 with a BOM so that Excel reads the Chinese."""

from __future__ import annotations

import csv as _csv
import io
from collections.abc import Sequence

from compliance.formats import summary as S
from compliance.formats.labels import verdict_label
from compliance.report.model import DocumentReport, Report

BOM = "\ufeff"
# A cell starting with one of these is a formula to Excel; a leading apostrophe keeps it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


HEADER = (
    "文件",
    "标题",
    "报告主体",
    "报告年度",
    "五项内容",
    "任务领域",
    "得分",
    "结论",
    "错误",
    "警告",
    "提示",
    "缺失",
    "仅正文提及",
    "说明",
)
_FIXED_BEFORE_COLUMNS = 4  # file, title, issuer, year; then one cell per part and area


def _line(cells: Sequence[object]) -> str:
    buffer = io.StringIO()
    _csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def document_row(doc: DocumentReport, cols: tuple[S.Column, ...]) -> str:
    """One document's row (with its line end) under the columns `cols` (S.columns of the report)."""
    (row,) = S.rows(Report("", "", "", (doc,)), cols)
    counts = S.severity_counts(doc)
    missing, weak = S.gaps(row, cols)
    unreadable = bool(doc.error)
    return _line(
        [
            _cell(doc.path),
            _cell(doc.title or ""),
            _cell(doc.issuer or ""),
            doc.report_year or "",
            *[S.STATE_LABEL[c] for c in row.cells],
            S.tally(row, cols, "part"),
            S.tally(row, cols, "area"),
            "" if unreadable else f"{doc.score:g}",
            verdict_label(doc),
            *(["", "", ""] if unreadable else [counts["error"], counts["warning"], counts["info"]]),
            missing,
            weak,
            _cell(f"无法读取：{doc.error}" if doc.error else ""),
        ]
    )


def join_csv(report: Report, rows: Sequence[str]) -> str:
    """The BOM, the header row, then the documents' rows (document_row, in order)."""
    names = [c.name for c in S.columns(report)]
    header = [*HEADER[:_FIXED_BEFORE_COLUMNS], *names, *HEADER[_FIXED_BEFORE_COLUMNS:]]
    return BOM + _line(header) + "".join(rows)


def format_csv(report: Report) -> str:
    """The summary matrix as CSV text, starting with a BOM; one row per document, in order."""
    cols = S.columns(report)
    return join_csv(report, [document_row(doc, cols) for doc in report.documents])

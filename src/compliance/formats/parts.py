"""Split rendering for batches: each document's part is rendered where it was checked (a worker),
and the report is its header, the parts joined in order, and its footer, byte for byte the text
the format's own function gives.

A part depends on its document and on a context that the whole batch decides: the checklist and
tool named in a gap report's facts (markdown, html), the matrix columns (csv), nothing (json). A
worker renders with the context its one document implies; the parent reuses the text when that is
the batch's context (the usual case: one checklist for all) and renders the part again otherwise.
The terminal matrix (rich lays out every row together), SARIF, JUnit and GitHub are not split.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from compliance.formats import csv, html, json, markdown
from compliance.formats import summary as S
from compliance.records import Record
from compliance.report.model import DocumentReport, Report

# A batch of fewer documents renders as one document's report, which has no per-document parts.
MIN_DOCUMENTS = 2


class Part(Record, frozen=True):
    """One document's rendered share of a report, and the context it was rendered with."""

    text: str
    context: Any


class Split(Record, frozen=True):
    """How a format splits: the batch's context, one document's part, and the join."""

    context: Callable[[Report], Any]
    part: Callable[[DocumentReport, Any], str]
    join: Callable[[Report, Sequence[str], str | None], str]


SPLITS: dict[str, Split] = {
    "json": Split(
        lambda _report: None,
        lambda doc, _context: json.document_json(doc),
        lambda report, parts, _generated: json.join_json(report, parts),
    ),
    "markdown": Split(
        S.header_only,
        markdown.document_part,
        lambda report, parts, generated: markdown.join_markdown(report, parts, generated=generated),
    ),
    "html": Split(
        S.header_only,
        html.document_part,
        lambda report, parts, generated: html.join_html(report, parts, generated=generated),
    ),
    "csv": Split(
        S.columns,
        csv.document_row,
        lambda report, parts, _generated: csv.join_csv(report, parts),
    ),
}


def render_part(fmt: str, doc: DocumentReport, tool_version: str) -> Part | None:
    """In a worker: `doc`'s part in `fmt` (None when the format does not split), rendered with the
    context a batch of documents like this one has (its own checklist, its own columns)."""
    split = SPLITS.get(fmt)
    if split is None:
        return None
    alone = Report(tool_version, doc.checklist_id or "", doc.checklist_version or "", (doc,))
    context = split.context(alone)
    return Part(split.part(doc, context), context)


def join_parts(
    report: Report, fmt: str, parts: Sequence[Part | None], *, generated: str | None = None
) -> str | None:
    """In the parent: the report in `fmt` from its documents' parts (in the documents' order); a
    part rendered with another context than the batch's is rendered again here. None when the
    format or this report (a single document) does not split: render it whole instead."""
    split = SPLITS.get(fmt)
    if split is None or len(report.documents) < MIN_DOCUMENTS:
        return None
    if len(parts) != len(report.documents):
        raise ValueError(f"{len(parts)} parts for {len(report.documents)} documents")
    context = split.context(report)
    texts = [
        part.text if part is not None and part.context == context else split.part(doc, context)
        for doc, part in zip(report.documents, parts, strict=True)
    ]
    return split.join(report, texts, generated)

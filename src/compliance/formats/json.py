"""JSON output: the documented, versioned wire form of a Report (schema_version 1)."""

from __future__ import annotations

import json as _json
from collections.abc import Sequence

from compliance.report.model import DocumentReport, Report

INDENT = 2  # spaces per nesting level, as people read the file
# A document object sits two levels deep (report object → "documents" list), so each of its lines
# is shifted by two indents when it is rendered on its own and joined into the report.
DOCUMENT_MARGIN = " " * (2 * INDENT)
_EMPTY_LIST_END = '"documents": []\n}'


def _dumps(data: object) -> str:
    return _json.dumps(data, ensure_ascii=False, indent=INDENT)


def document_json(doc: DocumentReport) -> str:
    """One document's object as it appears inside the report's "documents" list (no comma).

    JSON strings never hold a raw line break, so shifting every line is exact."""
    return DOCUMENT_MARGIN + _dumps(doc.to_dict()).replace("\n", "\n" + DOCUMENT_MARGIN)


def join_json(report: Report, parts: Sequence[str]) -> str:
    """The report's JSON from its documents' parts (document_json, in order): byte for byte what
    json.dumps(report.to_dict(), indent=2) gives, without rendering a document here."""
    head = _dumps({**report.header_dict(), "documents": []})
    if not parts:
        return head + "\n"
    opening = head.removesuffix(_EMPTY_LIST_END) + '"documents": [\n'
    pieces = [opening]
    for part in parts:  # one join: the report (megabytes for a large batch) is copied once
        pieces += (part, ",\n")
    pieces[-1] = "\n" + " " * INDENT + "]\n}\n"
    return "".join(pieces)


def format_json(report: Report) -> str:
    """The report as pretty-printed UTF-8 JSON with a trailing newline."""
    return join_json(report, [document_json(doc) for doc in report.documents])

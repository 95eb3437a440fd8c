"""JSON output: the documented, versioned wire form of a Report (schema_version 1)."""

from __future__ import annotations

import json as _json

from compliance.report.model import Report


def format_json(report: Report) -> str:
    """The report as pretty-printed UTF-8 JSON with a trailing newline."""
    return _json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"

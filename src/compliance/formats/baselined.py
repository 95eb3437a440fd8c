"""Render a report compared with a baseline: known problems kept apart from new ones, per format."""

from __future__ import annotations

import json

from compliance.errors import UsageError
from compliance.formats import github, junit, sarif
from compliance.formats.terminal import format_terminal
from compliance.report.baseline import BASELINE_FORMATS, Comparison, baseline_dict, describe
from compliance.report.model import Report


def render_with_baseline(
    report: Report, fmt: str, comparison: Comparison, terminal_text: str | None = None
) -> str:
    """`report` in `fmt` with the baseline shown; `terminal_text` replaces the plain terminal rendering."""
    if fmt == "terminal":
        return (
            (terminal_text if terminal_text is not None else format_terminal(report))
            + "\n"
            + describe(report, comparison)
        )
    if fmt == "json":
        return json.dumps(baseline_dict(report, comparison), ensure_ascii=False, indent=2) + "\n"
    if fmt == "sarif":
        return sarif.format_sarif(report, baseline=comparison)
    if fmt == "junit":
        return junit.format_junit(report, baseline=comparison)
    if fmt == "github":
        return github.format_github(report, baseline=comparison)
    raise UsageError(f"--baseline 不支持“{fmt}”格式（支持：{'、'.join(BASELINE_FORMATS)}）")

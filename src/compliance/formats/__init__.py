"""Stage 6, format: turn a Report into text. One module per format, imported only when rendering.

FORMAT_NAMES lists the formats without importing any of them (the command line's choices);
`formatter(name)` and FORMATTERS give the functions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from compliance.errors import UsageError

if TYPE_CHECKING:
    from compliance.report.model import Report

Formatter = Callable[["Report"], str]
StampedFormatter = Callable[..., str]

FORMAT_NAMES = ("terminal", "json", "markdown", "html", "csv", "sarif", "junit", "github")
# Formats that can state when they were generated (`--timestamp`); the others never carry a time.
STAMPED_NAMES = ("markdown", "html")


def formatter(name: str) -> Formatter:
    """The function rendering format `name`; UsageError for an unknown format."""
    if name == "terminal":
        from compliance.formats.terminal import format_terminal

        return format_terminal
    if name == "json":
        from compliance.formats.json import format_json

        return format_json
    if name == "markdown":
        from compliance.formats.markdown import format_markdown

        return format_markdown
    if name == "html":
        from compliance.formats.html import format_html

        return format_html
    if name == "csv":
        from compliance.formats.csv import format_csv

        return format_csv
    if name == "sarif":
        from compliance.formats.sarif import format_sarif

        return format_sarif
    if name == "junit":
        from compliance.formats.junit import format_junit

        return format_junit
    if name == "github":
        from compliance.formats.github import format_github

        return format_github
    raise UsageError(f"未知的输出格式“{name}”（可选：{', '.join(FORMAT_NAMES)}）")


def __getattr__(name: str) -> Any:
    """FORMATTERS and STAMPED, name -> function, built on first use (they import every format)."""
    if name == "FORMATTERS":
        return {fmt: formatter(fmt) for fmt in FORMAT_NAMES}
    if name == "STAMPED":
        return {fmt: formatter(fmt) for fmt in STAMPED_NAMES}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if TYPE_CHECKING:
    FORMATTERS: dict[str, Formatter]
    STAMPED: dict[str, StampedFormatter]


def render(report: Report, fmt: str = "terminal", *, generated: str | None = None) -> str:
    """Render `report` in the named format (one of FORMAT_NAMES); `generated` is a generation time
    to print, for the formats in STAMPED_NAMES (output is deterministic without it)."""
    render_function: StampedFormatter = formatter(fmt)
    if generated is not None:
        if fmt not in STAMPED_NAMES:
            raise UsageError(
                f"输出格式“{fmt}”不记录生成时间（--timestamp 适用于：{', '.join(STAMPED_NAMES)}）"
            )
        return render_function(report, generated=generated)
    return render_function(report)

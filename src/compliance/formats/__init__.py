"""Stage 6, format: turn a Report into text. One module per format, imported only when rendering.

FORMAT_NAMES lists the formats without importing any of them (the command line's choices);
`formatter(name)` and FORMATTERS give the functions.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from compliance.errors import UsageError

if TYPE_CHECKING:
    from compliance.formats.parts import Part
    from compliance.report.model import Report

Formatter = Callable[["Report"], str]
StampedFormatter = Callable[..., str]

# format name -> (module under compliance.formats, function): imported on first use, so that a
# command that renders JSON never pays for rich or the HTML templates.
_FUNCTIONS = {
    "terminal": ("terminal", "format_terminal"),
    "json": ("json", "format_json"),
    "markdown": ("markdown", "format_markdown"),
    "html": ("html", "format_html"),
    "csv": ("csv", "format_csv"),
    "sarif": ("sarif", "format_sarif"),
    "junit": ("junit", "format_junit"),
    "github": ("github", "format_github"),
}
FORMAT_NAMES = tuple(_FUNCTIONS)
# Formats that can state when they were generated (`--timestamp`); the others never carry a time.
STAMPED_NAMES = ("markdown", "html")


def formatter(name: str) -> Formatter:
    """The function rendering format `name`; UsageError for an unknown format."""
    try:
        module, function = _FUNCTIONS[name]
    except KeyError:
        raise UsageError(f"未知的输出格式“{name}”（可选：{', '.join(FORMAT_NAMES)}）") from None
    found: Formatter = getattr(importlib.import_module(f"compliance.formats.{module}"), function)
    return found


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


def render(
    report: Report,
    fmt: str = "terminal",
    *,
    generated: str | None = None,
    parts: Sequence[Part | None] | None = None,
) -> str:
    """Render `report` in the named format (one of FORMAT_NAMES); `generated` is a generation time
    to print, for the formats in STAMPED_NAMES (output is deterministic without it). `parts`, one
    per document (parts.render_part, e.g. from batch workers), are joined instead of rendering each
    document again, where the format splits; the text is the same either way."""
    render_function: StampedFormatter = formatter(fmt)
    if generated is not None and fmt not in STAMPED_NAMES:
        raise UsageError(f"输出格式“{fmt}”不记录生成时间（--timestamp 适用于：{', '.join(STAMPED_NAMES)}）")
    if parts is not None:
        from compliance.formats.parts import join_parts

        joined = join_parts(report, fmt, parts, generated=generated)
        if joined is not None:
            return joined
    if generated is not None:
        return render_function(report, generated=generated)
    return render_function(report)

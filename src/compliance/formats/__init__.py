"""Stage 6, format: turn a Report into text. One module per format; FORMATTERS lists them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from compliance.formats.csv import format_csv
from compliance.formats.github import format_github
from compliance.formats.html import format_html
from compliance.formats.json import format_json
from compliance.formats.junit import format_junit
from compliance.formats.markdown import format_markdown
from compliance.formats.parts import Part, join_parts
from compliance.formats.sarif import format_sarif
from compliance.formats.terminal import format_terminal
from compliance.report.model import Report

Formatter = Callable[[Report], str]

FORMATTERS: dict[str, Formatter] = {
    "terminal": format_terminal,
    "json": format_json,
    "markdown": format_markdown,
    "html": format_html,
    "csv": format_csv,
    "sarif": format_sarif,
    "junit": format_junit,
    "github": format_github,
}

# Formats that can state when they were generated (`--timestamp`); the others never carry a time.
StampedFormatter = Callable[..., str]
STAMPED: dict[str, StampedFormatter] = {"markdown": format_markdown, "html": format_html}


def render(
    report: Report,
    fmt: str = "terminal",
    *,
    generated: str | None = None,
    parts: Sequence[Part | None] | None = None,
) -> str:
    """Render `report` in the named format (a key of FORMATTERS); `generated` is a generation time
    to print, for the formats in STAMPED (output is deterministic without it). `parts`, one per
    document (parts.render_part, e.g. from batch workers), are joined instead of rendering each
    document again, where the format splits; the text is the same either way."""
    try:
        formatter = FORMATTERS[fmt]
    except KeyError:
        from compliance.errors import UsageError

        raise UsageError(f"未知的输出格式“{fmt}”（可选：{', '.join(FORMATTERS)}）") from None
    if generated is not None and fmt not in STAMPED:
        from compliance.errors import UsageError

        raise UsageError(f"输出格式“{fmt}”不记录生成时间（--timestamp 适用于：{', '.join(STAMPED)}）")
    if parts is not None:
        joined = join_parts(report, fmt, parts, generated=generated)
        if joined is not None:
            return joined
    if generated is not None:
        return STAMPED[fmt](report, generated=generated)
    return formatter(report)

"""Stage 6, format: turn a Report into text. One module per format; FORMATTERS lists them."""

from __future__ import annotations

from collections.abc import Callable

from ..report import Report
from .json import format_json
from .terminal import format_terminal

Formatter = Callable[[Report], str]

FORMATTERS: dict[str, Formatter] = {
    "terminal": format_terminal,
    "json": format_json,
}


def render(report: Report, fmt: str = "terminal") -> str:
    """Render `report` in the named format (a key of FORMATTERS)."""
    try:
        formatter = FORMATTERS[fmt]
    except KeyError:
        from ..errors import UsageError

        raise UsageError(f"未知的输出格式“{fmt}”（可选：{', '.join(FORMATTERS)}）") from None
    return formatter(report)

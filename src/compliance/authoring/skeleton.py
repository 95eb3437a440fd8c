"""The template's records: a report skeleton as lines (title, headings, guidance), for every renderer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TemplateLine:
    """One paragraph of the template.

    kind is "title", "heading" (level 1 = part, 2 = task area) or "guidance" (grey help text,
    level 0); `item` is the checklist item a heading or its guidance comes from ("" for none).
    """

    kind: str
    text: str
    level: int = 0
    item: str = ""


@dataclass(frozen=True, slots=True)
class Template:
    """A report skeleton: its title, then headings each followed by a guidance line."""

    year: int
    issuer: str
    lines: tuple[TemplateLine, ...]

    @property
    def title(self) -> str:
        return self.lines[0].text

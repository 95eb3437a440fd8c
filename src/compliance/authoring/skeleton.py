"""The template's records: a report skeleton as lines (title, headings, room to write, 落款)."""

from __future__ import annotations

from compliance.records import Record


class TemplateLine(Record, frozen=True):
    """One paragraph of the template.

    kind is "title", "heading" (level 1 = part, 2 = task area), "body" (an empty paragraph to write
    in), "signature" (the issuer of the 落款) or "date" (its date, day and month left blank);
    `item` is the checklist item a heading comes from ("" for none); `note` is the 填写说明 that
    goes with the line: a Word comment in the .docx, never text a drafter could forget to delete.
    """

    kind: str
    text: str
    level: int = 0
    item: str = ""
    note: str = ""


class Template(Record, frozen=True):
    """A report skeleton: its title, headings each followed by room to write, and the 落款."""

    year: int
    issuer: str
    lines: tuple[TemplateLine, ...]
    profile: str | None = None  # the checklist's profile (government / department)
    profile_reason: str = ""  # why this profile, in Chinese

    @property
    def title(self) -> str:
        return self.lines[0].text

    @property
    def headings(self) -> tuple[TemplateLine, ...]:
        return tuple(line for line in self.lines if line.kind == "heading")

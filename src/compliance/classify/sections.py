"""Records of the match stage: what a part or area is called, where it was found, the analysis."""

from __future__ import annotations

from collections.abc import Mapping

from compliance.records import Record, field
from compliance.structure.outline import Heading, Structure


class Classification(Record, frozen=True):
    """The scores of one heading against every section and what decided the best one."""

    scores: Mapping[str, float]  # section id -> 0–100
    section: str | None  # the decided section (area or part), None when no section leads clearly
    runner_up: str | None
    margin: float | None
    terms: tuple[str, ...]  # the vocabulary terms of `section` found in the heading (or its body)
    clause_sections: tuple[str, ...] = ()  # sections that single clauses name clearly (two-area headings)
    names: Mapping[str, float] = field(default_factory=dict)  # fuzzy similarity to each section's names
    whole: frozenset[str] = frozenset()  # sections one of whose terms the heading holds whole


class SectionSpec(Record, frozen=True):
    """What a part or task area is called and what its content mentions."""

    id: str
    role: str  # "part" | "area"
    titles: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()  # short words that, inside a heading, mark it as this section
    keywords: tuple[str, ...] = ()
    min_keywords: int = 2
    threshold: float = 75.0
    slot: str = ""  # for parts: what the code needs to know of it (see SLOTS); "" for areas
    accept_content: bool = True  # a mention in the body counts as the section being found


# What a part is for, whatever its id or language: the code asks for a slot, never for an id.
SLOTS = ("achievements", "shortcomings", "leader-duty", "plan", "other")


class SectionMatch(Record, frozen=True):
    """Where a part or area was found: by a heading, by content evidence, or not at all."""

    id: str
    role: str
    status: str  # "heading" | "content" | "missing"
    heading: Heading | None = None
    similarity: float | None = None
    paragraph: int | None = None
    evidence: str | None = None
    closest: tuple[str, float, int] | None = None  # (heading text, similarity, paragraph) on a miss
    accepted: bool = True  # whether this status satisfies the section (a mention may not)

    # A "missing" match with a heading is a heading with nothing under it (or only "无。"): found as
    # a heading, but not found as a part, since no text does the part's job.

    @property
    def found(self) -> bool:
        return self.status != "missing" and self.accepted

    @property
    def empty(self) -> bool:
        """Whether the section has a heading but nothing under it."""
        return self.status == "missing" and self.heading is not None


class Analysis(Record, frozen=True):
    """A document's structure with its sections matched to the checklist."""

    structure: Structure
    matches: tuple[SectionMatch, ...]
    heading_sections: tuple[tuple[str | None, float | None], ...]  # parallel to structure.headings
    scopes: dict[str, tuple[Heading, ...]] = field(default_factory=dict)  # part id -> top headings
    plan_areas: frozenset[str] = frozenset()
    slots: Mapping[str, str] = field(default_factory=dict)  # slot -> part id
    classifications: tuple[Classification | None, ...] = ()  # parallel to structure.headings

    def slot_id(self, slot: str) -> str:
        """The id of the part that fills `slot` ("" when the checklist has none)."""
        return self.slots.get(slot, "")

    def slot_scope(self, slot: str) -> tuple[Heading, ...]:
        """The top headings of the part that fills `slot`."""
        return self.scopes.get(self.slot_id(slot), ())

    def match(self, section_id: str) -> SectionMatch:
        for match in self.matches:
            if match.id == section_id:
                return match
        return SectionMatch(section_id, "part", "missing")

    def scope_text(self, section_id: str) -> str:
        """The body of a part (its top headings' sections without the headings' own words, so that
        a heading such as "存在的不足和原因" is not evidence of reasons), or "" when it has no heading."""
        return "\n".join(self.structure.section_text(h) for h in self.scopes.get(section_id, ()))

    def area_text(self, area_id: str) -> str:
        """The text of the achievements section(s) about an area: its matched heading's section and
        every other heading whose primary section is the area."""
        structure = self.structure
        match = self.match(area_id)
        chosen = [match.heading] if match.heading is not None else []
        chosen += [
            h
            for h, (sid, _) in zip(structure.headings, self.heading_sections, strict=True)
            if sid == area_id and h not in chosen
        ]
        return "\n".join(structure.section_text(h) for h in chosen)

"""Vocabulary records: terms with their sources, programmes, part frames (what the classifier reads).

The data lives beside the checklist (rules/vocabulary.yaml, named by the checklist's `vocabulary:`
key); compliance.checklist.vocabulary parses and validates it into these records. A checklist that
extends another adds its own file's terms (Vocabulary.extended).
"""

from __future__ import annotations

from compliance.records import Record

CHECKLIST_SOURCE = "checklist"  # the source of terms taken from the checklist's own names


class Term(Record, frozen=True):
    """One vocabulary term and the tag of the source it was taken from."""

    text: str
    source: str


class Programme(Record, frozen=True):
    """A programme text (纲要) in force for report years `start`..`end`, and the terms it places."""

    id: str
    title: str
    start: int | None
    end: int | None
    sections: tuple[tuple[str, tuple[Term, ...]], ...]

    def covers(self, year: int) -> bool:
        return (self.start is None or year >= self.start) and (self.end is None or year <= self.end)


class PartFrame(Record, frozen=True):
    """What a heading must hold to be a report part: one of its cues, or the report year + offset."""

    cues: tuple[str, ...]
    year_offset: int | None = None
    first: bool = False  # the first top-level heading, when it holds a cue, is this part
    topic: str | None = None  # the area whose work this part reports (the leader's duty reports the
    # party's leadership of the rule of law): a body about the part is a body about that area


_HASH = "_hash"  # where a Vocabulary remembers its hash (no field: not compared, shown or pickled)


class Vocabulary(Record, frozen=True, dict=True):  # dict: room for the remembered hash
    """Every section's terms, the shared words, the programmes and the part frames of a checklist."""

    sections: tuple[tuple[str, tuple[Term, ...]], ...] = ()
    shared: tuple[str, ...] = ()
    programmes: tuple[Programme, ...] = ()
    parts: tuple[tuple[str, PartFrame], ...] = ()
    sources: tuple[tuple[str, str], ...] = ()

    def __hash__(self) -> int:
        """The fields' hash, computed once: the vocabulary keys the caches of the index and of the
        classified headings, and hashing its ≈ 600 terms again at each look-up cost more than the
        look-up (equal vocabularies still hash alike: the value is the fields' own)."""
        cached: int | None = self.__dict__.get(_HASH)
        if cached is None:
            cached = hash((self.sections, self.shared, self.programmes, self.parts, self.sources))
            self.__dict__[_HASH] = cached  # a record pickles its fields only, never this
        return cached

    def programme_for(self, year: int | None) -> Programme | None:
        """The programme in force for a report year; the latest one when the year is unknown."""
        if not self.programmes:
            return None
        if year is not None:
            for programme in self.programmes:
                if programme.covers(year):
                    return programme
        return max(self.programmes, key=lambda p: p.start or 0)

    def frame(self, section_id: str) -> PartFrame | None:
        return dict(self.parts).get(section_id)

    def extended(self, other: Vocabulary) -> Vocabulary:
        """This vocabulary with `other`'s terms, shared words, programmes and frames added."""
        sections = {sid: list(terms) for sid, terms in self.sections}
        for sid, terms in other.sections:
            sections.setdefault(sid, []).extend(t for t in terms if t not in sections.get(sid, []))
        programmes = {p.id: p for p in self.programmes}
        for p in other.programmes:
            base = programmes.get(p.id)
            if base is not None:
                merged = dict(base.sections)
                for sid, terms in p.sections:
                    merged[sid] = (*merged.get(sid, ()), *terms)
                p = Programme(p.id, p.title, p.start, p.end, tuple(merged.items()))
            programmes[p.id] = p
        return Vocabulary(
            tuple((sid, tuple(terms)) for sid, terms in sections.items()),
            tuple(dict.fromkeys((*self.shared, *other.shared))),
            tuple(programmes.values()),
            tuple({**dict(self.parts), **dict(other.parts)}.items()),
            tuple({**dict(self.sources), **dict(other.sources)}.items()),
        )

"""Records of the substance checks: shortcoming → plan-measure pairs and last year's plan traced
to this year's achievements (carried on Verdict, Finding and DocumentReport, and in the JSON)."""

from __future__ import annotations

from typing import Any

from compliance.records import Record


class Quoted(Record, frozen=True):
    """A passage of a report: its paragraph and (quoted) text."""

    paragraph: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"paragraph": self.paragraph, "text": self.text}


class Pair(Record, frozen=True):
    """A shortcoming and the plan measure that answers it (None: none does), with the score."""

    shortcoming: Quoted
    measure: Quoted | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "shortcoming": self.shortcoming.to_dict(),
            "measure": self.measure.to_dict() if self.measure else None,
            "score": self.score,
        }


class TraceItem(Record, frozen=True):
    """One measure of last year's plan: reported on this year (with the evidence) or not."""

    text: str
    paragraph: int
    status: str  # "reported" | "not-reported"
    evidence: Quoted | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        evidence = None
        if self.evidence is not None:
            evidence = {**self.evidence.to_dict(), "score": self.score}
        return {"text": self.text, "paragraph": self.paragraph, "status": self.status, "evidence": evidence}


class Repeated(Record, frozen=True):
    """A shortcoming of this year that repeats one of last year's nearly word for word."""

    this_year: Quoted
    last_year: Quoted
    similarity: float  # 0–100

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.this_year.text,
            "paragraph": self.this_year.paragraph,
            "previous": self.last_year.to_dict(),
            "similarity": self.similarity,
        }


class Trace(Record, frozen=True):
    """Last year's plan traced to this year's report."""

    previous: str  # the path of last year's report
    previous_year: int | None
    items: tuple[TraceItem, ...]
    repeated: tuple[Repeated, ...] = ()

    @property
    def missing(self) -> tuple[TraceItem, ...]:
        return tuple(i for i in self.items if i.status != "reported")

    def to_dict(self) -> dict[str, Any]:
        return {
            "previous": self.previous,
            "previous_year": self.previous_year,
            "items": [i.to_dict() for i in self.items],
            "repeated_shortcomings": [r.to_dict() for r in self.repeated],
        }

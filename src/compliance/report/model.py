"""Stage 5, report: immutable result records, the score, and the JSON wire form (schema_version 1)."""

from __future__ import annotations

from typing import Any

from compliance.checklist.model import Basis
from compliance.evaluate.trace import Pair, Trace
from compliance.records import Record

SCHEMA_VERSION = 1
TOOL_NAME = "compliance"
FULL_SCORE = 100  # the score is the weighted share of passed items, as a percentage (fail_under's scale)
SCORE_DECIMALS = 1  # one decimal: 87.7 tells two documents apart without false precision in weights
NOT_SCORED = ("skip", "ignored")  # statuses left out of the score: not applicable, or ignored by config
# Exit codes (the CLI's and CI's contract): complies, does not comply, could not be checked.
EXIT_COMPLIES, EXIT_FAILS, EXIT_UNREADABLE = 0, 1, 2


class Finding(Record, frozen=True):
    """The outcome of one checklist item on one document."""

    rule: str
    title: str
    severity: str
    weight: float
    status: str  # "pass" | "fail" | "skip" (not applicable) | "ignored" (by configuration); the
    # last two are left out of the score
    message: str
    paragraph: int | None
    evidence: str | None
    basis: Basis
    fix: str
    section: str | None = None  # the part or area the item is about, when there is one
    name: str = ""  # short name of the item, for tables
    ignore_reason: str | None = None  # why the configuration ignores it (status "ignored")
    ignored_by: str | None = None  # the configuration file that ignores it
    ignored_status: str | None = None  # what the status would have been ("pass", "fail", "skip")
    places: tuple[tuple[int, str], ...] = ()  # every (paragraph, evidence) of a finding found in several
    pairs: tuple[Pair, ...] = ()  # shortcoming → plan measure, for plan-answers-shortcomings

    @property
    def passed(self) -> bool:
        return self.status != "fail"


class OutlineEntry(Record, frozen=True):
    """A recognised heading and the section id it introduces."""

    text: str
    level: int
    paragraph: int
    section: str | None
    similarity: float | None
    run_in: bool
    terms: tuple[str, ...] = ()  # the vocabulary terms that decided the section
    runner_up: str | None = None  # the next best section (for an unassigned heading: the best one)
    margin: float | None = None  # how far the section led the runner-up, in score points


class SectionResult(Record, frozen=True):
    """Where a part or area was found."""

    id: str
    role: str  # "part" | "area"
    status: str  # "heading" | "content" | "missing"
    heading: str | None
    paragraph: int | None
    evidence: str | None
    similarity: float | None
    closest: tuple[str, float, int] | None
    accepted: bool = True  # whether the status satisfies the section's item (a mention may not)
    slot: str = ""  # for a part: its slot (achievements, shortcomings, leader-duty, plan, other)

    @property
    def found(self) -> bool:
        return self.status != "missing" and self.accepted


class DocumentReport(Record, frozen=True):
    """Everything the tool says about one document (or why it could not check it)."""

    path: str
    format: str | None
    title: str | None
    issuer: str | None
    report_year: int | None
    profile: str | None
    fail_under: float
    outline: tuple[OutlineEntry, ...] = ()
    sections: tuple[SectionResult, ...] = ()
    findings: tuple[Finding, ...] = ()
    error: str | None = None  # set when the document could not be read; then nothing else is
    profile_reason: str | None = None  # why this profile (inferred from what, or who chose it)
    checklist_id: str | None = None  # the checklist the document was checked against
    checklist_version: str | None = None
    follow_through: Trace | None = None  # last year's plan traced to this report (--previous)

    @classmethod
    def unreadable(cls, path: str, cause: str, fail_under: float = 0.0) -> DocumentReport:
        """The row of a file that could not be checked: only its path and the reason."""
        return cls(path, None, None, None, None, None, fail_under, error=cause)

    @property
    def score(self) -> float:
        counted = [f for f in self.findings if f.status not in NOT_SCORED]
        total = sum(f.weight for f in counted)
        if self.error or not total:
            return 0.0
        return round(FULL_SCORE * sum(f.weight for f in counted if f.passed) / total, SCORE_DECIMALS)

    @property
    def passed(self) -> bool:
        if self.error:
            return False
        no_errors = not any(f.status == "fail" and f.severity == "error" for f in self.findings)
        return no_errors and self.score >= self.fail_under

    @property
    def failures(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status == "fail")

    @property
    def exit_code(self) -> int:
        return EXIT_UNREADABLE if self.error else EXIT_COMPLIES if self.passed else EXIT_FAILS

    def section(self, section_id: str) -> SectionResult | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "format": self.format,
            "title": self.title,
            "issuer": self.issuer,
            "report_year": self.report_year,
            "profile": self.profile,
            "score": self.score,
            "passed": self.passed,
            "fail_under": self.fail_under,
            "outline": [
                {
                    "text": o.text,
                    "level": o.level,
                    "paragraph": o.paragraph,
                    "section": o.section,
                    "similarity": o.similarity,
                    "run_in": o.run_in,
                    "terms": list(o.terms),
                    "runner_up": o.runner_up,
                    "margin": o.margin,
                }
                for o in self.outline
            ],
            "sections": [
                {
                    "id": s.id,
                    "role": s.role,
                    "found": s.found,
                    "status": s.status,
                    "heading": s.heading,
                    "paragraph": s.paragraph,
                    "evidence": s.evidence,
                    "similarity": s.similarity,
                    "closest": None
                    if s.closest is None
                    else {
                        "text": s.closest[0],
                        "similarity": s.closest[1],
                        "paragraph": s.closest[2],
                    },
                }
                for s in self.sections
            ],
            "findings": [
                {
                    "rule": f.rule,
                    "title": f.title,
                    "name": f.name,
                    "severity": f.severity,
                    "passed": f.passed,
                    "status": f.status,
                    "weight": f.weight,
                    "message": f.message,
                    "paragraph": f.paragraph,
                    "evidence": f.evidence,
                    "section": f.section,
                    "fix": f.fix,
                    "basis": {
                        "source": f.basis.source,
                        "article": f.basis.article,
                        "confidence": f.basis.confidence,
                    },
                    **({"pairs": [p.to_dict() for p in f.pairs]} if f.pairs else {}),
                    **(
                        {
                            "reason": f.ignore_reason,
                            "ignored_by": f.ignored_by,
                            "ignored_status": f.ignored_status,
                        }
                        if f.status == "ignored"
                        else {}
                    ),
                }
                for f in self.findings
            ],
        }
        if self.error:
            data["error"] = self.error
        if self.profile_reason:
            data["profile_reason"] = self.profile_reason
        if self.checklist_id:
            data["checklist"] = {"id": self.checklist_id, "version": self.checklist_version}
        if self.follow_through is not None:
            data["follow_through"] = self.follow_through.to_dict()
        return data


class Report(Record, frozen=True):
    """The result of a run: one DocumentReport per input, in the order given."""

    tool_version: str
    checklist_id: str
    checklist_version: str
    documents: tuple[DocumentReport, ...]

    @property
    def exit_code(self) -> int:
        """0 when every document complies, 1 when one does not, 2 when one could not be read."""
        return max((d.exit_code for d in self.documents), default=EXIT_COMPLIES)

    def header_dict(self) -> dict[str, Any]:
        """The wire form without the documents (which to_dict adds last, under "documents")."""
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": TOOL_NAME, "version": self.tool_version},
            "checklist": {"id": self.checklist_id, "version": self.checklist_version},
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.header_dict(), "documents": [d.to_dict() for d in self.documents]}

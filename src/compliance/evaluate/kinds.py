"""The registry of check kinds: the YAML `kind` of a checklist item names one of these classes."""

from __future__ import annotations

from compliance.evaluate.checks import Figures, Keywords, OwnHeading, PlanCoverage, Section
from compliance.evaluate.document_checks import (
    Absent,
    Filled,
    NumberingSequence,
    PlanYear,
    ReportYear,
    Title,
)
from compliance.evaluate.follow import FollowThrough
from compliance.evaluate.substance import Acts, PlanAnswers, PublicationDate

Check = (
    Section
    | Title
    | ReportYear
    | PlanYear
    | Keywords
    | Figures
    | OwnHeading
    | PlanCoverage
    | NumberingSequence
    | Absent
    | Filled
    | PlanAnswers
    | Acts
    | PublicationDate
    | FollowThrough
)

KINDS: dict[str, type[Check]] = {
    "section": Section,
    "title": Title,
    "report_year": ReportYear,
    "plan_year": PlanYear,
    "keywords": Keywords,
    "figures": Figures,
    "own_heading": OwnHeading,
    "plan_coverage": PlanCoverage,
    "numbering": NumberingSequence,  # the YAML kind keeps its short name
    "absent": Absent,
    "filled": Filled,
    "plan_answers": PlanAnswers,
    "acts": Acts,
    "publication_date": PublicationDate,
    "follow_through": FollowThrough,
}

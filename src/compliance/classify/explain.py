"""Why a heading got its section: the terms that decided it, the runner-up and the margin."""

from __future__ import annotations

from typing import Any

from compliance.classify.index import index_for
from compliance.classify.names import heading_key, scorer_for
from compliance.classify.scoring import classify_heading
from compliance.classify.sections import Analysis, SectionSpec
from compliance.classify.vocabulary import Vocabulary
from compliance.records import Record
from compliance.text import strip_numbering

MAX_TERMS = 5  # enough to see why; a longer list is noise in the JSON and the table


def explain(
    analysis: Analysis,
    specs: tuple[SectionSpec, ...],
    vocabulary: Vocabulary,
    position: int,
    section: str | None,
) -> tuple[tuple[str, ...], str | None, float | None]:
    """(terms, runner-up, margin) for the heading at `position` of the outline, which was given
    `section` (None: unassigned; then the runner-up is the best candidate, and the margin its lead)."""
    if position >= len(analysis.classifications):
        return (), None, None
    found = analysis.classifications[position]
    if found is None:
        return (), None, None
    scores = found.scores
    if section is None:
        return (), found.section or found.runner_up, found.margin
    others = sorted((sid for sid in scores if sid != section), key=lambda sid: (-scores[sid], sid))
    runner = others[0] if others and scores[others[0]] > 0 else None
    margin: float | None = round(scores.get(section, 0.0) - (scores[runner] if runner else 0.0), 1)
    if margin is not None and margin < 0:  # a section taken from its place (an item of a part or area)
        runner, margin = None, None
    if section == found.section:
        terms = found.terms
    else:
        index = index_for(specs, vocabulary, analysis.structure.report_year)
        heading = analysis.structure.headings[position]
        terms = tuple(t.text for t in index.matched_terms(heading.title, section))
    return tuple(dict.fromkeys(terms))[:MAX_TERMS], runner, margin


class SectionScore(Record, frozen=True):
    """One row of a heading's classification: a section, its score and what it rests on."""

    id: str
    role: str
    score: float
    name_similarity: float
    terms: tuple[str, ...]


class HeadingClassification(Record, frozen=True):
    """A single heading classified on its own (the `compliance classify` command)."""

    heading: str
    body: str
    year: int | None
    programme: str | None
    section: str | None
    runner_up: str | None
    margin: float | None
    rows: tuple[SectionScore, ...]  # best first

    def to_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "body": self.body,
            "year": self.year,
            "programme": self.programme,
            "section": self.section,
            "runner_up": self.runner_up,
            "margin": self.margin,
            "scores": [
                {
                    "id": r.id,
                    "role": r.role,
                    "score": r.score,
                    "name_similarity": r.name_similarity,
                    "terms": list(r.terms),
                }
                for r in self.rows
            ],
        }


def classify_one(
    specs: tuple[SectionSpec, ...],
    vocabulary: Vocabulary,
    heading: str,
    body: str = "",
    year: int | None = None,
) -> HeadingClassification:
    """Classify one heading (numbering allowed) and the start of its body, as the matcher would a
    top-level heading of a report on `year`."""
    title = strip_numbering(heading).strip()
    index = index_for(specs, vocabulary, year)
    scorer = scorer_for(specs)
    ids = [spec.id for spec in specs]

    def names_of(text: str) -> dict[str, float]:
        return dict(zip(ids, scorer.row(heading_key(text)), strict=True))

    found = classify_heading(index, vocabulary, title, body, names_of(title), year, names_of=names_of)
    claimed = index.claimed_terms(title)
    rows = tuple(
        sorted(
            (
                SectionScore(
                    s.id,
                    s.role,
                    found.scores[s.id],
                    found.names.get(s.id, 0.0),
                    tuple(t.text for t in claimed[s.id])[:MAX_TERMS],
                )
                for s in specs
            ),
            key=lambda r: (-r.score, r.id),
        )
    )
    return HeadingClassification(
        heading, body, year, index.programme, found.section, found.runner_up, found.margin, rows
    )

"""Why a heading got its section: the terms that decided it, the runner-up and the margin."""

from __future__ import annotations

from ..sections import Analysis, SectionSpec
from .index import index_for
from .vocabulary import Vocabulary

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
    margin = round(scores.get(section, 0.0) - (scores[runner] if runner else 0.0), 1)
    if section == found.section:
        terms = found.terms
    else:
        index = index_for(specs, vocabulary, analysis.structure.report_year)
        heading = analysis.structure.headings[position]
        terms = tuple(t.text for t in index.matched_terms(heading.title, section))
    return terms[:MAX_TERMS], runner, margin

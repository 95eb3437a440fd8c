"""Where a section's evidence may come from besides its heading: the heading nearest to a missing
section, the paragraphs of the other parts, and the areas the plan names."""

from __future__ import annotations

from compliance.classify.evidence import keyword_hits
from compliance.classify.names import MIN_REPORTED
from compliance.classify.scoring import MARGIN
from compliance.classify.sections import SectionSpec
from compliance.structure.outline import Heading, Structure

CLOSEST_FLOOR = 70.0  # a heading is offered as "closest" to a missing area only from this similarity:
# below it (51–69%), the nearest heading is usually unrelated and naming it misleads the reader


def best_fit(scores: dict[str, float], specs: list[SectionSpec]) -> tuple[SectionSpec | None, float]:
    """The spec that fits best: above its threshold and MARGIN ahead of the runner-up among
    `specs`; a tie or a close call is no fit (never decided by checklist order)."""
    ranked = sorted(specs, key=lambda spec: -scores[spec.id])
    if not ranked or scores[ranked[0].id] < ranked[0].threshold:
        return None, 0.0
    if len(ranked) > 1 and scores[ranked[0].id] - scores[ranked[1].id] < MARGIN:
        return None, 0.0
    return ranked[0], scores[ranked[0].id]


def closest_heading(
    structure: Structure,
    spec: SectionSpec,
    scores: list[dict[str, float]],
    achievements: tuple[Heading, ...],
    names: list[dict[str, float]],
) -> tuple[str, float, int] | None:
    """The heading nearest to a missing section: for an area, only a heading inside the
    achievements part (a plan heading is no near miss of an achievement), and only from
    CLOSEST_FLOOR; for a part, any heading from MIN_REPORTED."""
    headings = structure.headings
    candidates = list(range(len(headings)))
    floor = MIN_REPORTED
    if spec.role == "area":
        inside = {h.position for root in achievements for h in (root, *structure.children(root))}
        candidates = [k for k in candidates if headings[k].position in inside]
        floor = CLOSEST_FLOOR
    if not candidates:
        return None
    fit = [max(scores[k][spec.id], names[k].get(spec.id, 0.0)) for k in range(len(headings))]
    i = max(candidates, key=lambda k: (fit[k], -k))
    if fit[i] < floor:
        return None
    return (headings[i].text, fit[i], headings[i].paragraph)


def scoped_paragraphs(
    scopes: dict[str, tuple[Heading, ...]], structure: Structure, exclude: str, slots: dict[str, str]
) -> set[int]:
    """The paragraphs that are no evidence of the part `exclude`: those of the plan, shortcomings
    and other parts — except that shortcomings and plans often share a passage ("针对上述问题，下一步…"),
    so each may be evidenced inside the other."""
    plan, shortcomings = slots.get("plan", ""), slots.get("shortcomings", "")
    neighbours = {shortcomings: plan, plan: shortcomings}
    return {
        block.index
        for sid in (plan, shortcomings, slots.get("other", ""))
        if sid and sid not in (exclude, neighbours.get(exclude))
        for heading in scopes.get(sid, ())
        for block in structure.span(heading)
    }


def areas_of_plan(
    structure: Structure,
    plan: tuple[Heading, ...],
    areas: list[SectionSpec],
    scores: list[dict[str, float]],
) -> frozenset[str]:
    if not plan:
        return frozenset()
    covered = set()
    index = {h.position: i for i, h in enumerate(structure.headings)}
    for root in plan:
        for heading in (root, *structure.children(root)):
            area, _ = best_fit(scores[index[heading.position]], areas)
            if area:
                covered.add(area.id)
        text = structure.section_text(root)
        covered.update(a.id for a in areas if keyword_hits(text, a))
    return frozenset(covered)

"""Stage 3, match: assign the checklist's parts and task areas to headings, or to content evidence."""

from __future__ import annotations

from functools import lru_cache

from compliance.classify.evidence import content_evidence
from compliance.classify.field import own_field
from compliance.classify.field import read_past_field as past
from compliance.classify.index import VocabularyIndex, index_for
from compliance.classify.names import Scorer, heading_key, scorer_for, similarity, similarity_in
from compliance.classify.openings import opening_of, read_through
from compliance.classify.scopes import areas_of_plan, best_fit, closest_heading, scoped_paragraphs
from compliance.classify.scoring import MARGIN, classify_heading
from compliance.classify.sections import Analysis, Classification, SectionMatch, SectionSpec
from compliance.classify.vocabulary import Vocabulary
from compliance.records import Record
from compliance.structure.outline import Heading, Structure
from compliance.text import quote

__all__ = ["Analysis", "SectionMatch", "SectionSpec", "analyse", "similarity"]

CLASSIFIED_CACHE = 8192  # headings (with their opening) remembered across the documents of a batch
AREA_OVER_PART = 8.0  # a top-level heading is an area, not a part, when it fits an area this much better


_ITEM_PARTS = ("shortcomings", "plan")  # parts whose items are the part's own (problems, measures),
# not task areas reported on


class _Context(Record, frozen=True, eq=False):  # hashed by identity: one per checklist and year
    """What classifying a heading needs, built once per checklist and report year."""

    specs: tuple[SectionSpec, ...]
    vocabulary: Vocabulary
    index: VocabularyIndex
    scorer: Scorer

    def names(self, text: str) -> dict[str, float]:
        return dict(zip(self.index.ids, self.scorer.row(heading_key(text)), strict=True))


@lru_cache(maxsize=16)
def _context(specs: tuple[SectionSpec, ...], vocabulary: Vocabulary, year: int | None) -> _Context:
    return _Context(specs, vocabulary, index_for(specs, vocabulary, year), scorer_for(specs))


@lru_cache(maxsize=CLASSIFIED_CACHE)
def _classified(
    context: _Context, title: str, body: str, year: int | None, top: bool, first: bool
) -> Classification:
    return classify_heading(
        context.index,
        context.vocabulary,
        title,
        body,
        context.names(title),
        year,
        top=top,
        first=first,
        names_of=context.names,
    )


def classify_all(
    structure: Structure, specs: tuple[SectionSpec, ...], vocabulary: Vocabulary
) -> list[Classification]:
    """Every heading classified: fuzzy similarity to the names, vocabulary on heading and body
    (remembered: a batch meets the same headings again and again)."""
    context = _context(specs, vocabulary, structure.report_year)
    roots = roots_of(structure.headings)
    tops = set(roots)
    headings = structure.headings
    field = own_field(structure.issuer, context.index)  # the department's business, no task area
    found = []
    for i, heading in enumerate(headings):
        opening = opening_of(structure, i)
        first = bool(roots) and i == roots[0]
        title, opening = past(heading.title, opening, field, context.index)
        found.append(_classified(context, title, opening, structure.report_year, i in tops, first))
    return found


def analyse(
    structure: Structure, specs: tuple[SectionSpec, ...], vocabulary: Vocabulary | None = None
) -> Analysis:
    """Match every part and area of `specs` against the structure of one document."""
    headings = structure.headings
    classified = classify_all(structure, specs, vocabulary or Vocabulary())
    scores = [dict(c.scores) for c in classified]
    names = [dict(c.names) for c in classified]
    slots = {spec.slot: spec.id for spec in specs if spec.slot}
    achievements = slots.get("achievements", "")
    parts = [s for s in specs if s.role == "part"]
    areas = [s for s in specs if s.role == "area"]
    area_ids = {a.id for a in areas}
    assigned: dict[int, tuple[str, float]] = {}
    tops = roots_of(headings)

    for k, i in enumerate(tops):  # parts as top-level headings
        part, score = best_fit(scores[i], parts)
        area_score = max((scores[i][a.id] for a in areas), default=0.0)
        # An overview just before the achievements (「一、工作总体完成情况」「二、主要举措及成效」)
        # is achievements too, however well it scores; any other earlier heading of the part gives way.
        previous = assigned.get(tops[k - 1], ("",))[0] if k else ""
        overview = part is not None and part.id == achievements == previous
        taken = part is not None and not overview and _taken(assigned, part.id, score)
        if part and area_score < score + AREA_OVER_PART and not taken:
            if not overview:
                _drop(assigned, part.id)
            assigned[i] = (part.id, score)
    scopes: dict[str, tuple[Heading, ...]] = {sid: (headings[i],) for i, (sid, _) in assigned.items()}
    excluded = {j for i in assigned for j in _subtree(structure, i) if assigned[i][0] != achievements}
    for part in parts:  # parts as deeper headings, outside the other parts
        if part.id in scopes:
            continue
        candidates = [
            (scores[i][part.id], i)
            for i in range(len(headings))
            if i not in assigned and i not in excluded and scores[i][part.id] >= part.threshold + 5
        ]
        if candidates:
            score, i = max(candidates, key=lambda c: (c[0], -c[1]))
            assigned[i] = (part.id, score)
            scopes[part.id] = (headings[i],)

    # One top-level heading may hold two parts ("三、存在的问题及下一步工作打算").
    shared_parts = []
    for part in parts:
        fits = [
            i
            for i in tops
            if i in assigned and part.id not in scopes and scores[i][part.id] >= part.threshold
        ]
        if fits and part.id != achievements:
            i = max(fits, key=lambda k: (scores[k][part.id], -k))
            scopes[part.id] = (headings[i],)
            shared_parts.append((i, part.id, scores[i][part.id]))

    by_id = {spec.id: spec for spec in specs}
    achievement_root = None  # the achievements heading, when the report has one
    if achievements in scopes:
        achievement_root = headings.index(scopes[achievements][0])
        roots = [achievement_root]
        if not structure.children(headings[achievement_root]):
            # A flat outline (numbering lost in a text export, or areas numbered like parts):
            # the achievements run on over the following top-level headings up to the next part.
            for i in tops:
                if i > achievement_root:
                    if i in assigned:
                        break
                    roots.append(i)
            scopes[achievements] = tuple(headings[r] for r in roots)
    else:
        roots = [i for i in tops if i not in assigned]
    # A numbered top-level heading before the achievements that is no part reports an area too (「一、深入
    # 学习贯彻习近平法治思想」 then 「二、法治政府建设情况」); an unnumbered line there is a banner or title.
    first = achievement_root if achievement_root is not None else -1
    before = [i for i in tops if i < first and i not in assigned and headings[i].number is not None]
    scope = sorted({j for r in [*before, *roots] for j in _subtree(structure, r)} - set(assigned))
    # The 第一责任人 part often reports the leader's work area by area (「深入贯彻落实习近平法治思想」):
    # its sub-headings are task areas too, as a reviewer reads them.
    duty_id = slots.get("leader-duty", "")
    duty = scopes.get(duty_id, ())
    inside_duty = {j for h in duty for j in _subtree(structure, headings.index(h))[1:]}
    scope = sorted(set(scope) | inside_duty)
    for i in scope:
        own = scores[i].get(duty_id, 0.0)
        if i in inside_duty and own >= by_id[duty_id].threshold and own > max(scores[i][a.id] for a in areas):
            # 「（一）切实履行第一责任人职责」 in the 第一责任人 part, fitting it best, is the part
            assigned[i] = (duty_id, own)
            continue
        area, score = best_fit(scores[i], areas)
        decided = classified[i].section  # a close call the classifier settled (whole term, first clause)
        if area is None and decided in area_ids:
            area, score = next(a for a in areas if a.id == decided), scores[i][decided]
        if area and i != achievement_root:
            assigned[i] = (area.id, score)
    if (
        achievements
        and achievements not in scopes
        and any(assigned.get(r, ("", 0))[0] in {a.id for a in areas} for r in roots)
    ):
        scopes[achievements] = tuple(headings[r] for r in roots)

    # An area's heading is the shallowest heading in the achievements that fits it; it may be
    # shared with another area ("坚持依法决策，严格规范行政执法" covers two).
    found = [(i, sid, score) for i, (sid, score) in assigned.items() if sid not in area_ids] + shared_parts
    context = _context(specs, vocabulary or Vocabulary(), structure.report_year)
    index, year = context.index, structure.report_year
    field = own_field(structure.issuer, index)
    through = {  # headings read only through their items, and what their own title says
        i: _classified(context, past(headings[i].title, "", field, index)[0], "", year, False, False).scores
        for i in scope
        if read_through(structure, i)
    }
    for area in areas:
        fits = [
            i
            for i in scope
            if i != achievement_root
            and scores[i][area.id] >= area.threshold
            and (i not in assigned or assigned[i][0] in area_ids)
            and _names_area(classified[i], area.id, assigned.get(i, ("",))[0])
        ]
        # A heading read only through its items does not take an area that one of its items names
        # itself (「（三）统筹发展和安全」 over 「2.加快推进数字政府建设」): the item is the area's heading.
        fits = [
            i
            for i in fits
            if not (
                i in through
                and through[i].get(area.id, 0.0) < area.threshold
                and any(j in fits for j in _subtree(structure, i)[1:])
            )
        ]
        if fits:  # shallowest first; at one level, a heading that is primarily this area
            i = min(fits, key=lambda k: (headings[k].level, assigned.get(k, ("",))[0] != area.id, k))
            found.append((i, area.id, scores[i][area.id]))

    _inherit(structure, assigned, scopes, slots, scope, area_ids)
    found = [(i, sid, _shown(context, headings[i], by_id[sid], score)) for i, sid, score in found]
    assigned = {
        i: (sid, _shown(context, headings[i], by_id[sid], score)) for i, (sid, score) in assigned.items()
    }
    matches = []
    achievement_blocks = _scope_blocks(structure, [headings[r] for r in roots]) if roots else []
    for spec in specs:
        matches.append(_resolve(structure, spec, found, scores, achievement_blocks, scopes, slots, names))
    plan_areas = areas_of_plan(structure, scopes.get(slots.get("plan", ""), ()), areas, scores)
    heading_sections = tuple(
        (assigned[i][0], assigned[i][1]) if i in assigned else (None, None) for i in range(len(headings))
    )
    return Analysis(structure, tuple(matches), heading_sections, scopes, plan_areas, slots, tuple(classified))


def _inherit(
    structure: Structure,
    assigned: dict[int, tuple[str, float]],
    scopes: dict[str, tuple[Heading, ...]],
    slots: dict[str, str],
    scope: list[int],
    area_ids: set[str],
) -> None:
    """Headings that name no section of their own read as their place says, as a reviewer reads
    them (only the outline's sections change; which heading is each area's stays as found): an item
    of the shortcomings or the plan part is that part (「（一）法治意识不强」 under 「存在的不足」), and a
    sub-heading of an area heading is that area (「（一）营造良好的企业发展环境」 under 「依法履行政府职能」).
    A heading that holds two parts at once gives its items neither."""
    headings = structure.headings
    index = {h.position: i for i, h in enumerate(headings)}
    holders = [h.position for held in scopes.values() for h in held]
    for slot in _ITEM_PARTS:
        part = slots.get(slot, "")
        for root in scopes.get(part, ()):
            if holders.count(root.position) > 1 or index[root.position] not in assigned:
                continue
            score = assigned[index[root.position]][1]
            for j in _subtree(structure, index[root.position])[1:]:
                assigned.setdefault(j, (part, score))
    inside = set(scope)
    for j in scope:  # in order: an item under an unassigned sub-heading inherits what it inherited
        parent = next((k for k in range(j - 1, -1, -1) if headings[k].level < headings[j].level), None)
        if j in assigned or parent is None or parent not in inside or parent not in assigned:
            continue
        if assigned[parent][0] in area_ids:
            assigned[j] = assigned[parent]


def _shown(context: _Context, heading: Heading, spec: SectionSpec, score: float) -> float:
    """The similarity shown for a heading's section: its likeness to the section's names and terms
    when that alone reaches the threshold (as the report has always said), else the classifier's score."""
    named = similarity_in(context.scorer, context.specs.index(spec), heading.title, spec.terms)
    return named if named >= spec.threshold else score


def _names_area(found: Classification, area: str, assigned: str) -> bool:
    """Whether a heading counts for `area`: its own section, an area one of its clauses names, or
    one side of a close call between two areas that no whole term settles (「规范行政行为，推进依法行政」)."""
    if assigned == area or area in found.clause_sections:
        return True
    top = max(found.scores.values(), default=0.0)
    close = top - found.scores.get(area, 0.0) < MARGIN
    settled = bool(found.whole & {s for s, v in found.scores.items() if top - v < MARGIN})
    return not assigned and found.section is None and not found.clause_sections and close and not settled


def roots_of(headings: tuple[Heading, ...]) -> list[int]:
    """Indexes of the headings with no parent: the top level, and deeper headings that come before
    any shallower one (e.g. （一）…（七） straight after the opening, then 二、存在的问题)."""
    roots, shallowest = [], 99
    for i, heading in enumerate(headings):
        if heading.level <= shallowest:
            roots.append(i)
            shallowest = heading.level
    return roots


def _taken(assigned: dict[int, tuple[str, float]], section_id: str, score: float) -> bool:
    return any(sid == section_id and s >= score for sid, s in assigned.values())


def _drop(assigned: dict[int, tuple[str, float]], section_id: str) -> None:
    for i in [i for i, (sid, _) in assigned.items() if sid == section_id]:
        del assigned[i]


def _subtree(structure: Structure, index: int) -> list[int]:
    heading = structure.headings[index]
    nested = structure.children(heading)
    return [index, *range(index + 1, index + 1 + len(nested))]


def _scope_blocks(structure: Structure, roots: list[Heading]) -> list[tuple[int, str]]:
    return [(b.index, b.text) for root in roots for b in structure.span(root)]


def _resolve(
    structure: Structure,
    spec: SectionSpec,
    found: list[tuple[int, str, float]],
    scores: list[dict[str, float]],
    achievement_blocks: list[tuple[int, str]],
    scopes: dict[str, tuple[Heading, ...]],
    slots: dict[str, str],
    names: list[dict[str, float]],
) -> SectionMatch:
    headings = structure.headings
    achievements = slots.get("achievements", "")
    mine = [(headings[i], score) for i, sid, score in sorted(found) if sid == spec.id]
    if mine:
        heading, score = min(mine, key=lambda m: (m[0].level, m[0].position))
        return SectionMatch(
            spec.id,
            spec.role,
            "heading",
            heading,
            score,
            heading.paragraph,
            quote(heading.text, 80),
        )
    if spec.id == achievements and achievements in scopes:
        first = scopes[achievements][0]
        return SectionMatch(spec.id, spec.role, "heading", None, None, first.paragraph, quote(first.text, 80))
    if spec.role == "area":
        blocks = achievement_blocks
    else:
        blocks = [(b.index, b.text) for b in structure.document.blocks[structure.body_start :]]
        excluded = scoped_paragraphs(scopes, structure, spec.id, slots)
        blocks = [(p, t) for p, t in blocks if p not in excluded]
    evidence = content_evidence(blocks, spec) if spec.keywords else None
    closest = closest_heading(structure, spec, scores, scopes.get(achievements, ()), names)
    if evidence is not None:
        return SectionMatch(
            spec.id,
            spec.role,
            "content",
            None,
            None,
            evidence.paragraph,
            evidence.evidence,
            closest,
            spec.accept_content,
        )
    return SectionMatch(spec.id, spec.role, "missing", closest=closest)

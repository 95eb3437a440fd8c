"""Stage 3, match: assign the checklist's parts and task areas to headings, or to content evidence."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from rapidfuzz import fuzz, process

from compliance.classify.sections import Analysis, SectionMatch, SectionSpec
from compliance.structure.outline import Heading, Structure
from compliance.text import normalise, quote

__all__ = ["Analysis", "SectionMatch", "SectionSpec", "analyse", "similarity"]

_YEAR_RE = re.compile(r"(?:19|20)\d{2}\s*年度?")
PARTIAL_FACTOR = 0.95  # a heading that contains an alias scores a little below an exact match
MIN_REPORTED = 50.0  # scores below this are not worth telling anyone about (treated as 0)
PARTIAL_OVERLAP = 0.4  # share of a name's distinct characters a heading must hold to be partial-matched
TERM_SCORE = 85.0  # a heading that contains one of a section's terms (below an alias match)
AREA_OVER_PART = 8.0  # a top-level heading is an area, not a part, when it fits an area this much better


@lru_cache(maxsize=4096)
def _name_forms(name: str) -> str:
    return normalise(name)


def heading_key(title: str) -> str:
    """A heading's matching form: no year ("2023年度"), normalised."""
    return normalise(_YEAR_RE.sub("", title))


def similarity(title: str, names: tuple[str, ...], terms: tuple[str, ...] = ()) -> float:
    """0–100: how well a heading (numbering already removed) fits any of `names` or holds a term."""
    return _Scorer(((names, terms),)).row(heading_key(title))[0]


def _char_mask(text: str) -> int:
    """A 64-bit fingerprint of the characters in `text` (a set of hashed bits)."""
    mask = 0
    for char in text:
        mask |= 1 << (ord(char) % 64)
    return mask


class _Scorer:
    """Scores one heading against every section at once.

    fuzz.ratio runs over the names whose length is within 4× of the heading's (only those can reach
    MIN_REPORTED), in one rapidfuzz call. Partial matching (a name inside a longer heading) runs only
    for names of 3+ characters, shorter than the heading, at least PARTIAL_OVERLAP of whose distinct
    characters occur in it (a 64-bit character fingerprint rules the others out cheaply: a name that
    shares fewer characters cannot align with any part of the heading well enough to matter).
    """

    def __init__(self, sections: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]) -> None:
        pairs = {
            (name, owner)
            for owner, (names, _) in enumerate(sections)
            for name in (_name_forms(n) for n in names)
            if name
        }
        ordered = sorted(pairs, key=lambda p: (len(p[0]), p[0], p[1]))
        self.names = [name for name, _ in ordered]
        self.owners = [owner for _, owner in ordered]
        self.lengths = [len(name) for name in self.names]
        self.masks = [_char_mask(name) for name in self.names]
        self.needed = [PARTIAL_OVERLAP * mask.bit_count() for mask in self.masks]
        self.terms = [tuple(_name_forms(t) for t in terms if t) for _, terms in sections]

    def row(self, heading: str) -> list[float]:
        best = [TERM_SCORE if any(t in heading for t in terms) else 0.0 for terms in self.terms]
        if not heading:
            return best
        size = len(heading)
        start, end = bisect_left(self.lengths, (size + 3) // 4), bisect_right(self.lengths, 4 * size)
        for _, score, k in process.extract(
            heading, self.names[start:end], scorer=fuzz.ratio, limit=None, score_cutoff=MIN_REPORTED
        ):
            owner = self.owners[start + k]
            best[owner] = max(best[owner], score)
        mask = _char_mask(heading)
        start, end = bisect_left(self.lengths, 3), bisect_left(self.lengths, size)
        candidates = [k for k in range(start, end) if (self.masks[k] & mask).bit_count() >= self.needed[k]]
        for _, score, k in process.extract(
            heading,
            [self.names[k] for k in candidates],
            scorer=fuzz.partial_ratio,
            limit=None,
            score_cutoff=MIN_REPORTED,
        ):
            owner = self.owners[candidates[k]]
            best[owner] = max(best[owner], score * PARTIAL_FACTOR)
        return [round(score, 1) for score in best]


@lru_cache(maxsize=16)
def _scorer_for(specs: tuple[SectionSpec, ...]) -> _Scorer:
    """One scorer per checklist: its name index is built once, not per document."""
    return _Scorer(tuple((_names(spec), spec.terms) for spec in specs))


def _names(spec: SectionSpec) -> tuple[str, ...]:
    return spec.titles + spec.aliases


def _best(scores: dict[str, float], specs: list[SectionSpec]) -> tuple[SectionSpec | None, float]:
    best: tuple[SectionSpec | None, float] = (None, 0.0)
    for spec in specs:
        if scores[spec.id] >= spec.threshold and scores[spec.id] > best[1]:
            best = (spec, scores[spec.id])
    return best


@lru_cache(maxsize=32)
def _normalised_text(text: str) -> str:
    return normalise(text)


def _keyword_hits(text: str, spec: SectionSpec) -> list[str]:
    """The spec's keywords and terms that occur in `text`, keywords first."""
    folded = _normalised_text(text)
    # Terms of one or two characters (监督, 执法) are too common in body text to be evidence alone.
    words = dict.fromkeys((*spec.keywords, *(t for t in spec.terms if len(t) >= 3)))
    return [kw for kw in words if normalise(kw) in folded]


def clause_around(text: str, keyword: str, limit: int = 50) -> str:
    """The clause of `text` that contains `keyword` (between sentence or clause punctuation)."""
    at = text.find(keyword)
    if at < 0:
        return quote(text, limit)
    start = max(text.rfind(p, 0, at) for p in "。，,；;：:") + 1
    ends = [e for e in (text.find(p, at) for p in "。；;，,") if e >= 0]
    return quote(text[start : min(ends) if ends else len(text)], limit)


def _content_evidence(text_blocks: list[tuple[int, str]], spec: SectionSpec) -> SectionMatch | None:
    hits = _keyword_hits("\n".join(t for _, t in text_blocks), spec)
    if len(set(hits)) < spec.min_keywords:
        return None
    for paragraph, text in text_blocks:
        if hits[0] in text:
            return SectionMatch(
                spec.id,
                spec.role,
                "content",
                paragraph=paragraph,
                evidence=clause_around(text, hits[0]),
            )
    return None


def analyse(structure: Structure, specs: tuple[SectionSpec, ...]) -> Analysis:
    """Match every part and area of `specs` against the structure of one document."""
    headings = structure.headings
    scorer = _scorer_for(specs)
    ids = [spec.id for spec in specs]
    scores = [dict(zip(ids, scorer.row(heading_key(h.title)), strict=True)) for h in headings]
    parts = [s for s in specs if s.role == "part"]
    areas = [s for s in specs if s.role == "area"]
    area_ids = {a.id for a in areas}
    assigned: dict[int, tuple[str, float]] = {}
    tops = roots_of(headings)

    for i in tops:  # parts as top-level headings
        part, score = _best(scores[i], parts)
        _, area_score = _best(scores[i], areas)
        if part and area_score < score + AREA_OVER_PART and not _taken(assigned, part.id, score):
            _drop(assigned, part.id)
            assigned[i] = (part.id, score)
    scopes: dict[str, tuple[Heading, ...]] = {sid: (headings[i],) for i, (sid, _) in assigned.items()}
    excluded = {j for i in assigned for j in _subtree(structure, i) if assigned[i][0] != "achievements"}
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
        if fits and part.id != "achievements":
            i = max(fits, key=lambda k: (scores[k][part.id], -k))
            scopes[part.id] = (headings[i],)
            shared_parts.append((i, part.id, scores[i][part.id]))

    achievement_root = None  # the achievements heading, when the report has one
    if "achievements" in scopes:
        achievement_root = headings.index(scopes["achievements"][0])
        roots = [achievement_root]
        if not structure.children(headings[achievement_root]):
            # A flat outline (numbering lost in a text export, or areas numbered like parts):
            # the achievements run on over the following top-level headings up to the next part.
            for i in tops:
                if i > achievement_root:
                    if i in assigned:
                        break
                    roots.append(i)
            scopes["achievements"] = tuple(headings[r] for r in roots)
    else:
        roots = [i for i in tops if i not in assigned]
    scope = sorted({j for r in roots for j in _subtree(structure, r)} - set(assigned))
    for i in scope:
        area, score = _best(scores[i], areas)
        if area and i != achievement_root:
            assigned[i] = (area.id, score)
    if "achievements" not in scopes and any(
        assigned.get(r, ("", 0))[0] in {a.id for a in areas} for r in roots
    ):
        scopes["achievements"] = tuple(headings[r] for r in roots)

    # An area's heading is the shallowest heading in the achievements that fits it; it may be
    # shared with another area ("坚持依法决策，严格规范行政执法" covers two).
    found = [(i, sid, score) for i, (sid, score) in assigned.items() if sid not in area_ids] + shared_parts
    for area in areas:
        fits = [
            i
            for i in scope
            if i != achievement_root
            and scores[i][area.id] >= area.threshold
            and (i not in assigned or assigned[i][0] in area_ids)
        ]
        if fits:  # shallowest first; at one level, a heading that is primarily this area
            i = min(fits, key=lambda k: (headings[k].level, assigned.get(k, ("",))[0] != area.id, k))
            found.append((i, area.id, scores[i][area.id]))

    matches = []
    achievement_blocks = _scope_blocks(structure, [headings[r] for r in roots]) if roots else []
    for spec in specs:
        matches.append(_resolve(structure, spec, found, scores, achievement_blocks, scopes))
    plan_areas = _plan_areas(structure, scopes.get("next-year", ()), areas, scores)
    heading_sections = tuple(
        (assigned[i][0], assigned[i][1]) if i in assigned else (None, None) for i in range(len(headings))
    )
    return Analysis(structure, tuple(matches), heading_sections, scopes, plan_areas)


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
) -> SectionMatch:
    headings = structure.headings
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
    if spec.id == "achievements" and "achievements" in scopes:
        first = scopes["achievements"][0]
        return SectionMatch(spec.id, spec.role, "heading", None, None, first.paragraph, quote(first.text, 80))
    if spec.role == "area":
        blocks = achievement_blocks
    else:
        blocks = [(b.index, b.text) for b in structure.document.blocks[structure.body_start :]]
        excluded = _scoped_paragraphs(scopes, structure, exclude=spec.id)
        blocks = [(p, t) for p, t in blocks if p not in excluded]
    evidence = _content_evidence(blocks, spec) if spec.keywords else None
    closest = None
    if headings:
        i = max(range(len(headings)), key=lambda k: scores[k][spec.id])
        if scores[i][spec.id] >= MIN_REPORTED:
            closest = (headings[i].text, scores[i][spec.id], headings[i].paragraph)
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
        )
    return SectionMatch(spec.id, spec.role, "missing", closest=closest)


def _scoped_paragraphs(
    scopes: dict[str, tuple[Heading, ...]], structure: Structure, exclude: str
) -> set[int]:
    """The paragraphs that are no evidence of the part `exclude`: those of the next-year, shortcomings
    and other parts — except that shortcomings and plans often share a passage ("针对上述问题，下一步…"),
    so each may be evidenced inside the other."""
    neighbours = {"shortcomings": "next-year", "next-year": "shortcomings"}
    return {
        block.index
        for sid in ("next-year", "shortcomings", "other")
        if sid not in (exclude, neighbours.get(exclude))
        for heading in scopes.get(sid, ())
        for block in structure.span(heading)
    }


def _plan_areas(
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
            area, _ = _best(scores[index[heading.position]], areas)
            if area:
                covered.add(area.id)
        text = structure.section_text(root)
        covered.update(a.id for a in areas if len(set(_keyword_hits(text, a))) >= 1)
    return frozenset(covered)

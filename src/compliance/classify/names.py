"""Name similarity: how well a heading fits a section's titles and aliases (fuzzy, typo-tolerant).

The only module importing rapidfuzz. A heading is compared, without its year, with every name by
fuzz.ratio and, for names inside longer headings, by fuzz.partial_ratio (a little below an exact
match); `similarity` also counts a heading that holds one of a section's terms.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from rapidfuzz import fuzz, process

from compliance.classify.sections import SectionSpec
from compliance.simplified import to_simplified
from compliance.text import normalise

_YEAR_RE = re.compile(r"(?:19|20)\d{2}\s*年度?")
PARTIAL_FACTOR = 0.95  # a heading that contains an alias scores a little below an exact match
MIN_REPORTED = 50.0  # scores below this are not worth telling anyone about (treated as 0)
PARTIAL_OVERLAP = 0.4  # share of a name's distinct characters a heading must hold to be partial-matched
ROW_CACHE = 8192  # headings remembered per checklist (a batch repeats many); the cache restarts when full
TERM_SCORE = 85.0  # a heading that contains one of a section's terms (below an alias match)


@lru_cache(maxsize=4096)
def _name_forms(name: str) -> str:
    return normalise(name)


@lru_cache(maxsize=ROW_CACHE)  # a heading is looked up several times (its row, its clauses, shown)
def heading_key(title: str) -> str:
    """A heading's matching form: no year ("2023年度"), simplified characters, normalised."""
    return normalise(to_simplified(_YEAR_RE.sub("", title)))


def similarity(title: str, names: tuple[str, ...], terms: tuple[str, ...] = ()) -> float:
    """0–100: how well a heading (numbering already removed) fits any of `names` or holds a term."""
    return Scorer(((names, terms),)).row(heading_key(title))[0]


def similarity_in(scorer: Scorer, owner: int, title: str, terms: tuple[str, ...] = ()) -> float:
    """similarity(title, the names of section `owner` of `scorer`, terms), read off the scorer's
    cached row for the heading instead of a scorer built for one section (each name is scored on
    its own, and a held term is TERM_SCORE at least, so the values are the same)."""
    key = heading_key(title)
    held = any(_name_forms(t) in key for t in terms if t)
    return max(TERM_SCORE if held else 0.0, scorer.row(key)[owner])


def _char_mask(text: str) -> int:
    """A 64-bit fingerprint of the characters in `text` (a set of hashed bits)."""
    mask = 0
    for char in text:
        mask |= 1 << (ord(char) % 64)
    return mask


class Scorer:
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
        self._rows: dict[str, list[float]] = {}

    def row(self, heading: str) -> list[float]:
        """The heading's similarity to each section (cached: headings and clauses recur)."""
        found = self._rows.get(heading)
        if found is None:
            if len(self._rows) >= ROW_CACHE:
                self._rows.clear()
            found = self._rows[heading] = self._row(heading)
        return list(found)

    def _row(self, heading: str) -> list[float]:
        best = [TERM_SCORE if terms and any(t in heading for t in terms) else 0.0 for terms in self.terms]
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
        candidates = [
            k
            for k, own, needed in zip(
                range(start, end), self.masks[start:end], self.needed[start:end], strict=True
            )
            if (own & mask).bit_count() >= needed
        ]
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
def scorer_for(specs: tuple[SectionSpec, ...]) -> Scorer:
    """One scorer per checklist: its name index is built once, not per document."""
    # Terms are not scored here: the vocabulary index weighs them (classify/index.py).
    return Scorer(tuple((spec.titles + spec.aliases, ()) for spec in specs))


def _names(spec: SectionSpec) -> tuple[str, ...]:
    return spec.titles + spec.aliases

"""The BM25 index of a checklist's vocabulary: character n-gram weights per section, built once.

Each section (part or area) is one "document": the bag of character n-grams of its terms (the
checklist's titles, aliases, terms and keywords, and the vocabulary file's terms for the programme
in force). A gram's weight for a section is BM25's: inverse document frequency over the sections
(a gram that every section has, such as 法治, weighs almost nothing) times the saturated frequency
of the gram in the section. Shared words (法治政府, 推进, 机制 …) are cut out of terms and of the text
being scored alike, so that they cannot tie unrelated sections together.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, KeysView
from functools import lru_cache
from itertools import compress

from compliance.classify.sections import SectionSpec
from compliance.classify.vocabulary import CHECKLIST_SOURCE, Programme, Term, Vocabulary
from compliance.records import Record
from compliance.simplified import to_simplified
from compliance.text import normalise

GRAM_SIZES = (1, 2, 3)  # single characters carry a little meaning (党, 法, 审), pairs and triples most
# (what `grams` makes; tests/test_classify.py holds it to these sizes)
GRAM_WEIGHT = {1: 0.25, 2: 1.0, 3: 1.0}  # a lone character is weak evidence; a triple also counts its pairs
K1 = 1.2  # BM25 term-frequency saturation (the usual value): the tenth 执法 adds little to the ninth
B = 0.75  # BM25 length normalisation (the usual value): a long vocabulary does not win by size
PREFIX = 2  # terms are indexed by their first two characters (no term is shorter)
SHARED_OWNER = ""  # the owner of a shared word among the terms competing for a text's spans: a term
# inside a longer shared phrase (决策 in 决策部署) is not found whole, as 复议 is not inside 行政复议
CUT = "|"  # where a shared word or punctuation was cut out: no gram spans it
_NOISE = re.compile(r"(?:19|20)\d{2}\s*年度?|[0-9０-９一二三四五六七八九十]+[、.．]|[\W_]+")


@lru_cache(maxsize=8192)
def clean(text: str, shared: re.Pattern[str] | None) -> str:
    """The matching form of `text`: simplified characters, no years, punctuation or shared words
    (each replaced by a cut that grams do not span)."""
    if shared is not None:  # a heading is cleaned both ways (terms, evidence): the common part once
        return shared.sub(CUT, clean(text, None))
    # One normalise over all pieces gives what normalising each piece gives: the cut is a starter
    # that composes with nothing and is no NFKC form of a word character (tests/test_classify.py).
    return normalise(_NOISE.sub(CUT, to_simplified(text)))


def _pairs(text: str) -> frozenset[str]:
    """The character pairs of a cleaned text (none across a cut)."""
    found: set[str] = set()
    for piece in text.split(CUT):
        found.update(map(str.__add__, piece, piece[1:]))
    return frozenset(found)


def grams(text: str) -> set[str]:
    """The distinct character n-grams of a cleaned text (none across a cut)."""
    found: set[str] = set()
    for piece in text.split(CUT):  # the GRAM_SIZES, joined in C: characters, pairs, pairs + next
        pairs = list(map(str.__add__, piece, piece[1:]))
        found.update(piece, pairs, map(str.__add__, pairs, piece[2:]))
    return found


class VocabularyIndex(Record, frozen=True, eq=False):  # hashed by identity: one index per checklist and year
    """Gram weights per section, and each section's terms (matching form, source) for explanations."""

    ids: tuple[str, ...]
    roles: dict[str, str]
    weights: dict[str, dict[str, float]]  # gram -> section id -> weight
    terms: dict[str, tuple[tuple[str, Term], ...]]  # section id -> (cleaned term, term)
    shared: re.Pattern[str] | None
    programme: str | None  # the programme whose placements were used
    ordered: tuple[tuple[str, str, Term], ...] = ()  # (cleaned term, section, term), longest first
    marks: dict[str, frozenset[str]] | None = None  # section id -> its checklist `terms` (heading marks)
    starts: dict[str, tuple[tuple[str, str, Term], ...]] | None = None  # first PREFIX chars -> terms
    name_pairs: dict[str, frozenset[str]] | None = None  # section id -> character pairs of its names

    def names_shared(self, text: str) -> frozenset[str]:
        """The sections whose names (titles, aliases) share a character pair with `text` once the
        shared words are cut out of both: only their fuzzy likeness to the text means anything
        (「扎实推进法治政府建设各项任务的落实」 is like 「加强党对法治政府建设的领导」 only by 法治政府建设).
        A text of shared words only (「健全法治政府建设工作机制」) has nothing else to be read by: all."""
        return _names_shared(self, text)

    def evidence(self, text: str) -> dict[str, float]:
        """Section id -> summed weight of the distinct grams of `text` (a heading or a body excerpt)."""
        return dict(_evidence(self, text))

    def claimed_spans(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Section id -> the spans of the cleaned `text` that its whole terms claim (see
        claimed_terms)."""
        return _claim(self, text)[1]

    def claimed_terms(self, text: str) -> dict[str, list[Term]]:
        """Section id -> its terms found whole in `text`, every section's terms competing for the
        same spans: the longest term claims its span (行政执法协调监督 of one section leaves nothing
        to 行政执法 of another, as 行政复议 leaves nothing to 复议)."""
        return _claim(self, text)[0]

    def claim_uncached(self, text: str) -> tuple[dict[str, list[Term]], dict[str, list[tuple[int, int]]]]:
        """(terms, spans) per section, longest terms first (claimed_terms is the cached form)."""
        cleaned = clean(text, None)
        candidates = sorted(  # only terms found at all: the others would claim nothing
            _occurring(self, cleaned), key=lambda t: (-len(t[0]), t[1], t[0])
        )
        taken: list[tuple[int, int]] = []
        found: dict[str, list[Term]] = {sid: [] for sid in self.ids}
        spans: dict[str, list[tuple[int, int]]] = {sid: [] for sid in self.ids}
        for form, sid, term, start in candidates:
            while start >= 0:
                end = start + len(form)
                inside = any(s <= start and end <= e for s, e in taken)
                if not inside or any(s == start and e == end for s, e in taken):
                    taken.append((start, end))
                    if sid == SHARED_OWNER:  # a shared phrase holds its spans for no section
                        start = cleaned.find(form, end)
                        continue
                    spans[sid].append((start, end))
                    if term.text not in [t.text for t in found[sid]]:
                        found[sid].append(term)
                    break
                start = cleaned.find(form, start + 1)
        return found, spans

    def overshadowed(self, text: str, candidates: list[str]) -> set[str]:
        """The `candidates` whose every term in `text` lies inside a longer term another section
        claims: their fuzzy likeness there is no evidence (行政执法 in 行政执法监督)."""
        if not candidates:
            return set()
        claims = self.claimed_spans(text)
        # A candidate with no claim of its own is overshadowed by every section's claims (its own are none).
        others = [span for found in claims.values() for span in found]
        if not others:
            return set()
        hits = _first_hits(self, clean(text, None))
        shadow = set()
        for sid in candidates:
            if claims[sid]:
                continue
            own = hits.get(sid, ())
            if own and all(any(s <= a and b <= e and (e - s) > (b - a) for s, e in others) for a, b in own):
                shadow.add(sid)
        return shadow

    def matched_terms(self, text: str, section_id: str) -> list[Term]:
        """The section's terms found in `text`, longest first, each a distinct span (a term inside
        an already matched longer one — 复议 inside 行政复议 — does not count again)."""
        cleaned = clean(text, None)
        taken: list[tuple[int, int]] = []
        found: list[Term] = []
        for form, term in _longest_first(self, section_id):
            start = cleaned.find(form) if form else -1
            while start >= 0:
                end = start + len(form)
                if not any(s < end and start < e for s, e in taken):
                    taken.append((start, end))
                    found.append(term)
                    break
                start = cleaned.find(form, start + 1)
        return found


@lru_cache(maxsize=4096)
def _occurring(index: VocabularyIndex, cleaned: str) -> list[tuple[str, str, Term, int]]:
    """(form, section id, term, first offset) of the terms (shared words too) found in a cleaned
    text, among those index.starts holds (the only ones whose first PREFIX characters it has)."""
    starts = index.starts or {}
    present = {cleaned[i : i + PREFIX] for i in range(len(cleaned) - PREFIX + 1)}
    entries = [entry for key in present for entry in starts.get(key, ())]
    return [(form, sid, term, at) for form, sid, term in entries if (at := cleaned.find(form)) >= 0]


def _first_hits(index: VocabularyIndex, cleaned: str) -> dict[str, list[tuple[int, int]]]:
    """Section id -> the span where each of its terms first occurs in a cleaned text (found whole)."""
    hits: dict[str, list[tuple[int, int]]] = {}
    found = [(form, sid, at) for form, sid, _, at in _occurring(index, cleaned)]
    found += [(form, sid, cleaned.find(form)) for form, sid in _short_forms(index)]
    for form, sid, at in found:
        if sid != SHARED_OWNER and at >= 0:
            hits.setdefault(sid, []).append((at, at + len(form)))
    return hits


@lru_cache(maxsize=16)
def _short_forms(index: VocabularyIndex) -> list[tuple[str, str]]:
    """(form, section id) of the terms shorter than PREFIX, which index.starts leaves out (none in
    the shipped vocabulary: no term is shorter)."""
    return [
        (form, sid) for sid, listed in index.terms.items() for form, _ in listed if 0 < len(form) < PREFIX
    ]


@lru_cache(maxsize=256)
def _longest_first(index: VocabularyIndex, section_id: str) -> list[tuple[str, Term]]:
    """A section's (cleaned term, term), longest first (sorted once per index, not per heading)."""
    return sorted(index.terms.get(section_id, ()), key=lambda t: -len(t[0]))


@lru_cache(maxsize=4096)
def _names_shared(index: VocabularyIndex, text: str) -> frozenset[str]:
    pairs = _pairs(clean(text, index.shared))
    if not pairs:
        return frozenset(index.ids)
    return frozenset(sid for sid, own in (index.name_pairs or {}).items() if own & pairs)


def _known_grams(cleaned: str, known: KeysView[str]) -> set[str]:
    """The grams of a cleaned text that are `known` (index.weights), as grams() & known, made
    faster for long texts: a gram across a cut is in no section's terms (none of theirs spans one),
    and a triple is only known when its first pair is (the grams of a term hold both)."""
    pairs = list(map(str.__add__, cleaned, cleaned[1:]))
    found = known & pairs
    if found:
        first_known = list(map(found.__contains__, pairs))
        found.update(
            known & set(map(str.__add__, compress(pairs, first_known), compress(cleaned[2:], first_known)))
        )
    found.update(known & set(cleaned))
    return found


@lru_cache(maxsize=4096)
def _evidence(index: VocabularyIndex, text: str) -> tuple[tuple[str, float], ...]:
    scores = dict.fromkeys(index.ids, 0.0)
    weights = index.weights
    for gram in _known_grams(clean(text, index.shared), weights.keys()):
        factor = GRAM_WEIGHT[len(gram)]
        for sid, weight in weights[gram].items():
            scores[sid] += weight * factor
    return tuple(scores.items())


def _section_terms(spec: SectionSpec, vocabulary: Vocabulary, programme: Programme | None) -> list[Term]:
    own = [Term(t, CHECKLIST_SOURCE) for t in (*spec.titles, *spec.aliases, *spec.terms, *spec.keywords)]
    listed = dict(vocabulary.sections).get(spec.id, ())
    placed = dict(programme.sections).get(spec.id, ()) if programme else ()
    return list(dict.fromkeys((*own, *listed, *placed)))


def _shared_pattern(shared: tuple[str, ...]) -> re.Pattern[str] | None:
    words = sorted({normalise(to_simplified(w)) for w in shared if w}, key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in words if w)) if words else None


# Indexes built before this process (the compiled checklists, checklist/compiled.py), by specs,
# vocabulary and programme id, each read on first use: index_for returns them, not a new build.
_BUILT: dict[tuple[tuple[SectionSpec, ...], Vocabulary, str | None], Callable[[], VocabularyIndex]] = {}


def remember_index(
    specs: tuple[SectionSpec, ...],
    vocabulary: Vocabulary,
    programme: str | None,
    index: Callable[[], VocabularyIndex],
) -> None:
    """Have index_for return `index()` (what build_index gives for these specs, vocabulary and
    programme, e.g. built in an earlier process) for the report years of that programme."""
    _BUILT[(specs, vocabulary, programme)] = index


@lru_cache(maxsize=16)
def index_for(specs: tuple[SectionSpec, ...], vocabulary: Vocabulary, year: int | None) -> VocabularyIndex:
    """The index of a checklist's sections for a report year (cached: built once per checklist and
    programme, not per document)."""
    programme = vocabulary.programme_for(year)
    built = _BUILT.get((specs, vocabulary, programme.id if programme else None))
    return built() if built is not None else build_index(specs, vocabulary, programme)


def build_index(
    specs: tuple[SectionSpec, ...], vocabulary: Vocabulary, programme: Programme | None
) -> VocabularyIndex:
    """The index of a checklist's sections with the terms `programme` places (see index_for)."""
    shared = _shared_pattern(vocabulary.shared)
    bags: dict[str, Counter[str]] = {}
    terms: dict[str, tuple[tuple[str, Term], ...]] = {}
    for spec in specs:
        listed = _section_terms(spec, vocabulary, programme)
        terms[spec.id] = tuple((clean(t.text, None), t) for t in listed)
        bag: Counter[str] = Counter()
        for term in listed:
            bag.update(grams(clean(term.text, shared)))
        bags[spec.id] = bag
    count = len(bags) or 1
    average = sum(sum(b.values()) for b in bags.values()) / count or 1.0
    frequency: Counter[str] = Counter(g for bag in bags.values() for g in bag)
    weights: dict[str, dict[str, float]] = {}
    for sid, bag in bags.items():
        size = sum(bag.values())
        for gram, tf in bag.items():
            df = frequency[gram]
            idf = math.log(1 + (count - df + 0.5) / (df + 0.5))
            saturated = tf * (K1 + 1) / (tf + K1 * (1 - B + B * size / average))
            weights.setdefault(gram, {})[sid] = idf * saturated
    return VocabularyIndex(
        tuple(s.id for s in specs),
        {s.id: s.role for s in specs},
        weights,
        terms,
        shared,
        programme.id if programme else None,
        tuple(
            sorted(
                ((form, sid, term) for sid, listed in terms.items() for form, term in listed if form),
                key=lambda t: (-len(t[0]), t[1], t[0]),
            )
        ),
        {spec.id: frozenset(spec.terms) for spec in specs},
        _by_start(
            {**terms, SHARED_OWNER: tuple((clean(w, None), Term(w, "shared")) for w in vocabulary.shared)}
        ),
        {spec.id: _name_pairs(spec, shared) for spec in specs},
    )


def _name_pairs(spec: SectionSpec, shared: re.Pattern[str] | None) -> frozenset[str]:
    """The character pairs of a section's names (titles, aliases), the shared words cut out."""
    return frozenset(pair for name in spec.titles + spec.aliases for pair in _pairs(clean(name, shared)))


def _by_start(
    terms: dict[str, tuple[tuple[str, Term], ...]],
) -> dict[str, tuple[tuple[str, str, Term], ...]]:
    """Terms by their first PREFIX characters: only terms whose start occurs in a text can be in it."""
    found: dict[str, list[tuple[str, str, Term]]] = {}
    for sid, listed in terms.items():
        for form, term in listed:
            if len(form) >= PREFIX:
                found.setdefault(form[:PREFIX], []).append((form, sid, term))
    return {key: tuple(value) for key, value in found.items()}


@lru_cache(maxsize=4096)
def _claim(
    index: VocabularyIndex, text: str
) -> tuple[dict[str, list[Term]], dict[str, list[tuple[int, int]]]]:
    return index.claim_uncached(text)

"""The classifier's short cuts (docs/performance.md) give what the plain computations they replace
gave, over every heading, heading clause and opening of the samples and the labelled corpora: one
normalise per cleaned text, grams joined in C, known grams without unknown triples, the terms found
once per text, name likeness read off the checklist's scorer, sorted term lists kept per index."""

from __future__ import annotations

import re
from functools import cache

import pytest

from compliance import load_checklist, load_document
from compliance.classify import index as vocabulary_index
from compliance.classify.evidence import keyword_hits
from compliance.classify.index import CUT, GRAM_SIZES, GRAM_WEIGHT, SHARED_OWNER, VocabularyIndex
from compliance.classify.names import scorer_for, similarity, similarity_in
from compliance.classify.openings import opening_of
from compliance.classify.scoring import CLAUSE_SPLIT
from compliance.classify.vocabulary import Term
from compliance.simplified import to_simplified
from compliance.structure.outline import recover_structure
from compliance.text import normalise
from helpers import CORPUS, SAMPLES, TESTS

CHECKLIST = load_checklist()
FILES = sorted(
    [
        *SAMPLES.glob("*.docx"),
        *SAMPLES.glob("*.txt"),
        *CORPUS.glob("*.txt"),
        *(TESTS / "real_openings").glob("*.txt"),
    ]
)


@cache
def index() -> VocabularyIndex:
    return vocabulary_index.index_for(CHECKLIST.section_specs, CHECKLIST.vocabulary, 2023)


@cache
def corpus() -> tuple[list[str], list[str]]:
    """(titles and their clauses, openings) of every heading of FILES."""
    titles: list[str] = []
    openings: list[str] = []
    for path in FILES:
        structure = recover_structure(load_document(path))
        for i, heading in enumerate(structure.headings):
            titles += [heading.title, heading.text, *CLAUSE_SPLIT.split(heading.title)]
            openings.append(opening_of(structure, i))
    return list(dict.fromkeys(titles)), list(dict.fromkeys(openings))


def texts() -> list[str]:
    titles, openings = corpus()
    return titles + openings


def test_the_corpus_is_large() -> None:
    titles, openings = corpus()
    assert len(FILES) > 80 and len(titles) > 1000 and len(openings) > 500


def clean_piecewise(text: str, shared: re.Pattern[str] | None) -> str:
    """clean as it was: each piece between cuts normalised on its own."""
    folded = vocabulary_index._NOISE.sub(CUT, to_simplified(text))
    folded = CUT.join(normalise(piece) for piece in folded.split(CUT))
    return shared.sub(CUT, folded) if shared is not None else folded


def grams_sliced(text: str) -> set[str]:
    """grams as it was: every slice of every GRAM_SIZE of each piece."""
    return {
        piece[i : i + n] for piece in text.split(CUT) for n in GRAM_SIZES for i in range(len(piece) - n + 1)
    }


def test_clean_normalises_once_what_it_normalised_piece_by_piece() -> None:
    shared = index().shared
    for text in texts():
        assert vocabulary_index.clean(text, None) == clean_piecewise(text, None), text
        assert vocabulary_index.clean(text, shared) == clean_piecewise(text, shared), text


def test_grams_and_known_grams_are_the_slices() -> None:
    keys = index().weights.keys()
    for text in texts():
        cleaned = vocabulary_index.clean(text, index().shared)
        assert vocabulary_index.grams(cleaned) == grams_sliced(cleaned), text
        assert vocabulary_index._known_grams(cleaned, keys) == grams_sliced(cleaned) & keys, text
        pairs = {gram for gram in grams_sliced(cleaned) if len(gram) == 2}
        assert vocabulary_index._pairs(cleaned) == pairs, text
    assert {len(gram) for gram in grams_sliced("依法行政")} == set(GRAM_SIZES)


def test_evidence_sums_the_weights_of_every_gram() -> None:
    ix = index()
    for text in texts():
        expected = dict.fromkeys(ix.ids, 0.0)
        for gram in grams_sliced(vocabulary_index.clean(text, ix.shared)):
            for sid, weight in ix.weights.get(gram, {}).items():
                expected[sid] += weight * GRAM_WEIGHT[len(gram)]
        assert ix.evidence(text) == pytest.approx(expected, rel=1e-12, abs=1e-12), text


def claim_scanning_every_term(
    ix: VocabularyIndex, text: str
) -> tuple[dict[str, list[Term]], dict[str, list[tuple[int, int]]]]:
    """claim_uncached as it was: every term whose first characters occur, looked for again."""
    cleaned = vocabulary_index.clean(text, None)
    present = {cleaned[i : i + 2] for i in range(len(cleaned) - 1)}
    candidates = sorted(
        (entry for key in present for entry in (ix.starts or {}).get(key, ())),
        key=lambda t: (-len(t[0]), t[1], t[0]),
    )
    taken: list[tuple[int, int]] = []
    found: dict[str, list[Term]] = {sid: [] for sid in ix.ids}
    spans: dict[str, list[tuple[int, int]]] = {sid: [] for sid in ix.ids}
    for form, sid, term in candidates:
        start = cleaned.find(form)
        while start >= 0:
            end = start + len(form)
            inside = any(s <= start and end <= e for s, e in taken)
            if not inside or any(s == start and e == end for s, e in taken):
                taken.append((start, end))
                if sid == SHARED_OWNER:
                    start = cleaned.find(form, end)
                    continue
                spans[sid].append((start, end))
                if term.text not in [t.text for t in found[sid]]:
                    found[sid].append(term)
                break
            start = cleaned.find(form, start + 1)
    return found, spans


def overshadowed_scanning_every_term(ix: VocabularyIndex, text: str, candidates: list[str]) -> set[str]:
    """overshadowed as it was: every term of each candidate looked for in the text."""
    cleaned = vocabulary_index.clean(text, None)
    claims = ix.claimed_spans(text)
    shadow = set()
    for sid in candidates:
        if claims[sid]:
            continue
        others = [span for other, found in claims.items() if other != sid for span in found]
        hits = [(i, i + len(f)) for f, _ in ix.terms[sid] if f and (i := cleaned.find(f)) >= 0]
        if (
            others
            and hits
            and all(any(s <= a and b <= e and e - s > b - a for s, e in others) for a, b in hits)
        ):
            shadow.add(sid)
    return shadow


def test_claims_and_overshadowing_are_what_scanning_every_term_gives() -> None:
    ix = index()
    titles, _ = corpus()
    shadowed = 0
    for text in titles:
        assert ix.claim_uncached(text) == claim_scanning_every_term(ix, text), text
        found = ix.overshadowed(text, list(ix.ids))
        assert found == overshadowed_scanning_every_term(ix, text, list(ix.ids)), text
        shadowed += bool(found)
    assert shadowed > 10  # the comparison meets overshadowed sections, not only empty sets


def test_matched_terms_keep_the_order_of_a_sort_per_call() -> None:
    ix = index()
    for sid in ix.ids:
        assert vocabulary_index._longest_first(ix, sid) == sorted(ix.terms[sid], key=lambda t: -len(t[0]))


def test_name_likeness_read_off_the_checklist_scorer_is_the_similarity() -> None:
    specs = CHECKLIST.section_specs
    scorer = scorer_for(specs)
    titles, _ = corpus()
    for title in titles[::3]:  # a third of them: a scorer per pair is what made it slow
        for owner, spec in enumerate(specs):
            expected = similarity(title, spec.titles + spec.aliases, spec.terms)
            assert similarity_in(scorer, owner, title, spec.terms) == expected, (title, spec.id)


def test_keyword_hits_with_forms_kept_per_spec() -> None:
    _, openings = corpus()
    text = "\n".join(openings[:200])
    for spec in CHECKLIST.section_specs:
        words = list(dict.fromkeys((*spec.keywords, *(t for t in spec.terms if len(t) >= 3))))
        folded = normalise(to_simplified(text))
        forms = {w: normalise(to_simplified(w)) for w in words}
        taken: list[tuple[int, int]] = []
        hits: set[str] = set()
        for word in sorted(words, key=lambda w: -len(forms[w])):
            start = folded.find(forms[word]) if forms[word] else -1
            while start >= 0:
                end = start + len(forms[word])
                if not any(s <= start and end <= e for s, e in taken):
                    taken.append((start, end))
                    hits.add(word)
                    break
                start = folded.find(forms[word], start + 1)
        assert keyword_hits(text, spec) == [w for w in words if w in hits], spec.id

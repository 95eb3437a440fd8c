"""Content evidence: a part or area found only through keywords in the body text.

Keywords count as distinct matched spans: a keyword inside a longer one that already matched at
the same place (复议 inside 行政复议) is not a second keyword, so one sentence cannot satisfy
`min_keywords: 2` on its own nesting.
"""

from __future__ import annotations

from functools import lru_cache

from compliance.classify.sections import SectionMatch, SectionSpec
from compliance.simplified import to_simplified
from compliance.text import normalise, quote

SHORT_TERM = 3  # terms of one or two characters (监督, 执法) are too common in body text to be evidence


@lru_cache(maxsize=32)
def matching_form(text: str) -> str:
    """The form keywords are looked for in: simplified characters, normalised."""
    return normalise(to_simplified(text))


def keyword_hits(text: str, spec: SectionSpec) -> list[str]:
    """The spec's keywords and longer terms found in `text`, keywords first, each a distinct span
    (a word found only inside a longer found word does not count)."""
    folded = matching_form(text)
    words, longest_first = _keywords(spec)
    taken: list[tuple[int, int]] = []
    hits: set[str] = set()
    for word, form in longest_first:
        start = folded.find(form) if form else -1
        while start >= 0:
            end = start + len(form)
            if not any(s <= start and end <= e for s, e in taken):
                taken.append((start, end))
                hits.add(word)
                break
            start = folded.find(form, start + 1)
    return [w for w in words if w in hits]


@lru_cache(maxsize=256)
def _keywords(spec: SectionSpec) -> tuple[list[str], list[tuple[str, str]]]:
    """The spec's keywords and longer terms, and each with its matching form, longest form first
    (worked out once per spec, not per text searched)."""
    words = list(dict.fromkeys((*spec.keywords, *(t for t in spec.terms if len(t) >= SHORT_TERM))))
    forms = {w: normalise(to_simplified(w)) for w in words}
    return words, [(w, forms[w]) for w in sorted(words, key=lambda w: -len(forms[w]))]


def clause_around(text: str, keyword: str, limit: int = 50) -> str:
    """The clause of `text` that contains `keyword` (between sentence or clause punctuation); a
    keyword found only in the simplified form of a traditional text is located there, and the
    original characters are quoted."""
    at = text.find(keyword)
    simplified = to_simplified(text)
    if at < 0 and len(simplified) == len(text):
        at = simplified.find(keyword)
    if at < 0:
        return quote(text, limit)
    start = max(text.rfind(p, 0, at) for p in "。，,；;：:") + 1
    ends = [e for e in (text.find(p, at) for p in "。；;，,") if e >= 0]
    return quote(text[start : min(ends) if ends else len(text)], limit)


def content_evidence(text_blocks: list[tuple[int, str]], spec: SectionSpec) -> SectionMatch | None:
    """A "content" match when the blocks hold at least `min_keywords` distinct keywords."""
    hits = keyword_hits("\n".join(t for _, t in text_blocks), spec)
    if len(hits) < spec.min_keywords:
        return None
    for paragraph, text in text_blocks:
        if matching_form(hits[0]) in matching_form(text):
            evidence = clause_around(text, hits[0])
            return SectionMatch(spec.id, spec.role, "content", paragraph=paragraph, evidence=evidence)
    return None

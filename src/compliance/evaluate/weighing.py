"""Items of a part and how much two passages share: a part split into its items (sub-headings,
一是/二是, sentences), and weighted term overlap with the classifier's vocabulary weights."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from compliance.classify.index import GRAM_WEIGHT, VocabularyIndex, clean, grams
from compliance.classify.sections import Analysis
from compliance.records import Record
from compliance.structure.outline import Heading, content_end

# A character pair or triple that no area's vocabulary holds still says something when two passages
# share it (重视, 队伍 …), but much less than a vocabulary term: this share of a pair's weight.
PLAIN_GRAM = 0.2
# A lone character (的, 对, 不, 法) is no evidence of shared meaning: two passages share many by chance.
PLAIN_SINGLE = 0.0
# An item shorter than this (in characters, after cleaning) names nothing: "等等。", "具体如下：".
MIN_ITEM_CHARS = 6
_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
# 一是…二是… / 一方面…另一方面… / ①… split one paragraph into items.
_ENUM = re.compile(r"(?:[一二三四五六七八九十]是|[一另]方面|[①②③④⑤⑥⑦⑧⑨⑩]|\d+[.．、)）]|[（(]\d+[)）])")


class Passage(Record, frozen=True):
    """One item of a part: its text (a sub-heading with its first sentence, or a sentence) and
    the paragraph it starts in."""

    text: str
    paragraph: int
    title: str = ""  # a measure's sub-heading, or a section's heading: what it is about


def sentences(text: str) -> list[str]:
    """The sentences of `text` (ending at 。；！？ or a line break), stripped, empty ones dropped."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def enumerated(text: str) -> list[str]:
    """`text` cut before each 一是/二是 (or ①, 1.) marker; the text itself when it has fewer than two."""
    starts = [m.start() for m in _ENUM.finditer(text)]
    if len(starts) < 2:
        return [text]
    pieces = [text[: starts[0]], *(text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True))]
    return [p.strip() for p in pieces if p.strip()]


def _blocks(analysis: Analysis, headings: tuple[Heading, ...]) -> list[tuple[int, str, Heading | None]]:
    """(paragraph, text, the heading the block is, if any) of every block under `headings`, the
    closing signature and date left out."""
    structure = analysis.structure
    end = content_end(structure.document.blocks)
    own = {h.position: h for h in structure.headings}
    found = []
    for top in headings:
        for position, block in enumerate(structure.span(top), start=top.position):
            if position < end and block.text.strip():
                found.append((block.index, block.text.strip(), own.get(position)))
    return found


def measures(analysis: Analysis, headings: tuple[Heading, ...], *, whole: bool = True) -> list[Passage]:
    """The measures of a plan: each sub-heading with the text under it (`whole`) or only its first
    sentence (what the measure is, for tracing it) when the plan has sub-headings; else each
    一是/二是 item or sentence of its body (the opening sentence that only frames the plan, such as
    「2023年，区政府将坚持……」, is kept: it rarely matches anything)."""
    structure = analysis.structure
    subs = [h for top in headings for h in structure.children(top)]
    if subs:
        top_level = min(h.level for h in subs)
        found = []
        for sub in (h for h in subs if h.level == top_level):
            body = structure.section_text(sub)
            first = sentences(body)[:1]
            text = sub.title + "。" + (body if whole else "".join(first)) if body else sub.title
            found.append(Passage(text, sub.paragraph, sub.title))
        return found
    return split_items(_blocks(analysis, headings))


def split_items(blocks: Iterable[tuple[int, str, Heading | None]]) -> list[Passage]:
    """Items of body blocks: each 一是/二是 piece of a paragraph, else each sentence."""
    found = []
    for paragraph, text, heading in blocks:
        if heading is not None and not heading.run_in:
            continue
        pieces = enumerated(text)
        for piece in pieces if len(pieces) > 1 else sentences(text):
            if len(piece) >= MIN_ITEM_CHARS:
                found.append(Passage(piece, paragraph))
    return found


def reports(analysis: Analysis, headings: tuple[Heading, ...]) -> list[Passage]:
    """What a part reports, as candidates for evidence: every paragraph under `headings`, and
    every sub-heading's whole section (its heading and text: 「（一）依法科学民主决策」 and the
    paragraphs under it report on a decision-making measure together)."""
    structure = analysis.structure
    found = [
        Passage(text, paragraph) for paragraph, text, heading in _blocks(analysis, headings) if not heading
    ]
    for top in headings:
        for sub in structure.children(top):
            body = structure.section_text(sub)
            found.append(Passage(f"{sub.title}。{body}" if body else sub.title, sub.paragraph, sub.title))
    return sorted(found, key=lambda p: (p.paragraph, p.title == ""))


@lru_cache(maxsize=8192)
def weighted_grams(index: VocabularyIndex, text: str) -> tuple[tuple[str, float], ...]:
    """The distinct grams of `text` (shared words such as 法治, 建设, 加强, 推进 cut out, as the
    classifier cuts them) with their weights: a vocabulary gram's highest BM25 weight over the
    task areas (the parts' own frame words such as 不够, 问题 are no subject), a plain pair or triple
    PLAIN_GRAM, a single character PLAIN_SINGLE."""
    found = []
    for gram in grams(clean(text, index.shared)):
        known = [w for sid, w in index.weights.get(gram, {}).items() if index.roles.get(sid) == "area"]
        if len(gram) == 1:
            weight = PLAIN_SINGLE
        elif known:
            weight = max(known)
        else:
            weight = PLAIN_SINGLE if len(gram) == 1 else PLAIN_GRAM
        weight *= GRAM_WEIGHT[len(gram)]
        if weight > 0:
            found.append((gram, weight))
    return tuple(sorted(found))


@lru_cache(maxsize=8192)
def _gram_set(index: VocabularyIndex, text: str) -> frozenset[str]:
    return frozenset(g for g, _ in weighted_grams(index, text))


@lru_cache(maxsize=8192)
def _weights(index: VocabularyIndex, text: str) -> tuple[dict[str, float], float]:
    weights = dict(weighted_grams(index, text))
    return weights, sum(weights.values())


def coverage(index: VocabularyIndex, what: str, where: str) -> float:
    """The share (0–1) of the weight of `what`'s grams that `where` also holds."""
    weights, total = _weights(index, what)
    if not total:
        return 0.0
    shared = _gram_set(index, what) & _gram_set(index, where)  # set intersection: few grams to add
    return sum(weights[g] for g in shared) / total


def subject_coverage(index: VocabularyIndex, what: Passage, where: str) -> float:
    """How much of `what` `where` covers: the mean of the coverage of its subject (its title, or
    its text when it has none) and of its whole text, so that a measure is reported on where its
    subject is, not where a word of its explanation happens to recur (全过程)."""
    return (coverage(index, what.title or what.text, where) + coverage(index, what.text, where)) / 2


def best(
    index: VocabularyIndex, what: str | Passage, candidates: Iterable[Passage]
) -> tuple[Passage | None, float]:
    """The candidate covering most of `what` (the first on a tie) and its coverage (for a Passage,
    subject_coverage)."""
    chosen, score = None, 0.0
    for candidate in candidates:
        if isinstance(what, Passage):
            value = subject_coverage(index, what, candidate.text)
        else:
            value = coverage(index, what, candidate.text)
        if value > score:
            chosen, score = candidate, value
    return chosen, score

"""Classify one heading: weighted term overlap on its clauses and on the text under it.

The evidence for a section is the BM25 weight of the heading's grams plus, for task areas, a share
of the weight of the first BODY_CHARS characters under it (a reviewer reads the paragraph when the
heading is a theme: 「把牢法治政府建设方向」). Evidence becomes a 0–100 score that saturates, and the
score of a section is the better of that and the fuzzy similarity to its names. A report part
counts only when the heading holds one of the part's cues (its frame words), or, for the plan, names
the year after the report year. The decision itself — floor, margin over the runner-up, no tie
broken by checklist order — is `decide`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache

from compliance.classify.index import VocabularyIndex
from compliance.classify.sections import Classification
from compliance.classify.vocabulary import Vocabulary
from compliance.simplified import to_simplified
from compliance.text import find_years

BODY_CHARS = 300  # the first lines under a heading say what it is about; later ones drift to details
BODY_WEIGHT = 0.15  # a body excerpt has ~10x a heading's grams: weighted so a clear body ≈ one heading term
HALF = 3.0  # evidence that scores 50: about one characteristic two-character term (idf ≈ 2.4)
MARGIN = 6.0  # points the chosen section must lead the runner-up by; closer calls stay unassigned
TERM_SCORE = 85.0  # a heading holding one of a section's checklist `terms` whole (as the name matcher
# scored it): the checklist author's word that marks the section
YEAR_PART_SCORE = 90.0  # a top-level heading naming the plan year is the plan, however it is worded
PLACE_SCORE = 85.0  # the first top-level heading holding an achievements cue: the part, below a name
VOCABULARY_CUES = 2  # a part read by its vocabulary (not its name) needs two frame words: 「面临的困难和
# 挑战」 is the shortcomings, 「问题与建议」 is not (one word, and no name of the part)
NAME_TRUST = 85.0  # a part's name this similar (a typo: 存在的不组和原因) needs no cue
WHOLE_TERM = 2.0  # evidence per distinct vocabulary term found whole (执法 in 「严格规范执法」): the
# section that lists the word itself, not only words sharing its characters, is the one meant
CLAUSE_FLOOR = 75.0  # a clause is short: one clear term in it (score 60+) names its area
AGREE_FLOOR = 50.0  # a heading that only leans to a section (50+) counts when its body agrees clearly
BODY_LEAD = 1.5  # the body agrees clearly when its best area has half as much evidence again as any rival
BODY_MIN = 2 * HALF  # a body that picks an area the heading does not lean to alone needs the weight of
# two characteristic words: a line on the department's own business (「城乡规划成效显著」) picks none
CLAUSE_SPLIT = re.compile(r"[，,、；;：:。和及与]")  # clause boundaries (以及/和 join two subjects)
MIN_CLAUSE = 2  # a clause shorter than this (a stray character) is not a subject of its own
CLAUSE_CACHE = 4096  # headings whose clauses are remembered (a batch repeats many)


def saturate(evidence: float) -> float:
    """Evidence → 0–100 (HALF gives 50; never reaches 100, so an exact name still ranks first)."""
    return 100.0 * evidence / (evidence + HALF) if evidence > 0 else 0.0


def _cues(title: str, cues: tuple[str, ...]) -> int:
    """How many of a part's cues the heading holds."""
    folded = to_simplified(title)
    return sum(cue in folded for cue in cues)


def names_year(title: str, year: int) -> bool:
    """Whether a heading names `year` and no other year."""
    years = {y for y, _ in find_years(title)}
    return years == {year}


def decide(
    scores: Mapping[str, float], candidates: list[str], floor: float
) -> tuple[str | None, str | None, float | None]:
    """(winner, runner-up, margin) among `candidates`: the winner must reach `floor` and lead by
    MARGIN; an exact tie or a close call gives no winner (never the first in checklist order)."""
    ranked = sorted(candidates, key=lambda s: -scores.get(s, 0.0))
    if not ranked:
        return None, None, None
    best = ranked[0]
    runner = ranked[1] if len(ranked) > 1 and scores.get(ranked[1], 0.0) > 0 else None
    margin = scores[best] - (scores[runner] if runner else 0.0)
    if scores[best] < floor or margin < MARGIN:
        return None, runner, round(margin, 1)
    return best, runner, round(margin, 1)


def classify_heading(
    index: VocabularyIndex,
    vocabulary: Vocabulary,
    title: str,
    body: str = "",
    name_scores: Mapping[str, float] | None = None,
    report_year: int | None = None,
    *,
    top: bool = True,
    first: bool = False,
    floor: float = 75.0,
    names_of: Callable[[str], Mapping[str, float]] | None = None,
) -> Classification:
    """Score `title` (numbering removed) and the start of its `body` against every section."""
    heading = index.evidence(title)
    claimed = index.claimed_terms(title)
    whole = {sid: len(claimed[sid]) for sid in index.ids}
    for sid, count in whole.items():
        heading[sid] += WHOLE_TERM * count
    under = index.evidence(body[:BODY_CHARS]) if body else {}
    scores: dict[str, float] = {}
    likeness: dict[str, float] = {}  # the name similarity that counted (shown; closest headings)
    shadowed = index.overshadowed(title, [sid for sid, v in (name_scores or {}).items() if v > 0])
    named = index.names_shared(title)
    for sid in index.ids:
        part = index.roles[sid] == "part"
        evidence = heading[sid] + (0.0 if part else BODY_WEIGHT * under.get(sid, 0.0))
        # An area's name counts only when the heading shares more than the shared words with it
        # (a part needs its cues instead, below).
        unlike = sid in shadowed or (not part and sid not in named)
        name = likeness[sid] = 0.0 if unlike else (name_scores or {}).get(sid, 0.0)
        marked = bool((index.marks or {}).get(sid, frozenset()) & {t.text for t in claimed[sid]})
        score = max(saturate(evidence), name, TERM_SCORE if marked else 0.0)
        frame = vocabulary.frame(sid) if part else None
        if frame is not None:
            dated = (
                top
                and frame.year_offset is not None
                and report_year is not None
                and names_year(title, report_year + frame.year_offset)
            )
            cue_count = _cues(title, frame.cues)
            if cue_count < VOCABULARY_CUES:  # one frame word: the part is recognised by its name only
                score = name
            cued = cue_count > 0 or name >= NAME_TRUST
            if dated:
                score = max(score, YEAR_PART_SCORE)
            elif not cued:
                score = 0.0
            elif first and frame.first:
                score = max(score, PLACE_SCORE)
        scores[sid] = round(score, 1)
    clauses = _clause_sections(index, title, CLAUSE_FLOOR, names_of)
    best, runner, margin = decide(scores, list(index.ids), floor)
    held = frozenset(sid for sid, count in whole.items() if count)
    if best is None and under:
        best, runner, margin = _confirmed(scores, under, index, vocabulary)
    if best is None and under:
        best = _theme_read_by_body(scores, under, index, vocabulary)
    if best is None and runner is not None:
        best, runner, margin = _settled(scores, held, AGREE_FLOOR)
    if best is None and runner is not None and clauses:
        best, runner, margin = _first_named(scores, clauses, floor)
    if best is not None and index.roles[best] == "area" and not CLAUSE_SPLIT.search(title):
        best = _head_term_area(best, title, scores, index)
    terms = tuple(t.text for t in index.matched_terms(title, best)) if best else ()
    if best and not terms and body:
        terms = tuple(dict.fromkeys(t.text for t in index.matched_terms(body[:BODY_CHARS], best)))[:5]
    return Classification(scores, best, runner, margin, terms, clauses, likeness, held)


def _body_area(
    under: Mapping[str, float], index: VocabularyIndex, vocabulary: Vocabulary, least: float = 0.0
) -> str | None:
    """The area the text under a heading is clearly about: its evidence leads every rival by BODY_LEAD
    (and reaches `least`). A topic part (vocabulary `topic`: the leader's duty, reported as 党的领导)
    is a rival of every area but its own, and speaks for its own: a paragraph on 领导干部/关键少数
    that mentions 学法 is about the leaders, not 普法."""
    topic_of = {sid: sid for sid in index.ids if index.roles[sid] == "area"}
    for sid in index.ids:
        frame = vocabulary.frame(sid) if index.roles[sid] == "part" else None
        if frame is not None and frame.topic in topic_of:
            topic_of[sid] = frame.topic
    ranked = sorted(topic_of, key=lambda sid: -under.get(sid, 0.0))
    if not ranked or under.get(ranked[0], 0.0) <= 0 or under.get(ranked[0], 0.0) < least:
        return None
    area = topic_of[ranked[0]]
    rival = next((under.get(sid, 0.0) for sid in ranked[1:] if topic_of[sid] != area), 0.0)
    return area if under.get(ranked[0], 0.0) >= BODY_LEAD * rival else None


def _confirmed(
    scores: Mapping[str, float],
    under: Mapping[str, float],
    index: VocabularyIndex,
    vocabulary: Vocabulary,
) -> tuple[str | None, str | None, float | None]:
    """A heading that leans to an area (AGREE_FLOOR), under which the text is clearly about that
    same area (BODY_LEAD): 「健全领导机制」 over 「调整法治建设领导小组……」. When the heading leans
    to several areas at once (within MARGIN: 「提高信访监督，确保社会稳定」), the text under it
    decides between them, as a reviewer reads on (「做好信访矛盾调处化解工作……」)."""
    areas = [sid for sid in index.ids if index.roles[sid] == "area"]
    best, runner, margin = decide(scores, areas, AGREE_FLOOR)
    body = _body_area(under, index, vocabulary)
    if body is None:
        return None, runner, margin
    if best is not None:
        return (best, runner, margin) if body == best else (None, runner, margin)
    top = max(scores.get(sid, 0.0) for sid in areas)
    close = sorted(
        (sid for sid in areas if scores.get(sid, 0.0) >= AGREE_FLOOR and top - scores.get(sid, 0.0) < MARGIN),
        key=lambda sid: -scores.get(sid, 0.0),
    )
    if body not in close or len(close) < 2 or _body_area(under, index, vocabulary, BODY_MIN) is None:
        return None, runner, margin
    other = next(sid for sid in close if sid != body)
    return body, other, round(scores[body] - scores[other], 1)


def _theme_read_by_body(
    scores: Mapping[str, float], under: Mapping[str, float], index: VocabularyIndex, vocabulary: Vocabulary
) -> str | None:
    """A heading that is only a theme, leaning to no area (all below AGREE_FLOOR: 「开展会前学习」),
    is what the text under it is clearly about."""
    if max((scores.get(s, 0.0) for s in index.ids if index.roles[s] == "area"), default=0.0) >= AGREE_FLOOR:
        return None
    return _body_area(under, index, vocabulary, BODY_MIN)


def _head_term_area(best: str, title: str, scores: Mapping[str, float], index: VocabularyIndex) -> str:
    """In a one-clause heading holding whole terms of two areas, the last is the head noun that the
    others qualify (「扎实开展习近平法治思想普法宣传教育」 is 普法): its area replaces a decision for
    an earlier term's area when the heading leans to it too (AGREE_FLOOR). A close call is left alone:
    a trailing generic word (决策部署) is no head noun worth an area of its own."""
    spans = index.claimed_spans(title)  # cached: classify_heading claimed the title already
    ends = {
        sid: max(e for _, e in found) for sid, found in spans.items() if found and index.roles[sid] == "area"
    }
    if len(ends) < 2 or best not in ends:
        return best
    last = max(ends, key=lambda sid: ends[sid])
    return last if scores.get(last, 0.0) >= AGREE_FLOOR and ends[last] > ends[best] else best


def _settled(
    scores: Mapping[str, float], held: frozenset[str], floor: float
) -> tuple[str | None, str | None, float | None]:
    """A close call, or a lean below the decision floor, settled by a whole term: of the sections
    within MARGIN of the best, from `floor`, exactly one lists a word the heading holds whole
    (政务服务 in 「优化人社政务服务」, 依法行政能力 in 「依法行政能力明显增强」)."""
    ranked = sorted(scores, key=lambda s: -scores[s])
    close = [s for s in ranked if scores[s] >= floor and scores[ranked[0]] - scores[s] < MARGIN]
    holding = [s for s in close if s in held]
    if len(holding) != 1:
        return None, ranked[1] if len(ranked) > 1 else None, None
    runner = next(s for s in ranked if s != holding[0])
    return holding[0], runner, round(scores[holding[0]] - scores[runner], 1)


def _first_named(
    scores: Mapping[str, float], clauses: tuple[str, ...], floor: float
) -> tuple[str | None, str | None, float | None]:
    """A close call between the areas that the heading's clauses name: the first clause is the
    heading's subject (「加强党的领导，持续推进应急管理法治建设」 is about 党的领导) — an order
    of the text, not of the checklist."""
    ranked = sorted(scores, key=lambda s: -scores[s])
    top = [s for s in ranked if scores[s] >= floor and scores[ranked[0]] - scores[s] < MARGIN]
    named = [s for s in clauses if s in top]
    if len(named) < 2 or set(top) - set(named):
        return None, ranked[1] if len(ranked) > 1 else None, None
    runner = named[1]
    return named[0], runner, round(scores[named[0]] - scores[runner], 1)


@lru_cache(maxsize=CLAUSE_CACHE)  # a heading read through its items is classified twice (matcher.py)
def _clause_sections(
    index: VocabularyIndex,
    title: str,
    floor: float,
    names_of: Callable[[str], Mapping[str, float]] | None,
) -> tuple[str, ...]:
    """The areas that single clauses of the heading name clearly (「坚持依法决策，严格规范行政执法」)."""
    clauses = [c for c in CLAUSE_SPLIT.split(title) if len(c.strip()) >= MIN_CLAUSE]
    if len(clauses) < 2:
        return ()
    areas = [sid for sid in index.ids if index.roles[sid] == "area"]
    found: list[str] = []
    for clause in clauses:
        evidence = index.evidence(clause)
        claimed = index.claimed_terms(clause)
        for sid in areas:
            evidence[sid] += WHOLE_TERM * len(claimed[sid])
        # In a clause that holds whole vocabulary terms, only the sections holding them are read by
        # fuzzy likeness to their names (行政执法 inside 行政执法协调监督 is no law-enforcement name).
        named = index.names_shared(clause)
        names = {sid: v for sid, v in (names_of(clause) if names_of else {}).items() if sid in named}
        if any(claimed.values()):
            names = {sid: v for sid, v in names.items() if claimed.get(sid)}
        scores = {sid: max(saturate(evidence[sid]), names.get(sid, 0.0)) for sid in areas}
        winner, _, _ = decide(scores, areas, floor)
        if winner and winner not in found:
            found.append(winner)
    return tuple(found)

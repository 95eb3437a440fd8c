"""Last year's plan carried out? Each measure of last year's 下一年度安排 traced to this year's
achievements, and this year's shortcomings compared with last year's (the follow_through kind)."""

from __future__ import annotations

from compliance.classify.index import VocabularyIndex
from compliance.classify.sections import Analysis
from compliance.evaluate.checks import Context, Previous, Verdict
from compliance.evaluate.substance import MAX_NAMED, SCORE_DECIMALS, shortcoming_items
from compliance.evaluate.trace import Quoted, Repeated, Trace, TraceItem
from compliance.evaluate.weighing import best, measures, reports
from compliance.records import Record
from compliance.text import normalise, position, quote

FULL = 100  # similarities are percentages, as the classifier's


def _similarity(a: str, b: str) -> float:
    from difflib import SequenceMatcher  # only when last year's plan is traced

    return round(FULL * SequenceMatcher(None, normalise(a), normalise(b), autojunk=False).ratio(), 1)


def trace(
    analysis: Analysis,
    previous: Previous,
    index: VocabularyIndex,
    rule: FollowThrough,
) -> Trace:
    """Each measure of the previous report's plan with this year's best evidence, and the
    shortcomings repeated from last year."""
    done = reports(analysis, analysis.slot_scope("achievements"))
    items = []
    for measure in measures(previous.analysis, previous.analysis.slot_scope("plan"), whole=False):
        evidence, score = best(index, measure, done)
        reported = evidence is not None and score >= rule.min_score
        items.append(
            TraceItem(
                measure.text,
                measure.paragraph,
                "reported" if reported else "not-reported",
                Quoted(evidence.paragraph, quote(evidence.text, 80)) if reported and evidence else None,
                round(score, SCORE_DECIMALS),
            )
        )
    repeated = []
    before = shortcoming_items(previous.analysis, rule.problem, rule.not_items)
    for item in shortcoming_items(analysis, rule.problem, rule.not_items):
        scored = [(_similarity(item.text, old.text), old) for old in before]
        if scored:
            similarity, old = max(scored, key=lambda s: s[0])
            if similarity >= rule.repeat_similarity:
                repeated.append(
                    Repeated(Quoted(item.paragraph, item.text), Quoted(old.paragraph, old.text), similarity)
                )
    return Trace(previous.path, previous.analysis.structure.report_year, tuple(items), tuple(repeated))


class FollowThrough(Record, frozen=True):
    """With last year's report given: every measure of its plan must be reported on in this year's
    achievements (a paragraph covering at least `min_score` of the measure's weighted terms), and no
    shortcoming may repeat last year's (similarity ≥ `repeat_similarity`). Without it: not applicable."""

    problem: tuple[str, ...]
    not_items: tuple[str, ...] = ()
    min_score: float = 0.3
    repeat_similarity: float = 80.0

    def evaluate(self, ctx: Context) -> Verdict:
        if ctx.previous is None:
            return Verdict("skip", "未提供上一年度报告（--previous），不核对上一年度安排的落实情况")
        if ctx.index is None or not ctx.previous.analysis.slot_scope("plan"):
            return Verdict("skip", f"上一年度报告（{ctx.previous.path}）中未找到下一年度安排部分，无法核对")
        result = trace(ctx.analysis, ctx.previous, ctx.index, self)
        if not result.items:
            return Verdict("skip", "上一年度报告的安排部分没有具体措施，无法核对", trace=result)
        missing = result.missing
        notes = []
        if missing:
            last_format = ctx.previous.analysis.structure.document.format
            named = [
                f"{position(i.paragraph, last_format)}「{quote(i.text, 24)}」" for i in missing[:MAX_NAMED]
            ]
            more = f"等{len(missing)}项" if len(missing) > MAX_NAMED else ""
            notes.append(f"上一年度安排中有{len(missing)}项本年度未见落实情况：{'；'.join(named)}{more}")
        if result.repeated:
            first = result.repeated[0]
            notes.append(
                f"有{len(result.repeated)}条不足与上一年度几乎相同："
                f"{ctx.at(first.this_year.paragraph)}「{quote(first.this_year.text, 24)}」"
            )
        total = len(result.items)
        if notes:
            where = result.repeated[0].this_year if not missing and result.repeated else None
            return Verdict(
                "fail",
                "；".join(notes),
                where.paragraph if where else None,
                quote(where.text, 60) if where else None,
                trace=result,
            )
        return Verdict("pass", f"上一年度安排的{total}项措施在本年度报告中都有落实情况", trace=result)

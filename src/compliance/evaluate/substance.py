"""Check kinds about what the report says: the plan answers the shortcomings, the 第一责任人 part
reports concrete acts, the signature date meets the publication deadline."""

from __future__ import annotations

import re
from collections.abc import Mapping

from compliance.classify.sections import Analysis
from compliance.evaluate.checks import Context, Verdict
from compliance.evaluate.trace import Pair, Quoted
from compliance.evaluate.weighing import Passage, best, measures, split_items
from compliance.records import Record, field
from compliance.structure.outline import content_end
from compliance.text import cn_to_int, quote

MAX_NAMED = 6  # passages named in one message; the JSON and the annotated copy have all of them
QUOTE_CHARS = 30  # characters of a passage quoted in a message
SCORE_DECIMALS = 2  # a coverage share to two decimals tells the pairs apart without false precision
# Where the causes of the problems begin: what follows in the paragraph is no shortcoming item.
REASONS = re.compile(
    r"究其(?:原因|根源)|(?:主要|深层次|存在问题的)?原因(?:是|在于|主要(?:是|有|在于)|有[以如]下|如下|分析)|根源在于"
)


def part_passages(analysis: Analysis, slot: str) -> list[tuple[int, str]]:
    """(paragraph, text) of the body of the part in `slot`: its headings' blocks, or the paragraph
    of the passage that is it when the part has no heading of its own."""
    part = analysis.slot_id(slot)
    scope = analysis.slot_scope(slot)
    structure = analysis.structure
    if scope:
        end = content_end(structure.document.blocks)
        headings = {h.position for h in structure.headings if not h.run_in}
        return [
            (block.index, block.text)
            for top in scope
            for position, block in enumerate(structure.span(top), start=top.position)
            if position < end and position not in headings and block.text.strip()
        ]
    match = analysis.match(part)
    if match.status == "content" and match.paragraph is not None:
        return [(b.index, b.text) for b in structure.document.blocks if b.index == match.paragraph]
    return []


def shortcoming_items(
    analysis: Analysis, problem: tuple[str, ...], not_items: tuple[str, ...]
) -> list[Passage]:
    """The items of the shortcomings part that name a problem (a `problem` pattern), leaving out
    sentences that frame the part, give reasons or promise (a `not_items` pattern), and what
    follows a reasons marker in its paragraph (「究其原因，一是……二是……」 lists causes, not problems)."""
    found: list[Passage] = []
    for paragraph, text in part_passages(analysis, "shortcomings"):
        marker = REASONS.search(text)
        problems = text[: marker.start()] if marker else text
        for item in split_items([(paragraph, problems, None)]):
            named = any(re.search(p, item.text) for p in problem)
            if named and not any(re.search(p, item.text) for p in not_items):
                found.append(item)
    return found


def subject(text: str, problem: tuple[str, ...]) -> str:
    """An item without its problem words (不够, 有待, 不规范 …): what the problem is about."""
    for pattern in problem:
        text = re.sub(pattern, "，", text)
    return text


def _places(pairs: list[Pair]) -> tuple[tuple[int, str], ...]:
    """One place per paragraph (the first item quoted): the annotated copy comments a paragraph once."""
    places: dict[int, str] = {}
    for pair in pairs:
        places.setdefault(pair.shortcoming.paragraph, quote(pair.shortcoming.text, 40))
    return tuple(places.items())


def _at(ctx: Context, passage: Quoted, chars: int = QUOTE_CHARS) -> str:
    """The passage's position, worded for the document's format, and its quote."""
    return f"{ctx.at(passage.paragraph)}「{quote(passage.text, chars)}」"


def _named(passages: list[str]) -> str:
    shown = "；".join(passages[:MAX_NAMED])
    return shown + (f"等{len(passages)}条" if len(passages) > MAX_NAMED else "")


class PlanAnswers(Record, frozen=True):
    """Each shortcoming must be answered by a plan measure: the measure that covers most of the
    shortcoming's weighted terms (the classifier's area weights; shared words count for nothing)
    answers it when it covers at least `min_score` of them."""

    problem: tuple[str, ...]
    not_items: tuple[str, ...] = ()
    min_score: float = 0.08

    def evaluate(self, ctx: Context) -> Verdict:
        analysis = ctx.analysis
        plan = analysis.slot_scope("plan")
        items = shortcoming_items(analysis, self.problem, self.not_items)
        if not items or not plan or ctx.index is None:
            return Verdict("skip", "未找到具体的不足或下一年度安排，无法核对安排是否回应不足")
        options = measures(analysis, plan)
        if not options:
            return Verdict("skip", "下一年度安排没有具体措施，无法核对", plan[0].paragraph)
        pairs = []
        for item in items:
            measure, score = best(ctx.index, subject(item.text, self.problem), options)
            answered = measure is not None and score >= self.min_score
            pairs.append(
                Pair(
                    Quoted(item.paragraph, item.text),
                    Quoted(measure.paragraph, measure.text) if answered and measure else None,
                    round(score, SCORE_DECIMALS),
                )
            )
        open_ = [p for p in pairs if p.measure is None]
        if open_:
            named = [_at(ctx, p.shortcoming) for p in open_]
            first = open_[0].shortcoming
            return Verdict(
                "fail",
                f"下一年度安排没有回应以下不足：{_named(named)}",
                first.paragraph,
                quote(first.text, 60),
                tuple(
                    {p.shortcoming.paragraph: quote(p.shortcoming.text, 40) for p in reversed(open_)}.items()
                )[::-1],
                pairs=tuple(pairs),
            )
        named = [f"{_at(ctx, p.shortcoming)} → {_at(ctx, p.measure, 20)}" for p in pairs if p.measure]
        where = pairs[0].shortcoming.paragraph
        return Verdict("pass", f"每条不足都有对应的安排：{_named(named)}", where, pairs=tuple(pairs))


class Acts(Record, frozen=True):
    """The part in the slot `part` (or the passage that is it) must report at least `min_acts` of the
    concrete `acts` (name → regular expression), and at least one with a figure, not only that
    the leader attaches importance."""

    acts: Mapping[str, str] = field(default_factory=dict)
    part: str = "leader-duty"  # the slot of the part that is read
    min_acts: int = 2
    figure: str = r"\d+\s*(?:次|场|件|项|人次|篇|批)|[一二三四五六七八九十两]+\s*(?:次|场)"

    def evaluate(self, ctx: Context) -> Verdict:
        passages = part_passages(ctx.analysis, self.part)
        if not passages:
            return Verdict("skip", "未找到第一责任人履职情况（见该部分的检查项）")
        text = "\n".join(t for _, t in passages)
        found = [name for name, pattern in self.acts.items() if re.search(pattern, text)]
        missing = [name for name in self.acts if name not in found]
        counted = re.search(self.figure, text) is not None
        where, first = passages[0]
        if len(found) >= self.min_acts and counted:
            return Verdict("pass", f"写明了具体履职：{'、'.join(found)}", where)
        lack = [f"未写明{'、'.join(missing)}等具体履职"] if len(found) < self.min_acts else []
        lack += [] if counted else ["没有次数等数据"]
        have = f"（只写到：{'、'.join(found)}）" if found else "（只有“高度重视”“认真履行职责”等表态）"
        return Verdict("fail", f"第一责任人履职情况不具体：{'，'.join(lack)}{have}", where, quote(first, 60))


_DATE = re.compile(
    r"((?:19|20)\d{2}|[二][〇○零][一二三四五六七八九〇○零]{2})\s*年\s*"
    r"(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
_CN_YEAR = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")
SIGNATURE_LINES = 4  # the 落款 is among the last lines: issuer, date, sometimes a seal note


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_to_int(text)


def signature_date(analysis: Analysis) -> tuple[int, int, int, int] | None:
    """(year, month, day, paragraph) of the date in the signature block at the end, or None."""
    blocks = analysis.structure.document.blocks
    start = min(content_end(blocks), max(0, len(blocks) - SIGNATURE_LINES))
    for block in reversed(blocks[start:]):
        match = _DATE.search(block.text.strip())
        if match and len(block.text.strip()) <= match.end() - match.start() + 4:
            year = int(match.group(1).translate(_CN_YEAR))
            month, day = _number(match.group(2)), _number(match.group(3))
            if month and day and 1 <= month <= 12 and 1 <= day <= 31:
                return year, month, day, block.index
    return None


class PublicationDate(Record, frozen=True):
    """The signature date must be before `before` (month-day, "04-01") of report year + 1; no
    date: the check says so and does not guess (skip)."""

    before: str = "04-01"
    rule: str = "《法治政府建设与责任落实督察工作规定》第二十四条"

    def evaluate(self, ctx: Context) -> Verdict:
        year = ctx.analysis.structure.report_year
        found = signature_date(ctx.analysis)
        if found is None:
            return Verdict("skip", "报告末尾没有落款日期，无法核对是否按时公开（不作推测）")
        signed_year, month, day, paragraph = found
        if year is None:
            return Verdict("skip", "未确定报告年度，无法核对落款日期", paragraph)
        last_month, last_day = (int(p) for p in self.before.split("-"))
        deadline = f"{year + 1}年{last_month}月{last_day}日之前"
        signed = f"{signed_year}年{month}月{day}日"
        if (signed_year, month, day) >= (year + 1, last_month, last_day):
            return Verdict("fail", f"落款日期{signed}晚于{self.rule}要求的{deadline}", paragraph, signed)
        return Verdict("pass", f"落款日期{signed}，在{deadline}", paragraph, signed)

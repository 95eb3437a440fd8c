"""Check kinds about parts, areas and their content (Verdict and Context are shared by every kind)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from compliance.classify.index import VocabularyIndex
from compliance.classify.sections import Analysis, SectionMatch, SectionSpec
from compliance.evaluate.trace import Pair, Trace
from compliance.records import Record
from compliance.structure.outline import Heading, content_end
from compliance.text import first_sentence, quote
from compliance.text import position as worded_position

_SENTENCE_ENDS = "。；;！!？?\n"  # what ends the sentence a keyword hit is judged in
NEAR_MISS = 50.0  # a closest heading this similar is worth naming on a miss
FIGURE_RE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|％|‰|件|项|次|个|人|名|场|期|万|亿|户|份|部|家|起|宗|所|条|批|元|天|日|小时"
    r"|分钟|倍|平方|公里|篇|期|支|位|轮|套|座|类|张|本|册|余)"
)


class Verdict(Record, frozen=True):
    """What a check found: passed, failed or skipped (not applicable), and why."""

    status: str  # "pass" | "fail" | "skip"
    message: str
    paragraph: int | None = None
    evidence: str | None = None
    places: tuple[tuple[int, str], ...] = ()  # every (paragraph, evidence) when there are several
    pairs: tuple[Pair, ...] = ()  # shortcoming → plan measure (plan_answers)
    trace: Trace | None = None  # last year's plan traced to this report (follow_through)


class Context(Record, frozen=True):
    """What a check is evaluated against."""

    analysis: Analysis
    item_id: str
    titles: Mapping[str, str]  # item id -> title, for messages that name other items
    index: VocabularyIndex | None = None  # the classifier's vocabulary weights (term overlap)
    previous: Previous | None = None  # last year's report, when one is given

    def at(self, paragraph: int) -> str:
        """「第N段」, or 「第N行」 in a text file: a position worded for the document's format."""
        return worded_position(paragraph, self.analysis.structure.document.format)


class Previous(Record, frozen=True):
    """Last year's report as the follow-through check needs it: where it is and its analysis."""

    path: str
    analysis: Analysis


def _where(match: SectionMatch, ctx: Context) -> str:
    return f"（{ctx.at(match.paragraph)}）" if match.paragraph else ""


def _closest(match: SectionMatch, ctx: Context) -> str:
    if match.closest and match.closest[1] >= NEAR_MISS:
        text, score, paragraph = match.closest
        return f"；最接近的标题：{ctx.at(paragraph)}「{quote(text, 40)}」（相似度{score:.0f}%）"
    return ""


class Section(Record, frozen=True):
    """A part or task area must be present: found by a heading, or (for areas) by enough keywords."""

    role: str
    titles: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    min_keywords: int = 2
    threshold: float = 75.0
    accept_content: bool = True
    optional: bool = False
    slot: str = ""  # what a part is for (achievements, shortcomings, leader-duty, plan, other)

    def spec(self, item_id: str) -> SectionSpec:
        return SectionSpec(
            item_id,
            self.role,
            self.titles,
            self.aliases,
            self.terms,
            self.keywords,
            self.min_keywords,
            self.threshold,
            self.slot,
            self.role == "area" or self.accept_content,
        )

    def evaluate(self, ctx: Context) -> Verdict:
        match = ctx.analysis.match(ctx.item_id)
        name = ctx.titles[ctx.item_id]
        if match.status == "heading":
            how = f"（相似度{match.similarity:.0f}%）" if match.similarity is not None else ""
            if match.heading is None:
                how = "（以任务领域为一级标题）"
            return Verdict(
                "pass",
                f"已找到{_where(match, ctx)}：「{match.evidence}」{how}",
                match.paragraph,
                match.evidence,
            )
        if match.status == "content":
            if self.role == "area" or self.accept_content:
                return Verdict(
                    "pass",
                    f"未设标题，但正文有相关内容{_where(match, ctx)}",
                    match.paragraph,
                    match.evidence,
                )
            return Verdict(
                "fail",
                f"未单列“{name}”部分，仅在正文中提及{_where(match, ctx)}{_closest(match, ctx)}",
                match.paragraph,
                match.evidence,
            )
        if match.empty:
            if nothing_written(ctx.analysis):  # an untouched template: the "filled" item says it once
                return Verdict("skip", f"“{name}”只有标题：报告尚未填写（见“各部分已填写”）", match.paragraph)
            return Verdict(
                "fail", f"“{name}”只有标题，没有实际内容{_where(match, ctx)}", match.paragraph, match.evidence
            )
        if self.optional:
            return Verdict("pass", f"未单列“{name}”（可选）")
        scope = "成效部分未涉及" if self.role == "area" else "缺少"
        closest = _closest(match, ctx)
        return Verdict(
            "fail",
            f"{scope}“{name}”{closest}",
            match.closest[2] if closest and match.closest else None,
            quote(match.closest[0], 40) if closest and match.closest else None,
        )


# Text under a heading shorter than this is no text: "无。" is an answer, a lone punctuation mark is not.
MIN_WRITTEN_CHARS = 2


def empty_parts(
    analysis: Analysis, min_chars: int = MIN_WRITTEN_CHARS, role: str = "part"
) -> tuple[list[SectionMatch], int]:
    """(the sections of `role` with a heading and less than `min_chars` of text under it, how many
    sections of `role` have a heading)."""
    headed = [m for m in analysis.matches if m.role == role and m.heading is not None]
    empty = [m for m in headed if len("".join(body_text(analysis, m.id).split())) < min_chars]
    return empty, len(headed)


def nothing_written(analysis: Analysis) -> bool:
    """Whether every part that has a heading has nothing under it: an untouched template."""
    empty, headed = empty_parts(analysis)
    return headed > 0 and len(empty) == headed


def body_text(analysis: Analysis, section_id: str) -> str:
    """What was written in a part, without any heading line (a run-in heading's body is kept) and
    without the closing signature and date: "" for a part that has only headings."""
    return written_under(analysis, analysis.scopes.get(section_id, ()))


def written_under(analysis: Analysis, headings: tuple[Heading, ...]) -> str:
    """The body text of the sections of `headings` (see body_text)."""
    structure = analysis.structure
    blocks = structure.document.blocks
    end = content_end(blocks)
    own = {h.position: h for h in structure.headings}
    lines = []
    for top in headings:
        for position, block in enumerate(structure.span(top), start=top.position):
            heading = own.get(position)
            if position >= end or (heading is not None and not heading.run_in):
                continue
            text = block.text
            if heading is not None and heading.title in text:
                text = text[text.find(heading.title) + len(heading.title) :].lstrip("。：:；; ")
            lines.append(text)
    return "\n".join(line for line in lines if line.strip())


def _section_text(analysis: Analysis, section_id: str) -> tuple[str, SectionMatch]:
    match = analysis.match(section_id)
    text = analysis.scope_text(section_id)
    if not text and match.status == "content" and match.paragraph is not None:
        text = next((b.text for b in analysis.structure.document.blocks if b.index == match.paragraph), "")
    return text, match


class Keywords(Record, frozen=True):
    """A part must mention at least `min_count` of the `any_of` patterns (regular expressions)."""

    section: str
    any_of: tuple[str, ...]
    min_count: int = 1
    message: str = "“{section}”部分缺少所需表述"  # shown on failure; {section} is the part's title
    not_in: tuple[str, ...] = ()  # a hit whose sentence leads up to it with one of these does not count

    def evaluate(self, ctx: Context) -> Verdict:
        text, match = _section_text(ctx.analysis, self.section)  # its part, or the passage that is it
        name = ctx.titles.get(self.section, self.section)
        if match.status == "heading" and not body_text(ctx.analysis, self.section):
            return Verdict("skip", f"“{name}”部分只有标题，还没有正文，无从核对", match.paragraph)
        if not text or match.status == "missing":  # the part is missing or empty: its own item reports that
            return Verdict("skip", f"未找到“{name}”部分，无从核对（见该部分的检查项）")
        hits = [m for p in self.any_of for m in re.finditer(p, text) if not self._excluded(text, m)]
        if len(hits) >= self.min_count:
            first = min(hits, key=lambda m: m.start())
            start = text.rfind("。", 0, first.start()) + 1
            return Verdict(
                "pass",
                f"“{name}”部分有相关表述",
                match.paragraph,
                quote(first_sentence(text[start:].lstrip("\n")), 60),
            )
        evidence = match.evidence if match.status == "heading" else quote(text.split("\n")[0], 40)
        return Verdict("fail", self.message.format(section=name), match.paragraph, evidence)

    def _excluded(self, text: str, hit: re.Match[str]) -> bool:
        """Whether the sentence that leads up to `hit` matches a `not_in` pattern: the hit is framed by
        a promise ("下一步将认真分析原因，…"); what follows the hit in its sentence does not matter."""
        if not self.not_in:
            return False
        start = max(text.rfind(p, 0, hit.start()) for p in _SENTENCE_ENDS) + 1
        lead = text[start : hit.start()]
        return any(re.search(pattern, lead) for pattern in self.not_in)


class Figures(Record, frozen=True):
    """A part must give figures (a number with a unit): at least `min_total` in all, and at least
    `min_area_ratio` of the areas that have a heading must give one or more. `section` defaults
    to the part in the achievements slot."""

    section: str = ""
    min_total: int = 5
    min_area_ratio: float = 0.5

    def evaluate(self, ctx: Context) -> Verdict:
        analysis = ctx.analysis
        section = self.section or analysis.slot_id("achievements")
        text, match = _section_text(analysis, section)
        if not text:
            return Verdict("skip", "未找到成效部分，无从核对数据")
        if match.status == "heading" and not body_text(analysis, section):
            return Verdict("skip", "成效部分只有标题，还没有正文，无从核对数据", match.paragraph)
        total = len(FIGURE_RE.findall(text))
        headed = [a for a in analysis.matches if a.role == "area" and a.status == "heading"]
        thin = [
            ctx.titles.get(a.id, a.id).split("（")[0]
            for a in headed
            if not FIGURE_RE.search(analysis.area_text(a.id))
        ]
        note = f"；以下领域缺少数据：{'、'.join(thin)}" if thin else ""
        if total < self.min_total:
            return Verdict(
                "fail", f"成效部分只有{total}处数据，少于{self.min_total}处{note}", match.paragraph
            )
        if headed and 1 - len(thin) / len(headed) < self.min_area_ratio:
            return Verdict("fail", f"多数领域的成效缺少数据支撑{note}", match.paragraph)
        return Verdict("pass", f"成效部分有{total}处数据{note}", match.paragraph)


class OwnHeading(Record, frozen=True):
    """A section that was found must have a heading of its own, not only sentences inside another."""

    section: str

    def evaluate(self, ctx: Context) -> Verdict:
        match = ctx.analysis.match(self.section)
        if match.status == "heading":
            return Verdict(
                "pass",
                f"已单列{_where(match, ctx)}：「{match.evidence}」",
                match.paragraph,
                match.evidence,
            )
        if match.status == "content":
            return Verdict(
                "fail",
                f"“{ctx.titles.get(self.section, self.section)}”仅在正文中提及{_where(match, ctx)}"
                "，未单列成部分",
                match.paragraph,
                match.evidence,
            )
        return Verdict("skip", "未找到相关内容（见该部分的检查项）")


class PlanCoverage(Record, frozen=True):
    """The next-year part must touch at least `min_ratio` of the areas found in the achievements."""

    min_ratio: float = 0.7

    def evaluate(self, ctx: Context) -> Verdict:
        analysis = ctx.analysis
        reported = [m.id for m in analysis.matches if m.role == "area" and m.found]
        plan = analysis.slot_scope("plan")
        if not reported or not plan or analysis.match(analysis.slot_id("plan")).status == "missing":
            return Verdict("skip", "未找到成效中的任务领域或下一年度安排部分，无法核对")
        if not written_under(analysis, plan) and not any(analysis.structure.children(h) for h in plan):
            return Verdict("skip", "下一年度安排部分只有标题，还没有正文，无法核对", plan[0].paragraph)
        missing = [ctx.titles.get(a, a).split("（")[0] for a in reported if a not in analysis.plan_areas]
        ratio = 1 - len(missing) / len(reported)
        where = plan[0].paragraph
        if ratio + 1e-9 < self.min_ratio:
            return Verdict(
                "fail", f"下一年度安排未涉及：{'、'.join(missing)}", where, quote(plan[0].text, 40)
            )
        note = f"（未涉及：{'、'.join(missing)}）" if missing else ""
        return Verdict(
            "pass",
            f"下一年度安排覆盖{len(reported) - len(missing)}/{len(reported)}个领域{note}",
            where,
        )

"""Check kinds about the document as a whole: title, report year, plan year, numbering, placeholders."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from compliance.evaluate.checks import Context, Verdict, body_text
from compliance.text import find_years, first_sentence, quote

MAX_NAMED = 8  # places named in a message; more are counted (the annotated copy marks every one)
CONTEXT_CHARS = 12  # characters shown before a placeholder, so the reader can find it


@dataclass(frozen=True, slots=True)
class Title:
    """The title must name the issuer and contain every element pattern."""

    elements: Mapping[str, str] = field(default_factory=dict)
    require_issuer: bool = True

    def evaluate(self, ctx: Context) -> Verdict:
        structure = ctx.analysis.structure
        if structure.title is None:
            return Verdict("fail", "未识别到报告标题（第一行应为标题）", None, None)
        missing = [
            name for name, pattern in self.elements.items() if not re.search(pattern, structure.title.strip())
        ]
        if self.require_issuer and not structure.issuer:
            missing.insert(0, "报告主体")
        if missing:
            return Verdict(
                "fail",
                f"标题缺少：{'、'.join(missing)}",
                structure.title_paragraph,
                quote(structure.title, 60),
            )
        return Verdict("pass", f"标题：「{structure.title}」", structure.title_paragraph, structure.title)


@dataclass(frozen=True, slots=True)
class ReportYear:
    """The report year must be stated in the title or the opening sentence."""

    def evaluate(self, ctx: Context) -> Verdict:
        structure = ctx.analysis.structure
        if structure.report_year is None:
            return Verdict("fail", "标题和首段都没有写明报告年度")
        where = "标题" if structure.year_source == "title" else "首段"
        return Verdict("pass", f"报告年度：{structure.report_year}年（见{where}）", structure.title_paragraph)


@dataclass(frozen=True, slots=True)
class PlanYear:
    """Years named in the next-year heading and first sentence must be the report year + offset."""

    offset: int = 1

    def evaluate(self, ctx: Context) -> Verdict:
        analysis = ctx.analysis
        year = analysis.structure.report_year
        plan = analysis.scopes.get("next-year", ())
        if year is None or not plan:
            return Verdict("skip", "未确定报告年度或未找到下一年度安排部分，无法核对")
        heading = plan[0]
        text = heading.text + "\n" + first_sentence(analysis.structure.section_text(heading))
        years = sorted({y for y, _ in find_years(text)})
        expected = year + self.offset
        wrong = [y for y in years if y != expected]
        if wrong:
            return Verdict(
                "fail",
                f"安排部分写的是{wrong[0]}年，报告年度为{year}年，应为{expected}年",
                heading.paragraph,
                quote(heading.text, 60),
            )
        return Verdict(
            "pass",
            f"安排年度与报告年度衔接（{expected}年）" if years else "安排部分未写具体年份",
            heading.paragraph,
        )


@dataclass(frozen=True, slots=True)
class Numbering:
    """Numbered headings of one family under one parent must count 1, 2, 3… without repeats or gaps."""

    def evaluate(self, ctx: Context) -> Verdict:
        headings = ctx.analysis.structure.headings
        last: dict[tuple[int, str], int] = {}
        for heading in headings:
            for key in [k for k in last if k[0] > heading.level]:
                del last[key]
            if heading.number is None:
                continue
            key = (heading.level, heading.family)
            expected = last.get(key, 0) + 1
            if heading.number != expected:
                problem = "序号重复" if heading.number < expected else "序号跳号"
                return Verdict(
                    "fail",
                    f"{problem}：第{heading.paragraph}段「{quote(heading.text, 30)}」"
                    f"处应为第{expected}个同级标题",
                    heading.paragraph,
                    quote(heading.text, 40),
                )
            last[key] = heading.number
        return Verdict("pass", "标题序号连续")


@dataclass(frozen=True, slots=True)
class Absent:
    """None of the `patterns` (regular expressions, matched per paragraph) may occur in the report:
    template placeholders and leftover drafting notes. Every place is reported, in reading order."""

    patterns: tuple[str, ...]
    message: str = "正文中还有未替换的占位符或填写说明"

    def evaluate(self, ctx: Context) -> Verdict:
        compiled = [re.compile(p) for p in self.patterns]
        places: list[tuple[int, str]] = []
        named: list[str] = []
        for block in ctx.analysis.structure.document.blocks:
            found = sorted(
                (m for m in (p.search(block.text) for p in compiled) if m), key=lambda m: m.start()
            )
            if not found:
                continue
            match = found[0]  # one place per paragraph: the comment covers the whole paragraph
            places.append((block.index, quote(block.text[max(0, match.start() - CONTEXT_CHARS) :], 40)))
            named.append(f"第{block.index}段「{quote(match.group(), 20)}」")
        if not places:
            return Verdict("pass", "没有发现占位符")
        shown = "、".join(named[:MAX_NAMED]) + (f"等{len(places)}处" if len(places) > MAX_NAMED else "")
        count = f"（共{len(places)}处）" if 1 < len(places) <= MAX_NAMED else ""
        first, evidence = places[0]
        return Verdict("fail", f"{self.message}：{shown}{count}", first, evidence, tuple(places))


@dataclass(frozen=True, slots=True)
class Filled:
    """Every section of `role` that has a heading must have text of its own under it (sub-headings and
    the closing signature do not count): an untouched template fails once, as not filled in."""

    role: str = "part"
    min_chars: int = 2  # "无。" is an answer; a lone punctuation mark is not
    message: str = "报告还没有填写：各部分标题下都没有正文（像是未填写的模板）"

    def evaluate(self, ctx: Context) -> Verdict:
        analysis = ctx.analysis
        headed = [m for m in analysis.matches if m.role == self.role and m.heading is not None]
        if not headed:
            return Verdict("skip", "未找到带标题的部分，无从核对")
        empty = [m for m in headed if len("".join(body_text(analysis, m.id).split())) < self.min_chars]
        if not empty:
            return Verdict("pass", "各部分标题下都有正文")
        places = tuple((m.paragraph or 0, quote(m.evidence or "", 40)) for m in empty)
        first, evidence = places[0]
        if len(empty) == len(headed):
            return Verdict("fail", self.message, first, evidence, places)
        names = "、".join(ctx.titles.get(m.id, m.id).split("（")[0] for m in empty)
        return Verdict("fail", f"以下部分只有标题、没有正文：{names}", first, evidence, places)

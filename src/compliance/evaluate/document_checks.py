"""Check kinds about the document as a whole: title, report year, plan year, numbering, placeholders."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from compliance.evaluate.checks import Context, Verdict
from compliance.text import digit_years, find_years, first_sentence, quote


@dataclass(frozen=True, slots=True)
class Title:
    """The title must name the issuer and contain every element pattern."""

    elements: Mapping[str, str] = field(default_factory=dict)
    require_issuer: bool = True

    def evaluate(self, ctx: Context) -> Verdict:
        structure = ctx.analysis.structure
        if structure.title is None:
            return Verdict("fail", "未识别到报告标题（第一行应为标题）", None, None)
        title = structure.title.strip()
        as_digits = digit_years(title)  # "二〇二三年" meets a pattern written for "2023年"
        missing = [
            name
            for name, pattern in self.elements.items()
            if not (re.search(pattern, title) or re.search(pattern, as_digits))
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


_YEAR_SOURCES = {"title": "标题", "body": "首段", "heading": "第一部分标题"}


@dataclass(frozen=True, slots=True)
class ReportYear:
    """The report year must be stated in the title, the opening paragraph or the first part's heading
    (a year only inferred from the dates of the work reported is not a statement of it)."""

    def evaluate(self, ctx: Context) -> Verdict:
        structure = ctx.analysis.structure
        year = structure.report_year
        if year is None:
            return Verdict("fail", "标题和首段都没有写明报告年度")
        if structure.year_source == "content":
            return Verdict("fail", f"标题和首段都没有写明报告年度（正文所记工作推断为{year}年）")
        where = _YEAR_SOURCES.get(structure.year_source or "", "首段")
        return Verdict("pass", f"报告年度：{year}年（见{where}）", structure.title_paragraph)


@dataclass(frozen=True, slots=True)
class PlanYear:
    """Years named in the next-year heading and first sentence must be the report year + offset."""

    offset: int = 1

    def evaluate(self, ctx: Context) -> Verdict:
        analysis = ctx.analysis
        year = analysis.structure.report_year
        plan = analysis.slot_scope("plan")
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
class NumberingSequence:
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
    template placeholders and leftover drafting notes."""

    patterns: tuple[str, ...]
    message: str = "正文中还有未替换的占位符或填写说明"

    def evaluate(self, ctx: Context) -> Verdict:
        compiled = [re.compile(p) for p in self.patterns]
        hits = [
            (block, match)
            for block in ctx.analysis.structure.document.blocks
            for match in (p.search(block.text) for p in compiled)
            if match
        ]
        if not hits:
            return Verdict("pass", "没有发现占位符")
        block, match = hits[0]
        start = max(0, match.start() - 12)
        others = f"等{len(hits)}处" if len(hits) > 1 else ""
        return Verdict(
            "fail",
            f"{self.message}：第{block.index}段「{match.group()}」{others}",
            block.index,
            quote(block.text[start:], 40),
        )

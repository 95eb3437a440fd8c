"""Check kinds about the document as a whole: title, report year, plan year, numbering, placeholders."""

from __future__ import annotations

import re
from collections.abc import Mapping

from compliance.evaluate.checks import Context, Verdict, empty_parts
from compliance.records import Record, field
from compliance.simplified import to_simplified
from compliance.text import digit_years, find_years, first_sentence, quote

MAX_NAMED = 8  # places named in a message; more are counted (the annotated copy marks every one)
CONTEXT_CHARS = 12  # characters shown before a placeholder, so the reader can find it


class Title(Record, frozen=True):
    """The title must name the issuer and contain every element pattern."""

    elements: Mapping[str, str] = field(default_factory=dict)
    require_issuer: bool = True

    def evaluate(self, ctx: Context) -> Verdict:
        structure = ctx.analysis.structure
        if structure.title is None:
            return Verdict("fail", "未识别到报告标题（第一行应为标题）", None, None)
        title = structure.title.strip()
        # "二〇二三年" meets a pattern written for "2023年", "建設情況報告" one written for "建设情况报告"
        forms = (title, to_simplified(digit_years(title)))
        missing = [
            name
            for name, pattern in self.elements.items()
            if not any(re.search(pattern, form) for form in forms)
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


class ReportYear(Record, frozen=True):
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


class PlanYear(Record, frozen=True):
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


class NumberingSequence(Record, frozen=True):
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
                    f"{problem}：{ctx.at(heading.paragraph)}「{quote(heading.text, 30)}」"
                    f"处应为第{expected}个同级标题",
                    heading.paragraph,
                    quote(heading.text, 40),
                )
            last[key] = heading.number
        return Verdict("pass", "标题序号连续")


class Absent(Record, frozen=True):
    """None of the `patterns` (regular expressions, matched per paragraph) may occur in the report:
    template placeholders and leftover drafting notes. Every place is reported, in reading order."""

    patterns: tuple[str, ...]
    message: str = "正文中还有未替换的占位符或填写说明"
    head: int = 0  # only the first `head` paragraphs (the header area); 0: every paragraph
    passed: str = "没有发现占位符"

    def evaluate(self, ctx: Context) -> Verdict:
        compiled = [re.compile(p) for p in self.patterns]
        places: list[tuple[int, str]] = []
        named: list[str] = []
        blocks = ctx.analysis.structure.document.blocks
        for block in blocks[: self.head] if self.head else blocks:
            found = sorted(
                (m for m in (p.search(block.text) for p in compiled) if m), key=lambda m: m.start()
            )
            if not found:
                continue
            match = found[0]  # one place per paragraph: the comment covers the whole paragraph
            places.append((block.index, quote(block.text[max(0, match.start() - CONTEXT_CHARS) :], 40)))
            named.append(f"{ctx.at(block.index)}「{quote(match.group(), 20)}」")
        if not places:
            return Verdict("pass", self.passed)
        shown = "、".join(named[:MAX_NAMED]) + (f"等{len(places)}处" if len(places) > MAX_NAMED else "")
        count = f"（共{len(places)}处）" if 1 < len(places) <= MAX_NAMED else ""
        first, evidence = places[0]
        return Verdict("fail", f"{self.message}：{shown}{count}", first, evidence, tuple(places))


class Filled(Record, frozen=True):
    """The report is written, not an untouched template: it fails once when no part that has a
    heading has text of its own under it (sub-headings and the closing signature do not count). A
    report with only some parts empty passes here: each empty part's own item reports it."""

    role: str = "part"
    min_chars: int = 2  # "无。" is an answer; a lone punctuation mark is not
    message: str = "报告还没有填写：各部分标题下都没有正文（像是未填写的模板）"

    def evaluate(self, ctx: Context) -> Verdict:
        empty, headed = empty_parts(ctx.analysis, self.min_chars, self.role)
        if not headed:
            return Verdict("skip", "未找到带标题的部分，无从核对")
        if len(empty) < headed:
            names = "、".join(ctx.titles.get(m.id, m.id).split("（")[0] for m in empty)
            note = f"；只有标题的部分（{names}）由各自的检查项报告" if empty else ""
            return Verdict("pass", f"报告已填写{note}")
        places = tuple((m.paragraph or 0, quote(m.evidence or "", 40)) for m in empty)
        first, evidence = places[0]
        return Verdict("fail", self.message, first, evidence, places)

"""Stage 2, structure: the year a report is about, from the best evidence a reader has."""

from __future__ import annotations

import re
from collections import Counter

from compliance.reading.document import Block
from compliance.structure.lines import BULLET, form
from compliance.text import find_years

# "现将我局2022年法治统计建设情况报告如下": the clause that says what the report is about.
_REPORTS_ON = re.compile(r"现[将就把][^。；;]{0,60}?如下")
OPENING_YEAR_WITHIN = 80  # a year this early in the opening paragraph is the report's year
CONTENT_YEAR_CHARS = 3000  # the body read for the years its work is dated with, when nothing says it
_CITED = re.compile(r"《[^》]{0,80}》")


def report_year(
    title: str | None,
    opening: tuple[Block, ...],
    first_heading: str | None,
    body: tuple[Block, ...],
) -> tuple[int | None, str | None]:
    """(year, source): the year the report is about, from the best evidence a reader has.

    In order: the title; the opening's "现将……2022年……报告如下"; a year early in the opening
    paragraph; the first part's heading ("一、2022年度推进法治政府建设的主要举措和成效") — each
    "title", "body" or "heading". Failing all of them, the year the body dates its work with most
    often ("2023年部行政审批窗口共受理……"; a cited plan's "《2022年度…计划》" only when nothing
    else is dated) is the source "content": a reader's inference, not a statement."""
    if title:
        years = find_years(title)
        if years:
            return years[0][0], "title"
    opening = tuple(block for block in opening if not BULLET.match(block.text))  # a page's menu
    for block in opening:
        for clause in _REPORTS_ON.finditer(form(block.text)):
            years = find_years(clause.group())
            if years:
                return years[0][0], "body"
    for block in opening:
        early = [year for year, offset in find_years(block.text) if offset < OPENING_YEAR_WITHIN]
        if early:
            return early[0], "body"
    if first_heading:
        years = find_years(first_heading)
        if years:
            return years[0][0], "heading"
    return _content_year(body)


def _content_year(body: tuple[Block, ...]) -> tuple[int | None, str | None]:
    text = "\n".join(block.text for block in body)[:CONTENT_YEAR_CHARS]
    stated = [year for year, _ in find_years(text)]
    cited = [year for match in _CITED.finditer(text) for year, _ in find_years(match.group()[1:-1])]
    years = stated or cited
    if not years:
        return None, None
    counts = Counter(years)
    best = max(counts.values())
    return next(year for year in years if counts[year] == best), "content"

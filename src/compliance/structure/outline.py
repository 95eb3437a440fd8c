"""Stage 2, structure: recover the title, report year, issuer and heading outline of a Document."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from compliance.reading.document import Block, Document
from compliance.records import Record
from compliance.structure.lines import DATE_LINE, ISSUER_END, SENTENCE_PUNCT
from compliance.structure.title import find_issuer, find_title
from compliance.structure.year import report_year
from compliance.text import FAMILY_ORDER, parse_numbering

_RUN_IN_END = re.compile(r"[。：:；;！!]")

# What a drafter writes under a heading that has nothing to report ("无。", "暂无", "无其他需要报告的情况"):
# a body of only this is no body.
_NOTHING = re.compile(
    r"^(?:暂无|无|没有|略|不涉及)(?:相关|其他|此项|此类)?(?:需要|应当)?(?:报告|说明)?的?(?:情况|内容|事项)?$"
)
_NOT_TEXT = re.compile(r"[\W_]+")

MAX_HEADING = 50  # a whole-paragraph heading is at most this long (numbering excluded)
MAX_RUN_IN = 40  # a run-in heading sentence is at most this long
LONG_RUN_IN = 60  # ... or this long when it counts nothing (no figure): a theme in two clauses and a
# purpose clause (「坚持学思践悟，深入学习宣传贯彻习近平法治思想，把……贯彻落实到……全过程和各方面」, 52),
# where a first sentence of this length with figures is a statistic (「全年共办理行政复议案件56件……」)


class Heading(Record, frozen=True):
    """A heading recognised in the document."""

    text: str  # as in the document, numbering included; for run-in headings only the heading sentence
    title: str  # the heading without its numbering
    level: int  # 1 = top level
    paragraph: int  # Block.index of the paragraph
    position: int  # position in Document.blocks
    family: str  # numbering family ("cn", "cn_paren", …), "style" or "plain"
    number: int | None  # the value of the heading number, if numbered
    run_in: bool  # the heading is the first sentence of a body paragraph


class Structure(Record, frozen=True):
    """What the document is and how it is organised."""

    document: Document
    title: str | None
    title_paragraph: int | None
    issuer: str | None
    report_year: int | None
    year_source: str | None  # "title" | "body"
    headings: tuple[Heading, ...]
    body_start: int  # position of the first block after the title and front matter

    def span(self, heading: Heading) -> tuple[Block, ...]:
        """The blocks of a heading's section: from its paragraph to the next heading at its level or above."""
        end = len(self.document.blocks)
        for other in self._after(heading):
            if other.level <= heading.level:
                end = other.position
                break
        return self.document.blocks[heading.position : end]

    def _after(self, heading: Heading) -> Iterator[Heading]:
        """The headings after `heading`, found by bisection (headings are in position order)."""
        headings = self.headings
        start = bisect_right(headings, heading.position, key=lambda h: h.position)
        return (headings[i] for i in range(start, len(headings)))

    def children(self, heading: Heading) -> tuple[Heading, ...]:
        """Headings nested anywhere below `heading`."""
        found = []
        for other in self._after(heading):
            if other.level <= heading.level:
                break
            found.append(other)
        return tuple(found)

    def section_text(self, heading: Heading) -> str:
        """The section's text without the heading itself (the run-in body is kept)."""
        blocks = self.span(heading)
        if not blocks:
            return ""
        first = blocks[0].text
        start = first.find(heading.title) + len(heading.title) if heading.title in first else len(first)
        return "\n".join([first[start:].lstrip("。：:；; "), *(b.text for b in blocks[1:])]).strip()

    def has_body(self, heading: Heading) -> bool:
        """Whether the heading's section says something: text under it (or under its sub-headings)
        other than nothing at all or a "无。" / "暂无"."""
        return has_substance(self.section_text(heading))

    @property
    def preamble(self) -> tuple[Block, ...]:
        """Body blocks between the title and the first heading."""
        first = self.headings[0].position if self.headings else len(self.document.blocks)
        return self.document.blocks[self.body_start : first]


def has_substance(text: str) -> bool:
    """Whether `text` says something: not empty, not only punctuation, not only "无" / "暂无"."""
    words = _NOT_TEXT.sub("", text)
    return bool(words) and not _NOTHING.match(words)


def _heading_parts(block: Block) -> tuple[str, str, str, int | None, bool] | None:
    """(text, title, family, number, run_in) when the block is, or starts with, a heading."""
    text = block.text.strip()
    numbering = parse_numbering(text)
    if numbering is None:
        if DATE_LINE.match(text) or len(text) > 80:
            return None
        if block.style_level is not None or block.is_title:
            return text, text, "style", None, False
        short = len(text) <= 40 and not re.search(r"[。；;：:！!？?]|[，,、]$", text)
        if short and (block.bold or not ISSUER_END.search(text)):
            return text, text.rstrip(), "plain", None, False
        return None
    rest = text[numbering.end :]
    body = rest.rstrip("。：:；; ")
    if len(body) <= MAX_HEADING and not SENTENCE_PUNCT.search(body):
        return text.rstrip("。：:；; "), body, numbering.family, numbering.value, False
    match = _RUN_IN_END.search(rest)
    if match and (
        2 <= match.start() <= MAX_RUN_IN
        or (match.start() <= LONG_RUN_IN and not re.search(r"\d", rest[: match.start()]))
    ):
        title = rest[: match.start()]
        return text[: numbering.end + match.start()], title, numbering.family, numbering.value, True
    if block.style_level is not None and len(body) <= 80:
        return text, body, numbering.family, numbering.value, False
    return None


# Not a heading however short: punctuation or figures only, an attachment or contact line, a page's
# menu item ("• 情况报告").
_NOT_A_HEADING = re.compile(r"^[\W\d_]*$|^(?:附件|附表|（此件|\(此件|抄送|联系人|联系电话)|^\s*[•·●▪◆■□○◇]")
PLAIN_ONLY_BELOW = 3  # unnumbered plain lines count as headings only when numbered ones are this rare


def _drop_unneeded_plain(
    raw: list[tuple[Block, int, tuple[str, str, str, int | None, bool]]],
) -> list[tuple[Block, int, tuple[str, str, str, int | None, bool]]]:
    """Keep short unnumbered lines as headings only where the report has (almost) no other headings,
    as in a text export that lost Word's automatic numbering; elsewhere they are page numbers,
    captions or emphasised sentences."""
    kept = [r for r in raw if r[2][2] != "plain" or not _NOT_A_HEADING.search(r[0].text.strip())]
    numbered = sum(1 for r in kept if r[2][2] != "plain")
    if numbered >= PLAIN_ONLY_BELOW:
        kept = [r for r in kept if r[2][2] != "plain"]
    return kept


STYLED_OUTLINE_MIN = 2  # unnumbered heading-styled paragraphs that make the styles the outline
# (a single one is as often a stray subtitle or banner as a heading)


def _assign_levels(
    raw: list[tuple[Block, int, tuple[str, str, str, int | None, bool]]],
) -> list[int]:
    """Levels from the numbering families present (一、 > （一） > 1. > （1））, or, in a document whose
    headings carry heading styles without typed numbers, from the styles: there a typed number in a
    paragraph without a heading style ("（一）深入学习…" in the plan) nests under the styled heading
    before it, ranked by its family among the other unstyled numbers."""
    styled = sum(1 for block, _, parts in raw if parts[2] == "style" and block.style_level is not None)
    by_style = styled >= STYLED_OUTLINE_MIN
    numbered = {parts[2] for block, _, parts in raw if not (by_style and block.style_level is not None)}
    families = sorted(numbered & set(FAMILY_ORDER), key=FAMILY_ORDER.index)
    rank = {family: i + 1 for i, family in enumerate(families)}
    levels = []
    base = 0  # the level of the last heading placed by its style
    for block, _, parts in raw:
        if by_style and block.style_level is not None:
            base = block.style_level
            levels.append(base)
        elif parts[2] in rank:
            levels.append(base + rank[parts[2]] if by_style else rank[parts[2]])
        elif block.style_level is not None:
            levels.append(block.style_level)
        else:
            levels.append(1)
    return levels


def content_end(blocks: tuple[Block, ...]) -> int:
    """Position after the last block that is not part of the closing signature and date (a numbered
    line is never a signature: 「（一）加强党的领导。局」 where a page's excerpt stops is a heading)."""
    end = len(blocks)
    while end > 0 and end > len(blocks) - 3:
        text = blocks[end - 1].text.strip()
        signature = len(text) <= 40 and ISSUER_END.search(text) and parse_numbering(text) is None
        if DATE_LINE.match(text) or signature:
            end -= 1
        else:
            break
    return end


def recover_structure(document: Document) -> Structure:
    """Find the title, year, issuer and headings of `document`."""
    blocks = document.blocks
    title, title_paragraph, body_start, merged_rest = find_title(blocks)
    if merged_rest is not None:
        first = blocks[body_start]
        blocks = (
            *blocks[:body_start],
            Block(first.index, merged_rest, origin=first.origin),
            *blocks[body_start + 1 :],
        )
        document = Document(document.path, document.format, blocks, document.notes)
    end = content_end(blocks)
    raw = []
    for position in range(body_start, end):
        block = blocks[position]
        if block.origin != "body":
            continue
        parts = _heading_parts(block)
        if parts is not None:
            raw.append((block, position, parts))
    raw = _drop_unneeded_plain(raw)
    levels = _assign_levels(raw)
    headings = tuple(
        Heading(parts[0], parts[1], level, block.index, position, parts[2], parts[3], parts[4])
        for (block, position, parts), level in zip(raw, levels, strict=True)
    )
    first_heading = headings[0].position if headings else len(blocks)
    opening = blocks[body_start : min(first_heading, body_start + 6)] or blocks[body_start : body_start + 1]
    first_text = headings[0].text if headings else None
    year, source = report_year(title, opening, first_text, blocks[body_start:end])
    return Structure(
        document, title, title_paragraph, find_issuer(title, blocks), year, source, headings, body_start
    )

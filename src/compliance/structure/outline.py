"""Stage 2, structure: recover the title, report year, issuer and heading outline of a Document."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from compliance.reading.document import Block, Document
from compliance.text import FAMILY_ORDER, find_years, fold, parse_numbering

_FRONT_MATTER = re.compile(
    r"〔\s*(?:19|20)\d{2}\s*〕\s*\d+\s*号|\[\s*(?:19|20)\d{2}\s*\]\s*\d+\s*号|签发人|密级|特急|加急|平急"
    r"|^附件\s*\d*$|文件$|^(?:各|致)?[^。，]{0,30}[：:]$"
)
_PAGE_META = re.compile(
    r"来源[：:]|发布时间|发布日期|浏览次数|阅读次数|点击[数量]|字号[：:]|【?打印|无障碍|简体\s*[|｜]\s*繁体|关怀版"
    r"|索引号|信息分类|发布机构|生成日期|生效日期|废止日期|成文日期|主题分类|关键词[：:]|文号[：:]"
    r"|首页\s*[>＞»]|当前位置|您(?:现在)?的?位置|星期[一二三四五六日天]|\s[>＞»]\s.*\s[>＞»]\s"
)
_BREADCRUMB = re.compile(r"\s[>＞»]\s|首页\s*[>＞»]")
_TITLE_CLOSE = re.compile(r"(?:报告|总结|情况)$")
TITLE_SEARCH = 24  # the title is among the first lines (after front matter or page chrome)
_TITLE_HINT = re.compile(r"法治|依法行政|依法治")
_TITLE_END = re.compile(r"(?:报告|总结|情况)")
_DATE_LINE = re.compile(r"^\s*(?:(?:19|20)\d{2}|二[〇○零]\S{2})\s*年\s*\S{0,3}\s*月\s*\S{0,3}\s*日\s*$")
_ISSUER_END = re.compile(r"(?:政府|委员会|党委|县委|市委|区委|局|厅|委|办公室|办|署|中心|院|党组)\s*$")
_ISSUER_CUT = re.compile(r"^(.*?)(?:关于|(?:19|20)\d{2}\s*年)")
_RUN_IN_END = re.compile(r"[。：:；;！!]")
_SENTENCE_PUNCT = re.compile(r"[。；;！!？?]")

MAX_HEADING = 50  # a whole-paragraph heading is at most this long (numbering excluded)
MAX_RUN_IN = 40  # a run-in heading sentence is at most this long


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading recognised in the document."""

    text: str  # as in the document, numbering included; for run-in headings only the heading sentence
    title: str  # the heading without its numbering
    level: int  # 1 = top level
    paragraph: int  # Block.index of the paragraph
    position: int  # position in Document.blocks
    family: str  # numbering family ("cn", "cn_paren", …), "style" or "plain"
    number: int | None  # the value of the heading number, if numbered
    run_in: bool  # the heading is the first sentence of a body paragraph


@dataclass(frozen=True, slots=True)
class Structure:
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

    @property
    def preamble(self) -> tuple[Block, ...]:
        """Body blocks between the title and the first heading."""
        first = self.headings[0].position if self.headings else len(self.document.blocks)
        return self.document.blocks[self.body_start : first]


def _is_title_line(text: str) -> bool:
    return (
        bool(_TITLE_HINT.search(text))
        and len(text) <= 90
        and not text.endswith("。")
        and not _PAGE_META.search(text)
        and not _BREADCRUMB.search(text)  # 首页 > 政务公开 > 法治政府建设
    )


def _split_merged_title(text: str) -> tuple[str, str] | None:
    """ "…情况的报告2023年，市政府坚持…" → (title, rest)."""
    folded = fold(text)
    for match in re.finditer(r"报告|总结", folded[:90]):
        head, rest = text[: match.end()], text[match.end() :]
        if _TITLE_HINT.search(head) and len(rest) >= 10:
            return head.strip(), rest.strip()
    return None


def _find_title(blocks: tuple[Block, ...]) -> tuple[str | None, int | None, int, str | None]:
    """(title, title paragraph, first body position, remainder of a merged title line).

    The title is looked for among the first lines that precede the body: after 公文 front matter
    (document number, 签发人) and after the chrome of a web page pasted as text (site name, date,
    "无障碍 简体|繁体"), but never past a body paragraph or a numbered heading."""
    for pos in range(min(len(blocks), TITLE_SEARCH)):
        text = blocks[pos].text.strip()
        if parse_numbering(text):
            break
        if _PAGE_META.search(text):
            continue  # page chrome, however long
        found = _title_at(blocks, pos)
        if found is not None:
            return found
        if len(text) > 45 or _SENTENCE_PUNCT.search(text):
            break  # a body paragraph: the report has no title
    first = 0
    while first < len(blocks) and _is_chrome(blocks[first].text):
        first += 1
    return None, None, first if first < min(len(blocks), TITLE_SEARCH) else 0, None


def _is_chrome(text: str) -> bool:
    """Front matter or page chrome before a title: short, no sentence, no heading number."""
    text = text.strip()
    return (
        len(text) <= 40
        and not _SENTENCE_PUNCT.search(text)
        and not parse_numbering(text)
        and (bool(_FRONT_MATTER.search(fold(text))) or bool(_PAGE_META.search(text)))
    )


def _title_span(blocks: tuple[Block, ...], pos: int) -> tuple[int, int] | None:
    """(first, count): the title's lines starting at or just after `pos`, for a title on one line or
    over up to three ("中共某某县委  某某县人民政府" / "关于2023年法治政府建设情况的" / "报告")."""
    lines: list[str] = []
    for block in blocks[pos : pos + 3]:
        text = block.text.strip()
        if len(text) > 45 or _SENTENCE_PUNCT.search(text) or _is_chrome(text) or parse_numbering(text):
            break
        lines.append(text)
        if _TITLE_CLOSE.search(text):
            break
    for count in range(1, len(lines) + 1):
        joined = "".join(lines[:count])
        if _TITLE_CLOSE.search(joined) and _is_title_line(joined):
            last = lines[count - 1]
            if (
                count > 1
                and _is_title_line(last)
                and _TITLE_CLOSE.search(last)
                and not last.startswith("关于")
            ):
                return pos + count - 1, 1  # a site name or an issuer line above a complete title
            return pos, count
    return None


def _title_at(blocks: tuple[Block, ...], pos: int) -> tuple[str, int, int, str | None] | None:
    block = blocks[pos]
    text = block.text.strip()
    span = _title_span(blocks, pos)
    if span is not None:
        first, count = span
        title = "".join(b.text.strip() for b in blocks[first : first + count])
        return title, blocks[first].index, _skip_after_title(blocks, first + count, title), None
    if block.is_title or _is_title_line(text):
        return text, block.index, _skip_after_title(blocks, pos + 1, text), None
    merged = _split_merged_title(text)
    if merged:
        return merged[0], block.index, pos, merged[1]
    return None


def _skip_after_title(blocks: tuple[Block, ...], pos: int, title: str) -> int:
    """Past the salutation ("市委、市政府："), a web page's source and date line, a repeated title."""
    while pos < len(blocks):
        text = blocks[pos].text.strip()
        repeated = text.replace(" ", "") == title.replace(" ", "")
        if not (repeated or _is_chrome(text) or (len(text) <= 80 and _PAGE_META.search(text))):
            break
        pos += 1
    return pos


def _issuer(title: str | None, blocks: tuple[Block, ...]) -> str | None:
    if title:
        match = _ISSUER_CUT.match(fold(title))
        issuer = title[: match.end(1)].strip() if match else ""
        if not issuer:  # "2020年某某区法治政府建设情况报告": the issuer follows the year
            after = re.match(r"\s*(?:19|20)\d{2}\s*年度?(.*?)(?:关于|法治|依法)", fold(title))
            issuer = title[after.start(1) : after.end(1)].strip() if after else ""
        if issuer:
            return issuer
    for pos in range(len(blocks) - 1, max(len(blocks) - 4, 0), -1):  # signature above the date
        if _DATE_LINE.match(blocks[pos].text) and _ISSUER_END.search(blocks[pos - 1].text):
            return blocks[pos - 1].text.strip()
    return None


def _heading_parts(block: Block) -> tuple[str, str, str, int | None, bool] | None:
    """(text, title, family, number, run_in) when the block is, or starts with, a heading."""
    text = block.text.strip()
    numbering = parse_numbering(text)
    if numbering is None:
        if _DATE_LINE.match(text) or len(text) > 80:
            return None
        if block.style_level is not None or block.is_title:
            return text, text, "style", None, False
        short = len(text) <= 40 and not re.search(r"[。；;：:！!？?]|[，,、]$", text)
        if short and (block.bold or not _ISSUER_END.search(text)):
            return text, text.rstrip(), "plain", None, False
        return None
    rest = text[numbering.end :]
    body = rest.rstrip("。：:；; ")
    if len(body) <= MAX_HEADING and not _SENTENCE_PUNCT.search(body):
        return text.rstrip("。：:；; "), body, numbering.family, numbering.value, False
    match = _RUN_IN_END.search(rest)
    if match and 2 <= match.start() <= MAX_RUN_IN:
        title = rest[: match.start()]
        return text[: numbering.end + match.start()], title, numbering.family, numbering.value, True
    if block.style_level is not None and len(body) <= 80:
        return text, body, numbering.family, numbering.value, False
    return None


_NOT_A_HEADING = re.compile(r"^[\W\d_]*$|^(?:附件|附表|（此件|\(此件|抄送|联系人|联系电话)")
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


def _assign_levels(
    raw: list[tuple[Block, int, tuple[str, str, str, int | None, bool]]],
) -> list[int]:
    families = sorted({parts[2] for _, _, parts in raw} & set(FAMILY_ORDER), key=FAMILY_ORDER.index)
    rank = {family: i + 1 for i, family in enumerate(families)}
    levels = []
    for block, _, parts in raw:
        if parts[2] in rank:
            levels.append(rank[parts[2]])
        elif block.style_level is not None:
            levels.append(block.style_level)
        else:
            levels.append(1)
    return levels


def content_end(blocks: tuple[Block, ...]) -> int:
    """Position after the last block that is not part of the closing signature and date."""
    end = len(blocks)
    while end > 0 and end > len(blocks) - 3:
        text = blocks[end - 1].text.strip()
        if _DATE_LINE.match(text) or (len(text) <= 40 and _ISSUER_END.search(text)):
            end -= 1
        else:
            break
    return end


def recover_structure(document: Document) -> Structure:
    """Find the title, year, issuer and headings of `document`."""
    blocks = document.blocks
    title, title_paragraph, body_start, merged_rest = _find_title(blocks)
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
    year, source = _report_year(title, opening)
    return Structure(
        document, title, title_paragraph, _issuer(title, blocks), year, source, headings, body_start
    )


def _report_year(title: str | None, opening: tuple[Block, ...]) -> tuple[int | None, str | None]:
    if title:
        years = find_years(title)
        if years:
            return years[0][0], "title"
    for block in opening:
        early = [year for year, offset in find_years(block.text) if offset < 80]
        if early:
            return early[0], "body"
    return None, None

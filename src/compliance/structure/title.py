"""Stage 2, structure: find a report's title and issuer as a reader finds them."""

from __future__ import annotations

import re

from compliance.reading.document import Block
from compliance.records import replace
from compliance.structure.lines import (
    BULLET,
    DATE_LINE,
    FIELD_ROW,
    FIELD_ROW_MAX,
    ISSUER_END,
    PAGE_META,
    field_value,
    form,
    is_chrome,
    is_salutation,
    is_sentence,
    is_table_row,
)
from compliance.text import digit_years, parse_numbering

# An issuer on its own line above a title that names none: an office, or a place that reports itself,
# or a unit that reports as a department does (执法大队/支队, 海关, 监狱, 司法所, 管理处, 站).
_ISSUER_LINE = re.compile(
    ISSUER_END.pattern + r"|(?:省|市|县|区|镇|乡|街道|旗|州|盟|办事处|管委会|队|海关|监狱|所|处|站)\s*$"
)
ISSUER_LINE_MAX = 30  # an issuer line is a name, not a sentence

_BREADCRUMB = re.compile(r"\s[>＞»]\s|首页\s*[>＞»]")
# What a title calls the report: a 报告, a 工作总结, a 情况 (「法治政府部门建设工作情况」), a 汇报, a 年报.
_TITLE_CLOSE = re.compile(r"(?:报告|总结|情况|汇报|年报)$")
# ... perhaps with a remark in brackets after it ("……年度报告（2023年）", "……情况报告(全文)"). A line
# that names no report is a statement ("全面推进法治政府建设取得明显成效"), not a title, unless Word
# styled it as one.
_TITLE_END = re.compile(r"(?:报告|总结|情况|汇报|年报)(?:\s*[（(][^（）()]{1,12}[)）])?\s*$")
# The title is among the first lines: a Word report opens with it, but a portal page puts up to
# about 20 lines of chrome before it (breadcrumbs, 索引号/发布机构/生成日期/文号/主题分类 …, each
# often its own line) and a 公文 a 发文字号 and 密级 line; 24 covers that with a margin, and stops
# before the body, where a sentence quoting "…报告" would otherwise pass for the title.
TITLE_SEARCH = 24
TITLE_LINE_MAX = 45  # one line of a title; a longer line is a body paragraph
TITLE_MAX = 90  # a whole title, over however many lines
_TITLE_HINT = re.compile(r"法治|依法行政|依法治")
_ISSUER_CUT = re.compile(r"^(.*?)(?:关于|(?:19|20)\d{2}\s*年)")
_ISSUER_BEFORE_TOPIC = re.compile(r"^(.+?)(?:法治|依法)")
_ISSUER_AFTER_YEAR = re.compile(r"\s*(?:19|20)\d{2}\s*年度?(.*?)(?:关于|法治|依法)")
# A cover letter names the report it sends in 《》: "关于报送《某某局2023年度法治政府建设情况报告》的报告".
_COVER_LETTER = re.compile(
    r"^关于(?:报送|呈报|上报|提交|印发|转报)?\s*《(?P<inner>[^《》]+)》\s*的(?:报告|函|请示|通知)$"
)
# A cover letter sent ahead of the report: a few paragraphs ("现将我局《……工作总结》随文上报。",
# "特此报告。") closed by its formula or by the sender and a date line, then the report with its own
# title. Up to four paragraphs, the formula, the sender and the date make seven lines; a report's own
# closing formula and date are far further on.
COVER_LETTER_LINES = 7
COVER_LETTER_CHARS = 400  # one paragraph of a cover letter; a longer one is the report's body
# ... and says that it sends the report it names: "现将《……报告》随文上报/报送你们/附后".
_SENDS = re.compile(r"报送|上报|呈报|报上|转报|提交|随文|附后|送上")
_NAMED_REPORT = re.compile(r"《([^《》]+)》")
# The formula that closes a letter: "特此报告。", "请审阅。", "妥否，请批示。".
_LETTER_CLOSE = re.compile(r"^(?:特此(?:报告|报送|函告|说明)|请(?:予)?审(?:阅|示|定)|妥否,?请批示)[。.!！]?$")
# A date in brackets under a title ("（2024年1月20日）"): when the report was made, not its body.
_DATED = re.compile(r"^[(（]\s*(?:(?:19|20)\d{2}|二[〇○零O0]\S{2})\s*年[^()（）]{0,8}[)）]$")
SOURCE_LINE_MAX = 80  # a page's "发布时间：… 来源：…" line after the title; a longer line is text


def _is_title_line(text: str) -> bool:
    folded = form(text)
    return (
        bool(_TITLE_HINT.search(folded))
        and not BULLET.match(folded)
        and len(text) <= TITLE_MAX
        and not is_sentence(text)
        and not is_salutation(text)  # "市委全面依法治市委员会：" addresses the reader of the report
        and not is_table_row(text)
        and not PAGE_META.search(folded)
        and not _BREADCRUMB.search(folded)  # 首页 > 政务公开 > 法治政府建设
    )


def _split_merged_title(text: str) -> tuple[str, str] | None:
    """ "…情况的报告2023年，市政府坚持…" → (title, rest); never a sentence cut at a 报告 it cites."""
    for match in re.finditer(r"报告|总结", form(text)[:TITLE_MAX]):
        head, rest = text[: match.end()], text[match.end() :]
        quoted = head.count("《") != head.count("》") or head.count("“") != head.count("”")
        if _is_title_line(head) and len(rest) >= 10 and not quoted:
            return head.strip(), rest.strip()
    return None


Found = tuple[str, int, int, str | None]  # title, title paragraph, first body position, merged rest


def find_title(blocks: tuple[Block, ...]) -> tuple[str | None, int | None, int, str | None]:
    """(title, title paragraph, first body position, remainder of a merged title line).

    The title is looked for among the first lines that precede the body: after 公文 front matter
    (document number, 签发人), after the chrome of a web page pasted as text (site name, date,
    "无障碍 简体|繁体", a metadata table) and a salutation, and after a cover letter that ends in its
    sender and date; never past a body paragraph, a sentence or a numbered heading."""
    blocks = tuple(_field_value(b) if k < TITLE_SEARCH + 3 else b for k, b in enumerate(blocks))
    found, stop = _search(blocks, 0)
    if found is None and stop is not None:
        found = _after_cover_letter(blocks, stop)
    if found is not None:
        return found
    first = 0
    while first < len(blocks) and is_chrome(blocks[first].text):
        first += 1
    return None, None, first if first < min(len(blocks), TITLE_SEARCH) else 0, None


def _search(blocks: tuple[Block, ...], start: int) -> tuple[Found | None, int | None]:
    """(the title found from `start`, None) or (None, the position of the body paragraph that ended
    the search, if one did)."""
    for pos in range(start, min(len(blocks), start + TITLE_SEARCH)):
        text = blocks[pos].text.strip()
        if parse_numbering(text):
            return None, None
        meta = PAGE_META.search(form(text))
        if meta and not is_table_row(text):
            head = text[: meta.start()].strip()  # "某局……报告 发布时间:2024-01-29 来源:某局"
            if _is_title_line(head) and _TITLE_CLOSE.search(form(head)):
                return (head, blocks[pos].index, skip_after_title(blocks, pos + 1, head), None), None
            continue  # page chrome, however long
        if is_table_row(text):
            continue  # a row of the page's metadata table
        found = _title_at(blocks, pos)
        if found is not None:
            return found, None
        if len(text) > TITLE_LINE_MAX or is_sentence(text):
            return None, pos  # a body paragraph: no title before it
    return None, None


def _after_cover_letter(blocks: tuple[Block, ...], pos: int) -> Found | None:
    """The report's own title after a cover letter that starts at `pos` and closes with a closing
    formula ("特此报告。") or its sender and date ("某某局" / "2025年1月15日"); failing a title line
    there, the report the letter sends in 《》. None when `pos` starts no such letter."""
    close = None
    for end in range(pos, min(len(blocks), pos + COVER_LETTER_LINES)):
        text = blocks[end].text.strip()
        if len(text) > COVER_LETTER_CHARS:
            break  # the report's body: no letter closed before it
        signed = end > pos and bool(DATE_LINE.match(form(text))) and _is_issuer_line(blocks[end - 1].text)
        if signed or _LETTER_CLOSE.match(form(text)):
            close = end
            found, _ = _search(blocks, end + 1)
            if found is not None:
                return found
        if signed:
            break
    return None if close is None else _sent_report(blocks, pos, close)


def _sent_report(blocks: tuple[Block, ...], pos: int, close: int) -> Found | None:
    """The report a cover letter (from `pos` to its close) says it sends in 《》, the body after it."""
    for block in blocks[pos:close]:
        if not _SENDS.search(form(block.text)):
            continue  # a sentence that cites a report ("落实《……报告》提出的整改任务")
        for named in _NAMED_REPORT.finditer(block.text):
            if _is_title_line(named.group(1)) and _TITLE_CLOSE.search(form(named.group(1))):
                body = skip_after_title(blocks, close + 1, named.group(1))
                return named.group(1).strip(), block.index, body, None
    return None


def _field_value(block: Block) -> Block:
    text = field_value(block.text)
    return block if text == block.text.strip() else replace(block, text=text)


def _title_span(blocks: tuple[Block, ...], pos: int) -> tuple[int, int] | None:
    """(first, count): the title's lines starting at or just after `pos`, for a title on one line or
    over up to three ("中共某某县委  某某县人民政府" / "关于2023年法治政府建设情况的" / "报告")."""
    lines: list[str] = []
    for block in blocks[pos : pos + 3]:
        text = block.text.strip()
        if len(text) > TITLE_LINE_MAX or is_sentence(text) or is_chrome(text) or parse_numbering(text):
            break
        if DATE_LINE.match(form(text)):
            break  # a letter's or a page's date above the title is not part of it
        lines.append(text)
        if _TITLE_CLOSE.search(form(text)):
            break
    for count in range(1, len(lines) + 1):
        joined = "".join(lines[:count])
        if _TITLE_CLOSE.search(form(joined)) and _is_title_line(joined):
            last = lines[count - 1]
            if (
                count > 1
                and _is_title_line(last)
                and _TITLE_CLOSE.search(form(last))
                and not form(last).startswith("关于")
            ):
                above = lines[count - 2]
                if not issuer_of(last) and _is_issuer_line(above):
                    return pos + count - 2, 2  # "东安县应急管理局" / "2025年法治政府建设报告"
                return pos + count - 1, 1  # a site name above a complete title
            return pos, count
    return None


def _is_issuer_line(text: str) -> bool:
    folded = form(text).strip()
    return (
        len(folded) <= ISSUER_LINE_MAX
        and bool(_ISSUER_LINE.search(folded))
        and not _TITLE_HINT.search(folded)
    )


def _own_title(title: str) -> str:
    """The report's own title: a cover letter's gives way to the report it names in 《》."""
    title = title.strip()
    match = _COVER_LETTER.match(form(title))
    if match and _is_title_line(match.group("inner")):
        return title[match.start("inner") : match.end("inner")].strip()
    return title


def _title_at(blocks: tuple[Block, ...], pos: int) -> Found | None:
    block = blocks[pos]
    text = block.text.strip()
    if BULLET.match(text):
        return None  # a menu or list item of the page
    span = _title_span(blocks, pos)
    if span is not None:
        first, count = span
        title = "".join(b.text.strip() for b in blocks[first : first + count])
        return _own_title(title), blocks[first].index, skip_after_title(blocks, first + count, title), None
    styled = block.is_title and not is_sentence(text) and not is_salutation(text)
    if styled or (_is_title_line(text) and _TITLE_END.search(form(text))):
        return _own_title(text), block.index, skip_after_title(blocks, pos + 1, text), None
    merged = _split_merged_title(text)
    if merged:
        return merged[0], block.index, pos, merged[1]
    return None


def skip_after_title(blocks: tuple[Block, ...], pos: int, title: str) -> int:
    """Past the salutation ("市委、市政府："), a web page's source and date line, a metadata table's
    remaining rows ("- 效力状态:有效", "文  号 | | 主题词 |"), a repeated title."""
    while pos < len(blocks):
        text = blocks[pos].text.strip()
        repeated = text.replace(" ", "") == title.replace(" ", "")
        field = len(text) <= FIELD_ROW_MAX and bool(FIELD_ROW.match(form(text)))
        meta = len(text) <= SOURCE_LINE_MAX and PAGE_META.search(form(text))
        dated = bool(_DATED.match(form(text)))
        if not (repeated or field or dated or is_chrome(text) or meta):
            break
        pos += 1
    return pos


def issuer_of(title: str) -> str:
    """The issuer a title names ("某某区人民政府关于…", "2020年某某区法治政府…"), or ""."""
    folded = digit_years(form(title))
    match = _ISSUER_CUT.match(folded)
    issuer = title[: match.end(1)].strip() if match else ""
    if not issuer:  # "2020年某某区法治政府建设情况报告": the issuer follows the year
        after = _ISSUER_AFTER_YEAR.match(folded)
        named = after and _ISSUER_LINE.search(after.group(1))  # a place or an office, not "交通运输"
        issuer = title[after.start(1) : after.end(1)].strip() if after and named else ""
    if not issuer:  # "某某局法治政府建设年度报告": no year, no 关于, the issuer before 法治
        before = _ISSUER_BEFORE_TOPIC.match(folded)
        named = before and _ISSUER_LINE.search(before.group(1))
        issuer = title[: before.end(1)].strip() if before and named else ""
    return issuer


def find_issuer(title: str | None, blocks: tuple[Block, ...]) -> str | None:
    """The title's issuer, else the signature above the closing date."""
    issuer = issuer_of(title) if title else ""
    if issuer:
        return issuer
    closing = list(range(len(blocks) - 1, max(len(blocks) - 4, 0), -1))  # the report's signature, date
    letter = list(range(1, min(len(blocks), TITLE_SEARCH)))  # a cover letter's, before the title
    for pos in closing + letter:
        signature: str = blocks[pos - 1].text.strip()
        if DATE_LINE.match(form(blocks[pos].text)) and ISSUER_END.search(form(signature)):
            return signature
    return None

"""Stage 2, structure: find a report's title, issuer and report year as a reader finds them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from compliance.reading.document import Block
from compliance.text import digit_years, find_years, fold, parse_numbering

FRONT_MATTER = re.compile(
    r"〔\s*(?:19|20)\d{2}\s*〕\s*\d+\s*号|\[\s*(?:19|20)\d{2}\s*\]\s*\d+\s*号|签发人|密级|特急|加急|平急"
    r"|^附件\s*\d*$|文件$|^(?:各|致)?[^。，]{0,30}[：:]$"
)
PAGE_META = re.compile(
    r"来源[：:]|发布时间|发布日期|浏览次数|阅读次数|点击[数量]|字号[：:]|【?打印|无障碍|简体\s*[|｜]\s*繁体|关怀版"
    r"|索引号|信息分类|发布机构|生成日期|生效日期|废止日期|成文日期|主题分类|关键词[：:]|文号[：:]"
    r"|首页\s*[>＞»]|当前位置|您(?:现在)?的?位置|星期[一二三四五六日天]|\s[>＞»]\s.*\s[>＞»]\s"
)
DATE_LINE = re.compile(r"^\s*(?:(?:19|20)\d{2}|二[〇○零]\S{2})\s*年\s*\S{0,3}\s*月\s*\S{0,3}\s*日\s*$")
ISSUER_END = re.compile(r"(?:政府|委员会|党委|县委|市委|区委|局|厅|委|办公室|办|署|中心|院|党组)\s*$")
SENTENCE_PUNCT = re.compile(r"[。；;！!？?]")
# An issuer on its own line above a title that names none: an office, or a place that reports itself.
_ISSUER_LINE = re.compile(ISSUER_END.pattern + r"|(?:省|市|县|区|镇|乡|街道|旗|州|盟|办事处|管委会)\s*$")
ISSUER_LINE_MAX = 30  # an issuer line is a name, not a sentence

_BREADCRUMB = re.compile(r"\s[>＞»]\s|首页\s*[>＞»]")
_TITLE_CLOSE = re.compile(r"(?:报告|总结|情况)$")
# The title is among the first lines: a Word report opens with it, but a portal page puts up to
# about 20 lines of chrome before it (breadcrumbs, 索引号/发布机构/生成日期/文号/主题分类 …, each
# often its own line) and a 公文 a 发文字号 and 密级 line; 24 covers that with a margin, and stops
# before the body, where a sentence quoting "…报告" would otherwise pass for the title.
TITLE_SEARCH = 24
TITLE_LINE_MAX = 45  # one line of a title; a longer line is a body paragraph
_TITLE_HINT = re.compile(r"法治|依法行政|依法治")
_ISSUER_CUT = re.compile(r"^(.*?)(?:关于|(?:19|20)\d{2}\s*年)")
_ISSUER_AFTER_YEAR = re.compile(r"\s*(?:19|20)\d{2}\s*年度?(.*?)(?:关于|法治|依法)")
# A line that reads as a sentence, not a title: it opens the way a body sentence opens ("根据……要求",
# "按照……", "现将……报告如下"), announces what follows ("……如下："), or holds a comma (titles have none).
_SENTENCE_OPEN = re.compile(r"^\s*(?:根据|按照|依据|依照|遵照|为(?:深入|全面|认真|进一步|贯彻)|现[将就把])")
_SENTENCE_CLOSE = re.compile(r"如下\s*[:：。.]?\s*$")
_CLAUSE_COMMA = re.compile(r"[，,]")
# A cover letter names the report it sends in 《》: "关于报送《某某局2023年度法治政府建设情况报告》的报告".
_COVER_LETTER = re.compile(
    r"^关于(?:报送|呈报|上报|提交|印发|转报)?\s*《(?P<inner>[^《》]+)》\s*的(?:报告|函|请示|通知)$"
)
# "现将我局2022年法治统计建设情况报告如下": the clause that says what the report is about.
_REPORTS_ON = re.compile(r"现[将就把][^。；;]{0,60}?如下")
# A portal's metadata table pasted as text gives the title as a field: "- 标 题:某某局2021年度……报告"
# or "名称:" on one line and "……年度报告 - 文号:" on the next; the field's value is the title.
_FIELD_LABEL = re.compile(r"^[-•·●▪*]?\s*(?:标\s*题|名\s*称|题\s*名|文\s*件\s*名\s*称)\s*[:：]\s*")
_TRAILING_FIELD = re.compile(r"\s+[-|｜]\s*[^\s:：\-]{1,8}\s*[:：]\s*$")
# A browser page title or a listing adds the site or the date after the title: "……报告_某县人民政府网",
# "……报告 | 某县人民政府", "……报告 2024-01-29".
_PAGE_TAIL = re.compile(
    r"(报告|总结|情况|汇报)(?:\s*[|｜_]\s*[^|｜_]{2,30}|\s+(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?)$"
)
# A listing's column tag before a title ("【政务公开】……报告"), or 《》 around a whole title line.
_COLUMN_TAG = re.compile(r"^【[^】]{1,12}】\s*(?=\S)")
_QUOTED_WHOLE = re.compile(r"^《([^《》]+)》$")
# A metadata table's row pasted as a list item: "- 效力状态:有效", "- 文 号:无".
_FIELD_ROW = re.compile(r"^[-•·*]\s*[^\s:：]{1,6}(?:\s[^\s:：]{1,3}){0,3}\s*[:：]")
FIELD_ROW_MAX = 60  # a field row is a label and a short value, not a paragraph
# A line that opens with a list bullet is a menu or list item of the page ("• 情况报告"), not a title.
_BULLET = re.compile(r"^\s*[•·●▪◆■□○◇]")
OPENING_YEAR_WITHIN = 80  # a year this early in the opening paragraph is the report's year
CONTENT_YEAR_CHARS = 3000  # the body read for the years its work is dated with, when nothing says it
_CITED = re.compile(r"《[^》]{0,80}》")


def is_sentence(text: str) -> bool:
    """Whether a line reads as a sentence of the body rather than as a title."""
    text = text.strip()
    return bool(
        _SENTENCE_OPEN.search(text)
        or _SENTENCE_CLOSE.search(text)
        or _CLAUSE_COMMA.search(text)
        or SENTENCE_PUNCT.search(text)
    )


def _is_title_line(text: str) -> bool:
    return (
        bool(_TITLE_HINT.search(text))
        and not _BULLET.match(text)
        and len(text) <= 90
        and not text.endswith("。")
        and not is_sentence(text)
        and not PAGE_META.search(text)
        and not _BREADCRUMB.search(text)  # 首页 > 政务公开 > 法治政府建设
    )


def _split_merged_title(text: str) -> tuple[str, str] | None:
    """ "…情况的报告2023年，市政府坚持…" → (title, rest); never a sentence cut at a 报告 it cites."""
    folded = fold(text)
    for match in re.finditer(r"报告|总结", folded[:90]):
        head, rest = text[: match.end()], text[match.end() :]
        quoted = head.count("《") != head.count("》") or head.count("“") != head.count("”")
        if _TITLE_HINT.search(head) and len(rest) >= 10 and not quoted and not is_sentence(head):
            return head.strip(), rest.strip()
    return None


def is_chrome(text: str) -> bool:
    """Front matter or page chrome before a title: short, no sentence, no heading number."""
    text = text.strip()
    return (
        len(text) <= 40
        and not SENTENCE_PUNCT.search(text)
        and not parse_numbering(text)
        and not (_SENTENCE_OPEN.search(text) or _SENTENCE_CLOSE.search(text))  # not "现将…报告如下："
        and (bool(FRONT_MATTER.search(fold(text))) or bool(PAGE_META.search(text)))
    )


def find_title(blocks: tuple[Block, ...]) -> tuple[str | None, int | None, int, str | None]:
    """(title, title paragraph, first body position, remainder of a merged title line).

    The title is looked for among the first lines that precede the body: after 公文 front matter
    (document number, 签发人) and after the chrome of a web page pasted as text (site name, date,
    "无障碍 简体|繁体"), but never past a body paragraph, a sentence or a numbered heading."""
    blocks = tuple(_field_value(b) if k < TITLE_SEARCH + 3 else b for k, b in enumerate(blocks))
    for pos in range(min(len(blocks), TITLE_SEARCH)):
        text = blocks[pos].text.strip()
        if parse_numbering(text):
            break
        meta = PAGE_META.search(text)
        if meta:
            head = text[: meta.start()].strip()  # "某局……报告 发布时间:2024-01-29 来源:某局"
            if _is_title_line(head) and _TITLE_CLOSE.search(head):
                return head, blocks[pos].index, skip_after_title(blocks, pos + 1, head), None
            continue  # page chrome, however long
        found = _title_at(blocks, pos)
        if found is not None:
            return found
        if len(text) > TITLE_LINE_MAX or is_sentence(text):
            break  # a body paragraph: the report has no title
    first = 0
    while first < len(blocks) and is_chrome(blocks[first].text):
        first += 1
    return None, None, first if first < min(len(blocks), TITLE_SEARCH) else 0, None


def _field_value(block: Block) -> Block:
    """A metadata field line read as its value ("- 标 题:X" → "X", "X - 文号:" → "X"), a page title
    without the site or date after it, a title without a listing's 【column】 tag or 《》 around it."""
    text = _PAGE_TAIL.sub(r"\1", _TRAILING_FIELD.sub("", _FIELD_LABEL.sub("", block.text.strip())))
    text = _QUOTED_WHOLE.sub(r"\1", _COLUMN_TAG.sub("", text))
    return block if text == block.text.strip() else replace(block, text=text)


def _title_span(blocks: tuple[Block, ...], pos: int) -> tuple[int, int] | None:
    """(first, count): the title's lines starting at or just after `pos`, for a title on one line or
    over up to three ("中共某某县委  某某县人民政府" / "关于2023年法治政府建设情况的" / "报告")."""
    lines: list[str] = []
    for block in blocks[pos : pos + 3]:
        text = block.text.strip()
        if len(text) > TITLE_LINE_MAX or is_sentence(text) or is_chrome(text) or parse_numbering(text):
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
                above = lines[count - 2]
                if not issuer_of(last) and _is_issuer_line(above):
                    return pos + count - 2, 2  # "东安县应急管理局" / "2025年法治政府建设报告"
                return pos + count - 1, 1  # a site name above a complete title
            return pos, count
    return None


def _is_issuer_line(text: str) -> bool:
    return len(text) <= ISSUER_LINE_MAX and bool(_ISSUER_LINE.search(text)) and not _TITLE_HINT.search(text)


def _own_title(title: str) -> str:
    """The report's own title: a cover letter's gives way to the report it names in 《》."""
    match = _COVER_LETTER.match(fold(title).strip())
    if match and _is_title_line(match.group("inner")):
        return title.strip()[match.start("inner") : match.end("inner")].strip()
    return title


def _title_at(blocks: tuple[Block, ...], pos: int) -> tuple[str, int, int, str | None] | None:
    block = blocks[pos]
    text = block.text.strip()
    if _BULLET.match(text):
        return None  # a menu or list item of the page
    span = _title_span(blocks, pos)
    if span is not None:
        first, count = span
        title = "".join(b.text.strip() for b in blocks[first : first + count])
        return _own_title(title), blocks[first].index, skip_after_title(blocks, first + count, title), None
    if (block.is_title and not is_sentence(text)) or _is_title_line(text):
        return _own_title(text), block.index, skip_after_title(blocks, pos + 1, text), None
    merged = _split_merged_title(text)
    if merged:
        return merged[0], block.index, pos, merged[1]
    return None


def skip_after_title(blocks: tuple[Block, ...], pos: int, title: str) -> int:
    """Past the salutation ("市委、市政府："), a web page's source and date line, a metadata table's
    remaining rows ("- 效力状态:有效"), a repeated title."""
    while pos < len(blocks):
        text = blocks[pos].text.strip()
        repeated = text.replace(" ", "") == title.replace(" ", "")
        field = len(text) <= FIELD_ROW_MAX and bool(_FIELD_ROW.match(text))
        if not (repeated or field or is_chrome(text) or (len(text) <= 80 and PAGE_META.search(text))):
            break
        pos += 1
    return pos


def issuer_of(title: str) -> str:
    """The issuer a title names ("某某区人民政府关于…", "2020年某某区法治政府…"), or ""."""
    folded = digit_years(fold(title))
    match = _ISSUER_CUT.match(folded)
    issuer = title[: match.end(1)].strip() if match else ""
    if not issuer:  # "2020年某某区法治政府建设情况报告": the issuer follows the year
        after = _ISSUER_AFTER_YEAR.match(folded)
        issuer = title[after.start(1) : after.end(1)].strip() if after else ""
    return issuer


def find_issuer(title: str | None, blocks: tuple[Block, ...]) -> str | None:
    """The title's issuer, else the signature above the closing date."""
    issuer = issuer_of(title) if title else ""
    if issuer:
        return issuer
    for pos in range(len(blocks) - 1, max(len(blocks) - 4, 0), -1):  # signature above the date
        if DATE_LINE.match(blocks[pos].text) and ISSUER_END.search(blocks[pos - 1].text):
            return blocks[pos - 1].text.strip()
    return None


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
    opening = tuple(block for block in opening if not _BULLET.match(block.text))  # a page's menu
    for block in opening:
        for clause in _REPORTS_ON.finditer(block.text):
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

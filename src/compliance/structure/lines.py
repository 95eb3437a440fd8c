"""Stage 2, structure: what a line before the body is (page chrome, front matter, a salutation, a
metadata table's row, a sentence), read on a matching form folded to simplified half-width text."""

from __future__ import annotations

import re
from itertools import pairwise

from compliance.simplified import simplified_in_place
from compliance.text import fold, parse_numbering

FRONT_MATTER = re.compile(
    r"〔\s*(?:19|20)\d{2}\s*〕\s*\d+\s*号|\[\s*(?:19|20)\d{2}\s*\]\s*\d+\s*号|签发人|密级|特急|加急|平急"
    r"|^附件\s*\d*$|文件$|^(?:各|致)?[^。，]{0,30}[：:]$"
)
PAGE_META = re.compile(
    r"来源[：:]|发布时间|发布日期|浏览次数|阅读次数|点击[数量]|字号[：:]|【?打印|无障碍|简体\s*[|｜]\s*繁体|关怀版"
    r"|索引号|信息分类|发布机构|生成日期|生效日期|废止日期|成文日期|主题分类|关键词[：:]|文号[：:]"
    r"|首页\s*[>＞»]|当前位置|您(?:现在)?的?位置|星期[一二三四五六日天]|\s[>＞»]\s.*\s[>＞»]\s"
    r"|字体[：:]|【\s*大\s*中\s*小\s*】|分享到|扫一扫|关闭窗口|收藏本页"
)
DATE_LINE = re.compile(r"^\s*(?:(?:19|20)\d{2}|二[〇○零]\S{2})\s*年\s*\S{0,3}\s*月\s*\S{0,3}\s*日\s*$")
ISSUER_END = re.compile(r"(?:政府|委员会|党委|县委|市委|区委|局|厅|委|办公室|办|署|中心|院|党组)\s*$")
SENTENCE_PUNCT = re.compile(r"[。；;！!？?]")
# A line that reads as a sentence, not a title: it opens the way a body sentence opens ("根据……要求",
# "按照……", "现将……报告如下"), announces what follows ("……如下："), or holds a comma (titles have none).
SENTENCE_OPEN = re.compile(r"^\s*(?:根据|按照|依据|依照|遵照|为(?:深入|全面|认真|进一步|贯彻)|现[将就把])")
SENTENCE_CLOSE = re.compile(r"如下\s*[:：。.]?\s*$")
_CLAUSE_COMMA = re.compile(r"[，,]")
# A line ending in a colon addresses someone ("市委全面依法治市委员会：", "中共某某市委、某某市人民政府：")
# or announces what follows; a title never ends in one.
_SALUTATION = re.compile(r"[:：]\s*$")
# A line that opens with a list bullet is a menu or list item of the page ("• 情况报告"), not a title.
BULLET = re.compile(r"^\s*[•·●▪◆■□○◇]")
# Question marks standing for characters an encoding lost (「標????????題」「索??引??號」: the spaces a
# portal pads its labels with): two or more in a row never occur in a report's own text.
_LOST_CHARS = re.compile(r"\?{2,}")

# A portal's metadata table pasted as text gives the title as a field: "- 标 题:某某局2021年度……报告"
# or "名称:" on one line and "……年度报告 - 文号:" on the next; the field's value is the title.
_FIELD_LABEL = re.compile(r"^[-•·●▪*]?\s*(?:标\s*题|名\s*称|题\s*名|文\s*件\s*名\s*称)\s*[:：]\s*")
_TRAILING_FIELD = re.compile(r"\s+[-|｜]\s*[^\s:：\-]{1,8}\s*[:：]\s*$")
# ... or as a row of cells ("标  题 | 某某厅2024年度……情况报告 | |"): the cell after the label.
_TITLE_CELL_LABEL = re.compile(r"^(?:标题|名称|题名|文件名称)[:：]?$")
_CELL = re.compile(r"[^|]+")
TABLE_CELL_MAX = 90  # a metadata row's cell is a label or a value (a title at most); a longer one is text
# A browser page title or a listing adds the site or the date after the title: "……报告_某县人民政府网",
# "……报告 | 某县人民政府", "……报告-某县人民政府门户网站" (a dash only before a site's name),
# "……报告 2024-01-29".
_PAGE_TAIL = re.compile(
    r"(报告|总结|情况|汇报|年报)(?:\s*[|｜_]\s*[^|｜_]{2,30}"
    r"|\s*[-—–]+\s*[^-—–|｜_\s]{2,30}(?:网|网站|政府|门户)"
    r"|\s+(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?)$"
)
# A listing's column tag before a title ("【政务公开】……报告"), or 《》 around a whole title line.
_COLUMN_TAG = re.compile(r"^【[^】]{1,12}】\s*(?=\S)")
_QUOTED_WHOLE = re.compile(r"^《([^《》]+)》$")
# A metadata table's row pasted as a list item: "- 效力状态:有效", "- 文 号:无".
FIELD_ROW = re.compile(r"^[-•·*]\s*[^\s:：]{1,6}(?:\s[^\s:：]{1,3}){0,3}\s*[:：]")
FIELD_ROW_MAX = 60  # a field row is a label and a short value, not a paragraph
CHROME_MAX = 40  # a line of chrome or front matter is short


def form(text: str) -> str:
    """The matching form of a line, of the same length (offsets in it are offsets in `text`): full width
    folded to half width, traditional characters to simplified, runs of lost characters to spaces."""
    return _LOST_CHARS.sub(lambda m: " " * len(m.group()), fold(simplified_in_place(text)))


def is_sentence(text: str) -> bool:
    """Whether a line reads as a sentence of the body rather than as a title."""
    text = form(text).strip()
    return bool(
        SENTENCE_OPEN.search(text)
        or SENTENCE_CLOSE.search(text)
        or _CLAUSE_COMMA.search(text)
        or SENTENCE_PUNCT.search(text)
    )


def is_salutation(text: str) -> bool:
    """Whether a line ends in a colon: an addressee ("区法治政府建设领导小组：") or an announcement."""
    return bool(_SALUTATION.search(form(text)))


def is_table_row(text: str) -> bool:
    """Whether a line is a row of a metadata table pasted as text ("索引号 | 0145/2025-00009 | 分类 |")."""
    line = form(text).strip()
    cells = line.split("|")
    return (
        len(cells) > 1
        and not re.search(r"[。；;]", line)
        and all(len(cell.strip()) <= TABLE_CELL_MAX for cell in cells)
    )


def is_chrome(text: str) -> bool:
    """Front matter or page chrome before a title: short, no sentence, no heading number; or a row of
    a metadata table."""
    text = text.strip()
    folded = form(text)
    if is_table_row(text) and not _title_cell(text):
        return True
    return (
        len(text) <= CHROME_MAX
        and not SENTENCE_PUNCT.search(folded)
        and not parse_numbering(text)
        and not (SENTENCE_OPEN.search(folded) or SENTENCE_CLOSE.search(folded))  # not "现将…报告如下："
        and (bool(FRONT_MATTER.search(folded)) or bool(PAGE_META.search(folded)))
    )


def _title_cell(text: str) -> str | None:
    """The value after a title label in a metadata row ("标  题 | X | |" → "X"), or None."""
    cells = list(_CELL.finditer(form(text)))
    for label, value in pairwise(cells):
        if _TITLE_CELL_LABEL.match(re.sub(r"\s+", "", label.group())) and value.group().strip():
            return text[value.start() : value.end()].strip()
    return None


def field_value(text: str) -> str:
    """A metadata field line read as its value ("- 标 题:X" → "X", "X - 文号:" → "X", "标题 | X |" → "X"),
    a page title without the site or date after it, a title without a listing's 【column】 tag or 《》
    around it. Matched on the folded form, cut from the original."""
    text = _title_cell(text) or text.strip()
    label = _FIELD_LABEL.match(form(text))
    text = text[label.end() :] if label else text
    trailing = _TRAILING_FIELD.search(form(text))
    text = text[: trailing.start()] if trailing else text
    tail = _PAGE_TAIL.search(form(text))
    text = text[: tail.end(1)] if tail else text
    tag = _COLUMN_TAG.match(form(text))
    text = text[tag.end() :] if tag else text
    quoted = _QUOTED_WHOLE.match(form(text))
    return text[quoted.start(1) : quoted.end(1)] if quoted else text

"""Read a report published as a web page (optional extra `html`, selectolax): the article body only.

selectolax is imported here only, lazily, so that the tool works without the extra. The bytes
are decoded here (a declared gb2312/GBK is read as GB18030, a superset), the report body is found
by known CMS containers or, failing that, as the container owning the most non-link text, and
navigation, sidebars, footers, scripts and styles are dropped. One Block per <p>, heading or
<br>-separated line; <h1>–<h6> give heading levels and a line wholly in <strong>/<b> is bold.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from compliance.errors import DocumentError
from compliance.reading.decoding import decode_text
from compliance.reading.document import Block, Document
from compliance.records import Record

EXTRA_MISSING = "这是网页（HTML）文件；请先安装网页支持：pip install 'compliance[html]'"
NO_BODY = "网页中没有找到报告正文，请提供 .docx 或正文的文本"

# Content containers of the CMSs used by government portals (TRS WCM, UCAP, …), most specific first.
CONTAINERS = (
    "#zoom",
    ".TRS_Editor",
    ".TRS_UEDITOR",
    ".trs_editor_view",
    "#UCAP-CONTENT",
    ".pages_content",
    ".article-content",
    ".article_content",
    "#article-content",
    ".art_con",
    "#art_con",
    ".news_content",
    "#news_content",
    ".content_text",
    "#zw",
    ".zw",
    "article",
)
MIN_BODY_CHARS = 100  # a container with less text is a placeholder, not the report


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


_DROP = _tags(
    "script style noscript template iframe object embed svg canvas select button "
    "input textarea nav aside header footer head map audio video"
)
_BLOCK = _tags(
    "address article blockquote center dd details dialog div dl dt fieldset "
    "figcaption figure form h1 h2 h3 h4 h5 h6 hr li main ol p pre section table tbody "
    "thead tfoot tr td th ul caption summary body"
)
_OWNERS = _tags("div td th article section main body center li blockquote dd")
_BOLD_TAGS = frozenset(("b", "strong"))
_HEADING_TAG = re.compile(r"^h([1-6])$")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_STRIP = " \t\u3000\xa0\ufeff"
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_GB = frozenset(("gb2312", "gbk", "x-gbk", "gb_2312-80", "gb18030", "cp936", "euc-cn", "936"))
_TRUSTED = frozenset(("utf-8", "utf8", "big5", "big5-hkscs", "cp950", "gb18030"))
_TITLE_LIKE = re.compile(r"(?=.*(?:法治|依法))(?=.*(?:报告|总结|情况))")
_TITLE_SPLIT = re.compile(r"\s*[_|｜]\s*|\s*-{2,}\s*|\s+[-–—－]\s+")
_NOISE = re.compile(
    r"^[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|字体|字号|分享到|收藏本页)"
    r"|(?:发布时间|发布日期|信息来源|来源|浏览次数|点击数|阅读次数)\s*[:：]"
)


class _Line(Record, frozen=True):
    text: str
    bold: bool
    heading: int | None  # 1–6 when the line comes from <h1>–<h6>


def read_html(path: str, data: bytes) -> Document:
    """The report body of a web page as Blocks; raises DocumentError with a Chinese cause."""
    parser_class = _import_selectolax(path)
    text, encoding = decode_html(data, path)
    tree = parser_class(text)
    root = tree.body or tree.root
    if root is None:
        raise DocumentError(path, NO_BODY)
    title = _page_title(tree)
    container, how = _find_container(tree, root)
    lines = [line for line in _lines(container) if not _is_noise(line.text)]
    if sum(len(line.text) for line in lines) < MIN_BODY_CHARS:
        raise DocumentError(path, NO_BODY)
    blocks = _blocks(lines, title)
    return Document(path, "html", blocks, notes=(f"encoding={encoding}", f"container={how}"))


def _import_selectolax(path: str) -> Any:
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError as exc:
        raise DocumentError(path, EXTRA_MISSING) from exc
    return LexborHTMLParser


def decode_html(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding): BOM, then valid UTF-8, then the <meta> charset, then detection."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_text(data, path)
    if not data.isascii():
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        codec = "gb18030" if name in _GB else name  # portals say gb2312 but serve GBK
        if codec in _TRUSTED:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                pass
    return decode_text(data, path)


def _clean(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip(_STRIP)


def _looks_like_title(text: str) -> bool:
    return 6 <= len(text) <= 90 and not text.endswith("。") and bool(_TITLE_LIKE.match(text))


def _inside_link(node: Any) -> bool:
    parent = node.parent
    for _ in range(30):
        if parent is None:
            return False
        if parent.tag == "a":
            return True
        parent = parent.parent
    return False


def _page_title(tree: Any) -> str | None:
    """The report title from the article heading, else from <title> (without the site name)."""
    for node in tree.css("h1, h2, h3, .title, .article-title, #title, .bt, .tit"):
        text = _clean(node.text(deep=True, separator=""))
        if _looks_like_title(text) and not _inside_link(node) and not node.css_first("a"):
            return text
    head_title = tree.css_first("title")
    if head_title is not None:
        parts = [_clean(part) for part in _TITLE_SPLIT.split(head_title.text(deep=True))]
        titles = [part for part in parts if _looks_like_title(part)]
        if titles:
            return max(titles, key=len)
    return None


def _find_container(tree: Any, root: Any) -> tuple[Any, str]:
    for selector in CONTAINERS:
        for node in tree.css(selector):
            if len(_clean(node.text(deep=True, separator=""))) >= MIN_BODY_CHARS:
                return node, selector
    tree.strip_tags(sorted(_DROP))
    owned: dict[int, int] = {}
    nodes: dict[int, Any] = {}
    for node in root.traverse(include_text=True):
        if node.tag != "-text":
            continue
        size = len(_clean(node.text_content or ""))
        owner = node.parent
        for _ in range(60):  # climb to the nearest container; links own nothing
            if owner is None or owner.tag in _OWNERS or owner.tag == "a":
                break
            owner = owner.parent
        if size and owner is not None and owner.tag != "a":
            owned[owner.mem_id] = owned.get(owner.mem_id, 0) + size
            nodes[owner.mem_id] = owner
    if not owned:
        return root, "body"
    best = max(owned, key=lambda key: owned[key])
    return nodes[best], f"densest <{nodes[best].tag}>"


def _hidden(node: Any) -> bool:
    attrs = node.attributes
    return "hidden" in attrs or bool(_HIDDEN.search(attrs.get("style") or ""))


def _lines(container: Any) -> Iterator[_Line]:
    """Lines in reading order: block elements and <br> end a line."""
    segments: list[tuple[str, bool]] = []
    heading: list[int] = []
    bold_depth = 0
    stack: list[tuple[Any, bool]] = [(container, True)]

    def flush() -> _Line | None:
        text = _clean("".join(part for part, _ in segments))
        bold = all(is_bold for part, is_bold in segments if part.strip(_STRIP + "\n\r"))
        segments.clear()
        return _Line(text, bold, heading[-1] if heading else None) if text else None

    while stack:
        node, entering = stack.pop()
        tag = node.tag or ""
        if not entering:  # leaving an element: close what it opened
            if tag in _BLOCK and (line := flush()):
                yield line
            if _HEADING_TAG.match(tag):
                heading.pop()
            if tag in _BOLD_TAGS or _BOLD_STYLE.search(node.attributes.get("style") or ""):
                bold_depth -= 1
            continue
        if tag == "-text":
            segments.append((node.text_content or "", bold_depth > 0))
            continue
        if tag.startswith("-") or tag in _DROP or _hidden(node):
            continue
        if tag == "br" or tag in _BLOCK:
            if line := flush():
                yield line
            if tag == "br":
                continue
        if match := _HEADING_TAG.match(tag):
            heading.append(int(match.group(1)))
        if tag in _BOLD_TAGS or _BOLD_STYLE.search(node.attributes.get("style") or ""):
            bold_depth += 1
        stack.append((node, False))
        stack.extend((child, True) for child in reversed(list(node.iter(include_text=True))))
    if line := flush():
        yield line


def _is_noise(text: str) -> bool:
    return len(text) <= 80 and bool(_NOISE.search(text))


def _blocks(lines: list[_Line], title: str | None) -> tuple[Block, ...]:
    """Blocks numbered in order; the report title first (found in the page or the body)."""
    compact = re.compile(r"\s+")
    if lines and _looks_like_title(lines[0].text):
        title, lines = lines[0].text, lines[1:]
    elif title is not None and lines and compact.sub("", lines[0].text) == compact.sub("", title):
        lines = lines[1:]
    levels = sorted({line.heading for line in lines if line.heading is not None})
    rank = {level: position for position, level in enumerate(levels, 1)}
    blocks = [Block(index=1, text=title, is_title=True)] if title else []
    for line in lines:
        level = rank.get(line.heading) if line.heading is not None else None
        blocks.append(Block(index=len(blocks) + 1, text=line.text, style_level=level, bold=line.bold))
    return tuple(blocks)

"""Read a Word .docx into Blocks in reading order, with automatic numbering labels filled in.

The only module (with compliance.numbering) that touches the OOXML package: it opens the zip
once, parses the main document, styles and numbering parts with a hardened lxml parser, and
walks the body directly (paragraphs, tables, content controls, tracked insertions, text boxes).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from compliance.document import Block
from compliance.errors import DocumentError
from compliance.numbering import Numbering

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_VAL = _W + "val"
_P, _R, _T, _PPR, _RPR = _W + "p", _W + "r", _W + "t", _W + "pPr", _W + "rPr"
_TBL, _TR, _TC, _TCPR, _TXBX = _W + "tbl", _W + "tr", _W + "tc", _W + "tcPr", _W + "txbxContent"
_ALT, _CHOICE, _FALLBACK = _MC + "AlternateContent", _MC + "Choice", _MC + "Fallback"
_MATH_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
_BLANKS = frozenset(_W + tag for tag in ("tab", "br", "cr", "ptab"))
_GRAPHICS = frozenset((_W + "drawing", _W + "pict", _W + "object", _ALT))
_CONTAINERS = frozenset(_W + t for t in ("sdt", "sdtContent", "customXml", "ins", "moveTo"))
_SKIP = frozenset(
    (_PPR, _RPR, _W + "del", _W + "moveFrom", _W + "sdtPr", _W + "sdtEndPr", _FALLBACK)
)
_SPACES = str.maketrans("\t\n\r\v\f", "     ")
_HEADING = re.compile(r"(?:heading|标题)\s*([1-9])")
_OFF = ("0", "false", "off", "none")

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OVERRIDE = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
_MAIN = ("wordprocessingml.document.main+xml", "wordprocessingml.template.main+xml")
_MAIN_MACRO = (
    "ms-word.document.macroEnabled.main+xml",
    "ms-word.template.macroEnabledTemplate.main+xml",
)
_PART_LIMIT = 64 * 1024 * 1024  # bytes of XML per part, after decompression
_MEMBER_LIMIT = 2000
_DAMAGED = "文件已损坏，不是完整的 Word (.docx) 文档"


class _Invalid(Exception):
    """The package is readable but is not a Word document we can check; `args[0]` is the cause."""


def read_docx(path: str) -> tuple[Block, ...]:
    """The paragraphs of a .docx in reading order; raises DocumentError on any failure."""
    try:
        with zipfile.ZipFile(path) as archive:
            document, styles, numbering = _load(archive)
        return _Reader(styles, numbering).read(document)
    except _Invalid as exc:
        raise DocumentError(path, str(exc.args[0])) from exc
    except FileNotFoundError as exc:
        raise DocumentError(path, "文件不存在") from exc
    except IsADirectoryError as exc:
        raise DocumentError(path, "这是一个文件夹，不是 Word 文档") from exc
    except PermissionError as exc:
        raise DocumentError(path, "没有读取该文件的权限") from exc
    except zipfile.BadZipFile as exc:
        raise DocumentError(path, _sniff(path)) from exc
    except (zlib.error, EOFError, NotImplementedError, zipfile.LargeZipFile) as exc:
        raise DocumentError(path, _DAMAGED) from exc
    except etree.XMLSyntaxError as exc:
        raise DocumentError(path, "文件已损坏，其中的 XML 内容无法解析") from exc
    except MemoryError as exc:
        raise DocumentError(path, "文件过大，无法读取") from exc
    except RecursionError as exc:
        raise DocumentError(path, "文档结构嵌套过深，无法读取") from exc
    except OSError as exc:
        raise DocumentError(path, "无法读取文件") from exc
    except Exception as exc:  # never let a parser's surprise escape as another type
        raise DocumentError(path, f"无法读取该 Word 文档（{type(exc).__name__}）") from exc


def _sniff(path: str) -> str:
    """Why a file that is not a valid zip cannot be read, from its first bytes."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return _DAMAGED
    if not head:
        return "文件是空的"
    if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "这是旧版 Word (.doc)、WPS 或加密的文档，请另存为 .docx 后再检查"
    return _DAMAGED if head.startswith(b"PK") else "文件不是 Word (.docx) 文档"


def _load(
    archive: zipfile.ZipFile,
) -> tuple[etree._Element, etree._Element | None, etree._Element | None]:
    """The main document, styles and numbering parts of an opened package."""
    if len(archive.infolist()) > _MEMBER_LIMIT:
        raise _Invalid("文件包含的部件过多，可能是恶意构造的文件")
    types = _part(archive, "[Content_Types].xml")
    if types is None:
        raise _Invalid("不是 Word (.docx) 文档（缺少 [Content_Types].xml）")
    main = None
    kinds = []
    for override in types.iterfind(_OVERRIDE):
        kind = override.get("ContentType", "")
        kinds.append(kind)
        if kind.endswith(_MAIN + _MAIN_MACRO):
            main = override.get("PartName", "").lstrip("/")
    if main is None:
        if any("spreadsheetml" in kind for kind in kinds):
            raise _Invalid("这是 Excel 文件，不是 Word (.docx) 文档")
        if any("presentationml" in kind for kind in kinds):
            raise _Invalid("这是 PowerPoint 文件，不是 Word (.docx) 文档")
        raise _Invalid("不是 Word (.docx) 文档（找不到正文部分）")
    document = _part(archive, main)
    if document is None or document.tag != _W + "document":
        raise _Invalid("不是 Word (.docx) 文档（正文部分缺失或格式无法识别）")
    folder, name = posixpath.split(main)
    rels = _part(archive, posixpath.join(folder, "_rels", name + ".rels"))
    targets: dict[str, str] = {}
    for rel in [] if rels is None else rels.iterfind(_REL):
        target = rel.get("Target", "")
        if rel.get("TargetMode") != "External" and target:
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            joined = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
            targets.setdefault(kind, posixpath.normpath(joined))
    styles = _part(archive, targets["styles"]) if "styles" in targets else None
    numbering = _part(archive, targets["numbering"]) if "numbering" in targets else None
    return document, styles, numbering


def _part(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    """One XML part parsed safely (no DTD, no entities, no network, bounded size); None if absent."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _PART_LIMIT:
        raise _Invalid("文件中的内容过大（超过 64 MB），可能是恶意构造的文件")
    with archive.open(info) as stream:
        data = stream.read(_PART_LIMIT + 1)
    if len(data) > _PART_LIMIT:
        raise _Invalid("文件中的内容过大（超过 64 MB），可能是恶意构造的文件")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    if root.getroottree().docinfo.doctype:
        raise _Invalid("文件含有 DOCTYPE 声明（正常的 Word 文档没有），可能是恶意构造的文件")
    return root


def _val(parent: etree._Element, tag: str) -> str | None:
    child = parent.find(_W + tag)
    return None if child is None else child.get(_VAL)


def _on(element: etree._Element) -> bool:
    """An ST_OnOff property such as <w:b/> or <w:b w:val="0"/>."""
    return element.get(_VAL, "1").lower() not in _OFF


def _branch(alternate: etree._Element) -> etree._Element | None:
    """The branch of mc:AlternateContent to read: the first Choice, else the Fallback."""
    fallback = None
    for child in alternate:
        if child.tag == _CHOICE:
            return child
        if child.tag == _FALLBACK and fallback is None:
            fallback = child
    return fallback


def _find_boxes(element: etree._Element, boxes: list[etree._Element]) -> None:
    """Collect w:txbxContent under a drawing, once (mc:Fallback copies are skipped)."""
    if element.tag == _TXBX:
        boxes.append(element)
        return
    branch = _branch(element) if element.tag == _ALT else element
    for child in () if branch is None else branch:
        _find_boxes(child, boxes)


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with `tag`, also those wrapped in content controls or custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _children(child, tag)


@dataclass(frozen=True, slots=True)
class _Style:
    """What a paragraph style contributes, resolved along its basedOn chain."""

    style_id: str
    level: int | None
    is_title: bool
    bold: bool | None
    num_id: str | None
    ilvl: int | None


def _outline(value: str | None) -> int | None:
    """1-based heading level of a w:outlineLvl value (9 = body text)."""
    try:
        level = int(value or "9")
    except ValueError:
        return None
    return level + 1 if 0 <= level < 9 else None


class _Reader:
    """Walks one document body, keeping the numbering counters and style caches."""

    def __init__(self, styles: etree._Element | None, numbering: etree._Element | None) -> None:
        self._styles: dict[str, etree._Element] = {}
        self._default = ""
        self._default_bold = False
        self._paragraph_styles: dict[str | None, _Style] = {}
        self._run_styles: dict[str, bool | None] = {}
        self._numbering = Numbering(numbering)
        self._blocks: list[Block] = []
        if styles is None:
            return
        for style in styles.iterfind(_W + "style"):
            style_id = style.get(_W + "styleId")
            if style_id is not None and style_id not in self._styles:
                self._styles[style_id] = style
                default = style.get(_W + "default", "0").lower() in ("1", "true", "on")
                if default and not self._default and style.get(_W + "type") == "paragraph":
                    self._default = style_id
        bold = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}b")
        self._default_bold = bold is not None and _on(bold)

    def read(self, document: etree._Element) -> tuple[Block, ...]:
        body = document.find(_W + "body")
        if body is not None:
            self._walk(body, "body")
        return tuple(self._blocks)

    def _chain(self, style_id: str) -> Iterator[etree._Element]:
        seen: set[str] = set()
        current: str | None = style_id
        while current is not None and current in self._styles and current not in seen:
            seen.add(current)
            yield self._styles[current]
            current = _val(self._styles[current], "basedOn")

    def _paragraph_style(self, style_id: str | None) -> _Style:
        cached = self._paragraph_styles.get(style_id)
        if cached is not None:
            return cached
        resolved = style_id if style_id in self._styles else self._default
        level: int | None = None
        level_found = is_title = False
        bold: bool | None = None
        num_id: str | None = None
        ilvl: int | None = None
        for style in self._chain(resolved or ""):
            name = (_val(style, "name") or "").strip().lower()
            is_title = is_title or name in ("title", "标题")
            properties = style.find(_PPR)
            outline = None if properties is None else properties.find(_W + "outlineLvl")
            heading = _HEADING.fullmatch(name)
            if not level_found and (outline is not None or heading):
                level_found = True
                level = _outline(outline.get(_VAL)) if outline is not None else _heading(heading)
            run = style.find(_RPR)
            found = None if run is None else run.find(_W + "b")
            if bold is None and found is not None:
                bold = _on(found)
            numbered = None if properties is None else properties.find(_W + "numPr")
            if numbered is not None:
                num_id = _val(numbered, "numId") if num_id is None else num_id
                ilvl = _int(_val(numbered, "ilvl")) if ilvl is None else ilvl
        result = _Style(resolved or "", level, is_title, bold, num_id, ilvl)
        self._paragraph_styles[style_id] = result
        return result

    def _run_bold(self, properties: etree._Element | None, paragraph_bold: bool) -> bool:
        if properties is None:
            return paragraph_bold
        bold = properties.find(_W + "b")
        if bold is not None:
            return _on(bold)
        run_style = _val(properties, "rStyle")
        if run_style is None:
            return paragraph_bold
        if run_style not in self._run_styles:
            found: bool | None = None
            for style in self._chain(run_style):
                element = style.find(f"{_RPR}/{_W}b")
                if element is not None:
                    found = _on(element)
                    break
            self._run_styles[run_style] = found
        cached = self._run_styles[run_style]
        return paragraph_bold if cached is None else cached

    def _walk(self, container: etree._Element, origin: str) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self._paragraph(child, origin)
            elif tag == _TBL:
                for row in _children(child, _TR):
                    for cell in _children(row, _TC):
                        if not _continues_merge(cell):
                            self._walk(cell, "table")
            elif tag == _ALT:
                branch = _branch(child)
                if branch is not None:
                    self._walk(branch, origin)
            elif tag in _CONTAINERS:
                self._walk(child, origin)

    def _paragraph(self, paragraph: etree._Element, origin: str) -> None:
        style_id = num_id = ilvl_text = outline = None
        first = paragraph[0] if len(paragraph) else None
        if first is not None and first.tag == _PPR:
            for child in first:
                if child.tag == _W + "pStyle":
                    style_id = child.get(_VAL)
                elif child.tag == _W + "numPr":
                    num_id, ilvl_text = _val(child, "numId"), _val(child, "ilvl")
                elif child.tag == _W + "outlineLvl":
                    outline = child.get(_VAL)
        style = self._paragraph_style(style_id)
        label = suffix = ""
        ilvl = _int(ilvl_text) if ilvl_text is not None else style.ilvl
        num_id = style.num_id if num_id is None else num_id
        if num_id is not None and num_id.strip() not in ("", "0"):
            if ilvl is None:
                ilvl = self._numbering.level_of_style(num_id, style.style_id) or 0
            label, suffix = self._numbering.next_label(num_id, ilvl)
        parts: list[str] = []
        bold: list[bool] = []
        boxes: list[etree._Element] = []
        paragraph_bold = self._default_bold if style.bold is None else style.bold
        self._inline(paragraph, parts, bold, boxes, paragraph_bold)
        text = "".join(parts).translate(_SPACES)
        if text.strip():
            if label:
                gap = " " if suffix != "nothing" and label[-1].isalnum() else ""
                text = label + gap + text
            level = style.level if outline is None else _outline(outline)
            self._blocks.append(
                Block(
                    len(self._blocks) + 1,
                    text,
                    label,
                    level,
                    style.is_title,
                    all(bold) and bool(bold),
                    origin,
                )
            )
        for box in boxes:
            self._walk(box, "textbox")

    def _inline(
        self,
        element: etree._Element,
        parts: list[str],
        bold: list[bool],
        boxes: list[etree._Element],
        paragraph_bold: bool,
    ) -> None:
        """Text of runs (also inside hyperlinks, insertions, fields, smart tags, controls)."""
        for child in element:
            tag = child.tag
            if tag == _R:
                self._run(child, parts, bold, boxes, paragraph_bold)
            elif tag == _ALT:
                branch = _branch(child)
                if branch is not None:
                    self._inline(branch, parts, bold, boxes, paragraph_bold)
            elif tag == _MATH_T:
                parts.append(child.text or "")
            elif tag not in _SKIP and len(child):
                self._inline(child, parts, bold, boxes, paragraph_bold)

    def _run(
        self,
        run: etree._Element,
        parts: list[str],
        bold: list[bool],
        boxes: list[etree._Element],
        paragraph_bold: bool,
    ) -> None:
        properties = None
        texts: list[str] = []
        for child in run:
            tag = child.tag
            if tag == _T:
                texts.append(child.text or "")
            elif tag in _BLANKS:
                texts.append(" ")
            elif tag == _W + "noBreakHyphen":
                texts.append("-")
            elif tag == _RPR:
                properties = child
            elif tag in _GRAPHICS:
                _find_boxes(child, boxes)
        if not texts:
            return
        hidden = None if properties is None else properties.find(_W + "vanish")
        if hidden is not None and _on(hidden):
            return
        text = "".join(texts)
        parts.append(text)
        if text.strip():
            bold.append(self._run_bold(properties, paragraph_bold))


def _int(value: str | None) -> int | None:
    try:
        return None if value is None else int(value)
    except ValueError:
        return None


def _heading(match: re.Match[str] | None) -> int | None:
    return None if match is None else int(match.group(1))


def _continues_merge(cell: etree._Element) -> bool:
    """Whether a table cell continues a vertical (or legacy horizontal) merge: read it once."""
    properties = cell.find(_TCPR)
    if properties is None:
        return False
    for tag in ("vMerge", "hMerge"):
        merge = properties.find(_W + tag)
        if merge is not None and merge.get(_VAL, "continue") != "restart":
            return True
    return False

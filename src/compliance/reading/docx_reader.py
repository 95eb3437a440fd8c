"""Read a Word .docx into Blocks in reading order, with automatic numbering labels filled in.

With compliance.numbering the only code that touches the OOXML package: it opens the zip once,
parses the main document, styles and numbering parts with a hardened lxml parser (no python-docx
proxies: this is faster) and walks the body itself, so that tables, content controls, tracked
insertions, fields and text boxes are all read, each once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from lxml import etree

from compliance.errors import DocumentError
from compliance.reading.document import Block
from compliance.reading.docx_package import Part as _Part
from compliance.reading.docx_package import StyleSheet, cause, open_parts
from compliance.reading.numbering import NumberingDefinitions
from compliance.reading.wml import VAL as _VAL
from compliance.reading.wml import W as _W
from compliance.reading.wml import on as _on
from compliance.reading.wml import val as _val
from compliance.reading.zipguard import DEFAULT_LIMITS, ZipLimits

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _R, _T, _PPR, _RPR = _W + "p", _W + "r", _W + "t", _W + "pPr", _W + "rPr"
_TBL, _TR, _TC, _TXBX = _W + "tbl", _W + "tr", _W + "tc", _W + "txbxContent"
_ALT, _CHOICE, _FALLBACK = _MC + "AlternateContent", _MC + "Choice", _MC + "Fallback"
_MATH_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
_BLANKS = frozenset(_W + tag for tag in ("tab", "br", "cr", "ptab"))
_GRAPHICS = frozenset((_W + "drawing", _W + "pict", _W + "object", _ALT))
_CONTAINERS = frozenset(_W + t for t in ("sdt", "sdtContent", "customXml", "ins", "moveTo"))
_SKIP = frozenset((_PPR, _RPR, *(_W + t for t in ("del", "moveFrom", "sdtPr"))))
# Tabs, line and form feeds inside a paragraph's text read as one space each (substituted: str.translate
# would look every character of the text up).
_SPACES = re.compile("[\t\n\r\v\f]")
_HEADING = re.compile(r"(?:heading|标题)\s*([1-9])")


def read_docx(path: str, data: bytes | None = None, limits: ZipLimits = DEFAULT_LIMITS) -> tuple[Block, ...]:
    """The paragraphs of a .docx in reading order; raises DocumentError on any failure. With `data`
    (the file's bytes, already read and checked by compliance.zipguard) the file is not reopened;
    parts are read within the same `limits` the guard applied."""
    try:
        document, styles, numbering = open_parts(path, data, limits)
        return BodyReader(styles, numbering).read(document)
    except Exception as exc:  # every failure, even a parser's surprise, becomes a DocumentError
        raise DocumentError(path, cause(path, exc, data)) from exc


def _number(value: str | None) -> int | None:
    try:
        return None if value is None else int(value)
    except ValueError:
        return None


def _outline(value: str | None) -> int | None:
    """1-based heading level of a w:outlineLvl value (0 → 1; 9 = body text → None)."""
    level = _number(value)
    return level + 1 if level is not None and 0 <= level < 9 else None


def _branch(alternate: etree._Element) -> etree._Element | None:
    """The branch of mc:AlternateContent to read: the first Choice, else the Fallback."""
    branches = [child for child in alternate if child.tag in (_CHOICE, _FALLBACK)]
    branches.sort(key=lambda child: child.tag != _CHOICE)  # stable: first Choice, else Fallback
    return branches[0] if branches else None


def _find_boxes(element: etree._Element, boxes: list[etree._Element]) -> None:
    """Collect the w:txbxContent under a drawing, once (mc:Fallback copies are skipped)."""
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


def _continues_merge(cell: etree._Element) -> bool:
    """Whether a table cell continues a vertical (or legacy horizontal) merge."""
    properties = cell.find(_W + "tcPr")
    merges = () if properties is None else (properties.find(_W + t) for t in ("vMerge", "hMerge"))
    return any(m is not None and m.get(_VAL, "continue") != "restart" for m in merges)


class _Style(NamedTuple):
    """What a paragraph style contributes, resolved along its basedOn chain."""

    style_id: str
    level: int | None
    is_title: bool
    bold: bool | None
    num_id: str | None
    ilvl: int | None


class BodyReader:
    """Walks one document body, keeping the numbering counters and style caches. After `read`,
    `sources[i]` is the w:p element that produced the i-th Block (the comment writer anchors there)."""

    def __init__(self, styles: StyleSheet | _Part, numbering: _Part) -> None:
        sheet = styles if isinstance(styles, StyleSheet) else StyleSheet(element=styles)
        self._styles = sheet
        self._default = sheet.default_paragraph  # the default paragraph style
        self._paragraph_styles: dict[str | None, _Style] = {}
        self._run_styles: dict[str, bool | None] = {}
        self._numbering = NumberingDefinitions(numbering)
        self._blocks: list[Block] = []
        self.sources: list[etree._Element] = []
        self._parts: list[str] = []  # the paragraph being read: its text pieces,
        self._bold: list[bool] = []  # whether each run with visible text is bold,
        self._boxes: list[etree._Element] = []  # and the text boxes anchored in it
        self._paragraph_bold = False
        doc_defaults = sheet.doc_defaults
        defaults = None if doc_defaults is None else doc_defaults.find(_W + "rPrDefault")
        self._default_bold = bool(defaults is not None and _on(defaults.find(f"{_RPR}/{_W}b")))

    def read(self, document: etree._Element) -> tuple[Block, ...]:
        body = document.find(_W + "body")
        if body is not None:
            self._walk(body, "body")
        return tuple(self._blocks)

    def _chain(self, style_id: str) -> Iterator[etree._Element]:
        """The style and the styles it is based on, nearest first (cycles cut)."""
        seen: set[str] = set()
        current: str | None = style_id
        while current is not None and current not in seen:
            style = self._styles.get(current)
            if style is None:
                break
            seen.add(current)
            yield style
            current = _val(style, "basedOn")

    def _paragraph_style(self, style_id: str | None) -> _Style:
        cached = self._paragraph_styles.get(style_id)
        if cached is not None:
            return cached
        resolved = style_id if style_id and self._styles.get(style_id) is not None else self._default
        level: int | None = None
        bold: bool | None = None
        num_id: str | None = None
        ilvl: int | None = None
        level_found = is_title = False
        for style in self._chain(resolved or ""):
            name = (_val(style, "name") or "").strip().lower()
            is_title = is_title or name in ("title", "标题")
            properties = style.find(_PPR)
            outline = None if properties is None else properties.find(_W + "outlineLvl")
            heading = _HEADING.fullmatch(name)
            if not level_found and outline is not None:
                level, level_found = _outline(outline.get(_VAL)), True
            elif not level_found and heading:
                level, level_found = int(heading.group(1)), True
            bold = _on(style.find(f"{_RPR}/{_W}b")) if bold is None else bold
            numbered = None if properties is None else properties.find(_W + "numPr")
            if numbered is not None:
                num_id = _val(numbered, "numId") if num_id is None else num_id
                ilvl = _number(_val(numbered, "ilvl")) if ilvl is None else ilvl
        result = _Style(resolved or "", level, is_title, bold, num_id, ilvl)
        self._paragraph_styles[style_id] = result
        return result

    def _run_bold(self, properties: etree._Element | None) -> bool:
        """Direct w:b, else the character style's, else the paragraph style's."""
        direct = None if properties is None else _on(properties.find(_W + "b"))
        run_style = None if properties is None or direct is not None else _val(properties, "rStyle")
        if run_style is not None and run_style not in self._run_styles:
            found = (_on(style.find(f"{_RPR}/{_W}b")) for style in self._chain(run_style))
            self._run_styles[run_style] = next((b for b in found if b is not None), None)
        if direct is None and run_style is not None:
            direct = self._run_styles[run_style]
        return self._paragraph_bold if direct is None else direct

    def _walk(self, container: etree._Element, origin: str) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self._paragraph(child, origin)
            elif tag == _TBL:
                for row in _children(child, _TR):
                    for cell in _children(row, _TC):
                        if not _continues_merge(cell):  # a merged cell is read once
                            self._walk(cell, "table")
            elif tag == _ALT:
                branch = _branch(child)
                if branch is not None:
                    self._walk(branch, origin)
            elif tag in _CONTAINERS:
                self._walk(child, origin)

    def _paragraph(self, paragraph: etree._Element, origin: str) -> None:
        style_id = num_id = ilvl = outline = None
        first = paragraph[0] if len(paragraph) else None
        if first is not None and first.tag == _PPR:
            for child in first:
                if child.tag == _W + "pStyle":
                    style_id = child.get(_VAL)
                elif child.tag == _W + "numPr":
                    num_id, ilvl = _val(child, "numId"), _val(child, "ilvl")
                elif child.tag == _W + "outlineLvl":
                    outline = child.get(_VAL)
        style = self._paragraph_style(style_id)
        label = suffix = ""
        num_id = style.num_id if num_id is None else num_id
        if num_id is not None and num_id.strip() not in ("", "0"):  # numId 0: numbering off
            level = _number(ilvl) if ilvl is not None else style.ilvl
            if level is None:
                level = self._numbering.level_of_style(num_id, style.style_id) or 0
            label, suffix = self._numbering.next_label(num_id, level)
        parts: list[str] = []
        bold: list[bool] = []
        boxes: list[etree._Element] = []
        self._parts, self._bold, self._boxes = parts, bold, boxes
        self._paragraph_bold = self._default_bold if style.bold is None else style.bold
        self._inline(paragraph)
        text = _SPACES.sub(" ", "".join(parts))
        if text.strip():  # an empty paragraph is skipped (its number was still counted)
            if label:
                text = label + (" " if suffix != "nothing" and label[-1].isalnum() else "") + text
            heading = style.level if outline is None else _outline(outline)
            all_bold = bool(bold) and all(bold)
            index = len(self._blocks) + 1
            self._blocks.append(Block(index, text, label, heading, style.is_title, all_bold, origin))
            self.sources.append(paragraph)
        for box in boxes:  # text boxes follow the paragraph that anchors them
            self._walk(box, "textbox")

    def _inline(self, element: etree._Element) -> None:
        """Text of runs, also inside hyperlinks, insertions, fields, smart tags and controls."""
        for child in element:
            tag = child.tag
            if tag == _R:
                self._run(child)
            elif tag == _ALT:
                branch = _branch(child)
                if branch is not None:
                    self._inline(branch)
            elif tag == _MATH_T:
                self._parts.append(child.text or "")
            elif tag not in _SKIP and len(child):
                self._inline(child)

    def _run(self, run: etree._Element) -> None:
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
                _find_boxes(child, self._boxes)
        if not texts or (properties is not None and _on(properties.find(_W + "vanish"))):
            return  # no text, or hidden text
        text = "".join(texts)
        self._parts.append(text)
        if text.strip():
            self._bold.append(self._run_bold(properties))

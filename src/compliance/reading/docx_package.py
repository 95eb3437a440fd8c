"""Open a .docx package safely: find its main document, styles and numbering parts and parse them
with a hardened lxml parser; every failure becomes a one-line Chinese cause."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib

from lxml import etree

from compliance.reading.wml import W
from compliance.reading.zipguard import DEFAULT_LIMITS, ZipLimits, size_text

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OVERRIDE = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
_WORD_MAIN = tuple(  # .docx .dotx .docm .dotm
    f"{kind}.main+xml"
    for kind in (
        "wordprocessingml.document",
        "wordprocessingml.template",
        "ms-word.document.macroEnabled",
        "ms-word.template.macroEnabledTemplate",
    )
)
_DAMAGED = "文件已损坏，不是完整的 Word (.docx) 文档"
_HOSTILE = "，可能是恶意构造的文件"
Part = etree._Element | None


class Invalid(Exception):
    """The package opens but is not a Word document we can check; str() is the Chinese cause."""


_CAUSES: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    (FileNotFoundError, "文件不存在"),
    (IsADirectoryError, "这是一个文件夹，不是 Word 文档"),
    (PermissionError, "没有读取该文件的权限"),
    ((zlib.error, EOFError, NotImplementedError, zipfile.LargeZipFile), _DAMAGED),
    (etree.XMLSyntaxError, "文件已损坏，其中的 XML 内容无法解析"),
    (MemoryError, "文件过大，无法读取"),
    (RecursionError, "文档结构嵌套过深，无法读取"),
    (OSError, "无法读取文件"),
)


def cause(path: str, exc: Exception, data: bytes | None = None) -> str:
    """The short Chinese cause of a failure to read `path`."""
    if isinstance(exc, Invalid):
        return str(exc)
    if isinstance(exc, zipfile.BadZipFile):  # not a zip at all, or a damaged one: say which
        try:
            head = data[:8] if data is not None else _head(path)
        except OSError:
            return _DAMAGED
        if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return "这是旧版 Word (.doc)、WPS 或加密的文档，请另存为 .docx 后再检查"
        if not head:
            return "文件是空的"
        return _DAMAGED if head[:2] == b"PK" else "文件不是 Word (.docx) 文档"
    kind = next((cause for kinds, cause in _CAUSES if isinstance(exc, kinds)), None)
    return kind or f"无法读取该 Word 文档（{type(exc).__name__}）"


def _load(archive: zipfile.ZipFile, limits: ZipLimits) -> tuple[etree._Element, StyleSheet, Part]:
    """The main document, styles and numbering parts of an opened package."""
    if len(archive.infolist()) > limits.max_entries:
        raise Invalid("文件包含的部件过多" + _HOSTILE)
    types = _part(archive, "[Content_Types].xml", limits.max_part_bytes)
    if types is None:
        raise Invalid("不是 Word (.docx) 文档（缺少 [Content_Types].xml）")
    kinds = {o.get("ContentType", ""): o.get("PartName", "") for o in types.iterfind(_OVERRIDE)}
    mains = [name for kind, name in kinds.items() if kind.endswith(_WORD_MAIN)]
    if not mains:
        names = " ".join(kinds)
        for marker, other in (("spreadsheetml", "Excel"), ("presentationml", "PowerPoint")):
            if marker in names:
                raise Invalid(f"这是 {other} 文件，不是 Word (.docx) 文档")
        raise Invalid("不是 Word (.docx) 文档（找不到正文部分）")
    main = mains[0].lstrip("/")
    document = _part(archive, main, limits.max_part_bytes)
    if document is None or document.tag != W + "document":
        raise Invalid("不是 Word (.docx) 文档（正文部分缺失或格式无法识别）")
    folder, name = posixpath.split(main)
    rels = _part(archive, f"{folder}/_rels/{name}.rels".lstrip("/"), limits.max_part_bytes)
    targets: dict[str, str] = {}
    for rel in () if rels is None else rels.iterfind(_REL):
        target, kind = rel.get("Target", ""), rel.get("Type", "").rsplit("/", 1)[-1]
        if target and rel.get("TargetMode") != "External" and kind not in targets:
            joined = target[1:] if target.startswith("/") else f"{folder}/{target}"
            targets[kind] = posixpath.normpath(joined.lstrip("/"))
    styles = StyleSheet(raw=_raw(archive, targets.get("styles", ""), limits.max_part_bytes))
    return document, styles, _part(archive, targets.get("numbering", ""), limits.max_part_bytes)


def _raw(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """One part's bytes, checked (bounded size, no DOCTYPE); None if absent."""
    try:
        info = archive.getinfo(name)
    except KeyError:  # part names are case-insensitive in OPC
        found = [i for i in archive.infolist() if i.filename.lower() == name.lower()]
        if not found:
            return None
        info = found[0]
    with archive.open(info) as stream:  # the declared size may lie: read at most the limit
        data = stream.read(limit + 1) if info.file_size <= limit else None
    if data is None or len(data) > limit:
        raise Invalid(f"文件中的内容过大（超过 {size_text(limit)}）" + _HOSTILE)
    if b"<!DOCTYPE" in data:  # never in a real Word part (and the parser would not expand it)
        raise Invalid("文件含有 DOCTYPE 声明（正常的 Word 文档没有）" + _HOSTILE)
    return data


def _parse(data: bytes) -> etree._Element:
    """XML parsed safely: no DTD, entities or network."""
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))


def _part(archive: zipfile.ZipFile, name: str, limit: int) -> Part:
    """One XML part, parsed safely; None if absent."""
    data = _raw(archive, name, limit)
    return None if data is None else _parse(data)


_STYLE_ATTRS = re.compile(rb'\bw:(styleId|type|default)="([^"]*)"')
_DOC_DEFAULTS = re.compile(rb"<w:docDefaults\b.*?</w:docDefaults>", re.S)


class StyleSheet:
    """The w:style elements of styles.xml by id, each parsed on first use.

    The styles.xml that Word templates carry is ~350 KB of which a report uses a handful of styles;
    parsing it whole costs more than the rest of reading the document. With the usual "w:" prefix
    each style's XML is cut out by position and parsed alone (inside the root tag, so namespaces
    resolve); otherwise, or from an element, the whole part is used.
    """

    def __init__(self, raw: bytes | None = None, element: etree._Element | None = None) -> None:
        self._parsed: dict[str, etree._Element] = {}
        self._chunks: dict[str, bytes] = {}
        self._root = b""
        self.default_paragraph = ""
        self._defaults: bytes | None = None
        self._defaults_element: etree._Element | None = None
        start = -1 if raw is None else raw.find(b"<w:styles")
        if raw is not None and start < 0:
            element = _parse(raw)
        if element is not None:
            self._index_element(element)
        elif raw is not None:
            self._root = raw[start : raw.index(b">", start) + 1]
            self._index_bytes(raw)

    def _index_element(self, element: etree._Element) -> None:
        for style in element.iterfind(W + "style"):
            style_id = style.get(W + "styleId")
            if style_id is not None and style_id not in self._parsed:
                self._parsed[style_id] = style
                self._note_default(style_id, style.get(W + "type"), style.get(W + "default"))
        self._defaults_element = element.find(W + "docDefaults")

    def _index_bytes(self, raw: bytes) -> None:
        start = raw.find(b"<w:style ")
        while start >= 0:
            head_end = raw.find(b">", start)
            if head_end < 0:
                break
            head = raw[start : head_end + 1]
            end = head_end + 1 if head.endswith(b"/>") else raw.find(b"</w:style>", head_end)
            if end < 0:
                break
            end = end if head.endswith(b"/>") else end + len(b"</w:style>")
            attrs = {k.decode(): v.decode("utf-8", "replace") for k, v in _STYLE_ATTRS.findall(head)}
            style_id = attrs.get("styleId")
            if style_id is not None and style_id not in self._chunks:
                self._chunks[style_id] = raw[start:end]
                self._note_default(style_id, attrs.get("type"), attrs.get("default"))
            start = raw.find(b"<w:style ", end)
        found = _DOC_DEFAULTS.search(raw)
        self._defaults = found.group() if found else None

    def _note_default(self, style_id: str, kind: str | None, default: str | None) -> None:
        if (
            not self.default_paragraph
            and kind == "paragraph"
            and (default or "0").lower() in ("1", "true", "on")
        ):
            self.default_paragraph = style_id

    def _element(self, chunk: bytes) -> etree._Element:
        return _parse(self._root + chunk + b"</w:styles>")[0]

    def get(self, style_id: str) -> etree._Element | None:
        style = self._parsed.get(style_id)
        if style is None and style_id in self._chunks:
            style = self._parsed[style_id] = self._element(self._chunks.pop(style_id))
        return style

    @property
    def doc_defaults(self) -> etree._Element | None:
        """w:docDefaults, if any."""
        if self._defaults is not None:
            self._defaults_element, self._defaults = self._element(self._defaults), None
        return self._defaults_element


def _head(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(8)


def open_parts(
    path: str, data: bytes | None = None, limits: ZipLimits = DEFAULT_LIMITS
) -> tuple[etree._Element, StyleSheet, Part]:
    """The main document, styles and numbering parts of the .docx at `path`, or in `data` (its
    bytes, already read and guarded: then the file is not opened again). Raises Invalid, or the
    zipfile/lxml/OS error that `cause` explains."""
    with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as archive:
        return _load(archive, limits)

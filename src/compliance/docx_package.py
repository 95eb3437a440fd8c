"""Open a .docx package safely: find its main document, styles and numbering parts and parse them
with a hardened lxml parser; every failure becomes a one-line Chinese cause."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
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
_PART_LIMIT = 64 * 1024 * 1024  # bytes of one XML part after decompression
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


def _load(archive: zipfile.ZipFile) -> tuple[etree._Element, Part, Part]:
    """The main document, styles and numbering parts of an opened package."""
    if len(archive.infolist()) > 2000:
        raise Invalid("文件包含的部件过多" + _HOSTILE)
    types = _part(archive, "[Content_Types].xml")
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
    document = _part(archive, main)
    if document is None or document.tag != W + "document":
        raise Invalid("不是 Word (.docx) 文档（正文部分缺失或格式无法识别）")
    folder, name = posixpath.split(main)
    rels = _part(archive, f"{folder}/_rels/{name}.rels".lstrip("/"))
    targets: dict[str, str] = {}
    for rel in () if rels is None else rels.iterfind(_REL):
        target, kind = rel.get("Target", ""), rel.get("Type", "").rsplit("/", 1)[-1]
        if target and rel.get("TargetMode") != "External" and kind not in targets:
            joined = target[1:] if target.startswith("/") else f"{folder}/{target}"
            targets[kind] = posixpath.normpath(joined.lstrip("/"))
    styles, numbering = (_part(archive, targets.get(kind, "")) for kind in ("styles", "numbering"))
    return document, styles, numbering


def _part(archive: zipfile.ZipFile, name: str) -> Part:
    """One XML part, parsed safely (no DTD, entities or network; bounded size); None if absent."""
    try:
        info = archive.getinfo(name)
    except KeyError:  # part names are case-insensitive in OPC
        found = [i for i in archive.infolist() if i.filename.lower() == name.lower()]
        if not found:
            return None
        info = found[0]
    with archive.open(info) as stream:  # the declared size may lie: read at most the limit
        data = stream.read(_PART_LIMIT + 1) if info.file_size <= _PART_LIMIT else None
    if data is None or len(data) > _PART_LIMIT:
        raise Invalid("文件中的内容过大（超过 64 MB）" + _HOSTILE)
    if b"<!DOCTYPE" in data:  # never in a real Word part (and the parser would not expand it)
        raise Invalid("文件含有 DOCTYPE 声明（正常的 Word 文档没有）" + _HOSTILE)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser)


def _head(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(8)


def open_parts(path: str, data: bytes | None = None) -> tuple[etree._Element, Part, Part]:
    """The main document, styles and numbering parts of the .docx at `path`, or in `data` (its
    bytes, already read and guarded: then the file is not opened again). Raises Invalid, or the
    zipfile/lxml/OS error that `cause` explains."""
    with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as archive:
        return _load(archive)

"""Tell what a file really is from its bytes (and its ZIP or OLE2 directory), whatever its name.

The only module that imports olefile. `sniff(data, name)` never raises: a file it cannot make
sense of is reported as a damaged kind, and the loader turns every kind it does not check into
one Chinese line saying what the file is and what to do.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import PurePath

from compliance.records import Record

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PEEK = 1024 * 1024  # at most this much of a ZIP member is inflated to look at it
_FIB_ENCRYPTED = 0x0100  # FibBase flags: fEncrypted (password, RC4 or XOR obfuscation)


class FileType(Record, frozen=True):
    """What a file is: a kind the loader dispatches on, a Chinese label, its usual extensions."""

    kind: str
    label: str
    suffixes: tuple[str, ...] = ()

    def matches(self, name: str) -> bool:
        """Whether the file name has one of this kind's usual extensions."""
        return PurePath(name).suffix.lower() in self.suffixes


DOCX = FileType("docx", "Word 文档（.docx）", (".docx", ".docm", ".dotx", ".dotm"))
XLSX = FileType("xlsx", "Excel 表格（.xlsx）", (".xlsx", ".xlsm", ".xltx"))
PPTX = FileType("pptx", "PowerPoint 演示文稿（.pptx）", (".pptx", ".ppsx", ".potx"))
ODT = FileType("odt", "OpenDocument 文本（.odt）", (".odt", ".ott"))
ODF = FileType("odf", "OpenDocument 表格或演示文稿", (".ods", ".odp", ".odg"))
OFD = FileType("ofd", "OFD 版式文件（.ofd）", (".ofd",))
ZIP = FileType("zip", "ZIP 压缩包", (".zip",))
ZIP_DAMAGED = FileType("zip-damaged", "已损坏的 Word 文档（ZIP 结构不完整）", (".docx", ".zip"))
DOC = FileType("doc", "Word 97–2003 文档（.doc）", (".doc", ".dot"))
WPS = FileType("doc", "WPS 文字文档（.wps）", (".wps", ".wpt"))
DOC_ENCRYPTED = FileType("encrypted", "加密的 Word 97–2003 文档", (".doc", ".wps"))
ENCRYPTED = FileType("encrypted", "加密的 Word 文档", (".docx", ".docm"))
ENCRYPTED_XLSX = FileType("encrypted", "加密的 Excel 表格", (".xlsx", ".xlsm"))
ENCRYPTED_PPTX = FileType("encrypted", "加密的 PowerPoint 演示文稿", (".pptx",))
XLS = FileType("xls", "Excel 97–2003 表格（.xls/.et）", (".xls", ".et"))
PPT = FileType("ppt", "PowerPoint 97–2003 演示文稿（.ppt/.dps）", (".ppt", ".dps"))
OLE = FileType("ole", "Office 复合文档（不是 Word 文档）", ())
OLE_DAMAGED = FileType("ole-damaged", "已损坏的 Office 97–2003 文档", ())
DOC_DAMAGED = FileType("ole-damaged", "已损坏的 Word 97–2003 文档", (".doc", ".wps", ".dot"))
PDF = FileType("pdf", "PDF 文件", (".pdf",))
HTML = FileType("html", "网页（HTML）", (".html", ".htm", ".shtml", ".xhtml"))
RTF = FileType("rtf", "RTF 文档（.rtf）", (".rtf",))
WORD_XML = FileType("word-xml", "Word 2003 XML 文档", (".xml",))
MHT = FileType("mht", "单个文件网页（.mht）", (".mht", ".mhtml"))
IMAGE = FileType("image", "图片", (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".webp"))
ARCHIVE = FileType("archive", "压缩包（RAR/7z/gzip 等）", (".rar", ".7z", ".gz", ".tgz", ".xz"))
PROGRAM = FileType("program", "程序文件", (".exe", ".dll", ".so", ".bin"))
TEXT = FileType("text", "文本文件", (".txt", ".text", ".md", ".markdown", ""))

_MAGIC: tuple[tuple[bytes, FileType], ...] = (
    (b"\x89PNG\r\n\x1a\n", IMAGE),
    (b"\xff\xd8\xff", IMAGE),
    (b"GIF87a", IMAGE),
    (b"GIF89a", IMAGE),
    (b"II*\x00", IMAGE),
    (b"MM\x00*", IMAGE),
    (b"Rar!\x1a\x07", ARCHIVE),
    (b"7z\xbc\xaf\x27\x1c", ARCHIVE),
    (b"\x1f\x8b", ARCHIVE),
    (b"\xfd7zXZ\x00", ARCHIVE),
    (b"MZ", PROGRAM),
    (b"\x7fELF", PROGRAM),
)
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title)[\s>/]")
_WORD_XML = re.compile(rb"progid\s*=\s*[\"']word\.document[\"']|<w:worddocument[\s>]")
_MIME_HEADER = re.compile(rb"(?:mime-version|content-type|from|subject|date)\s*:")
_PROLOG_NOISE = re.compile(rb"^(?:\s|<!--.*?-->|<\?xml[^>]*\?>)*", re.DOTALL)


def sniff(data: bytes, name: str = "") -> FileType:
    """The real type of a file from its content; `name` only picks a label (.doc or .wps)."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _sniff_zip(data)
    if data.startswith(OLE_MAGIC):
        return _sniff_ole(data, name)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return _sniff_markup(data)


def _sniff_markup(data: bytes) -> FileType:
    """PDF, RTF, HTML, Word XML, MHT or text, from the start of the (ASCII-compatible) bytes."""
    head = _ascii_head(data)
    if b"%PDF-" in head[:1024]:  # the header may follow a little junk (PDF 1.7, 7.5.2)
        return PDF
    body = _PROLOG_NOISE.sub(b"", head, count=1).lower()
    if body.startswith(b"{\\rtf"):
        return RTF
    if _WORD_XML.search(head.lower()):
        return WORD_XML
    if _HTML_START.match(body) or (body.startswith(b"<") and b"<html" in body[:2048]):
        return HTML
    if _MIME_HEADER.match(body) and b"multipart/related" in body[:4096]:
        return MHT
    return TEXT


def _ascii_head(data: bytes) -> bytes:
    """The first bytes as ASCII-compatible bytes: UTF-16 (with a BOM, or markup without) folded."""
    head = data[:8192]
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:]
    utf16 = "utf-16-le" if head.startswith((b"\xff\xfe", b"<\x00")) else None
    utf16 = "utf-16-be" if head.startswith((b"\xfe\xff", b"\x00<")) else utf16
    if utf16 is None:
        return head
    text = head[: len(head) // 2 * 2].decode(utf16, errors="replace").lstrip("\ufeff")
    return text.encode("ascii", errors="replace")


def _member(archive: zipfile.ZipFile, names: dict[str, str], name: str) -> bytes:
    """The first bytes of a member (matched case-insensitively), b"" if absent or unreadable."""
    real = names.get(name.lower())
    if real is None:
        return b""
    try:
        with archive.open(real) as stream:
            return stream.read(_PEEK)
    except Exception:  # damaged or encrypted member: the zip guard reports it properly
        return b""


def _sniff_zip(data: bytes) -> FileType:
    """Which kind of ZIP package: Word, Excel, PowerPoint, OpenDocument, OFD or a plain ZIP."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception:  # BadZipFile, truncated central directory, absurd fields, ...
        return ZIP_DAMAGED
    with archive:
        names = {info.filename.lower(): info.filename for info in infos[:5000]}
        mimetype = _member(archive, names, "mimetype")[:200]
        if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
            return ODT
        if mimetype.startswith(b"application/vnd.oasis.opendocument"):
            return ODF
        if "ofd.xml" in names:
            return OFD
        if "[content_types].xml" not in names:
            return ZIP
        types = _member(archive, names, "[content_types].xml")
    for marker, kind in (
        (b"wordprocessingml.document.main", DOCX),
        (b"wordprocessingml.template.main", DOCX),
        (b"ms-word.document.macroenabled", DOCX),
        (b"ms-word.template.macroenabled", DOCX),
        (b"spreadsheetml", XLSX),
        (b"ms-excel", XLSX),
        (b"presentationml", PPTX),
        (b"ms-powerpoint", PPTX),
    ):
        if marker in types.lower():
            return kind
    for prefix, kind in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
        if any(name.startswith(prefix) for name in names):
            return kind
    return DOCX  # an OPC package without a known main part: the reader says what is missing


def _sniff_ole(data: bytes, name: str) -> FileType:
    """Which kind of OLE2 compound file: Word/WPS, encrypted OOXML, Excel, PowerPoint or other."""
    suffix = PurePath(name).suffix.lower()
    damaged = DOC_DAMAGED if suffix in DOC_DAMAGED.suffixes else OLE_DAMAGED
    import olefile  # only for OLE compound files (.doc, .wps): checking a .docx never needs it

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(path).lower() for path in ole.listdir(streams=True)}
            if "encryptedpackage" in streams:  # ECMA-376 encryption: an OOXML file inside
                for kind in (ENCRYPTED_XLSX, ENCRYPTED_PPTX):
                    if suffix in kind.suffixes:
                        return kind
                return ENCRYPTED
            if "worddocument" in streams:
                fib = ole.openstream("WordDocument").read(12)  # FibBase: wIdent … flags
                if len(fib) < 12:
                    return DOC_DAMAGED
                if struct.unpack_from("<H", fib, 10)[0] & _FIB_ENCRYPTED:
                    return DOC_ENCRYPTED
                return WPS if suffix in WPS.suffixes else DOC
    except Exception:  # olefile raises OSError and others on a damaged container
        return damaged
    if streams & {"workbook", "book"}:
        return XLS
    if "powerpoint document" in streams:
        return PPT
    return OLE

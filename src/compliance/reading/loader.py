"""Stage 1, load: open a report file (read-only), find out what it really is, return its paragraphs.

The type comes from the content (compliance.sniff), never from the extension alone. A .docx is
checked by compliance.zipguard before the reader parses it; legacy word-processor files are
converted by LibreOffice (compliance.legacy); every other kind gets one Chinese line saying
what the file really is and what to do.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from compliance.errors import DocumentError
from compliance.reading.decoding import decode_text
from compliance.reading.document import Block, Document
from compliance.reading.legacy import converted_docx, convertible
from compliance.reading.sniff import FileType, sniff
from compliance.reading.zipguard import DEFAULT_LIMITS, ZipLimits, guard_zip

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ""})
DOCX_SUFFIXES = frozenset({".docx", ".docm", ".dotx"})
MAX_INPUT_BYTES = 50 * 1024 * 1024

_MD_HEADING = re.compile(r"^(#{1,6})\s+")
HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml"})


def _read_bytes(path: str) -> bytes:
    file = Path(path)
    if not file.exists():
        raise DocumentError(path, "文件不存在")
    if file.is_dir():
        raise DocumentError(path, "这是一个文件夹，不是报告文件")
    try:
        if file.stat().st_size > MAX_INPUT_BYTES:
            raise DocumentError(path, f"文件超过 {MAX_INPUT_BYTES // 1024 // 1024} MB，不像一份年度报告")
        with open(file, "rb") as handle:  # read-only: inputs are never modified
            return handle.read()
    except OSError as err:
        raise DocumentError(path, f"无法读取文件（{err.strerror or err}）") from err


def text_blocks(text: str) -> tuple[Block, ...]:
    """Blocks of a plain-text report: one per non-empty line, numbered by line (1-based)."""
    blocks = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip(" \t\u3000\ufeff\xa0")
        if not stripped:
            continue
        level = None
        heading = _MD_HEADING.match(stripped)
        if heading:
            level = len(heading.group(1))
            stripped = stripped[heading.end() :].strip()
        blocks.append(Block(index=number, text=stripped, style_level=level))
    return tuple(blocks)


_NOT_WORD = "不是 Word 文档；请提供报告的 Word 文档（.docx）"
_REFUSALS = {  # kinds that are not checked: what to do (after "这是/实际是 <label>，")
    "zip-damaged": "可能没有下载完整；请重新获取文件，或用 Word 打开后另存为 .docx 再检查",
    "ole-damaged": "请用 Word 或 WPS 打开后另存为 .docx 再检查",
    "encrypted": "请先取消密码后再检查",
    "xlsx": _NOT_WORD,
    "pptx": _NOT_WORD,
    "odf": _NOT_WORD,
    "xls": _NOT_WORD,
    "ppt": _NOT_WORD,
    "ole": _NOT_WORD,
    "ofd": "暂不支持；请提供报告的 Word 文档（.docx）",
    "zip": "不是 Word 文档；如果报告在压缩包里，请先解压后再检查",
    "archive": "请先解压后再检查其中的报告",
    "mht": "请用 Word 打开后另存为 .docx 再检查",
    "image": "没有可检查的文字；请提供报告的 Word 文档（.docx）",
    "program": "不是报告文件",
}


def refusal(file_type: FileType, path: str) -> str:
    """The one-line Chinese cause for a kind that is not checked: what it is, what to do."""
    suffix = Path(path).suffix
    what = "这是" if not suffix or file_type.matches(path) else "实际是"
    space = " " if file_type.label[:1].isascii() else ""  # 实际是 ZIP 压缩包
    return f"{what}{space}{file_type.label}，{_REFUSALS.get(file_type.kind, _NOT_WORD)}"


def read_package(path: str, docx: str, data: bytes, limits: ZipLimits = DEFAULT_LIMITS) -> tuple[Block, ...]:
    """The blocks of the .docx at `docx` (whose bytes are `data`), guarded; errors name `path`."""
    guard_zip(path, data, limits)
    from compliance.reading.docx_reader import read_docx  # imported late: lxml costs time to import

    try:
        return read_docx(docx, data, limits)  # the guarded bytes: the file is not opened again
    except DocumentError as err:
        if docx == path:
            raise
        raise DocumentError(path, err.cause) from None


def _convert(path: str, data: bytes, file_type: FileType, limits: ZipLimits) -> Document:
    """Check a .doc/.wps/.rtf/.odt through a .docx made by LibreOffice in a private folder."""
    with converted_docx(path, data, file_type.kind, file_type.label) as docx:
        with open(docx, "rb") as handle:
            converted = handle.read(MAX_INPUT_BYTES + 1)
        if len(converted) > MAX_INPUT_BYTES:
            too_big = f"转换后的文档超过 {MAX_INPUT_BYTES // 1024 // 1024} MB，不像一份年度报告"
            raise DocumentError(path, too_big)
        blocks = read_package(path, docx, converted, limits)
    notes = (f"sniffed={file_type.kind}", "converted-by=LibreOffice")
    return Document(path, file_type.kind, blocks, notes=notes)


def load_document(path: str | os.PathLike[str], *, limits: ZipLimits = DEFAULT_LIMITS) -> Document:
    """Read a report; raise DocumentError with a one-line Chinese cause naming the file.

    .docx is read directly (within `limits`); .doc, .wps, .rtf, .odt and Word 2003 XML are
    converted with LibreOffice; PDF and HTML need the `pdf` / `html` extras; text is decoded.
    """
    name = os.fspath(path)
    data = _read_bytes(name)
    if not data.strip():
        raise DocumentError(name, "文件是空的")
    file_type = sniff(data, name)
    kind = file_type.kind
    suffix = Path(name).suffix.lower()
    if kind == "docx":
        return Document(name, "docx", read_package(name, name, data, limits))
    if convertible(kind):
        return _convert(name, data, file_type, limits)
    if kind == "pdf":
        from compliance.reading.pdf_reader import read_pdf  # optional extra `pdf`, imported only when needed

        return read_pdf(name, data)
    if kind == "html" or (kind == "text" and suffix in HTML_SUFFIXES):
        from compliance.reading.html_reader import read_html  # optional extra `html`

        return read_html(name, data)
    if kind != "text":
        raise DocumentError(name, refusal(file_type, name))
    if suffix in DOCX_SUFFIXES:
        raise DocumentError(name, "文件扩展名是 .docx，但内容不是 Word 文档（可能已损坏或被改名）")
    if suffix not in TEXT_SUFFIXES:
        raise DocumentError(
            name, f"不支持的文件类型“{suffix}”，请提供 .docx（或 .doc、.wps、.pdf、网页）或 .txt、.md 文件"
        )
    text, encoding = decode_text(data, name)
    return Document(name, "text", text_blocks(text), notes=(f"encoding={encoding}",))

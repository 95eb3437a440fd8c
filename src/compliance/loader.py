"""Stage 1, load: open a report file (read-only) and return its paragraphs as a Document."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .decoding import decode_text
from .document import Block, Document
from .errors import DocumentError

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ""})
DOCX_SUFFIXES = frozenset({".docx", ".docm", ".dotx"})
MAX_INPUT_BYTES = 50 * 1024 * 1024

_MD_HEADING = re.compile(r"^(#{1,6})\s+")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _read_bytes(path: str) -> bytes:
    file = Path(path)
    if not file.exists():
        raise DocumentError(path, "文件不存在")
    if file.is_dir():
        raise DocumentError(path, "这是一个文件夹，不是报告文件")
    try:
        if file.stat().st_size > MAX_INPUT_BYTES:
            raise DocumentError(
                path, f"文件超过 {MAX_INPUT_BYTES // 1024 // 1024} MB，不像一份年度报告"
            )
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


def _sniff(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "zip"
    if data.startswith(_OLE_MAGIC):
        return "ole"
    if data.startswith(b"%PDF"):
        return "pdf"
    return "text"


def load_document(path: str | os.PathLike[str]) -> Document:
    """Read a .docx or text report; raise DocumentError with a one-line Chinese cause."""
    name = os.fspath(path)
    data = _read_bytes(name)
    if not data.strip():
        raise DocumentError(name, "文件是空的")
    kind = _sniff(data)
    suffix = Path(name).suffix.lower()
    if kind == "zip":
        from .docx_reader import read_docx  # imported late: python-docx costs ~0.1 s to import

        return Document(name, "docx", read_docx(name))
    if kind == "ole":
        raise DocumentError(
            name, "这是 Word 97–2003 (.doc/.wps) 或加密的文档，请用 Word 另存为 .docx 后再检查"
        )
    if kind == "pdf":
        raise DocumentError(name, "这是 PDF 文件，暂不支持，请提供 .docx 或文本格式")
    if suffix in DOCX_SUFFIXES:
        raise DocumentError(name, "文件扩展名是 .docx，但内容不是 Word 文档（可能已损坏或被改名）")
    if suffix not in TEXT_SUFFIXES:
        raise DocumentError(name, f"不支持的文件类型“{suffix}”，请提供 .docx、.txt 或 .md 文件")
    text, encoding = decode_text(data, name)
    return Document(name, "text", text_blocks(text), notes=(f"encoding={encoding}",))

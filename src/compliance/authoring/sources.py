"""The Word file a draft's comments go into: the .docx itself, or one LibreOffice converts a legacy draft to.

A .doc, .wps, .rtf or .odt draft is converted once (compliance.reading.legacy, as `check` does); the
check reads the converted file and the comments are written into it, so the paragraph numbers agree.
PDF, HTML and text drafts are refused: Word comments need a Word file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from compliance.errors import DocumentError
from compliance.reading.document import Document
from compliance.reading.legacy import converted_docx, convertible
from compliance.reading.loader import HTML_SUFFIXES, MAX_INPUT_BYTES, load_document
from compliance.reading.sniff import sniff
from compliance.records import Record, replace

NOT_WORD = (
    "Word 批注只能写入 Word 文件（.docx、.doc、.wps、.rtf、.odt）；差距报告请用 compliance check -f html 生成"
)


class WordSource(Record, frozen=True):
    """A draft read for annotating: the check's Document (path: the draft) and the .docx to comment."""

    document: Document
    docx: str  # the draft itself, or the converted copy (which exists only inside word_source)
    converted_from: str = ""  # the draft's kind in Chinese ("Word 97–2003 文档") when it was converted


def _head(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:  # read-only, like the loader
            return handle.read(MAX_INPUT_BYTES + 1)
    except OSError:
        return None  # the loader says why, in its words


@contextmanager
def word_source(path: str) -> Iterator[WordSource]:
    """Yield the draft at `path` ready to annotate; raise DocumentError for one that cannot be."""
    data = _head(path)
    file_type = sniff(data, path) if data and len(data) <= MAX_INPUT_BYTES else None
    if file_type is not None and convertible(file_type.kind):
        with converted_docx(path, data or b"", file_type.kind, file_type.label) as docx:
            document = load_document(docx)
            yield WordSource(replace(document, path=path, format=file_type.kind), docx, file_type.label)
        return
    is_html = Path(path).suffix.lower() in HTML_SUFFIXES
    if file_type is not None and (file_type.kind in ("pdf", "html") or is_html):
        label = "网页（HTML）" if is_html else file_type.label
        raise DocumentError(path, f"这是{' ' if label[:1].isascii() else ''}{label}，{NOT_WORD}")
    document = load_document(path)  # raises the loader's one line for anything unreadable
    if document.format != "docx":
        raise DocumentError(path, f"这是文本文件，{NOT_WORD}")
    if not document.blocks:
        raise DocumentError(path, "文档中没有文字，无法添加批注")
    yield WordSource(document, path)

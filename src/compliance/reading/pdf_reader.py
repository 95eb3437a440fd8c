"""Read a PDF report (optional extra `pdf`, pdfplumber): visual lines re-joined into paragraphs.

pdfplumber (and its pdfminer.six) is imported here only, lazily, so that the tool works without
the extra. Every PDF extractor returns visual lines, not paragraphs; `_paragraphs` re-joins them
with layout rules (line width, indentation, vertical gap, font size, typed numbering) and keeps
headings on their own lines. Page numbers and running headers/footers are dropped.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
import time
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from compliance.errors import DocumentError
from compliance.reading.document import Block, Document
from compliance.records import Record
from compliance.text import parse_numbering

MAX_PAGES = 500  # ten times a long annual report; more is not a report
MIN_TEXT_CHARS = 50  # fewer readable characters than this: there is no text layer…
MIN_CHARS_PER_PAGE = 20  # …or fewer than this per page (a scan with an app's text watermark)
MAX_STREAM_BYTES = 128 * 1024 * 1024  # one data stream, inflated (a 600 dpi A4 RGB image: 105 MB)
MAX_STREAM_RATIO = 500  # a stream inflating past RATIO_FLOOR at a higher ratio is a bomb
RATIO_FLOOR = 8 * 1024 * 1024
MAX_PAGE_CONTENT = 1024 * 1024  # drawing instructions of one page, inflated (real: 5–20 KB)
MAX_SECONDS = 120  # reading budget; pages take about 0.1 s each here (300 pages: 30 s)
EXTRA_MISSING = "这是 PDF 文件；请先安装 PDF 支持：pip install 'compliance[pdf]'"
SCANNED = "这是扫描件（没有文字层），无法检查；请提供 .docx 或文字版 PDF"
ENCRYPTED = "这是加密的 PDF 文件（需要密码才能打开），请先取消密码后再检查"
DAMAGED = "文件已损坏，不是完整的 PDF 文档"
TRUNCATED = "PDF 文件不完整（可能下载未完成或已损坏），请重新获取文件"
HOSTILE = "PDF 中有解压后异常巨大的数据，可能是恶意构造的文件，已拒绝检查"
NO_UNICODE = "PDF 中的文字无法提取（字体缺少文字编码），请提供 .docx 或另存为文字版 PDF"

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|simhei|heiti|黑体", re.IGNORECASE)
_WIDE = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201d\u2014\u2026"
_SPACE_NEAR_WIDE = re.compile(rf"(?<=[{_WIDE}]) +| +(?=[{_WIDE}])")
_PAGE_NUMBER = re.compile(
    r"^[-—–－一_\s]*(?:第\s*)?\d{1,4}\s*页?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–－一_\s]*$"
    r"|^(?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?$"
)
_ENDS_SENTENCE = re.compile(r"[。；;：:！!？?]$")
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")
_STREAM = re.compile(rb"(?<!end)stream\r?\n")


class _Line(Record, frozen=True):
    """One visual line of a page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the most common character size, rounded to 0.5 pt
    bold: bool  # (nearly) every character is in a bold font
    page: int
    page_width: float


class _Layout(Record, frozen=True):
    """Measurements of the body text, taken over the whole document."""

    body_size: float
    left: float
    right: float
    pitch: float  # baseline-to-baseline distance of body lines inside a paragraph


def read_pdf(path: str, data: bytes) -> Document:
    """The paragraphs of a PDF with a text layer; raises DocumentError with a Chinese cause."""
    pdfplumber, password_errors = _import_pdfplumber(path)
    if b"%%EOF" not in data[-2048:]:
        raise DocumentError(path, TRUNCATED)
    if any(_explodes(stream) for stream in _streams(data)):
        raise DocumentError(path, HOSTILE)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = _read_pages(path, pdf.pages)
    except DocumentError:
        raise
    except Exception as exc:  # any parser failure becomes one clear line
        cause = ENCRYPTED if _caused_by(exc, password_errors) else DAMAGED
        raise DocumentError(path, cause) from exc
    lines = _drop_running_lines([lines for lines, _ in pages])
    readable = sum(len(line.text) for line in lines)
    if readable < max(MIN_TEXT_CHARS, MIN_CHARS_PER_PAGE * len(pages)):
        unreadable = sum(cid for _, cid in pages)
        raise DocumentError(path, NO_UNICODE if unreadable > readable else SCANNED)
    layout = _measure(lines)
    blocks = _blocks(_paragraphs(lines, layout), layout.body_size)
    empty = [str(number) for number, (page, _) in enumerate(pages, 1) if not page]
    notes = [f"pages={len(pages)}"]
    if empty:
        notes.append("pages_without_text=" + ",".join(empty))
    return Document(path, "pdf", blocks, notes=tuple(notes))


def _streams(data: bytes) -> Iterator[memoryview]:
    """The raw bytes of every `stream … endstream` in the file (no copies)."""
    view = memoryview(data)
    for match in _STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        yield view[match.end() : end if end >= 0 else len(data)]


def _explodes(raw: memoryview) -> bool:
    """True when a Flate stream inflates past MAX_STREAM_BYTES, or past RATIO_FLOOR at more than
    MAX_STREAM_RATIO:1. pdfminer inflates streams whole in memory, so a 1 MB stream could take
    1 GB; here the input is fed 4 KB at a time (at most ~4 MB of output per step) and counted."""
    inflater = zlib.decompressobj()
    total = 0
    for offset in range(0, len(raw), 4096):
        try:
            total += len(inflater.decompress(raw[offset : offset + 4096]))
        except zlib.error:  # not Flate, or encrypted: nothing to count
            return False
        if total > MAX_STREAM_BYTES:
            return True
        if total > RATIO_FLOOR and total > MAX_STREAM_RATIO * (offset + 4096):
            return True
        if inflater.eof:
            break
    return False


def _read_pages(path: str, pages: Sequence[Any]) -> list[tuple[list[_Line], int]]:
    """Lines of every page; refuses an oversized page and stops past the time budget."""
    from pdfminer.pdftypes import resolve1

    if len(pages) > MAX_PAGES:
        raise DocumentError(path, f"PDF 超过 {MAX_PAGES} 页，不像一份年度报告")
    started = time.monotonic()
    read = []
    for number, page in enumerate(pages, 1):
        streams = [resolve1(s) for s in page.page_obj.contents or ()]
        if sum(len(s.get_data()) for s in streams if hasattr(s, "get_data")) > MAX_PAGE_CONTENT:
            raise DocumentError(path, f"PDF 第 {number} 页的内容异常庞大，可能是恶意构造的文件")
        read.append(_page_lines(page, number))
        if time.monotonic() - started > MAX_SECONDS:
            raise DocumentError(path, f"PDF 内容过于复杂，读取超过 {MAX_SECONDS} 秒仍未完成，已停止")
    return read


def _import_pdfplumber(path: str) -> tuple[Any, tuple[type[BaseException], ...]]:
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    except ImportError as exc:
        raise DocumentError(path, EXTRA_MISSING) from exc
    return pdfplumber, (PDFPasswordIncorrect, PDFEncryptionError)


def _caused_by(exc: BaseException, kinds: tuple[type[BaseException], ...]) -> bool:
    """True when `exc`, an exception it wraps (pdfplumber wraps pdfminer's) or its cause is one of `kinds`."""
    pending: list[BaseException] = [exc]
    visited: set[int] = set()
    while pending:
        current = pending.pop()
        if id(current) in visited:
            continue
        visited.add(id(current))
        if isinstance(current, kinds):
            return True
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return False


def _page_lines(page: Any, number: int) -> tuple[list[_Line], int]:
    """The visual lines of a page (top to bottom) and the count of characters without Unicode."""
    page = page.dedupe_chars()
    unreadable = sum(1 for c in page.chars if c["text"].startswith("(cid:"))
    page = page.filter(_readable)
    lines = []
    for raw in page.extract_text_lines(return_chars=True, strip=True):
        text = _SPACE_NEAR_WIDE.sub("", raw["text"]).strip()
        glyphs = [c for c in raw["chars"] if c["text"].strip()]
        if not text or not glyphs:
            continue
        sizes = Counter(round(c["size"] * 2) / 2 for c in glyphs)
        bold = sum(1 for c in glyphs if _BOLD_FONT.search(c.get("fontname", "")))
        lines.append(
            _Line(
                text,
                float(raw["x0"]),
                float(raw["x1"]),
                float(raw["top"]),
                float(raw["bottom"]),
                sizes.most_common(1)[0][0],
                bold >= 0.9 * len(glyphs),
                number,
                float(page.width),
            )
        )
    return lines, unreadable


def _readable(obj: dict[str, Any]) -> bool:
    """Keep every object but rotated characters (watermarks) and characters without Unicode."""
    if obj.get("object_type") != "char":
        return True
    return bool(obj.get("upright", True)) and not str(obj.get("text", "")).startswith("(cid:")


def _drop_running_lines(pages: Sequence[list[_Line]]) -> list[_Line]:
    """All lines in order, without page numbers and headers/footers repeated across pages."""
    edges: Counter[str] = Counter()
    for lines in pages:
        for line in lines[:1] + lines[-1:] if len(lines) > 1 else lines:
            edges[re.sub(r"\d+", "#", line.text)] += 1
    repeated = {text for text, count in edges.items() if count >= 2 and count * 2 >= len(pages)}
    kept = []
    for lines in pages:
        for position, line in enumerate(lines):
            at_edge = position in (0, len(lines) - 1)
            running = re.sub(r"\d+", "#", line.text) in repeated
            if at_edge and (_PAGE_NUMBER.match(line.text) or running):
                continue
            kept.append(line)
    return kept


def _measure(lines: Sequence[_Line]) -> _Layout:
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    body_size = weights.most_common(1)[0][0]
    body = [line for line in lines if line.size == body_size] or list(lines)
    left = Counter(round(line.x0) for line in body).most_common(1)[0][0]
    ends = sorted(line.x1 for line in body)
    right = ends[int(0.9 * (len(ends) - 1))]
    pitches = [
        b.top - a.top
        for a, b in itertools.pairwise(body)
        if a.page == b.page and 0 < b.top - a.top < 3 * body_size
    ]
    pitch = statistics.median(pitches) if pitches else 1.5 * body_size
    return _Layout(body_size, float(left), right, pitch)


def _centred(line: _Line, layout: _Layout) -> bool:
    middle = (line.x0 + line.x1) / 2
    return line.x0 > layout.left + line.size and abs(middle - line.page_width / 2) < line.size


def _starts_paragraph(prev: _Line, line: _Line, layout: _Layout) -> bool:
    """True when `line` begins a new paragraph after `prev`."""
    if abs(prev.size - line.size) > 0.5:
        return True
    if prev.page == line.page:
        expected = layout.pitch * line.size / layout.body_size
        if line.top - prev.top > 1.3 * expected:
            return True
    if line.size > layout.body_size and _centred(prev, layout) and _centred(line, layout):
        return bool(_ENDS_SENTENCE.search(prev.text))  # a display title over several lines
    if prev.x1 < layout.right - 2.5 * prev.size:
        return True  # the previous line stops short of the margin: its paragraph ended
    if line.x0 > layout.left + 1.5 * line.size:
        return True  # first-line indentation
    if prev.bold and not line.bold:
        return True  # a bold heading that fills the line, then body text
    return parse_numbering(line.text) is not None and bool(_ENDS_SENTENCE.search(prev.text))


def _paragraphs(lines: Sequence[_Line], layout: _Layout) -> list[list[_Line]]:
    paragraphs: list[list[_Line]] = []
    for line in lines:
        if paragraphs and not _starts_paragraph(paragraphs[-1][-1], line, layout):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return paragraphs


def _join(lines: Iterable[_Line]) -> str:
    text = ""
    for line in lines:
        glue = " " if _LATIN_END.search(text) and _LATIN_START.match(line.text) else ""
        text += glue + line.text
    return text


def _blocks(paragraphs: list[list[_Line]], body_size: float) -> tuple[Block, ...]:
    """Blocks in paragraph order; larger type gives the title and heading levels (largest first)."""
    sizes = sorted({p[0].size for p in paragraphs if p[0].size > body_size + 0.5}, reverse=True)
    title_at = next((i for i, p in enumerate(paragraphs[:3]) if sizes and p[0].size == sizes[0]), None)
    if title_at is not None and sizes[0] >= 1.3 * body_size:
        if sum(1 for p in paragraphs if p[0].size == sizes[0]) == 1:
            sizes = sizes[1:]  # the title's size is not a heading level
    else:
        title_at = None
    levels = {size: level for level, size in enumerate(sizes, 1)}
    return tuple(
        Block(
            index=index,
            text=_join(lines),
            style_level=None if index - 1 == title_at else levels.get(lines[0].size),
            is_title=index - 1 == title_at,
            bold=all(line.bold for line in lines),
        )
        for index, lines in enumerate(paragraphs, 1)
    )

"""Decode the bytes of a text report: BOMs, UTF-8, UTF-16, GB18030/GBK and Big5, never silently wrong."""

from __future__ import annotations

import codecs

from compliance.errors import DocumentError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _plausible_share(text: str) -> float:
    """Share of characters that are common in a Chinese report (CJK, ASCII, punctuation)."""
    sample = text[:2000]
    good = sum(
        1
        for ch in sample
        if "\u4e00" <= ch <= "\u9fff"
        or " " <= ch <= "~"
        or ch in "\r\n\t"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or "\u2010" <= ch <= "\u201f"
    )
    return good / max(len(sample), 1)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 with no BOM: the byte order whose decoding looks like a report, if either does."""
    if len(data) < 4 or len(data) % 2:
        return None
    best: tuple[float, str | None] = (0.0, None)
    for encoding in ("utf-16-le", "utf-16-be"):
        text = _strict(data, encoding)
        if text is not None:
            best = max(best, (_plausible_share(text), text), key=lambda b: b[0])
    return best[1] if best[0] >= 0.95 else None


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\f")
    return controls <= max(2, len(text[:4096]) // 100)


NOT_TEXT = "文件含有大量控制字符，不像文字报告（可能是二进制文件），请提供 .docx 或文本文件"


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise DocumentError naming the file."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is None:
                raise DocumentError(path, f"文件以 {encoding} 标记开头，但内容无法按该编码解码")
            return text.lstrip("\ufeff"), encoding
    utf8 = _strict(data, "utf-8")
    candidates: list[tuple[str | None, str]] = [
        (utf8, "utf-8"),
        (_utf16_without_bom(data) if utf8 is None or "\x00" in utf8 else None, "utf-16"),
    ]
    for text, encoding in candidates:
        if text is not None and _looks_like_text(text):
            return text, encoding
    gb = _strict(data, "gb18030")
    big5 = _strict(data, "big5")
    if gb is not None and big5 is None and _looks_like_text(gb):
        return gb, "gb18030"
    from charset_normalizer import from_bytes  # imported only for text that is not plain UTF-8

    best = from_bytes(data, cp_isolation=["gb18030", "big5"] if gb and big5 else None).best()
    if best is not None and best.encoding:
        text = str(best)
        if _looks_like_text(text):
            name = "gb18030" if best.encoding in ("gb2312", "gbk", "gb18030") else best.encoding
            return text, name
    if utf8 is not None:  # valid UTF-8, but full of control characters: not a text report
        raise DocumentError(path, NOT_TEXT)
    raise DocumentError(path, "无法识别文件的文字编码，请另存为 UTF-8 文本或 .docx 后再检查")

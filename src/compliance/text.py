"""Text helpers: width folding, normalisation for matching, heading numbering and years."""

from __future__ import annotations

import re
import unicodedata

from compliance.records import Record

# Full-width ASCII variants (U+FF01..U+FF5E), the ideographic space and the no-break space fold to
# ASCII. The fold is length-preserving, so offsets in folded text are offsets in the original.
_WIDTH_FOLD = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_WIDTH_FOLD |= {"\u3000": " ", "\u00a0": " "}
_WIDE = re.compile("[\uff01-\uff5e\u3000\u00a0]")

CN_DIGITS = "零〇一二三四五六七八九十百两"
_CN_VALUE = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

# Characters dropped before fuzzy matching: punctuation, quotes, brackets, spaces.
_PUNCT_RE = re.compile(
    r"[\s\u3000、，,。.．；;：:！!？?“”\"'‘’《》〈〉<>「」『』（）()\[\]【】〔〕—\-–－·…~～/]+"
)


def fold(text: str) -> str:
    """Fold full-width ASCII and ideographic spaces to half width; same length as `text`."""
    # Only the wide characters are replaced: str.translate looks every character up in the table,
    # 3–4× slower on a report's text, where about one character in 25 is wide (，：（）).
    return _WIDE.sub(_half_width, text)


def _half_width(wide: re.Match[str]) -> str:
    return _WIDTH_FOLD[wide.group()]


# The one character that composes with a stripped one (< and > with U+0338 give ≮ and ≯): a text
# holding it takes the long way in `normalise` (tests/test_text.py checks every code point).
_COMPOSES_WITH_STRIPPED = "\u0338"


def normalise(text: str) -> str:
    """Canonical form for matching only: NFKC, no punctuation or white space."""
    if _COMPOSES_WITH_STRIPPED not in text:
        # Short cut, same result: every stripped character is a starter that composes with nothing,
        # whose NFKC form is stripped too, so when the text without them is NFKC already it is the
        # answer (a report's full-width ，（） would otherwise send the whole text through NFKC).
        stripped = _PUNCT_RE.sub("", text)
        if unicodedata.is_normalized("NFKC", stripped):
            return stripped
    once = _PUNCT_RE.sub("", unicodedata.normalize("NFKC", text))
    return _PUNCT_RE.sub("", unicodedata.normalize("NFKC", once))  # stripping can recompose


def cn_to_int(numeral: str) -> int | None:
    """Value of a Chinese numeral up to 999 (一, 十一, 二十, 一百零五); None when not one."""
    if not numeral or any(ch not in CN_DIGITS for ch in numeral):
        return None
    total, current = 0, 0
    for ch in numeral:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _CN_VALUE[ch] if current else _CN_VALUE[ch]
    return total + current


class HeadingNumber(Record, frozen=True):
    """A heading number found at the start of a paragraph."""

    family: (
        str  # "part" 第一部分, "cn" 一、, "cn_paren" （一）, "arabic" 1., "arabic_paren" （1）, "circled" ①
    )
    value: int
    end: int  # offset in the original text where the heading text starts


# Families in their conventional 公文 order (GB/T 9704): 一、 > （一） > 1. > （1）.
FAMILY_ORDER = ("part", "cn", "cn_paren", "arabic", "arabic_paren", "circled")

_CN = "[一二三四五六七八九十百零〇两]{1,4}"
_NUMBERING_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"\s*第\s*({_CN})\s*(?:部分|章|方面)\s*[、.,:：]?\s*")),
    ("cn", re.compile(rf"\s*({_CN})\s*[、.,，]\s*")),
    ("cn_paren", re.compile(rf"\s*[(（]\s*({_CN})\s*[)）]\s*[、.,]?\s*")),
    ("arabic", re.compile(r"\s*(\d{1,2})\s*(?:[.、,](?!\d)|\s+(?=[^\d\s年月日%]))\s*")),
    ("arabic_paren", re.compile(r"\s*[(（]\s*(\d{1,2})\s*[)）]\s*[、.]?\s*")),
    ("circled", re.compile(r"\s*([①-⑳])\s*")),
)


def parse_numbering(text: str) -> HeadingNumber | None:
    """The heading number at the start of `text` (typed or a rendered Word label), if any."""
    folded = fold(text)
    for family, pattern in _NUMBERING_RES:
        match = pattern.match(folded)
        if not match or match.end() >= len(folded):
            continue
        raw = match.group(1)
        if family == "circled":
            value: int | None = ord(raw) - ord("①") + 1
        elif family in ("arabic", "arabic_paren"):
            value = int(raw)
        else:
            value = cn_to_int(raw)
        if value is None or value == 0:
            continue
        return HeadingNumber(family, value, match.end())
    return None


def strip_numbering(text: str) -> str:
    """`text` without a leading heading number."""
    numbering = parse_numbering(text)
    return text[numbering.end :] if numbering else text.strip()


_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_SKIP_SPANS_RE = re.compile(
    r"《[^》]{0,80}》|〔[^〕]{0,12}〕|\[[^\]]{0,12}\]"  # cited titles, document numbers
    r"|(?:19|20)\d{2}\s*[-—–－~至]+\s*(?:19|20)?\d{2}\s*年"  # ranges: 2021—2025年
    r"|(?:19|20)\d{2}\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"  # dates: 2024年3月20日
)


# Zero is written 〇, ○ or 零, and often typed as a Latin O or a digit 0 among Chinese digits (二O二三年).
_CN_YEAR_DIGITS = str.maketrans("〇○零OＯ0０一二三四五六七八九", "0000000" + "123456789")


def digit_years(text: str) -> str:
    """Same-length text with years written in Chinese digits (二〇二三年, 二O二三年) turned into 2023年."""
    return re.sub(
        r"[一二][〇○零OＯ0０一二三四五六七八九]{3}(?=\s*年)",
        lambda m: m.group().translate(_CN_YEAR_DIGITS),
        text,
    )


def find_years(text: str) -> list[tuple[int, int]]:
    """(year, offset) of each "2023年" (or "二〇二三年") that names a year, not a citation, range or date."""
    folded = digit_years(fold(text))
    blocked = [m.span() for m in _SKIP_SPANS_RE.finditer(folded)]
    found = []
    for match in _YEAR_RE.finditer(folded):
        if any(start <= match.start() < end for start, end in blocked):
            continue
        found.append((int(match.group(1)), match.start()))
    return found


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of `text` (up to 。！？), cut to `limit` characters."""
    match = re.search(r"[。！？!?]", text)
    sentence = text[: match.end()] if match else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def quote(text: str, limit: int = 60) -> str:
    """A short quote for evidence: stripped and cut to `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


LINE_FORMATS = frozenset({"text"})  # formats whose positions are line numbers (.txt, .md)


def position(number: int, fmt: str | None) -> str:
    """A position as a reader of that format counts it: 「第N行」 in a text file (block numbers are
    line numbers there), 「第N段」 in Word, PDF and HTML (block numbers count paragraphs)."""
    return f"第{number}行" if fmt in LINE_FORMATS else f"第{number}段"

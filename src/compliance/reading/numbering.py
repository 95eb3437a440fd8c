"""Word automatic numbering: renders w:numPr references as the labels Word shows ("一、", "1.")."""

from __future__ import annotations

import re

from lxml import etree

from compliance.reading.wml import VAL as _VAL
from compliance.reading.wml import W as _W
from compliance.reading.wml import val as _val
from compliance.records import Record

_LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")

_DIGITS = "〇一二三四五六七八九"
_LEGAL_SIMPLIFIED = "零壹贰叁肆伍陆柒捌玖"
_LEGAL_TRADITIONAL = "零壹貳參肆伍陸柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
    (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _grouped(n: int, digits: str, units: str, zero: str, drop_one: str, inner: bool = False) -> str:
    """A number written with 十/百/千/万 units; `drop_one` says when a leading 一 is left out.

    drop_one: "ten" (only 一十 at the start → 十: Chinese), "all" (before 十百千: Japanese,
    which also drops zeros) or "none" (legal 壹拾). `units` is 十百千万 in the wanted script.
    """
    if n >= 10000:
        high, low = divmod(n, 10000)
        text = _grouped(high, digits, units, zero, drop_one) + units[3]
        if low == 0:
            return text
        gap = zero if low < 1000 and drop_one != "all" else ""
        return text + gap + _grouped(low, digits, units, zero, drop_one, inner=True)
    out: list[str] = []
    pending_zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = n // power % 10
        if digit == 0:
            pending_zero = pending_zero or bool(out)
            continue
        if pending_zero and drop_one != "all":
            out.append(zero)
        pending_zero = False
        leading_one = digit == 1 and unit != ""
        if leading_one and (
            drop_one == "all" or (drop_one == "ten" and unit == units[0] and not out and not inner)
        ):
            out.append(unit)
        else:
            out.append(digits[digit] + unit)
    return "".join(out)


def _digit_by_digit(n: int) -> str:
    return "".join(_DIGITS[int(c)] for c in str(n))


def _letters(n: int, first: str) -> str:
    return chr(ord(first) + (n - 1) % 26) * min((n - 1) // 26 + 1, 64)


def _roman(n: int) -> str:
    if n > 3999:
        return str(n)
    out = []
    for value, symbol in _ROMAN:
        count, n = divmod(n, value)
        out.append(symbol * count)
    return "".join(out)


def _enclosed(n: int, first: int, last_n: int = 20) -> str:
    return chr(first + n - 1) if n <= last_n else str(n)


def format_number(n: int, fmt: str) -> str:
    """Counter value `n` written in Word number format `fmt` (w:numFmt); unknown → decimal."""
    if fmt in ("bullet", "none"):
        return ""
    if n < 1:
        return str(n)
    if fmt in ("chineseCounting", "taiwaneseCounting"):  # Word: grouped to 99, then digit by digit
        return _grouped(n, _DIGITS, "十百千万", "〇", "ten") if n < 100 else _digit_by_digit(n)
    if fmt == "chineseCountingThousand":
        return _grouped(n, _DIGITS, "十百千万", "〇", "ten")
    if fmt == "taiwaneseCountingThousand":
        return _grouped(n, _DIGITS, "十百千萬", "〇", "ten")
    if fmt == "japaneseCounting":
        return _grouped(n, _DIGITS, "十百千万", "", "all")
    if fmt == "chineseLegalSimplified":
        return _grouped(n, _LEGAL_SIMPLIFIED, "拾佰仟萬", "零", "none")
    if fmt == "ideographLegalTraditional":
        return _grouped(n, _LEGAL_TRADITIONAL, "拾佰仟萬", "零", "none")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return _digit_by_digit(n)
    if fmt == "ideographTraditional":
        return _STEMS[n - 1] if n <= 10 else str(n)
    if fmt == "ideographZodiac":
        return _BRANCHES[n - 1] if n <= 12 else str(n)
    if fmt == "ideographZodiacTraditional":
        return _STEMS[(n - 1) % 10] + _BRANCHES[(n - 1) % 12]
    if fmt == "ideographEnclosedCircle":
        return _enclosed(n, 0x3220, 10)  # ㈠
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _enclosed(n, 0x2460)  # ①
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474)  # ⑴
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488)  # ⒈
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(c)) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        return _letters(n, "a" if fmt == "lowerLetter" else "A")
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    return str(n)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


class _Level(Record, frozen=True):
    start: int
    fmt: str
    text: str | None  # w:lvlText; None when absent (no label)
    restart: int | None  # w:lvlRestart: restart after this 1-based level is used (0 = never)
    legal: bool  # w:isLgl: show every level as decimal
    suffix: str  # w:suff: "tab", "space" or "nothing"
    style: str | None  # w:pStyle: the paragraph style linked to this level


def _level(lvl: etree._Element, start_override: int | None) -> _Level:
    legal = lvl.find(_W + "isLgl")
    start = _int(_val(lvl, "start"), 0) if start_override is None else start_override
    return _Level(
        start=start,
        fmt=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText"),
        restart=None if lvl.find(_W + "lvlRestart") is None else _int(_val(lvl, "lvlRestart"), 0),
        legal=legal is not None and legal.get(_VAL, "1") not in ("0", "false", "off"),
        suffix=_val(lvl, "suff") or "tab",
        style=_val(lvl, "pStyle"),
    )


class NumberingDefinitions:
    """The numbering part of one document, with Word's running counters.

    Call `next_label` for every numbered paragraph in reading order: counters are kept per
    abstract definition (so numIds sharing one continue each other) and a w:startOverride
    restarts its level the first time its numId is used.
    """

    def __init__(self, root: etree._Element | None) -> None:
        self._abstracts: dict[str, etree._Element] = {}
        self._links: dict[str, str] = {}  # w:styleLink style id → abstractNumId
        self._nums: dict[str, etree._Element] = {}
        self._cache: dict[str, tuple[str, tuple[_Level | None, ...], set[int]] | None] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._used: set[str] = set()
        if root is None:
            return
        for child in root:
            if child.tag == _W + "abstractNum":
                abstract_id = child.get(_W + "abstractNumId", "")
                self._abstracts[abstract_id] = child
                link = _val(child, "styleLink")
                if link:
                    self._links[link] = abstract_id
            elif child.tag == _W + "num":
                self._nums[child.get(_W + "numId", "")] = child

    def _definition(self, num_id: str) -> tuple[str, tuple[_Level | None, ...], set[int]] | None:
        """(counter key, the nine levels, levels with a start override) of a numId, cached."""
        if num_id in self._cache:
            return self._cache[num_id]
        result = None
        num = self._nums.get(num_id)
        abstract_id = None if num is None else _val(num, "abstractNumId")
        abstract = self._abstracts.get(abstract_id or "")
        if num is not None and abstract is not None and abstract_id is not None:
            link = _val(abstract, "numStyleLink")
            if link and self._links.get(link) in self._abstracts:
                abstract_id = self._links[link]
                abstract = self._abstracts[abstract_id]
            lvls = {_int(x.get(_W + "ilvl"), 0): x for x in abstract.iterfind(_W + "lvl")}
            starts: dict[int, int] = {}
            for override in num.iterfind(_W + "lvlOverride"):
                ilvl = _int(override.get(_W + "ilvl"), 0)
                start = _val(override, "startOverride")
                if start is not None:
                    starts[ilvl] = _int(start, 0)
                replacement = override.find(_W + "lvl")
                if replacement is not None:
                    lvls[ilvl] = replacement
            levels = tuple(_level(lvls[i], starts.get(i)) if i in lvls else None for i in range(_LEVELS))
            result = (abstract_id, levels, set(starts))
        self._cache[num_id] = result
        return result

    def level_of_style(self, num_id: str, style_id: str) -> int | None:
        """The level whose w:pStyle names `style_id` (how Word links heading styles to a list)."""
        definition = self._definition(num_id)
        if definition is not None:
            for ilvl, level in enumerate(definition[1]):
                if level is not None and level.style == style_id:
                    return ilvl
        return None

    def next_label(self, num_id: str, ilvl: int) -> tuple[str, str]:
        """Advance the counter of (num_id, ilvl) and return (label, suffix); ("", "") if none."""
        definition = self._definition(num_id)
        if definition is None:
            return "", ""
        key, levels, overridden = definition
        ilvl = min(max(ilvl, 0), _LEVELS - 1)
        level = levels[ilvl]
        if level is None:
            return "", ""
        counters = self._counters.setdefault(key, [None] * _LEVELS)
        if num_id not in self._used:
            self._used.add(num_id)
            for i in overridden:
                if 0 <= i < _LEVELS:
                    counters[i] = None
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, _LEVELS):
            lower = levels[deeper]
            restart_after = deeper if lower is None or lower.restart is None else lower.restart
            if ilvl < restart_after:
                counters[deeper] = None
        if level.fmt == "bullet" or not level.text:
            return "", ""

        def render(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            shown = levels[index]
            if shown is None:
                return ""
            value = counters[index]
            fmt = "decimal" if level.legal and shown.fmt != "none" else shown.fmt
            return format_number(shown.start if value is None else value, fmt)

        return _PLACEHOLDER.sub(render, level.text).strip(), level.suffix

"""Traditional → simplified folding for matching (the only module importing OpenCC).

Reports republished in traditional characters (「加強鄉鎮政府職能轉變」「江蘇省交通運輸廳……情況報告」)
must match the simplified vocabulary and the title and year patterns; the original text is kept for
messages and output, only the matching form is folded. OpenCC's `t2s` tables are the maintained source
of the character and phrase mappings. It sits at the bottom layer so that both the structure stage
(titles, years) and the classifier fold the same way.

OpenCC itself (≈ 9 ms to import and load its tables) is loaded only for the first text it could
change: simplified_table lists every character and phrase its t2s tables map to something else,
for the very dictionary files installed (checked by their SHA-256), and a text with none of them is
returned unchanged, as OpenCC would return it. A report in simplified characters never loads it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from compliance import simplified_table

if TYPE_CHECKING:
    import opencc

CONFIG = "t2s.json"  # OpenCC's traditional → simplified configuration, in its package's share folder
# A pinyin gloss some converting sites leave after a character (「建設(shè)」「習(xí)近平」): a bracketed
# syllable with a tone mark. It splits the words it follows, so it is dropped for matching.
_PINYIN_GLOSS = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")
FOLD_CACHE = 8192  # distinct lines folded per process: a batch's headings and opening lines
_CHARACTERS = frozenset("".join(simplified_table.CHARACTERS))


def opencc_share() -> Path | None:
    """OpenCC's folder of configurations and dictionaries (found without importing OpenCC)."""
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "clib" / "share" / "opencc"


@functools.cache
def _table_holds() -> bool:
    """Whether simplified_table was made from the installed OpenCC's t2s files (else every
    non-ASCII text goes through OpenCC)."""
    share = opencc_share()
    if share is None:
        return False
    digest = hashlib.sha256()
    try:
        for name in simplified_table.FILES:
            digest.update(name.encode() + b"\0" + (share / name).read_bytes() + b"\0")
    except OSError:
        return False
    return digest.hexdigest() == simplified_table.SHA256


def unchanged_by_opencc(text: str) -> bool:
    """Whether OpenCC's t2s surely returns `text` as it is: none of the characters or phrases its
    tables map to something else occurs in it (False when the table is not the installed one's)."""
    if not _table_holds() or not _CHARACTERS.isdisjoint(text):
        return False
    phrases = simplified_table.PHRASES  # by a character each holds: few and rare (沈, 覆, 藉, 瞭 …)
    return not any(phrase in text for char in phrases if char in text for phrase in phrases[char])


@functools.cache
def _converter() -> opencc.OpenCC:
    import opencc  # only for a text it could change: see the module's docstring

    share = opencc_share()
    # The configuration by its full path, as OpenCC resolves the name "t2s" when no file of that
    # name is in the current folder: the very files the table was checked against.
    return opencc.OpenCC(str(share / CONFIG) if share and (share / CONFIG).is_file() else "t2s")


@lru_cache(maxsize=FOLD_CACHE)
def to_simplified(text: str) -> str:
    """`text` with traditional characters folded to simplified (unchanged when already simplified)."""
    if text.isascii():
        return text
    text = _PINYIN_GLOSS.sub("", text)
    return text if unchanged_by_opencc(text) else str(_converter().convert(text))


@lru_cache(maxsize=FOLD_CACHE)
def simplified_in_place(text: str) -> str:
    """`text` folded to simplified with its length kept, so that an offset found in the folded form is
    an offset in the original (a phrase mapping that changes length falls back to single characters)."""
    if text.isascii() or unchanged_by_opencc(text):
        return text
    converter = _converter()
    whole = str(converter.convert(text))
    if len(whole) == len(text):
        return whole
    singles = (str(converter.convert(ch)) for ch in text)
    return "".join(s if len(s) == 1 else ch for s, ch in zip(singles, text, strict=True))

"""Traditional → simplified folding for matching (the only module importing OpenCC).

Reports republished in traditional characters (「加強鄉鎮政府職能轉變」「江蘇省交通運輸廳……情況報告」)
must match the simplified vocabulary and the title and year patterns; the original text is kept for
messages and output, only the matching form is folded. OpenCC's `t2s` tables are the maintained source
of the character and phrase mappings. It sits at the bottom layer so that both the structure stage
(titles, years) and the classifier fold the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

_CONVERTER = opencc.OpenCC("t2s")
# A pinyin gloss some converting sites leave after a character (「建設(shè)」「習(xí)近平」): a bracketed
# syllable with a tone mark. It splits the words it follows, so it is dropped for matching.
_PINYIN_GLOSS = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")
FOLD_CACHE = 8192  # distinct lines folded per process: a batch's headings and opening lines


@lru_cache(maxsize=FOLD_CACHE)
def to_simplified(text: str) -> str:
    """`text` with traditional characters folded to simplified (unchanged when already simplified)."""
    if text.isascii():
        return text
    return str(_CONVERTER.convert(_PINYIN_GLOSS.sub("", text)))


@lru_cache(maxsize=FOLD_CACHE)
def simplified_in_place(text: str) -> str:
    """`text` folded to simplified with its length kept, so that an offset found in the folded form is
    an offset in the original (a phrase mapping that changes length falls back to single characters)."""
    if text.isascii():
        return text
    whole = str(_CONVERTER.convert(text))
    if len(whole) == len(text):
        return whole
    singles = (str(_CONVERTER.convert(ch)) for ch in text)
    return "".join(s if len(s) == 1 else ch for s, ch in zip(singles, text, strict=True))

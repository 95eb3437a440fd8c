"""Traditional → simplified folding for matching (the only module importing OpenCC).

Reports republished in traditional characters (「加強鄉鎮政府職能轉變」) must match the simplified
vocabulary; the original text is kept for messages, only the matching form is folded. OpenCC's
`t2s` tables are the maintained source of the character and phrase mappings.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

_CONVERTER = opencc.OpenCC("t2s")
# A pinyin gloss some converting sites leave after a character (「建設(shè)」「習(xí)近平」): a bracketed
# syllable with a tone mark. It splits the words it follows, so it is dropped for matching.
_PINYIN_GLOSS = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")


@lru_cache(maxsize=8192)
def to_simplified(text: str) -> str:
    """`text` with traditional characters folded to simplified (unchanged when already simplified)."""
    if text.isascii():
        return text
    return str(_CONVERTER.convert(_PINYIN_GLOSS.sub("", text)))

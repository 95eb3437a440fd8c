"""Traditional → simplified folding for matching (the only module importing OpenCC).

Reports republished in traditional characters (「加強鄉鎮政府職能轉變」) must match the simplified
vocabulary; the original text is kept for messages, only the matching form is folded. OpenCC's
`t2s` tables are the maintained source of the character and phrase mappings.
"""

from __future__ import annotations

from functools import lru_cache

import opencc

_CONVERTER = opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def to_simplified(text: str) -> str:
    """`text` with traditional characters folded to simplified (unchanged when already simplified)."""
    if text.isascii():
        return text
    return str(_CONVERTER.convert(text))

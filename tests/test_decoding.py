"""Text files in every encoding a reviewer receives decode to the same text, or fail clearly."""

from __future__ import annotations

import codecs

import pytest

from compliance.errors import DocumentError
from compliance.reading.decoding import decode_text
from helpers import SEED_TXT

SEED = SEED_TXT.read_text(encoding="utf-8")
# Big5 and GB2312 cannot encode every character of the seed; keep what they can.
TRADITIONAL = "法治政府建設年度報告\n一、主要舉措和成效\n（一）堅持黨的領導，統籌推進法治政府建設\n" * 5


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (SEED.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SEED.encode("utf-8"), "utf-8-sig"),
        (SEED.encode("utf-16"), "utf-16"),
        (SEED.encode("utf-16-le"), "utf-16"),
        (SEED.encode("utf-16-be"), "utf-16"),
        (SEED.encode("gb18030"), "gb18030"),
        (SEED.encode("gbk"), "gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-nobom", "utf16be-nobom", "gb18030", "gbk"],
)
def test_seed_decodes_exactly(data: bytes, expected: str) -> None:
    text, encoding = decode_text(data, "seed.txt")
    assert text == SEED
    assert encoding == expected


def test_big5_is_not_mistaken_for_gb18030() -> None:
    text, encoding = decode_text(TRADITIONAL.encode("big5"), "big5.txt")
    assert text == TRADITIONAL
    assert encoding == "big5"


def test_binary_garbage_is_refused_with_the_file_name() -> None:
    data = bytes(range(256)) * 20
    with pytest.raises(DocumentError) as caught:
        decode_text(data, "garbage.txt")
    assert caught.value.path == "garbage.txt"
    assert "编码" in caught.value.cause


def test_valid_utf8_full_of_control_characters_is_refused_as_not_text() -> None:
    data = ("报告" + "\x01\x02\x03\x04" * 50).encode("utf-8")
    with pytest.raises(DocumentError) as caught:
        decode_text(data, "odd.txt")
    assert "控制字符" in caught.value.cause

"""Text helpers: width folding, normalisation, heading numbers, years."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance import text as text_module
from compliance.text import cn_to_int, find_years, fold, normalise, parse_numbering

STRIPPED = text_module._PUNCT_RE


def normalise_the_long_way(text: str) -> str:
    """normalise as it was before its short cut: NFKC, strip, NFKC again, strip."""
    once = STRIPPED.sub("", unicodedata.normalize("NFKC", text))
    return STRIPPED.sub("", unicodedata.normalize("NFKC", once))


def test_the_short_cut_of_normalise_rests_on_every_stripped_character() -> None:
    """normalise returns the stripped text when it is NFKC already: sound only because every
    stripped character is a starter whose NFKC form is stripped whole and which composes with no
    neighbour (but the one character normalise looks out for)."""
    stripped = [chr(p) for p in range(sys.maxunicode + 1) if STRIPPED.fullmatch(chr(p))]
    assert len(stripped) > 40
    forms = {c for s in stripped for c in s + unicodedata.normalize("NFKD", s)}
    for s in stripped:
        assert unicodedata.combining(s) == 0 and STRIPPED.fullmatch(unicodedata.normalize("NFKC", s)), s
    assert all(unicodedata.combining(c) == 0 for c in forms)
    partners = set()
    for p in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(p)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):  # a canonical pair: composes
            pair = [chr(int(h, 16)) for h in parts]
            if forms & set(pair):
                partners |= set(pair) - forms
    assert partners == {text_module._COMPOSES_WITH_STRIPPED}


# Characters that stress the short cut: stripped ones, combining marks (U+0338 among them), letters
# they compose with, Hangul jamo, compatibility forms (⑴ ① ㈠ ﬁ Ⅻ ＡＢ), CJK and its compatibility forms.
TRICKY = (
    "，,（）()《》<>=|“”…·—～ 　\u00a0\n"
    + "".join(map(chr, range(0x300, 0x370)))
    + ("aeoAEO\u1100\u1161\u11a8가⑴①㈠ﬁⅫＡＢ１法治政府\uf900\u2f00\u0345\u0344\u05b0\u0591")
)


@settings(max_examples=2000)
@given(st.text(alphabet=TRICKY, max_size=12))
def test_normalise_gives_what_the_long_way_gives(text: str) -> None:
    assert normalise(text) == normalise_the_long_way(text)


@given(st.text())
def test_normalise_gives_what_the_long_way_gives_for_any_text(text: str) -> None:
    assert normalise(text) == normalise_the_long_way(text)


@given(st.text())
def test_normalise_is_idempotent_and_total(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@given(st.text())
def test_fold_preserves_length(text: str) -> None:
    assert len(fold(text)) == len(text)


# The fold as a translation table (how it was written): the substitution must give the same text.
TRANSLATION = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0x00A0: 0x20}


def test_fold_is_the_width_translation_on_every_character() -> None:
    every = "".join(chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000)
    assert fold(every) == every.translate(TRANSLATION)
    assert fold("２０２２年，全区（含街道）　共１２件\u00a0") == "2022年,全区(含街道) 共12件 "


@given(st.text())
def test_fold_is_the_width_translation(text: str) -> None:
    assert fold(text) == text.translate(TRANSLATION)


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E)))
def test_full_and_half_width_normalise_alike(text: str) -> None:
    full = "".join(chr(ord(c) + 0xFEE0) for c in text)
    assert normalise(full) == normalise(text)


@given(st.text(), st.sampled_from([" ", "\u3000", "\n", "\t"]))
def test_white_space_does_not_matter(text: str, space: str) -> None:
    assert normalise(space.join(text)) == normalise(text)


@given(st.text(alphabet="依法行政决策法治政府建设主要举措和成效", min_size=1))
def test_a_leading_number_ends_where_the_heading_text_starts(body: str) -> None:
    for label in ("三、", "（三）", "(三)", "3.", "3、", "3．", "（3）", "(3)", "第三部分 "):
        number = parse_numbering(label + body)
        assert number is not None and (label + body)[number.end :] == body


@pytest.mark.parametrize(
    ("text", "family", "value"),
    [
        ("一、2022年法治政府建设", "cn", 1),
        ("十一、党政主要负责人", "cn", 11),
        ("二十、其他", "cn", 20),
        ("（一）始终坚持党的领导", "cn_paren", 1),
        ("(七) 持续做好普法宣传工作", "cn_paren", 7),
        ("（十二）x", "cn_paren", 12),
        ("1.精准高效应对疫情防控", "arabic", 1),
        ("2、持续推进", "arabic", 2),
        ("3．全力打造", "arabic", 3),
        ("１．全角数字", "arabic", 1),
        ("4 进一步优化", "arabic", 4),
        ("（1）深化理论武装", "arabic_paren", 1),
        ("(2)完善工作机制", "arabic_paren", 2),
        ("①第一项", "circled", 1),
        ("第二部分 存在的问题", "part", 2),
    ],
)
def test_parse_numbering_families(text: str, family: str, value: int) -> None:
    numbering = parse_numbering(text)
    assert numbering is not None
    assert (numbering.family, numbering.value) == (family, value)


@pytest.mark.parametrize(
    "text",
    [
        "2022年,江海区坚持",
        "一是深入学习",
        "12.5%的企业",
        "3.5万户",
        "二〇二三年",
        "第一责任人职责",
        "正文",
    ],
)
def test_not_a_heading_number(text: str) -> None:
    assert parse_numbering(text) is None


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十一", 21),
        ("一百零五", 105),
        ("九十九", 99),
    ],
)
def test_cn_to_int(numeral: str, value: int) -> None:
    assert cn_to_int(numeral) == value


def test_find_years_skips_citations_ranges_document_numbers_and_dates() -> None:
    text = "按照《法治政府建设实施纲要（2021—2025年）》和〔2024〕5号文件，2024年3月20日印发；2023年，本区坚持"
    assert [year for year, _ in find_years(text)] == [2023]


def test_years_in_chinese_digits() -> None:
    assert [y for y, _ in find_years("某区二〇二三年度法治政府建设情况报告")] == [2023]
    assert find_years("二〇二四年三月二十日") == []

"""Hostile and broken files: the committed corpus, zip bombs built here, XML attacks, huge and odd text.

Every case ends in a result or one clear Chinese line naming the file, never a crash, a hang or a
memory blow-up; memory is measured with tracemalloc (deterministic), time only by a hang bound.
"""

from __future__ import annotations

import json
import random
import re
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance import DocumentReport, check_document, load_checklist, load_document
from compliance.cli.main import main
from compliance.errors import DocumentError
from compliance.reading.legacy import SOFFICE_ENV, find_soffice
from compliance.reading.zipguard import MIB, ZipLimits, guard_zip
from compliance.text import parse_numbering
from docx_builders import Para, make_docx
from helpers import FIXTURES, SAMPLES, SEED_TXT
from timebox import hang_guard
from zipcraft import CONTENT_TYPES, Member, archive, bomb_stream, deflated, document_xml, minimal_docx

HOSTILE = Path(__file__).parent / "hostile"
CHECKLIST = load_checklist()
DAMAGED_ZIP = "这是已损坏的 Word 文档（ZIP 结构不完整），可能没有下载完整；请重新获取文件"
XML_ATTACK = "中的 word/document.xml 含有 DOCTYPE/实体声明（正常的 Word 文档没有，这是 XML 实体攻击的手法）"

# The committed corpus (tests/hostile/README.md says how each file was made): file -> message.
REFUSED = {
    "truncated.docx": DAMAGED_ZIP,
    "cut-directory.docx": DAMAGED_ZIP,
    "renamed-xlsx.docx": "实际是 Excel 表格（.xlsx），不是 Word 文档；请提供报告的 Word 文档（.docx）",
    "renamed-xls.doc": "实际是 Excel 97–2003 表格（.xls/.et），不是 Word 文档",
    "encrypted.docx": "这是加密的 Word 文档，请先取消密码后再检查",
    "xxe.docx": XML_ATTACK,
    "billion-laughs.docx": XML_ATTACK,
    "plain-archive.docx": "实际是 ZIP 压缩包，不是 Word 文档；如果报告在压缩包里，请先解压后再检查",
    "scan-image.docx": "实际是图片，没有可检查的文字；请提供报告的 Word 文档（.docx）",
}
DECODED = {  # text samples that must be read, not refused: file -> (encoding, first line)
    "utf16-nobom.txt": ("utf-16", "江海区2022年法治政府建设年度报告"),
    "big5.txt": ("big5", "江海區2022年法治政府建設年度報告"),
}
CONVERTED = ("word97.doc", "rtf-renamed.doc", "opendocument.odt")  # with LibreOffice


def refused(path: Path, **kwargs: object) -> str:
    with pytest.raises(DocumentError) as caught:
        load_document(path, **kwargs)  # type: ignore[arg-type]
    assert caught.value.path == str(path)
    assert "\n" not in str(caught.value)
    return caught.value.cause


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- the committed corpus --------------------------------------------------------------------


def test_the_corpus_readme_lists_every_sample() -> None:
    listed = set(re.findall(r"^\| `([^`]+)` \|", (HOSTILE / "README.md").read_text("utf-8"), re.M))
    files = {p.name for p in HOSTILE.iterdir() if p.name != "README.md"}
    assert listed == files == set(REFUSED) | set(DECODED) | set(CONVERTED)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_corpus_sample_is_refused_with_its_message(name: str) -> None:
    assert REFUSED[name] in refused(HOSTILE / name)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_corpus_sample_on_the_command_line(name: str) -> None:
    result = CliRunner().invoke(main, ["check", str(HOSTILE / name)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"错误：{HOSTILE / name}: {refused(HOSTILE / name)}\n"


@pytest.mark.parametrize("name", sorted(DECODED))
def test_corpus_text_in_odd_encodings_is_read(name: str) -> None:
    document = load_document(HOSTILE / name)
    encoding, first = DECODED[name]
    assert document.notes == (f"encoding={encoding}",)
    assert document.blocks[0].text == first
    assert len(document.blocks) == 5


@pytest.mark.parametrize("name", CONVERTED)
def test_corpus_legacy_files_are_converted_or_explained(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if find_soffice() is not None:
        assert load_document(HOSTILE / name).blocks[0].text == "江海区2022年法治政府建设年度报告"
    monkeypatch.setenv(SOFFICE_ENV, "/nonexistent/soffice")
    assert "请安装 LibreOffice" in refused(HOSTILE / name)


def test_a_batch_checks_the_good_files_and_reports_the_bad(tmp_path: Path) -> None:
    names = sorted(REFUSED)
    paths = [str(HOSTILE / n) for n in names] + [str(SEED_TXT)]
    out = tmp_path / "batch.json"
    result = CliRunner().invoke(main, ["check", *paths, "--format", "json", "-o", str(out)])
    assert result.exit_code in (1, 2), result.output
    documents = {d["path"]: d for d in json.loads(out.read_text("utf-8"))["documents"]}
    assert set(documents) == set(paths)
    for name in names:
        assert REFUSED[name] in documents[str(HOSTILE / name)]["error"]
    assert documents[str(SEED_TXT)]["findings"] and "error" not in documents[str(SEED_TXT)]


# --- zip bombs, built here --------------------------------------------------------------------


@pytest.fixture(scope="module")
def gigabyte() -> tuple[bytes, int]:
    """Raw deflate stream (about 1 MB) of 1 GiB of spaces, and its CRC-32."""
    return bomb_stream(1024, b" ")


def bomb(stream: tuple[bytes, int], name: str, declared: int) -> bytes:
    payload, crc = stream
    types = deflated("[Content_Types].xml", CONTENT_TYPES.encode())
    return archive([types, Member(name, payload, crc, declared)])


@pytest.mark.parametrize(
    ("name", "declared", "expected"),
    [
        (
            "word/document.xml",
            1024 * MIB,
            "中的 word/document.xml 解压后超过 64 MB，像是恶意构造的“压缩炸弹”",
        ),
        ("word/document.xml", 4096, "中的 word/document.xml 实际内容比文件头声明的大（文件头被篡改）"),
        ("word/document.xml", 60 * MIB, "中的 word/document.xml 压缩比异常（超过 200:1）"),
        ("word/media/image1.png", 1024 * MIB, "中的 word/media/image1.png 解压后超过 64 MB"),
        ("word/media/image1.png", 60 * MIB, "中的 word/media/image1.png 实际内容比文件头声明的大"),
    ],
    ids=["honest", "lying-small", "lying-large", "media-honest", "media-lying"],
)
def test_gigabyte_bomb_is_refused_in_little_memory(
    tmp_path: Path, gigabyte: tuple[bytes, int], name: str, declared: int, expected: str
) -> None:
    path = write(tmp_path, "bomb.docx", bomb(gigabyte, name, declared))
    assert path.stat().st_size < 2 * MIB  # ~1 MB that inflates to 1 GiB
    tracemalloc.start()
    try:
        with hang_guard():
            cause = refused(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert expected in cause and "已拒绝检查" in cause
    assert peak < 100 * MIB, f"peak {peak / MIB:.0f} MiB"


def test_overlapping_members_are_refused(tmp_path: Path) -> None:
    """The 'better zip bomb': several directory entries sharing one compressed kernel."""
    document = deflated("word/document.xml", document_xml("正文").encode())
    copy = Member("word/copy.xml", document.payload, document.crc, document.size)
    types = deflated("[Content_Types].xml", CONTENT_TYPES.encode())
    data = archive([types, document, copy], overlap_last=True)  # copy's entry points at types
    assert "中的部件相互重叠" in refused(write(tmp_path, "overlap.docx", data))


def test_too_many_entries_are_refused_before_the_directory_is_parsed(tmp_path: Path) -> None:
    many = [deflated(f"word/media/{n}.bin", b"x") for n in range(2001)]
    assert "文件包含的部件过多（超过 2000 个）" in refused(
        write(tmp_path, "many.docx", minimal_docx(document_xml("x"), many))
    )
    good = (SAMPLES / "jianghai-2022.docx").read_bytes()
    eocd = good.rfind(b"PK\x05\x06")
    forged = good[: eocd + 8] + struct.pack("<HH", 60000, 60000) + good[eocd + 12 :]
    assert "部件过多" in refused(write(tmp_path, "forged.docx", forged))


def test_limits_are_configurable(tmp_path: Path) -> None:
    sample = SAMPLES / "jianghai-2022.docx"
    load_document(sample)  # the defaults accept a real report
    with zipfile.ZipFile(sample) as package:
        infos = package.infolist()
    first_big = next(i for i in infos if i.file_size > 100 * 1024)  # checked in directory order
    assert "部件过多（超过 3 个）" in refused(sample, limits=ZipLimits(max_entries=3))
    cause = refused(sample, limits=ZipLimits(max_part_bytes=100 * 1024))
    assert f"中的 {first_big.filename} 解压后超过 100 KB" in cause
    total = sum(i.file_size for i in infos)
    assert "解压后总大小超过" in refused(sample, limits=ZipLimits(max_total_bytes=total - 1))
    assert "压缩比异常（超过 2:1）" in refused(sample, limits=ZipLimits(max_ratio=2, ratio_floor=1024))


def test_ratio_limit_applies_to_xml_parts_not_pictures() -> None:
    spaces = b" " * (2 * MIB)  # ~1000:1
    xml = minimal_docx(document_xml("x"), [deflated("word/footer1.xml", spaces)])
    with pytest.raises(DocumentError, match=r"word/footer1\.xml 压缩比异常"):
        guard_zip("x.docx", xml)
    guard_zip("x.docx", minimal_docx(document_xml("x"), [deflated("word/media/image1.bmp", spaces)]))


# --- XML attacks and damaged packages -----------------------------------------------------------


def test_xxe_is_refused_before_any_parser_reads_the_secret(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "绝密内容XYZZY".encode())
    prolog = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    path = write(tmp_path, "xxe.docx", minimal_docx(document_xml("&xxe;", prolog=prolog)))
    cause = refused(path)
    assert XML_ATTACK in cause and "XYZZY" not in cause


def test_doctype_in_utf16_and_across_a_read_step_is_found(tmp_path: Path) -> None:
    utf16 = document_xml("x", prolog="<!DOCTYPE x>").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = write(tmp_path, "utf16.docx", minimal_docx(b"\xff\xfe" + utf16.encode("utf-16-le")))
    assert XML_ATTACK in refused(path)
    declaration = document_xml("x").index("?>") + 2
    noise = random.Random(0).randbytes(MIB // 2).hex()  # incompressible, so no ratio alarm
    padded = f"<!--{noise[: MIB - 4 - declaration - 7]}-->" + "<!DOCTYPE x>"
    body = document_xml("x").replace("?>", "?>" + padded, 1)
    assert body.index("<!DOCTYPE") < MIB < body.index("<!DOCTYPE") + 9  # straddles the 1 MiB step
    assert XML_ATTACK in refused(write(tmp_path, "split.docx", minimal_docx(body)))


def patched(data: bytes, offset_of: bytes, field: int, value: int, fmt: str = "<H") -> bytes:
    """`data` with the struct at `field` bytes after every `offset_of` signature set to `value`."""
    out = bytearray(data)
    for match in re.finditer(re.escape(offset_of), data):
        struct.pack_into(fmt, out, match.start() + field, value)
    return bytes(out)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: patched(d, b"PK\x01\x02", 8, 0x1), "ZIP 内容设置了密码"),  # encrypted member flag
        (lambda d: patched(d, b"PK\x01\x02", 10, 14), "使用了不支持的 ZIP 压缩方式"),  # LZMA
        (lambda d: patched(d, b"PK\x01\x02", 16, 0xDEADBEEF, "<L"), "ZIP 结构或压缩数据不完整"),  # CRC
        (lambda d: d[:4] + d[4:].replace(b"PK\x03\x04", b"PK\x03\x05", 1), "ZIP 结构或压缩数据不完整"),
        (lambda d: patched(d, b"PK\x01\x02", 42, 10**6, "<L"), "中的部件相互重叠"),  # same offset
    ],
    ids=["encrypted-member", "lzma", "bad-crc", "bad-local-header", "shared-offset"],
)
def test_damaged_members_get_one_clear_line(tmp_path: Path, mutate: object, expected: str) -> None:
    data = mutate(minimal_docx(document_xml("正文")))  # type: ignore[operator]
    assert expected in refused(write(tmp_path, "bad.docx", data))


def test_a_hostile_member_name_cannot_break_the_line(tmp_path: Path) -> None:
    evil = deflated("word/a\nError: forged\r.xml", b" " * (2 * MIB))
    cause = refused(write(tmp_path, "name.docx", minimal_docx(document_xml("x"), [evil])))
    assert "\n" not in cause and "\r" not in cause and "a?Error: forged?.xml" in cause


# --- very large but legitimate, and pathological text ---------------------------------------------


def sections(result: DocumentReport) -> list[tuple[str, str, str | None]]:
    return [(s.id, s.status, s.heading) for s in result.sections]


def large_report_lines(target_chars: int = 250_000) -> list[str]:
    """The seed, its body paragraphs multiplied with shuffled sentences of its own: 10× a long report.

    Real 年度报告 run to about 5,000–25,000 characters; this is at least 250,000.
    """
    seed = SEED_TXT.read_text(encoding="utf-8").splitlines()
    body = [i for i, line in enumerate(seed) if parse_numbering(line) is None and len(line) > 50]
    sentences = [
        part + "。"
        for i in body
        for part in seed[i].split("。")
        if len(part) > 15 and parse_numbering(part) is None
    ]
    rng = random.Random(5)
    per_line = target_chars // (len(body) * 200) + 1
    lines = []
    for i, line in enumerate(seed):
        lines.append(line)
        if i in body:
            lines.extend("".join(rng.sample(sentences, 4)) for _ in range(per_line))
    assert sum(map(len, lines)) >= target_chars
    return lines


@pytest.mark.parametrize("form", ["txt", "docx"])
def test_ten_times_the_longest_report_is_checked_correctly(tmp_path: Path, form: str) -> None:
    lines = large_report_lines()
    if form == "txt":
        path = write(tmp_path, "large.txt", "\n".join(lines).encode("utf-8"))
    else:
        path = make_docx(tmp_path / "large.docx", [Para(line) for line in lines if line.strip()])
    with hang_guard():
        result = check_document(path, CHECKLIST)
    assert result.error is None, result.error
    assert sections(result) == sections(check_document(SEED_TXT, CHECKLIST))


def pathological() -> dict[str, str]:
    seed = SEED_TXT.read_text(encoding="utf-8")
    rng = random.Random(7)
    scripts = "abcАБВ한국어αβγ中文العربية١٢٣𝔘😀\u0301\u200f "
    return {
        "one-5mb-line": "推进依法行政，" * (5 * MIB // 21),
        "no-line-breaks": seed.replace("\n", ""),
        "only-punctuation": "，。、；：！？（）《》“”…—" * 100_000,
        "mixed-scripts": "".join(rng.choice(scripts) for _ in range(500_000)),
        "control-characters": "".join(ch + ("\x0b" if ch == "。" else "") for ch in seed),
        "many-controls": seed.replace("。", "\x01\x02\x1b。"),
        "20000-headings": "\n".join(f"{n % 9 + 1}.第{n}项工作" for n in range(20_000)),
        "30000-line-plan": seed + "\n" + "\n".join(f"第{n}条计划，推进依法行政。" for n in range(30_000)),
        "deep-numbering": "\n".join(
            ("一、", "（一）", "1.", "（1）", "①")[n % 5] + f"第{n}项" for n in range(10_000)
        ),
    }


@pytest.mark.parametrize("name", sorted(pathological()))
def test_pathological_text_gives_a_result_or_a_clear_error(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, f"{name}.txt", pathological()[name].encode("utf-8"))
    with hang_guard():
        result = check_document(path, CHECKLIST)
    if result.error is not None:
        assert "\n" not in result.error and re.search(r"[\u4e00-\u9fff]", result.error)
    else:
        assert len(result.findings) == len(CHECKLIST.items)


def test_a_5mb_paragraph_in_a_docx(tmp_path: Path) -> None:
    """Varied text (so not a compression-ratio alarm) in one paragraph: read and checked."""
    rng = random.Random(3)
    seed = SEED_TXT.read_text(encoding="utf-8").replace("\n", "")
    text = "".join(rng.choice(seed) for _ in range(5 * MIB // 3))
    path = make_docx(tmp_path / "one.docx", [Para("某区2022年法治政府建设年度报告"), Para(text)])
    with hang_guard():
        result = check_document(path, CHECKLIST)
    assert result.error is None, result.error
    assert result.title == "某区2022年法治政府建设年度报告"


def test_fixtures_pass_the_guard() -> None:
    for path in [*FIXTURES.glob("*.docx"), *SAMPLES.glob("*.docx")]:
        guard_zip(str(path), path.read_bytes())

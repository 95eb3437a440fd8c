"""Structure-aware fuzzing (hypothesis): ZIP directory, XML parts, numbering.xml, encodings, text, OLE.

For every generated input: the library raises nothing but compliance's own errors; `compliance check
-o` exits 0, 1 or 2 with one `错误：` line, leaves either a complete JSON file or nothing (no
temporary file) and never touches the input; and nothing runs past a hang bound.

CI runs a bounded, derandomized number of cases; for a real fuzzing session set
COMPLIANCE_FUZZ_EXAMPLES (e.g. 5000), which also switches to random seeds.
"""

from __future__ import annotations

import io
import json
import os
import re
import struct
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import compliance
from compliance.cli.main import main
from compliance.errors import ComplianceError
from compliance.reading import legacy
from compliance.reading.zipguard import guard_zip
from helpers import CORPUS, FIXTURES
from timebox import hang_guard

EXAMPLES = int(os.environ.get("COMPLIANCE_FUZZ_EXAMPLES", "20"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the hang guard bounds time; hypothesis' deadline would flag slow machines
    derandomize="COMPLIANCE_FUZZ_EXAMPLES" not in os.environ,
    database=None,
    suppress_health_check=list(HealthCheck),
)
BASE_DOCX = (FIXTURES / "seed-libreoffice-resaved.docx").read_bytes()  # written by LibreOffice
BASE_DOC = (Path(__file__).parent / "hostile" / "word97.doc").read_bytes()
LINES = [
    line.strip()
    for path in sorted(CORPUS.glob("*.txt"))[:6]
    for line in path.read_text(encoding="utf-8-sig").splitlines()
    if line.strip()
]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def robust(data: bytes, suffix: str, *, cli: bool = True) -> None:
    """The properties every input must have (see the module docstring)."""
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        with hang_guard():
            try:
                report = compliance.check(path)
                assert len(report.documents) == 1
            except ComplianceError as err:
                assert "\n" not in str(err), str(err)
            if cli:
                out = Path(folder) / "out.json"
                result = CliRunner().invoke(main, ["check", str(path), "-f", "json", "-o", str(out)])
        assert path.read_bytes() == data
        if not cli:
            return
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code in (0, 1, 2), result.output
        names = sorted(p.name for p in Path(folder).iterdir())
        if result.exit_code == 2:
            assert result.stderr.startswith("错误：") and result.stderr.count("\n") == 1, result.stderr
            assert names == [path.name]
        else:
            assert names == sorted([path.name, "out.json"])
            assert json.loads(out.read_text(encoding="utf-8"))["documents"]


@pytest.fixture(autouse=True)
def no_libreoffice_by_default(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutated inputs that sniff as .doc/.rtf would each start LibreOffice: only test_ole does."""
    if request.node.name != "test_mutated_ole_documents":
        monkeypatch.setenv(legacy.SOFFICE_ENV, "/nonexistent/soffice")


def repack(base: bytes, replace: dict[str, bytes]) -> bytes:
    """`base` with some members replaced (or added), written by zipfile."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, replace.pop(info.filename, None) or source.read(info))
        for name, data in replace.items():
            target.writestr(name, data)
    return out.getvalue()


# --- 1. the ZIP directory ---------------------------------------------------------------------------

CENTRAL_FIELDS = [
    (8, "<H"),
    (10, "<H"),
    (16, "<L"),
    (20, "<L"),
    (24, "<L"),
    (28, "<H"),
    (30, "<H"),
    (42, "<L"),
]
LOCAL_FIELDS = [(6, "<H"), (8, "<H"), (14, "<L"), (18, "<L"), (22, "<L"), (26, "<H"), (28, "<H")]
EOCD_FIELDS = [(8, "<H"), (10, "<H"), (12, "<L"), (16, "<L"), (20, "<H")]
SPECIAL = [0, 1, 2, 8, 14, 99, 0x7FFF, 0xFFFF, 0xFFFFFFFF, 10**6]


@st.composite
def zip_mutations(draw: st.DrawFn) -> bytes:
    data = bytearray(BASE_DOCX)
    central = [m.start() for m in re.finditer(b"PK\x01\x02", BASE_DOCX)]
    local = [m.start() for m in re.finditer(b"PK\x03\x04", BASE_DOCX)]
    eocd = BASE_DOCX.rfind(b"PK\x05\x06")
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["central", "local", "eocd", "flip"]))
        if kind == "flip":
            at = draw(st.integers(min(central), len(data) - 1))
            data[at] ^= draw(st.integers(1, 255))
            continue
        base, fields = {
            "central": (draw(st.sampled_from(central)), CENTRAL_FIELDS),
            "local": (draw(st.sampled_from(local)), LOCAL_FIELDS),
            "eocd": (eocd, EOCD_FIELDS),
        }[kind]
        offset, fmt = draw(st.sampled_from(fields))
        limit = 0xFFFF if fmt == "<H" else 0xFFFFFFFF
        value = draw(st.one_of(st.sampled_from(SPECIAL), st.integers(0, limit)))
        struct.pack_into(fmt, data, base + offset, value & limit)
    if draw(st.booleans()):
        del data[draw(st.integers(0, len(data))) :]
    return bytes(data)


@FUZZ
@given(zip_mutations())
def test_mutated_zip_directory(data: bytes) -> None:
    robust(data, ".docx")


# --- 2. the XML parts ---------------------------------------------------------------------------------

FRAGMENTS = [
    "<!DOCTYPE w:document>",
    '<!ENTITY x "y">',
    "&x;",
    "&#0;",
    "&#xFFFE;",
    "&amp;",
    "<w:p>",
    "</w:p>",
    "</w:body>",
    "<![CDATA[一、]]>",
    "<?pi x?>",
    "<!-- 一、 -->",
    "<w:sdt><w:sdtContent>" * 300,
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    '<w:p><w:pPr><w:numPr><w:ilvl w:val="99"/><w:numId w:val="1"/></w:numPr></w:pPr></w:p>',
    '<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:outlineLvl w:val="-3"/></w:pPr><w:r><w:t>一、x</w:t></w:r></w:p>',
    '<mc:AlternateContent xmlns:mc="urn:x"><mc:Fallback><w:p/></mc:Fallback></mc:AlternateContent>',
    '<w:p><w:r><w:rPr><w:b w:val="maybe"/><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r></w:p>',
    "<x:unknown xmlns:x='urn:y'><w:p><w:r><w:t>嵌套</w:t></w:r></w:p></x:unknown>",
]
TEXT = st.text(st.characters(codec="utf-8"), max_size=60)


def paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


@st.composite
def document_parts(draw: st.DrawFn) -> bytes:
    items = draw(
        st.lists(
            st.one_of(
                st.sampled_from(LINES).map(paragraph),
                TEXT.map(paragraph),
                st.sampled_from(FRAGMENTS),
            ),
            max_size=30,
        )
    )
    xml = f'<w:document xmlns:w="{W}"><w:body>{"".join(items)}</w:body></w:document>'
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "gb18030", "utf-8 declared gbk"]))
    if encoding == "utf-8 declared gbk":
        return ('<?xml version="1.0" encoding="GBK"?>' + xml).encode("utf-8")
    head = f'<?xml version="1.0" encoding="{encoding.upper()}" standalone="yes"?>'
    return (head + xml).encode(encoding, errors="replace")


@st.composite
def part_surgery(draw: st.DrawFn) -> tuple[str, bytes]:
    """Byte-level surgery on one XML part of the real package."""
    with zipfile.ZipFile(io.BytesIO(BASE_DOCX)) as package:
        names = sorted(n for n in package.namelist() if n.endswith((".xml", ".rels")))
        name = draw(st.sampled_from(names))
        data = bytearray(package.read(name))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        operation = draw(st.sampled_from(["insert", "delete", "truncate"]))
        if operation == "insert":
            data[at:at] = draw(st.sampled_from(FRAGMENTS)).encode("utf-8")
        elif operation == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            del data[at:]
    return name, bytes(data)


@FUZZ
@given(document_parts())
def test_generated_document_xml(document: bytes) -> None:
    robust(repack(BASE_DOCX, {"word/document.xml": document}), ".docx")


@FUZZ
@given(part_surgery())
def test_mutated_xml_parts(surgery: tuple[str, bytes]) -> None:
    name, data = surgery
    robust(repack(BASE_DOCX, {name: data}), ".docx")


# --- 3. numbering.xml -----------------------------------------------------------------------------------

NUM_FORMATS = [
    "decimal",
    "chineseCounting",
    "chineseCountingThousand",
    "taiwaneseCountingThousand",
    "taiwaneseCounting",
    "ideographTraditional",
    "ideographZodiac",
    "decimalEnclosedCircle",
    "decimalFullWidth",
    "upperRoman",
    "lowerLetter",
    "bullet",
    "none",
    "japaneseCounting",
    "chineseLegalSimplified",
    "ordinalText",
    "bogus",
    "",
]
NUMBERS = st.one_of(st.integers(-5, 12), st.integers(-(2**40), 2**40), st.sampled_from(["", "x", "1.5"]))


@st.composite
def level(draw: st.DrawFn) -> str:
    parts = f'<w:start w:val="{draw(NUMBERS)}"/>' if draw(st.booleans()) else ""
    parts += f'<w:numFmt w:val="{draw(st.sampled_from(NUM_FORMATS))}"/>'
    if draw(st.booleans()):
        parts += f'<w:lvlRestart w:val="{draw(NUMBERS)}"/>'
    parts += "<w:isLgl/>" if draw(st.booleans()) else ""
    text = draw(st.text(st.sampled_from("%0123456789（）、.一第章"), max_size=10))
    return f'<w:lvl w:ilvl="{draw(NUMBERS)}">{parts}<w:lvlText w:val="{escape(text)}"/></w:lvl>'


@st.composite
def numbering_package(draw: st.DrawFn) -> bytes:
    abstracts = "".join(
        f'<w:abstractNum w:abstractNumId="{draw(NUMBERS)}">{"".join(draw(st.lists(level(), max_size=5)))}'
        "</w:abstractNum>"
        for _ in range(draw(st.integers(0, 3)))
    )
    nums = ""
    for _ in range(draw(st.integers(0, 4))):
        override = (
            f'<w:lvlOverride w:ilvl="{draw(NUMBERS)}"><w:startOverride w:val="{draw(NUMBERS)}"/></w:lvlOverride>'
            if draw(st.booleans())
            else ""
        )
        nums += (
            f'<w:num w:numId="{draw(NUMBERS)}"><w:abstractNumId w:val="{draw(NUMBERS)}"/>{override}</w:num>'
        )
    numbering = f'<w:numbering xmlns:w="{W}">{abstracts}{nums}</w:numbering>'
    paragraphs = []
    for line in draw(st.lists(st.sampled_from(LINES), max_size=25)):
        ilvl = f'<w:ilvl w:val="{draw(NUMBERS)}"/>' if draw(st.booleans()) else ""
        num = f'<w:numPr>{ilvl}<w:numId w:val="{draw(NUMBERS)}"/></w:numPr>' if draw(st.booleans()) else ""
        paragraphs.append(f"<w:p><w:pPr>{num}</w:pPr><w:r><w:t>{escape(line)}</w:t></w:r></w:p>")
    document = f'<w:document xmlns:w="{W}"><w:body>{"".join(paragraphs)}</w:body></w:document>'
    return repack(
        BASE_DOCX,
        {"word/numbering.xml": numbering.encode("utf-8"), "word/document.xml": document.encode("utf-8")},
    )


@FUZZ
@given(numbering_package())
def test_random_numbering_definitions(data: bytes) -> None:
    robust(data, ".docx")


# --- 4. encodings and 5. text -----------------------------------------------------------------------------

ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "gb18030",
    "gbk",
    "gb2312",
    "big5",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "latin-1",
    "cp1252",
    "shift_jis",
    "euc-kr",
]


@st.composite
def encoded_text(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(st.one_of(st.sampled_from(LINES), TEXT), max_size=40))
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    data = bytearray(
        text.encode(draw(st.sampled_from(ENCODINGS)), errors=draw(st.sampled_from(["ignore", "replace"])))
    )
    if draw(st.booleans()):
        data[0:0] = draw(
            st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b""])
        )
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(max_size=6))
    if draw(st.booleans()):
        del data[draw(st.integers(0, len(data))) :]
    return bytes(data)


@FUZZ
@given(encoded_text())
def test_text_in_any_encoding(data: bytes) -> None:
    robust(data, ".txt")


PREFIXES = [
    "一、",
    "（一）",
    "(二)",
    "1.",
    "（1）",
    "①",
    "第一部分",
    "第十二章",
    "# ",
    "二〇二二年",
    "2022年",
    "附件",
    "",
]


@st.composite
def odd_reports(draw: st.DrawFn) -> str:
    line = st.one_of(
        st.text(max_size=200),
        st.tuples(st.sampled_from(PREFIXES), st.one_of(st.sampled_from(LINES), st.text(max_size=50))).map(
            "".join
        ),
        st.sampled_from(
            ["江海区2022年法治政府建设年度报告", "2023年3月1日", "某区人民政府", "\u2028", "\x0c", "\x00"]
        ),
    )
    return draw(st.sampled_from(["\n", "\r\n", "\u2028", "\x85"])).join(draw(st.lists(line, max_size=60)))


@FUZZ
@given(odd_reports(), st.sampled_from([".txt", ".md", ""]))
def test_odd_text(text: str, suffix: str) -> None:
    robust(text.encode("utf-8", errors="surrogatepass"), suffix)


# --- 6. any bytes behind a format's magic, and 7. mutated OLE documents ----------------------------------------

MAGICS = [
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"%PDF-1.4\n",
    b"{\\rtf1",
    b"<html>",
    b"<!DOCTYPE html>",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"MIME-Version: 1.0\n",
    b"\x89PNG\r\n\x1a\n",
    b'<?xml version="1.0"?><?mso-application progid="Word.Document"?>',
    b"",
]


@FUZZ
@given(st.sampled_from(MAGICS), st.binary(max_size=3000), st.sampled_from([".docx", ".doc", ".txt", ".wps"]))
def test_any_bytes_behind_a_magic(magic: bytes, tail: bytes, suffix: str) -> None:
    robust(magic + tail, suffix)


OLE_FIELDS = [
    (0x18, "<H"),
    (0x1A, "<H"),
    (0x1E, "<H"),
    (0x20, "<H"),
    (0x2C, "<L"),
    (0x30, "<L"),
    (0x38, "<L"),
    (0x3C, "<L"),
    (0x40, "<L"),
    (0x44, "<L"),
    (0x48, "<L"),
    (0x4C, "<L"),
]


@st.composite
def ole_mutations(draw: st.DrawFn) -> bytes:
    data = bytearray(BASE_DOC)
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            offset, fmt = draw(st.sampled_from(OLE_FIELDS))
            limit = 0xFFFF if fmt == "<H" else 0xFFFFFFFF
            struct.pack_into(
                fmt, data, offset, draw(st.one_of(st.sampled_from(SPECIAL), st.integers(0, limit))) & limit
            )
        else:
            at = draw(st.integers(512, len(data) - 1))
            data[at] ^= draw(st.integers(1, 255))
    if draw(st.booleans()):
        del data[draw(st.integers(0, len(data))) :]
    return bytes(data)


@settings(FUZZ, max_examples=max(3, EXAMPLES // 5))
@given(ole_mutations())
def test_mutated_ole_documents(data: bytes) -> None:
    """With the real LibreOffice when installed: damaged .doc files reach the converter."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(legacy, "TIMEOUT_SECONDS", 60.0)  # well inside the hang bound
        robust(data, ".doc", cli=False)


# --- 8. no false alarms: honest packages within the limits always pass the guard --------------------------


@st.composite
def honest_packages(draw: st.DrawFn) -> bytes:
    out = io.BytesIO()
    level = draw(st.sampled_from([0, 1, 6, 9]))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as package:
        for number in range(draw(st.integers(1, 4))):
            unit = draw(st.binary(min_size=1, max_size=300))
            data = unit * draw(st.integers(1, 3 * 2**20 // len(unit)))
            declares = b"<!" in data or b"<\x00!" in data  # could spell <!DOCTYPE / <!ENTITY
            xml = len(data) <= 2**20 and not declares and draw(st.booleans())  # ratio rule: > 1 MiB
            package.writestr(f"word/part{number}.{'xml' if xml else 'bin'}", data)
    return out.getvalue()


@FUZZ
@given(honest_packages())
def test_honest_packages_pass_the_guard(data: bytes) -> None:
    guard_zip("honest.docx", data)

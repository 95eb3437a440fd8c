"""PDF input (extra `pdf`): paragraphs re-joined from visual lines, the seed's sections, clear errors.

tests/fixtures/seed.pdf is LibreOffice's PDF export of tests/fixtures/seed-heading-styles.docx
(see /work/shared/fixtures/README.md), so every paragraph of that .docx must come back. The other
PDFs are made here by the real producers: LibreOffice (a 公文-style layout), Pillow (an image-only
"scan") and pypdf (password protection).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tracemalloc
import unicodedata
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import docx
import pdfplumber
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

import compliance
from compliance.errors import DocumentError
from compliance.reading import pdf_reader
from compliance.reading.docx_reader import read_docx
from helpers import FIXTURES, SAMPLES
from soffice import SOFFICE, convert

SEED_PDF = FIXTURES / "seed.pdf"
SOURCE_DOCX = FIXTURES / "seed-heading-styles.docx"  # what seed.pdf was exported from
SEED_TXT = SAMPLES / "jianghai-2022.txt"
SPACES = re.compile(r"\s+")


def compact(text: str) -> str:
    return SPACES.sub("", text)


def sections(path: Path) -> list[tuple[Any, ...]]:
    """The JSON `sections` of a checked file, headings NFKC-folded (the .txt seed is half-width)."""
    document = compliance.check(path).to_dict()["documents"][0]
    return [
        (
            s["id"],
            s["role"],
            s["found"],
            s["status"],
            s["paragraph"],
            unicodedata.normalize("NFKC", s["heading"] or ""),
        )
        for s in document["sections"]
    ]


def visual_lines(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [line["text"] for page in pdf.pages for line in page.extract_text_lines()]


# --- the seed as PDF ---------------------------------------------------------------------------


def test_seed_pdf_paragraphs_are_the_source_docx_paragraphs() -> None:
    source = read_docx(str(SOURCE_DOCX))
    document = compliance.load_document(SEED_PDF)
    assert document.format == "pdf"
    # the PDF really is visual lines: far more of them than paragraphs
    assert len(visual_lines(SEED_PDF)) > 3 * len(source)
    # LibreOffice drew "（七） 持续…" with a gap, not a space glyph: compare without white space
    assert [compact(b.text) for b in document.blocks] == [compact(b.text) for b in source]
    assert [b.index for b in document.blocks] == list(range(1, len(source) + 1))


def test_seed_pdf_headings_from_type_size_and_weight() -> None:
    source = read_docx(str(SOURCE_DOCX))  # Title, Heading 1 (14 pt bold), Heading 2 (13 pt bold)
    document = compliance.load_document(SEED_PDF)
    assert [(b.is_title, b.style_level, b.bold) for b in document.blocks] == [
        (b.is_title, b.style_level, b.bold) for b in source
    ]
    assert sum(1 for b in source if b.style_level is not None) == 17  # the comparison means something


def test_seed_pdf_gives_the_same_sections_as_the_txt_seed() -> None:
    expected = sections(SEED_TXT)
    assert [s[3] for s in expected].count("heading") >= 10  # the seed really is structured
    assert sections(SEED_PDF) == expected
    pdf, txt = (compliance.check(p).documents[0] for p in (SEED_PDF, SEED_TXT))
    assert (pdf.title, pdf.report_year, pdf.score) == (txt.title, txt.report_year, txt.score)


# --- a 公文 layout made by LibreOffice: indent-only paragraphs, running header, page numbers -----


def gongwen_docx(path: Path) -> list[str]:
    """The seed in GB/T 9704 style: 16 pt, fixed 28 pt lines, no space between paragraphs, a
    2-character first-line indent, a centred 22 pt title that wraps, a header on every page and
    "— N —" page numbers. Returns the paragraphs written."""
    paragraphs = [b.text for b in read_docx(str(SOURCE_DOCX))]
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    layout = normal.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = Pt(28)
    layout.space_before = layout.space_after = Pt(0)
    layout.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for position, text in enumerate(paragraphs):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        if position == 0:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.line_spacing = Pt(36)
            run.font.size = Pt(22)
        else:
            paragraph.paragraph_format.first_line_indent = Pt(32)
    header = section.header.paragraphs[0]
    header.text = "江门市江海区人民政府"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    field_run, field_text = OxmlElement("w:r"), OxmlElement("w:t")
    field_text.text = "1"
    field_run.append(field_text)
    field.append(field_run)
    footer._p.append(field)
    footer.add_run(" —")
    document.save(str(path))
    return paragraphs


@pytest.fixture(scope="module")
def gongwen_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui")
    workdir = tmp_path_factory.mktemp("gongwen")
    paragraphs = gongwen_docx(workdir / "gongwen.docx")
    return convert(workdir / "gongwen.docx", "pdf", workdir), paragraphs


def test_gongwen_pdf_paragraphs_rejoined_without_headers_and_page_numbers(
    gongwen_pdf: tuple[Path, list[str]],
) -> None:
    path, paragraphs = gongwen_pdf
    lines = visual_lines(path)
    pages = sum(1 for line in lines if re.fullmatch(r"— \d+ —", line))
    assert pages >= 5 and lines.count("江门市江海区人民政府") == pages  # both really are there
    document = compliance.load_document(path)
    assert document.notes[0] == f"pages={pages}"
    assert [compact(b.text) for b in document.blocks] == [compact(p) for p in paragraphs]
    assert document.blocks[0].is_title  # the wrapped 22 pt title is one paragraph again


def test_gongwen_pdf_gives_the_same_sections_as_the_txt_seed(
    gongwen_pdf: tuple[Path, list[str]],
) -> None:
    assert sections(gongwen_pdf[0]) == sections(SEED_TXT)


# --- files that cannot be checked ----------------------------------------------------------------


def scanned_pdf(path: Path) -> Path:
    """An image-only PDF, as a scanner writes it: one A4 page at 150 dpi with "text" drawn as ink."""
    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    for top in range(200, 1600, 60):
        draw.rectangle((150, top, 1090, top + 24), fill=30)
    page.save(path, resolution=150)
    return path


def encrypted_pdf(path: Path, user_password: str) -> Path:
    writer = PdfWriter(clone_from=PdfReader(SEED_PDF))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def cause_of(path: Path) -> str:
    with pytest.raises(DocumentError) as caught:
        compliance.load_document(path)
    assert caught.value.path == str(path)
    return caught.value.cause


def test_scan_without_text_layer(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "扫描件.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    assert cause_of(path) == pdf_reader.SCANNED
    assert "扫描件（没有文字层）" in pdf_reader.SCANNED and ".docx" in pdf_reader.SCANNED


def hand_made_pdf(content: bytes, font: list[bytes]) -> bytes:
    """A one-page A4 PDF: `content` is the page's content stream, `font` the objects from 5 on
    (object 5 is the font /F1), with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        *font,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
    return bytes(out + trailer % (len(objects) + 1, xref))


def test_text_in_a_font_without_unicode_map(tmp_path: Path) -> None:
    """A CID font with no ToUnicode map: the glyphs are there, but no program can tell which
    characters they are (pdfminer reads "(cid:N)")."""
    glyphs = "".join(f"{n:04x}" for n in range(1, 41)).encode()
    content = b"BT /F1 12 Tf 14 TL 72 760 Td " + b"<%s> Tj T* " % glyphs * 20 + b"ET"
    font = [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /FontDescriptor 7 0 R"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
        b"<< /Type /FontDescriptor /FontName /X /Flags 4 /FontBBox [0 0 1000 1000]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    path = tmp_path / "cid.pdf"
    path.write_bytes(hand_made_pdf(content, font))
    assert "(cid:1)" in "".join(visual_lines(path))  # there is a text layer, but unreadable
    assert cause_of(path) == pdf_reader.NO_UNICODE


@pytest.mark.parametrize("pages", [1, 3])
def test_scan_with_a_scanner_app_text_watermark(tmp_path: Path, pages: int) -> None:
    """Scanner apps stamp a line of real text on every image page: it is still a scan."""
    stamp_path = tmp_path / "stamp.pdf"
    stamp_path.write_bytes(
        hand_made_pdf(
            b"BT /F1 9 Tf 400 30 Td (Scanned with CamScanner) Tj ET",
            [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"],
        )
    )
    scan = scanned_pdf(tmp_path / "scan.pdf")
    writer = PdfWriter()
    for _ in range(pages):  # a fresh copy of the page each time: merge_page changes it in place
        page = writer.add_page(PdfReader(scan).pages[0])
        page.merge_page(PdfReader(stamp_path).pages[0])
    stamped = tmp_path / "stamped.pdf"
    with open(stamped, "wb") as handle:
        writer.write(handle)
    assert visual_lines(stamped) == ["Scanned with CamScanner"] * pages
    assert cause_of(stamped) == pdf_reader.SCANNED


def test_password_protected_pdf(tmp_path: Path) -> None:
    assert cause_of(encrypted_pdf(tmp_path / "locked.pdf", "open-secret")) == pdf_reader.ENCRYPTED


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    """Permissions-only protection (no password to open) does not stop reading."""
    path = encrypted_pdf(tmp_path / "restricted.pdf", "")
    assert b"/Encrypt" in path.read_bytes()
    blocks = compliance.load_document(path).blocks
    assert [b.text for b in blocks] == [b.text for b in compliance.load_document(SEED_PDF).blocks]


def test_truncated_pdf(tmp_path: Path) -> None:
    data = SEED_PDF.read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert cause_of(path) == pdf_reader.TRUNCATED


def test_pdf_header_on_garbage(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00 not a pdf object " * 50 + b"\n%%EOF\n")
    assert cause_of(path) == pdf_reader.DAMAGED


def test_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # `import pdfplumber` now fails
    with pytest.raises(DocumentError) as caught:
        compliance.load_document(SEED_PDF)
    assert caught.value.cause == pdf_reader.EXTRA_MISSING
    assert "pip install 'compliance[pdf]'" in str(caught.value)


def test_missing_extra_on_the_command_line_is_one_error_line() -> None:
    script = "import sys; sys.modules['pdfplumber'] = None\nfrom compliance.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", script, "check", str(SEED_PDF)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.strip() == f"错误：{SEED_PDF}: {pdf_reader.EXTRA_MISSING}"


def test_batch_checks_the_good_pdf_and_reports_the_scan(tmp_path: Path) -> None:
    scan = scanned_pdf(tmp_path / "scan.pdf")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (SEED_PDF, scan)}
    report = compliance.check_paths([SEED_PDF, scan])
    good, bad = report.documents
    assert good.error is None and good.score is not None
    assert bad.error == pdf_reader.SCANNED
    assert before == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (SEED_PDF, scan)}


# --- the re-joining rules on synthetic lines -------------------------------------------------------


def line(
    text: str, x0: float, x1: float, top: float, size: float = 11.0, page: int = 1, bold: bool = False
) -> Any:
    return pdf_reader._Line(text, x0, x1, top, top + size, size, bold, page, 612.0)


def joined(*lines: Any) -> list[str]:
    layout = pdf_reader._Layout(body_size=11.0, left=90.0, right=519.0, pitch=14.7)
    return [pdf_reader._join(p) for p in pdf_reader._paragraphs(list(lines), layout)]


def test_full_lines_continue_across_a_page_break() -> None:
    assert joined(
        line("全面推进法治政府建设", 90, 519, 700), line("取得明显成效。", 90, 200, 71, page=2)
    ) == ["全面推进法治政府建设取得明显成效。"]


def test_short_line_indent_gap_and_numbering_end_a_paragraph() -> None:
    assert joined(line("第一段结束。", 90, 300, 100), line("第二段", 90, 519, 114.7)) == [
        "第一段结束。",
        "第二段",
    ]
    assert joined(line("满行", 90, 519, 100), line("缩进的新段", 112, 519, 114.7)) == ["满行", "缩进的新段"]
    assert joined(line("满行", 90, 519, 100), line("隔开的新段", 90, 519, 125)) == ["满行", "隔开的新段"]
    assert joined(line("满行。", 90, 519, 100), line("2.新的一项", 90, 519, 114.7)) == [
        "满行。",
        "2.新的一项",
    ]
    assert joined(line("共增长", 90, 519, 100), line("12.5%，同比", 90, 519, 114.7)) == ["共增长12.5%，同比"]


def test_latin_words_keep_their_space_when_a_line_wraps() -> None:
    assert joined(line("the rule of", 90, 519, 100), line("law", 90, 200, 114.7)) == ["the rule of law"]


def test_page_numbers_and_running_headers_are_dropped() -> None:
    pages = [
        [
            line("江海区人民政府", 300, 519, 30),
            line(f"第{n}页正文", 90, 519, 100, page=n),
            line(f"— {n} —", 280, 330, 760, page=n),
        ]
        for n in (1, 2, 3)
    ]
    assert [x.text for x in pdf_reader._drop_running_lines(pages)] == ["第1页正文", "第2页正文", "第3页正文"]


@pytest.mark.parametrize(
    ("text", "is_page_number"),
    [
        ("— 3 —", True),
        ("- 12 -", True),
        ("一 3 一", True),
        ("第 3 页", True),
        ("第3页 共9页", True),
        ("3/9", True),
        ("Page 3 of 9", True),
        ("7", True),
        ("2022年", False),
        ("（三）持续打造", False),
        ("共办理45件", False),
    ],
)
def test_page_number_forms(text: str, is_page_number: bool) -> None:
    assert bool(pdf_reader._PAGE_NUMBER.match(text)) is is_page_number


# --- decompression bombs ---------------------------------------------------------------------------


def flate_pdf(path: Path, chunks: Iterable[bytes]) -> Path:
    """A one-page PDF whose content stream is the Flate-compressed concatenation of `chunks`."""
    compressor = zlib.compressobj(9)
    stream = b"".join(compressor.compress(chunk) for chunk in chunks) + compressor.flush()
    font = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    pdf = hand_made_pdf(stream, font).replace(b"<< /Length", b"<< /Filter /FlateDecode /Length", 1)
    path.write_bytes(pdf)
    return path


def test_flate_bomb_is_refused_without_inflating_it(tmp_path: Path) -> None:
    """64 MB of spaces in a ~64 KB stream; pdfminer would inflate it whole, then parse it."""
    path = flate_pdf(tmp_path / "bomb.pdf", (b" " * (1 << 20) for _ in range(64)))
    assert path.stat().st_size < 200_000
    tracemalloc.start()
    try:
        assert cause_of(path) == pdf_reader.HOSTILE
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024  # far below the 64 MB the stream inflates to


def test_large_stream_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Incompressible data is not a bomb by ratio, only by size: the size limit catches it."""
    noise = [hashlib.sha256(str(n).encode()).digest() * 32 for n in range(5000)]  # 5.1 MB
    path = flate_pdf(tmp_path / "big.pdf", noise)
    assert cause_of(path).startswith("PDF 第 1 页的内容异常庞大")  # passes the stream guard
    monkeypatch.setattr(pdf_reader, "MAX_STREAM_BYTES", 4 * 1024 * 1024)
    assert cause_of(path) == pdf_reader.HOSTILE


def test_page_with_oversized_content_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    """2 MB of drawing instructions on one page (a real page has 5–20 KB): parsing them would
    take pdfminer minutes."""
    ops = b"BT /F1 12 Tf 72 700 Td (Hello world text) Tj ET 0 0 m 100 100 l S\n" * 16
    path = flate_pdf(tmp_path / "heavy.pdf", [ops] * 2000)
    assert len(ops) * 2000 > 2 * pdf_reader.MAX_PAGE_CONTENT
    assert cause_of(path) == "PDF 第 1 页的内容异常庞大，可能是恶意构造的文件"


def test_reading_stops_at_the_time_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_SECONDS", -1)  # spent after the first page
    assert cause_of(SEED_PDF).startswith("PDF 内容过于复杂，读取超过 -1 秒仍未完成")

"""sniff: the real type of a file from its bytes, whatever its extension; the loader's refusals."""

from __future__ import annotations

import codecs
import io
import struct
import zipfile
from pathlib import Path

import olefile
import pytest

from compliance.errors import DocumentError
from compliance.reading import sniff as s
from compliance.reading.loader import load_document
from helpers import FIXTURES, SAMPLES, SEED_TXT
from zipcraft import CONTENT_TYPES, document_xml

HOSTILE = Path(__file__).parent / "hostile"


def zipped(*members: tuple[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def types_xml(main: str) -> str:
    return CONTENT_TYPES.replace("wordprocessingml.document.main+xml", main)


def set_fib_encrypted(doc: bytes) -> bytes:
    """The .doc with FibBase.fEncrypted set, found through the real CFB directory (olefile)."""
    with olefile.OleFileIO(io.BytesIO(doc)) as ole:
        entry = ole.direntries[ole._find("WordDocument")]
        sector_size = ole.sectorsize
        first = entry.isectStart
    offset = (first + 1) * sector_size  # the WordDocument stream is > 4 KiB: in regular sectors
    assert doc[offset : offset + 2] == b"\xec\xa5", "FIB magic (wIdent 0xA5EC) not where expected"
    (flags,) = struct.unpack_from("<H", doc, offset + 10)
    return doc[: offset + 10] + struct.pack("<H", flags | 0x0100) + doc[offset + 12 :]


# --- ZIP packages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [SAMPLES / "jianghai-2022.docx", FIXTURES / "seed-libreoffice-resaved.docx"],
    ids=lambda p: p.name,
)
def test_real_word_documents_are_docx(path: Path) -> None:
    assert s.sniff(path.read_bytes(), path.name) == s.DOCX


def test_ooxml_kind_comes_from_the_content_types_not_the_name() -> None:
    sheet = "spreadsheetml.sheet.main+xml"
    show = "presentationml.presentation.main+xml"
    assert s.sniff(zipped(("[Content_Types].xml", types_xml(sheet))), "a.docx") == s.XLSX
    assert s.sniff(zipped(("[Content_Types].xml", types_xml(show))), "a.docx") == s.PPTX
    word = zipped(("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", document_xml("x")))
    assert s.sniff(word, "a.xlsx") == s.DOCX
    assert s.sniff((HOSTILE / "renamed-xlsx.docx").read_bytes(), "x.docx") == s.XLSX


def test_ooxml_without_known_content_types_falls_back_to_part_names() -> None:
    types = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    assert s.sniff(zipped(("[Content_Types].xml", types), ("xl/workbook.xml", "<w/>"))) == s.XLSX
    assert s.sniff(zipped(("[Content_Types].xml", types), ("ppt/presentation.xml", "<p/>"))) == s.PPTX
    # an OPC package with no recognisable main part goes to the Word reader, which says what is missing
    assert s.sniff(zipped(("[Content_Types].xml", types))) == s.DOCX


def test_opendocument_ofd_and_plain_zip() -> None:
    assert s.sniff((HOSTILE / "opendocument.odt").read_bytes()) == s.ODT
    ods = zipped(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<x/>"))
    assert s.sniff(ods) == s.ODF
    assert s.sniff(zipped(("OFD.xml", "<ofd:OFD/>"), ("Doc_0/Document.xml", "<d/>"))) == s.OFD
    assert s.sniff(zipped(("报告.txt", "正文"))) == s.ZIP


@pytest.mark.parametrize("name", ["truncated.docx", "cut-directory.docx"])
def test_damaged_zip(name: str) -> None:
    assert s.sniff((HOSTILE / name).read_bytes(), name) == s.ZIP_DAMAGED
    assert s.sniff(b"PK\x03\x04" + b"\0" * 100) == s.ZIP_DAMAGED


# --- OLE2 compound files ------------------------------------------------------------------


def test_word97_document_and_its_wps_label() -> None:
    doc = (FIXTURES / "seed-word97.doc").read_bytes()
    assert s.sniff(doc, "report.doc") == s.DOC
    assert s.sniff(doc, "report.wps") == s.WPS
    assert s.sniff(doc, "report.docx") == s.DOC  # the content decides, not the name
    assert s.WPS.kind == s.DOC.kind == "doc"


def test_encrypted_ooxml_is_an_ole_file_with_an_encrypted_package() -> None:
    data = (HOSTILE / "encrypted.docx").read_bytes()  # made by msoffcrypto-tool (see README)
    assert data.startswith(s.OLE_MAGIC)
    assert s.sniff(data, "report.docx") == s.ENCRYPTED
    assert s.sniff(data, "table.xlsx") == s.ENCRYPTED_XLSX
    assert s.sniff(data, "report.docx").label == "加密的 Word 文档"


def test_password_protected_doc_is_told_by_the_fib_flag() -> None:
    doc = (FIXTURES / "seed-word97.doc").read_bytes()
    assert s.sniff(set_fib_encrypted(doc), "report.doc") == s.DOC_ENCRYPTED


def test_excel_97_and_damaged_ole() -> None:
    assert s.sniff((HOSTILE / "renamed-xls.doc").read_bytes(), "renamed-xls.doc") == s.XLS
    assert s.sniff(s.OLE_MAGIC + b"\0" * 600, "old.doc") == s.DOC_DAMAGED
    assert s.sniff(s.OLE_MAGIC + b"\0" * 600, "old.bin") == s.OLE_DAMAGED
    doc = (FIXTURES / "seed-word97.doc").read_bytes()
    assert s.sniff(doc[:1536], "cut.doc").kind == "ole-damaged"


# --- markup, text and other formats --------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        b"<!DOCTYPE html><html><body>x</body></html>",
        b'<!doctype HTML PUBLIC "-//W3C//DTD HTML 4.01//EN">\n<html>',
        b"\xef\xbb\xbf  <!-- saved from url -->\n<html lang=zh>",
        b'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">',
        b'<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office">',
        b"<meta charset=gbk><title>x</title>",
        codecs.BOM_UTF16_LE + "<html><body>报告</body></html>".encode("utf-16-le"),
    ],
)
def test_html(head: bytes) -> None:
    assert s.sniff(head) == s.HTML


def test_pdf_rtf_word_xml_and_mht() -> None:
    assert s.sniff((FIXTURES / "seed.pdf").read_bytes()) == s.PDF
    assert s.sniff(b"\r\njunk\n%PDF-1.4\n") == s.PDF  # a header after a little junk still counts
    assert s.sniff((HOSTILE / "rtf-renamed.doc").read_bytes(), "rtf-renamed.doc") == s.RTF
    word_xml = b'<?xml version="1.0"?>\n<?mso-application progid="Word.Document"?>\n<w:wordDocument>'
    assert s.sniff(word_xml) == s.WORD_XML
    mht = b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="x"\r\n'
    assert s.sniff(mht) == s.MHT


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n", s.IMAGE),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", s.IMAGE),
        (b"II*\x00", s.IMAGE),
        (b"Rar!\x1a\x07\x00", s.ARCHIVE),
        (b"7z\xbc\xaf\x27\x1c", s.ARCHIVE),
        (b"\x1f\x8b\x08", s.ARCHIVE),
        (b"MZ\x90\x00", s.PROGRAM),
        (b"\x7fELF\x02", s.PROGRAM),
    ],
)
def test_binary_magics(head: bytes, kind: s.FileType) -> None:
    assert s.sniff(head + b"\0" * 32) == kind


@pytest.mark.parametrize(
    "data",
    [
        SEED_TXT.read_bytes(),
        (SAMPLES / "flawed-no-title-gbk.txt").read_bytes(),
        (Path(__file__).parent / "hostile" / "utf16-nobom.txt").read_bytes(),
        (Path(__file__).parent / "hostile" / "big5.txt").read_bytes(),
        "<一>标题不是网页\n正文".encode(),
        "# 报告\n\n<b>加粗</b>".encode(),
    ],
    ids=["utf8", "gbk", "utf16-nobom", "big5", "angle-bracket", "markdown"],
)
def test_text(data: bytes) -> None:
    assert s.sniff(data) == s.TEXT


def test_matches_uses_the_extension_case_insensitively() -> None:
    assert s.DOCX.matches("报告.DOCX") and not s.DOCX.matches("报告.doc")
    assert s.TEXT.matches("README")


# --- the loader's refusals: what it is, what to do -------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "report.docx",
            (HOSTILE / "renamed-xlsx.docx").read_bytes(),
            "实际是 Excel 表格（.xlsx），不是 Word 文档",
        ),
        (
            "table.xlsx",
            (HOSTILE / "renamed-xlsx.docx").read_bytes(),
            "这是 Excel 表格（.xlsx），不是 Word 文档",
        ),
        (
            "report.docx",
            (HOSTILE / "encrypted.docx").read_bytes(),
            "这是加密的 Word 文档，请先取消密码后再检查",
        ),
        ("report.doc", (HOSTILE / "renamed-xls.doc").read_bytes(), "实际是 Excel 97–2003 表格"),
        ("report.docx", (HOSTILE / "scan-image.docx").read_bytes(), "实际是图片，没有可检查的文字"),
        (
            "report.docx",
            zipped(("a.txt", "x")),
            "实际是 ZIP 压缩包，不是 Word 文档；如果报告在压缩包里，请先解压",
        ),
        ("report.rar", b"Rar!\x1a\x07\x00" + b"\0" * 20, "这是压缩包（RAR/7z/gzip 等），请先解压"),
        ("report.ofd", zipped(("OFD.xml", "<o/>")), "这是 OFD 版式文件（.ofd），暂不支持"),
        ("report.mht", b"MIME-Version: 1.0\nContent-Type: multipart/related;\n", "单个文件网页（.mht）"),
        ("old.doc", s.OLE_MAGIC + b"\0" * 600, "这是已损坏的 Word 97–2003 文档，请用 Word 或 WPS 打开"),
    ],
)
def test_refusal_names_what_the_file_really_is(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert caught.value.path == str(path)
    assert expected in caught.value.cause
    assert "\n" not in str(caught.value)


def test_password_protected_doc_is_refused_before_conversion(tmp_path: Path) -> None:
    path = tmp_path / "report.doc"
    path.write_bytes(set_fib_encrypted((FIXTURES / "seed-word97.doc").read_bytes()))
    with pytest.raises(DocumentError, match="这是加密的 Word 97–2003 文档，请先取消密码后再检查"):
        load_document(path)

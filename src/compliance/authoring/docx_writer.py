"""Write Word .docx files: a copy of a report with comments (annotate) and the report template.

The only module that writes .docx (python-docx and lxml, like docx_reader which reads). What to
write is decided elsewhere (compliance.annotate, compliance.template); this module only knows
Word. Paragraphs are found with docx_reader's own walk, so a comment lands on the paragraph whose
Block.index the checks reported, also in tables and text boxes. Output is deterministic: comment
dates and zip entry times are fixed unless a timestamp is given.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import cast

import docx
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.text.run import CT_R
from docx.shared import Mm, Pt, RGBColor
from docx.text.run import Run
from lxml import etree

from compliance.authoring.skeleton import Template
from compliance.errors import DocumentError
from compliance.reading.docx_reader import BodyReader  # the reader's walk: indices agree by construction
from compliance.reading.wml import W
from compliance.reading.zipguard import DEFAULT_LIMITS, size_text

AUTHOR, INITIALS = "compliance", "C"
GUIDANCE_GREY = RGBColor(0x80, 0x80, 0x80)
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entry time when no timestamp is asked for
_BODY_FONT, _HEADING_FONT = "宋体", "黑体"
LIMITS = DEFAULT_LIMITS  # python-docx unpacks every part: the zip guard's limits apply (tests lower them)


def _related(document: WordDocument, reltype: str) -> etree._Element | None:
    """The XML root of the main document's part related by `reltype`, without creating one."""
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            element = getattr(rel.target_part, "element", None)
            return element if isinstance(element, etree._Element) else None
    return None


def _open(path: str) -> WordDocument:
    """The package opened with python-docx, which unpacks every part: refuse a zip bomb first."""
    try:
        with zipfile.ZipFile(path) as archive:  # reading stops at the declared sizes
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > LIMITS.max_total_bytes:  # the reader's own limit: what it read, the writer opens
            limit = size_text(LIMITS.max_total_bytes)
            raise DocumentError(path, f"文件解压后超过 {limit}，可能是恶意构造的文件")
        return docx.Document(path)
    except DocumentError:
        raise
    except ValueError as exc:  # python-docx accepts only the plain document content type
        cause = "这是 Word 模板或启用宏的文档，请在 Word 中另存为 .docx 后再添加批注"
        raise DocumentError(path, cause) from exc
    except Exception as exc:  # python-docx raises many kinds; the reader has vetted the file
        raise DocumentError(path, f"无法打开该 Word 文档以添加批注（{type(exc).__name__}）") from exc


def locate_paragraphs(document: WordDocument) -> tuple[dict[int, etree._Element], list[str]]:
    """(Block.index -> the w:p it was read from, the Block texts) in reading order."""
    reader = BodyReader(_related(document, RT.STYLES), _related(document, RT.NUMBERING))
    blocks = reader.read(document.element)
    where = {block.index: reader.sources[position] for position, block in enumerate(blocks)}
    return where, [block.text for block in blocks]


def _bare(text: str) -> str:
    return "".join(text.split())


def _anchor(paragraph: etree._Element) -> tuple[CT_R, CT_R]:
    """The first and last w:r spanning the whole paragraph; empty runs are added where needed."""
    content = [child for child in paragraph if child.tag != W + "pPr"]
    first = content[0] if content and isinstance(content[0], CT_R) else None
    if first is None:  # no runs, or text first in a hyperlink, field or content control
        first = cast(CT_R, OxmlElement("w:r"))
        paragraph.insert(paragraph.index(content[0]) if content else len(paragraph), first)
    last = content[-1] if content and isinstance(content[-1], CT_R) else None
    if last is None:
        last = cast(CT_R, OxmlElement("w:r"))
        paragraph.append(last)
    return first, last


def _stamp(document: WordDocument, ids: set[int], timestamp: datetime | None) -> None:
    """Remove (or set to `timestamp`) the date python-docx gives each of our comments."""
    comments = _related(document, RT.COMMENTS)
    date = W + "date"
    for comment in () if comments is None else comments.iterfind(W + "comment"):
        if int(comment.get(W + "id", "-1")) not in ids:
            continue  # a comment the author already had: left as it was
        if timestamp is None:
            if date in comment.attrib:
                del comment.attrib[date]
        else:
            comment.set(date, timestamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))


def _save(document: WordDocument, timestamp: datetime | None) -> bytes:
    """The package's bytes, rezipped with fixed (or the timestamp's) entry times, same order."""
    raw = io.BytesIO()
    document.save(raw)
    when = FIXED_TIME if timestamp is None else timestamp.astimezone(UTC).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info))
    return out.getvalue()


def annotate_docx(
    path: str,
    comments: Sequence[tuple[int, str]],
    *,
    texts: Sequence[str] | None = None,
    timestamp: datetime | None = None,
) -> bytes:
    """A copy of the .docx at `path` with each (Block.index, text) added as a Word comment.

    The comment covers the whole paragraph. `texts`, the Block texts the indices refer to, guard
    against reading the package differently from the check. The file at `path` is only read.
    """
    document = _open(path)
    paragraphs, found = locate_paragraphs(document)
    if texts is not None and [_bare(t) for t in texts] != [_bare(t) for t in found]:
        raise DocumentError(path, "无法在文档中准确定位段落，未添加批注")
    anchors: dict[int, tuple[CT_R, CT_R]] = {}
    ids: set[int] = set()
    for index, text in comments:
        if index not in paragraphs:
            raise DocumentError(path, f"文档中找不到第{index}段，无法添加批注")
        if index not in anchors:  # computed once, before any comment marks the paragraph
            anchors[index] = _anchor(paragraphs[index])
        first, last = (Run(r, document) for r in anchors[index])
        comment = document.add_comment([first, last], text, author=AUTHOR, initials=INITIALS)
        ids.add(comment.comment_id)
    _stamp(document, ids, timestamp)
    return _save(document, timestamp)


def _east_asian_font(element: etree._Element, name: str) -> None:
    properties = element.find(W + "rPr")
    if properties is None:
        properties = OxmlElement("w:rPr")
        element.append(properties)
    fonts = properties.find(W + "rFonts")
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    fonts.set(W + "eastAsia", name)


def template_docx(template: Template) -> bytes:
    """The report template as a .docx: A4, Title, Heading 1/2 headings, grey guidance lines."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)  # GB/T 9704 page margins
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    styles = document.styles
    for name, font in (
        ("Normal", _BODY_FONT),
        ("Title", _HEADING_FONT),
        ("Heading 1", _HEADING_FONT),
        ("Heading 2", _HEADING_FONT),
    ):
        style = styles[name]
        style.font.color.rgb = RGBColor(0, 0, 0)
        _east_asian_font(style.element, font)
    for line in template.lines:
        if line.kind == "title":
            paragraph = document.add_paragraph(line.text, style="Title")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif line.kind == "heading":
            document.add_paragraph(line.text, style=f"Heading {line.level}")
        else:
            run = document.add_paragraph().add_run(line.text)
            run.font.color.rgb = GUIDANCE_GREY
            run.font.size = Pt(10.5)
    properties = document.core_properties
    properties.title, properties.author, properties.comments = template.title, AUTHOR, ""
    return _save(document, None)

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
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from compliance.authoring.layout import (
    BODY,
    BODY_PT,
    FOOTER_MM,
    HEADINGS,
    INDENT_CHARS,
    LATIN_FONT,
    LINE_PT,
    MARGINS_MM,
    NOTE_AUTHOR,
    NOTE_INITIALS,
    PAGE_DASH,
    PAGE_MM,
    PAGE_NUMBER_FONT,
    PAGE_NUMBER_PT,
    SIGNATURE_RIGHT_CHARS,
    TITLE,
    TextStyle,
    signature_indent,
)
from compliance.authoring.skeleton import Template
from compliance.errors import DocumentError
from compliance.reading.docx_reader import BodyReader  # the reader's walk: indices agree by construction
from compliance.reading.wml import W
from compliance.reading.zipguard import DEFAULT_LIMITS, size_text

AUTHOR, INITIALS = "compliance", "C"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entry time when no timestamp is asked for
_BODY_FONT, _HEADING_FONT = "宋体", "黑体"
LIMITS = DEFAULT_LIMITS  # python-docx unpacks every part: the zip guard's limits apply (tests lower them)
SIGNATURE_GAP_LINES = 2  # empty lines between the text and the 落款: room for the seal


def _related(document: WordDocument, reltype: str) -> etree._Element | None:
    """The XML root of the main document's part related by `reltype`, without creating one."""
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            element = getattr(rel.target_part, "element", None)
            return element if isinstance(element, etree._Element) else None
    return None


def _open(path: str, name: str) -> WordDocument:
    """The package opened with python-docx, which unpacks every part: refuse a zip bomb first."""
    try:
        with zipfile.ZipFile(path) as archive:  # reading stops at the declared sizes
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > LIMITS.max_total_bytes:  # the reader's own limit: what it read, the writer opens
            limit = size_text(LIMITS.max_total_bytes)
            raise DocumentError(name, f"文件解压后超过 {limit}，可能是恶意构造的文件")
        return docx.Document(path)
    except DocumentError:
        raise
    except ValueError as exc:  # python-docx accepts only the plain document content type
        cause = "这是 Word 模板或启用宏的文档，请在 Word 中另存为 .docx 后再添加批注"
        raise DocumentError(name, cause) from exc
    except Exception as exc:  # python-docx raises many kinds; the reader has vetted the file
        raise DocumentError(name, f"无法打开该 Word 文档以添加批注（{type(exc).__name__}）") from exc


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


def _remove_own(document: WordDocument) -> None:
    """Remove the comments an earlier run wrote (author AUTHOR) with their ranges and reference
    runs, so that annotating again replaces them; everyone else's comments stay as they are."""
    comments = _related(document, RT.COMMENTS)
    if comments is None:
        return
    ids = set()
    for comment in list(comments.iterfind(qn("w:comment"))):
        if comment.get(qn("w:author")) == AUTHOR:
            ids.add(comment.get(qn("w:id")))
            comments.remove(comment)
    marks = (qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference"))
    for mark in list(document.element.body.iter(*marks)) if ids else ():
        if mark.get(qn("w:id")) not in ids:
            continue
        parent = mark.getparent()
        parent.remove(mark)
        if mark.tag == qn("w:commentReference") and all(c.tag == qn("w:rPr") for c in parent):
            parent.getparent().remove(parent)  # the run python-docx added to hold the reference


def annotate_docx(
    path: str,
    comments: Sequence[tuple[int, str]],
    *,
    texts: Sequence[str] | None = None,
    timestamp: datetime | None = None,
    shown: str | None = None,
) -> bytes:
    """A copy of the .docx at `path` with each (Block.index, text) added as a Word comment, in
    place of those an earlier run added (author AUTHOR).

    The comment covers the whole paragraph. `texts`, the Block texts the indices refer to, guard
    against reading the package differently from the check. The file at `path` is only read;
    errors name `shown` (the draft a converted `path` was made from) when given.
    """
    name = shown or path
    document = _open(path, name)
    _remove_own(document)
    paragraphs, found = locate_paragraphs(document)
    if texts is not None and [_bare(t) for t in texts] != [_bare(t) for t in found]:
        raise DocumentError(name, "无法在文档中准确定位段落，未添加批注")
    anchors: dict[int, tuple[CT_R, CT_R]] = {}
    ids: set[int] = set()
    for index, text in comments:
        if index not in paragraphs:
            raise DocumentError(name, f"文档中找不到第{index}段，无法添加批注")
        if index not in anchors:  # computed once, before any comment marks the paragraph
            anchors[index] = _anchor(paragraphs[index])
        first, last = (Run(r, document) for r in anchors[index])
        comment = document.add_comment([first, last], text, author=AUTHOR, initials=INITIALS)
        ids.add(comment.comment_id)
    _stamp(document, ids, timestamp)
    return _save(document, timestamp)


def _child(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, qn(tag))
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _fonts(rpr: etree._Element, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts as Word does: explicit East Asian and Latin faces, no theme fonts over them."""
    _child(rpr, "w:rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asian, cs=latin)


def _style_properties(text_style: TextStyle, outline: int | None) -> tuple[etree._Element, etree._Element]:
    """(w:pPr, w:rPr) for a style of the template, in the schema's element order."""
    ppr = OxmlElement("w:pPr")
    if outline is not None:
        _child(ppr, "w:keepNext")
    _child(ppr, "w:spacing", before="0", after="0", line=str(LINE_PT * 20), lineRule="exact")
    indent = str(INDENT_CHARS * 100) if text_style.indent else "0"
    _child(ppr, "w:ind", firstLineChars=indent, firstLine=str(int(int(indent) * text_style.size_pt) // 5))
    _child(ppr, "w:jc", val="center" if text_style.centred else "both")
    if outline is not None:
        _child(ppr, "w:outlineLvl", val=str(outline))
    rpr = OxmlElement("w:rPr")
    _fonts(rpr, text_style.east_asian)
    _child(rpr, "w:b", val="1" if text_style.bold else "0")
    _child(rpr, "w:bCs", val="1" if text_style.bold else "0")
    _child(rpr, "w:color", val="000000")
    _child(rpr, "w:sz", val=str(int(text_style.size_pt * 2)))
    _child(rpr, "w:szCs", val=str(int(text_style.size_pt * 2)))
    return ppr, rpr


def _restyle(document: WordDocument, text_style: TextStyle, outline: int | None) -> None:
    """Set a built-in style up as the 公文 layout wants it (replacing python-docx's blue Title etc.)."""
    element = document.styles[text_style.word_name].element
    for tag in ("w:pPr", "w:rPr", "w:semiHidden"):
        for old in element.findall(qn(tag)):
            element.remove(old)
    ppr, rpr = _style_properties(text_style, outline)
    element.append(ppr)
    element.append(rpr)


def _defaults(document: WordDocument) -> None:
    """Document defaults: the body's fonts, Chinese as the East Asian language, no paragraph gaps."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    for old in list(defaults):
        defaults.remove(old)
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    _fonts(rpr, BODY.east_asian)
    _child(rpr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = _child(_child(defaults, "w:pPrDefault"), "w:pPr")
    _child(ppr, "w:spacing", after="0", line=str(LINE_PT * 20), lineRule="exact")


def _run(paragraph: Paragraph, text: str, text_style: TextStyle) -> Run:
    """A run with its fonts named on it as well (as Word writes a font the user picked)."""
    run = paragraph.add_run(text)
    run.font.name = LATIN_FONT
    _east_asian(run, text_style.east_asian)
    return run


def _east_asian(run: Run, name: str) -> None:
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _page_number(paragraph: Paragraph, odd: bool) -> None:
    """「— 1 —」 with a PAGE field, 四号 宋体; odd pages right, even pages left, one character in."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    _indent(paragraph, {"rightChars": "100", "right": "280"} if odd else {"leftChars": "100", "left": "280"})
    style = TextStyle("Footer", PAGE_NUMBER_FONT, PAGE_NUMBER_PT, indent=False)
    parts: list[tuple[str, str]] = [
        ("text", f"{PAGE_DASH} "),
        ("begin", ""),
        ("instr", " PAGE "),
        ("separate", ""),
    ]
    parts += [("text", "1"), ("end", ""), ("text", f" {PAGE_DASH}")]
    for kind, value in parts:
        run = _run(paragraph, value if kind == "text" else "", style)
        run.font.size = Pt(PAGE_NUMBER_PT)
        if kind == "instr":
            _child(run._r, "w:instrText").text = value
        elif kind != "text":
            _child(run._r, "w:fldChar", fldCharType=kind)


def _indent(paragraph: Paragraph, values: dict[str, str]) -> None:
    """Set w:ind attributes, the element placed where the schema wants it (before w:jc)."""
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    for name, value in values.items():
        ind.set(qn(f"w:{name}"), value)


def _signature(paragraph: Paragraph, right_chars: float) -> None:
    """A 落款 line: right-aligned, `right_chars` characters in from the right margin."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    chars = round(right_chars * 100)
    right = str(chars * BODY_PT // 5)  # twips: chars/100 × 16 pt × 20
    _indent(paragraph, {"firstLineChars": "0", "firstLine": "0", "rightChars": str(chars), "right": right})


def template_docx(template: Template) -> bytes:
    """The report template as a .docx laid out as a 公文 (GB/T 9704-2012; see compliance.authoring.layout):
    A4, standard margins, 小标宋 title, 黑体/楷体 headings, 仿宋 body on a 28-point grid, page numbers
    「— 1 —」, the 落款, and each 填写说明 as a Word comment (author 填写说明) on its heading."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(FOOTER_MM)
    _defaults(document)
    _restyle(document, BODY, None)
    _restyle(document, TITLE, None)
    for level, text_style in HEADINGS.items():
        _restyle(document, text_style, level - 1)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)
    body = document.element.body
    for empty in list(body.iterchildren(qn("w:p"))):  # python-docx's template starts with one
        body.remove(empty)
    ids: set[int] = set()
    for line in template.lines:
        text_style = (
            TITLE
            if line.kind == "title"
            else HEADINGS.get(line.level, BODY)
            if line.kind == "heading"
            else BODY
        )
        paragraph = document.add_paragraph(style=text_style.word_name)
        if line.kind == "signature":
            for _ in range(SIGNATURE_GAP_LINES):
                paragraph = document.add_paragraph(style=BODY.word_name)
            paragraph.paragraph_format.keep_with_next = True  # the issuer stays with the date
            date = next(x.text for x in template.lines if x.kind == "date")
            _signature(paragraph, signature_indent(line.text, date))
        elif line.kind == "date":
            _signature(paragraph, SIGNATURE_RIGHT_CHARS)
        if not line.text:
            continue
        run = _run(paragraph, line.text, text_style)
        if line.note:
            ids.add(
                document.add_comment(run, line.note, author=NOTE_AUTHOR, initials=NOTE_INITIALS).comment_id
            )
    _stamp(document, ids, None)
    properties = document.core_properties
    properties.title, properties.author, properties.comments = template.title, AUTHOR, ""
    properties.last_modified_by, properties.revision = AUTHOR, 1
    return _save(document, None)

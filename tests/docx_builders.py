"""Build small .docx files in tests: python-docx makes the package, raw WordprocessingML the rest.

    make_docx(path, [Para("总体情况", style="Heading1", num=(100, 0)), table([["a", "b"]])],
              numbering=[abstract_num(100, lvl(0, "chineseCounting", "%1、")), num(100, 100)],
              styles=[Style("Biaoti1", "标题 1", num=(100, 0))])

Body items are `Para` objects or raw body-level XML strings (see `table`, `sdt`); run-level XML
for `Para(runs=...)` comes from `run`, `text_box`, `vml_text_box`, `inserted`, `deleted`.
The default python-docx template already has abstractNum 0–8 and num 1–9: use ids from 100.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.oxml.parser import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECLS = " ".join(
    f'xmlns:{prefix}="{uri}"'
    for prefix, uri in {
        "w": W_NS,
        "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
        "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
        "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
        "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
        "v": "urn:schemas-microsoft-com:vml",
        "o": "urn:schemas-microsoft-com:office:office",
    }.items()
)


def run(text: str, bold: bool | None = None, extra_rpr: str = "") -> str:
    """A w:r; bold=True/False writes <w:b/> / <w:b w:val="0"/>, None leaves it to the style."""
    rpr = "" if bold is None else "<w:b/>" if bold else '<w:b w:val="0"/>'
    props = f"<w:rPr>{rpr}{extra_rpr}</w:rPr>" if rpr or extra_rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def inserted(text: str) -> str:
    """A tracked insertion (shown by Word, so it is part of the text)."""
    return f'<w:ins w:id="901" w:author="t" w:date="2024-01-01T00:00:00Z">{run(text)}</w:ins>'


def deleted(text: str) -> str:
    """A tracked deletion (not shown, so not part of the text)."""
    return (
        '<w:del w:id="902" w:author="t" w:date="2024-01-01T00:00:00Z">'
        f"<w:r><w:delText>{escape(text)}</w:delText></w:r></w:del>"
    )


def _box_content(paragraphs: Sequence[str]) -> str:
    inner = "".join(f"<w:p>{run(text)}</w:p>" for text in paragraphs)
    return f"<w:txbxContent>{inner}</w:txbxContent>"


def _pict(paragraphs: Sequence[str]) -> str:
    return (
        '<w:pict><v:shape id="tb" type="#_x0000_t202" style="width:150pt;height:40pt">'
        f"<v:textbox>{_box_content(paragraphs)}</v:textbox></v:shape></w:pict>"
    )


def text_box(*paragraphs: str, fallback: Sequence[str] | None = None) -> str:
    """A run holding a text box as Word saves it: DrawingML in mc:Choice plus a VML mc:Fallback.

    The Fallback holds the same paragraphs unless `fallback` gives others.
    """
    content = _box_content(paragraphs)
    drawing = (
        '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0'
        '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
        '</wp:posOffset></wp:positionV><wp:extent cx="2000000" cy="500000"/>'
        '<wp:wrapSquare wrapText="bothSides"/><wp:docPr id="1" name="Text Box 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="2000000" cy="500000"/></a:xfrm><a:prstGeom prst="rect">'
        f"<a:avLst/></a:prstGeom></wps:spPr><wps:txbx>{content}</wps:txbx><wps:bodyPr/>"
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
    )
    return (
        f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
        f"<mc:Fallback>{_pict(paragraphs if fallback is None else fallback)}</mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def vml_text_box(*paragraphs: str) -> str:
    """A run holding a legacy VML text box (no DrawingML copy)."""
    return f"<w:r>{_pict(paragraphs)}</w:r>"


@dataclass(frozen=True)
class Para:
    """A body paragraph. `num` is (numId, ilvl); ilvl None writes a numPr without w:ilvl."""

    text: str = ""
    style: str | None = None  # a styleId: "Heading1", "Title", or one made with Style
    num: tuple[int, int | None] | None = None
    outline: int | None = None  # w:outlineLvl value (0 = level 1, 9 = body text)
    bold: bool | None = None
    runs: str | None = None  # raw run-level XML, used instead of text/bold

    def xml(self) -> str:
        props = f'<w:pStyle w:val="{self.style}"/>' if self.style else ""
        props += _num_pr(self.num)
        props += "" if self.outline is None else f'<w:outlineLvl w:val="{self.outline}"/>'
        content = self.runs if self.runs is not None else run(self.text, self.bold) if self.text else ""
        return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{content}</w:p>"


def _num_pr(numbering: tuple[int, int | None] | None) -> str:
    if numbering is None:
        return ""
    num_id, ilvl = numbering
    level = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
    return f'<w:numPr>{level}<w:numId w:val="{num_id}"/></w:numPr>'


@dataclass(frozen=True)
class Style:
    """A paragraph (or, with kind="character", run) style added to styles.xml."""

    style_id: str
    name: str
    based_on: str | None = "Normal"
    num: tuple[int, int | None] | None = None
    outline: int | None = None
    bold: bool | None = None
    kind: str = "paragraph"

    def xml(self) -> str:
        based = f'<w:basedOn w:val="{self.based_on}"/>' if self.based_on else ""
        ppr = _num_pr(self.num)
        ppr += "" if self.outline is None else f'<w:outlineLvl w:val="{self.outline}"/>'
        rpr = "" if self.bold is None else "<w:b/>" if self.bold else '<w:b w:val="0"/>'
        return (
            f'<w:style {NSDECLS} w:type="{self.kind}" w:styleId="{self.style_id}">'
            f'<w:name w:val="{escape(self.name)}"/>{based}'
            f"{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}"
            "</w:style>"
        )


def lvl(
    ilvl: int,
    fmt: str,
    text: str,
    start: int | None = 1,
    restart: int | None = None,
    legal: bool = False,
    style: str | None = None,
    suffix: str | None = None,
) -> str:
    """A w:lvl of an abstractNum (start None: no w:start element)."""
    parts = "" if start is None else f'<w:start w:val="{start}"/>'
    parts += f'<w:numFmt w:val="{fmt}"/>'
    parts += "" if restart is None else f'<w:lvlRestart w:val="{restart}"/>'
    parts += "" if style is None else f'<w:pStyle w:val="{style}"/>'
    parts += "<w:isLgl/>" if legal else ""
    parts += "" if suffix is None else f'<w:suff w:val="{suffix}"/>'
    return f'<w:lvl w:ilvl="{ilvl}">{parts}<w:lvlText w:val="{escape(text)}"/></w:lvl>'


def abstract_num(abstract_id: int, *levels: str, extra: str = "") -> str:
    """A w:abstractNum holding `levels` (made with lvl); `extra` goes first (e.g. styleLink)."""
    head = f'<w:abstractNum {NSDECLS} w:abstractNumId="{abstract_id}">'
    return f"{head}{extra}{''.join(levels)}</w:abstractNum>"


def num(num_id: int, abstract_id: int, start_overrides: Mapping[int, int] | None = None) -> str:
    """A w:num pointing at an abstractNum, with optional w:lvlOverride/w:startOverride."""
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        for ilvl, start in (start_overrides or {}).items()
    )
    head = f'<w:num {NSDECLS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
    return f"{head}{overrides}</w:num>"


def table(
    rows: Sequence[Sequence[str]],
    vmerge: Mapping[tuple[int, int], str] | None = None,
    span: Mapping[tuple[int, int], int] | None = None,
) -> str:
    """A w:tbl; each cell string is raw cell content if it starts with "<", else its text.

    `vmerge` maps (row, column) to "restart" or "continue" for vertically merged cells, `span`
    to the number of grid columns a cell spans (w:gridSpan), both by index in `rows`.
    """
    out = []
    for r, cells in enumerate(rows):
        tcs = []
        for c, cell in enumerate(cells):
            merge, columns = (vmerge or {}).get((r, c)), (span or {}).get((r, c))
            props = "" if columns is None else f'<w:gridSpan w:val="{columns}"/>'
            props += "" if merge is None else f'<w:vMerge w:val="{merge}"/>'
            props = f"<w:tcPr>{props}</w:tcPr>" if props else ""
            body = cell if cell.startswith("<") else f"<w:p>{run(cell) if cell else ''}</w:p>"
            tcs.append(f"<w:tc>{props}{body}</w:tc>")
        out.append(f"<w:tr>{''.join(tcs)}</w:tr>")
    return f"<w:tbl><w:tblPr/>{''.join(out)}</w:tbl>"


def sdt(inner: str) -> str:
    """A content control (w:sdt) around body-level or run-level XML."""
    props = '<w:sdtPr><w:alias w:val="控件"/></w:sdtPr>'
    return f"<w:sdt>{props}<w:sdtContent>{inner}</w:sdtContent></w:sdt>"


def make_docx(
    path: str | Path,
    body: Sequence[Para | str],
    numbering: Sequence[str] = (),
    styles: Sequence[Style] = (),
    style_numbering: Mapping[str, tuple[int, int | None]] | None = None,
) -> Path:
    """Write a .docx made from the python-docx template plus the given body, numbering, styles.

    `style_numbering` maps the id of a style already in the template (e.g. "Heading1") to the
    (numId, ilvl) its w:pPr gets as w:numPr, as Word does when a list is linked to heading styles.
    """
    document = docx.Document()
    for style in styles:
        document.styles.element.append(parse_xml(style.xml()))
    for style_id, (num_id, ilvl) in (style_numbering or {}).items():
        num_pr = document.styles.element.get_by_id(style_id).get_or_add_pPr().get_or_add_numPr()
        if ilvl is not None:
            num_pr.get_or_add_ilvl().val = ilvl
        num_pr.get_or_add_numId().val = num_id
    if numbering:
        root = document.part.numbering_part.element
        for fragment in numbering:
            element = parse_xml(fragment)
            first_num = root.find(f"{{{W_NS}}}num")
            if element.tag.endswith("abstractNum") and first_num is not None:
                first_num.addprevious(element)  # the schema wants every abstractNum before nums
            else:
                root.append(element)
    section = document.element.body[-1]  # the template body holds only w:sectPr
    items = "".join(item.xml() if isinstance(item, Para) else item for item in body)
    for child in list(parse_xml(f"<w:body {NSDECLS}>{items}</w:body>")):
        section.addprevious(child)
    document.save(str(path))
    return Path(path)

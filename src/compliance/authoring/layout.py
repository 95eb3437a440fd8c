"""The 公文 page layout of the template (GB/T 9704-2012, 党政机关公文格式) as named constants.

Pure data for docx_writer: sizes in points or millimetres, fonts by the names Word gives them, so
the file looks right where the fonts are installed and falls back (LibreOffice: fontconfig) where not.
"""

from __future__ import annotations

from compliance.records import Record

PAGE_MM = (210, 297)  # A4 (GB/T 9704 5.2.1)
# 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm (GB/T 9704 5.2.2): bottom 297-37-225, right 210-28-156.
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FOOTER_MM = 23  # page number line 7 mm below the type area (GB/T 9704 7.5): 35 - 7 - one 四号 line
LINE_PT = 28  # 固定值 28 磅: 22 lines of 三号 text on the 225 mm type area (GB/T 9704 5.2.2)
BODY_PT = 16  # 三号 (GB/T 9704 5.2.3: 正文用三号仿宋体字)
TITLE_PT = 22  # 二号 (GB/T 9704 7.3.1: 标题一般用2号小标宋体字)
PAGE_NUMBER_PT = 14  # 四号 (GB/T 9704 7.5: 页码一般用4号半角宋体阿拉伯数字)
INDENT_CHARS = 2  # 首行缩进 2 字 (GB/T 9704 7.3.3: 每个自然段左空二字)
SIGNATURE_RIGHT_CHARS = 4  # 成文日期右空四字 (GB/T 9704 7.3.5.1, 加盖印章的公文)
LATIN_FONT = "Times New Roman"  # digits and Latin letters in 公文, as Word users set them
PAGE_NUMBER_FONT = "宋体"
PAGE_DASH = "—"  # 一字线 on both sides of the number: 「— 1 —」 (GB/T 9704 7.5)


class TextStyle(Record, frozen=True):
    """A Word paragraph style of the template: its East Asian font, size, bold, alignment."""

    word_name: str  # the built-in style it sets up, so Word's navigation pane and outline work
    east_asian: str
    size_pt: float
    bold: bool = False
    centred: bool = False
    indent: bool = True  # first-line indent of INDENT_CHARS


# GB/T 9704 7.3.1 and 7.3.3: 标题 小标宋, 一级标题 黑体, 二级标题 楷体, 三级 仿宋加粗 (usage), 四级 仿宋.
TITLE = TextStyle("Title", "方正小标宋简体", TITLE_PT, centred=True, indent=False)
BODY = TextStyle("Normal", "仿宋_GB2312", BODY_PT)
HEADINGS = {
    1: TextStyle("Heading 1", "黑体", BODY_PT),
    2: TextStyle("Heading 2", "楷体_GB2312", BODY_PT),
    3: TextStyle("Heading 3", "仿宋_GB2312", BODY_PT, bold=True),
    4: TextStyle("Heading 4", "仿宋_GB2312", BODY_PT),
}


def signature_indent(issuer: str, date: str) -> float:
    """Right indent of the issuer line, in characters, to centre it over the date (GB/T 9704 7.3.5.1:
    署名以成文日期为准居中); the date itself is indented SIGNATURE_RIGHT_CHARS."""

    def width(text: str) -> float:
        return sum(0.5 if ch.isascii() else 1.0 for ch in text)

    return SIGNATURE_RIGHT_CHARS + max(0.0, (width(date) - width(issuer)) / 2)


NOTE_AUTHOR, NOTE_INITIALS = "填写说明", "说明"  # template notes: not "compliance", so annotate keeps them

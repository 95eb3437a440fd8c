"""A report written as text with typed numbering (一、 （一） 1.) rebuilt as a Word document whose
headings use Word automatic numbering (numbering.xml), as drafters' documents do."""

from __future__ import annotations

import re
from pathlib import Path

from docx_builders import Para, abstract_num, lvl, make_docx, num

NUM_ID = 100  # the python-docx template uses 1–9
LEVELS = (  # typed number → Word list level
    re.compile(r"^[一二三四五六七八九十]+、"),
    re.compile(r"^[（(][一二三四五六七八九十]+[)）]\s*"),
    re.compile(r"^\d+[.．]"),
)


def numbered_docx(text: str, path: Path) -> Path:
    """`text` (one paragraph a line) as a .docx: typed heading numbers become automatic numbering."""
    body = []
    for line in text.splitlines():
        for level, pattern in enumerate(LEVELS):
            match = pattern.match(line)
            if match:
                body.append(Para(line[match.end() :], num=(NUM_ID, level)))
                break
        else:
            body.append(Para(line))
    numbering = [
        abstract_num(
            NUM_ID,
            lvl(0, "chineseCounting", "%1、"),
            lvl(1, "chineseCounting", "（%2）"),
            lvl(2, "decimal", "%3."),
        ),
        num(NUM_ID, NUM_ID),
    ]
    return make_docx(path, body, numbering=numbering)

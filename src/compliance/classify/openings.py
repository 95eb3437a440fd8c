"""The text a reviewer reads under a heading to tell what it is about (its opening)."""

from __future__ import annotations

from compliance.classify.scoring import BODY_CHARS
from compliance.structure.outline import Heading, Structure

OWN_TEXT_MIN = 20  # a heading with less text of its own than this (none, or a line) is read by the items
# under it: 「（二）加强学习，规范作为」 followed at once by 「1、落实学习培训……」


def _opening(structure: Structure, heading: Heading, end: int) -> str:
    """The first BODY_CHARS characters of a heading's text (its run-in rest, then the blocks up to
    block position `end`)."""
    blocks = structure.document.blocks
    first = blocks[heading.position].text
    at = first.find(heading.title)
    text = first[at + len(heading.title) :] if heading.title and at >= 0 else ""
    position = heading.position + 1
    while len(text) < BODY_CHARS and position < end:
        text += "\n" + blocks[position].text
        position += 1
    return text[:BODY_CHARS]


def own_opening(structure: Structure, i: int) -> str:
    """Heading `i`'s own text, up to the next heading (a part's first sub-heading is not what the
    part is about)."""
    headings = structure.headings
    end = headings[i + 1].position if i + 1 < len(headings) else len(structure.document.blocks)
    return _opening(structure, headings[i], end)


def read_through(structure: Structure, i: int) -> bool:
    """Whether heading `i` has (almost) no text of its own, only the items under it."""
    children = structure.children(structure.headings[i])
    return bool(children) and len(own_opening(structure, i).strip()) < OWN_TEXT_MIN


def opening_of(structure: Structure, i: int) -> str:
    """What a reviewer reads under heading `i`: its own text, or, when it has (almost) none, the
    items under it."""
    headings = structure.headings
    if not read_through(structure, i):
        return own_opening(structure, i)
    after = i + 1 + len(structure.children(headings[i]))
    end = headings[after].position if after < len(headings) else len(structure.document.blocks)
    return _opening(structure, headings[i], end)

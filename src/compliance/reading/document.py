"""Immutable records for a loaded document: the paragraphs in reading order, format-agnostic."""

from __future__ import annotations

from compliance.records import Record, field


class Block(Record, frozen=True):
    """One paragraph of the input, in reading order.

    `text` is what a reader sees: for Word automatic numbering the rendered label
    ("一、", "（一）", "1.") is prepended to the paragraph text, so later stages never
    need to know whether numbering was typed or automatic. Original characters are
    kept (full-width punctuation included); normalisation happens only for matching.
    """

    index: int  # 1-based position in reading order (line number for text files)
    text: str
    label: str = ""  # automatic-numbering label that was prepended ("" when typed or none)
    style_level: int | None = None  # 1-based heading level from style/outline level
    is_title: bool = False  # the paragraph has the Title style
    bold: bool = False  # every visible run is bold
    origin: str = "body"  # "body" | "table" | "textbox"


class Document(Record, frozen=True):
    """A loaded report: where it came from and its paragraphs."""

    path: str  # as given by the caller
    format: str  # "docx" | "text" | "doc" | "pdf" | "html"
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = field(default=())  # loader remarks, e.g. the detected encoding

    @property
    def text(self) -> str:
        """The whole document as text, one paragraph a line."""
        return "\n".join(block.text for block in self.blocks)

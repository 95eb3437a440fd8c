"""What the download buttons and API endpoints send: bodies, media types and Chinese file names."""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from pathlib import PurePath
from urllib.parse import quote

from compliance.records import Record
from compliance.web.pipeline import DocumentReport, render_report

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# format -> (media type, file suffix); the bodies are the CLI's `check -f FORMAT` output
REPORT_FORMATS = {
    "json": ("application/json; charset=utf-8", ".json"),
    "markdown": ("text/markdown; charset=utf-8", ".md"),
    "csv": ("text/csv; charset=utf-8", ".csv"),
}
_ASCII_FALLBACK = "report"
_NOT_ASCII_WORD = re.compile(r"[^A-Za-z0-9-]+")


class Download(Record, frozen=True):
    """A file to send: its name, media type and content."""

    name: str
    media_type: str
    data: bytes

    def data_url(self) -> str:
        """The file as a data: URL, for pages that keep nothing on the server."""
        kind = self.media_type.split(";")[0]
        return f"data:{kind};base64,{base64.b64encode(self.data).decode('ascii')}"


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback name and the real (Chinese) name in RFC 5987/6266 form."""
    path = PurePath(name)
    stem = _NOT_ASCII_WORD.sub("_", path.stem).strip("_") or _ASCII_FALLBACK
    suffix = _NOT_ASCII_WORD.sub("", path.suffix[1:])
    fallback = stem + (f".{suffix}" if suffix else "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def report_name(documents: Sequence[DocumentReport], suffix: str) -> str:
    """差距报告-NAME.json for one document, 批量检查汇总.csv for several."""
    if len(documents) == 1:
        return f"差距报告-{PurePath(documents[0].path).stem}{suffix}"
    return f"批量检查汇总{suffix}"


def report_download(documents: Sequence[DocumentReport], fmt: str) -> Download:
    """The documents as `compliance check -f FMT` prints them (CSV with Excel's BOM)."""
    media_type, suffix = REPORT_FORMATS[fmt]
    text = render_report(documents, fmt)
    return Download(report_name(documents, suffix), media_type, text.encode("utf-8"))


def annotatable(document: DocumentReport) -> bool:
    """Whether the download of a commented copy makes sense: a readable Word .docx."""
    return document.error is None and document.format == "docx"

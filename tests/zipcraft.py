"""Craft ZIP archives byte by byte for the hostile-input tests: bombs, lying headers, overlaps.

zipfile cannot write an archive whose headers lie, nor a 1 GB member without compressing 1 GB;
`bomb_stream` builds the deflate stream of n MiB of one byte from one compressed MiB (after a full
flush, deflate output for identical input is identical), so a 1 GB bomb is built in about a second.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Member:
    """One member: its name, compressed bytes, real CRC and sizes (which may be declared falsely)."""

    name: str
    payload: bytes  # as stored in the archive (raw deflate for method 8)
    crc: int
    size: int  # uncompressed size written into the headers
    method: int = 8


def deflated(name: str, data: bytes) -> Member:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = compressor.compress(data) + compressor.flush()
    return Member(name, payload, zlib.crc32(data), len(data))


def bomb_stream(mebibytes: int, fill: bytes = b"\0") -> tuple[bytes, int]:
    """(raw deflate stream, CRC-32) of `mebibytes` MiB of `fill` bytes, without inflating them."""
    chunk = fill * MIB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert piece == again, "deflate output is not repeatable"
    tail = compressor.flush()
    crc = 0
    for _ in range(mebibytes):  # crc32 of the whole, chunk by chunk (C speed, no big buffer)
        crc = zlib.crc32(chunk, crc)
    return piece * mebibytes + tail, crc


def archive(members: list[Member], *, overlap_last: bool = False) -> bytes:
    """A ZIP file of `members`; overlap_last points the last central entry at the first member."""
    out = bytearray()
    central = bytearray()
    offsets = []
    for member in members:
        name = member.name.encode("utf-8")
        offsets.append(len(out))
        out += struct.pack(
            "<4s5H3L2H",
            b"PK\x03\x04",
            20,
            0x800,
            member.method,
            0,
            0,
            member.crc,
            len(member.payload),
            member.size,
            len(name),
            0,
        )
        out += name + member.payload
    if overlap_last:
        offsets[-1] = offsets[0]
    for member, offset in zip(members, offsets, strict=True):
        name = member.name.encode("utf-8")
        central += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0x800,
            member.method,
            0,
            0,
            member.crc,
            len(member.payload),
            member.size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += name
    start = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), start, 0)
    return bytes(out)


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def document_xml(*paragraphs: str, prolog: str = "") -> str:
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    )


def minimal_docx(document: str | bytes, extra: list[Member] | None = None) -> bytes:
    """A two-part .docx ([Content_Types].xml and word/document.xml) plus `extra` members."""
    data = document.encode("utf-8") if isinstance(document, str) else document
    members = [
        deflated("[Content_Types].xml", CONTENT_TYPES.encode()),
        deflated("word/document.xml", data),
        *(extra or []),
    ]
    return archive(members)


def bomb_docx(mebibytes: int, *, declared: int | None = None) -> bytes:
    """A .docx whose word/document.xml inflates to `mebibytes` MiB; `declared` lies about it."""
    payload, crc = bomb_stream(mebibytes, b" ")
    size = mebibytes * MIB if declared is None else declared
    bomb = Member("word/document.xml", payload, crc, size)
    return archive([deflated("[Content_Types].xml", CONTENT_TYPES.encode()), bomb])

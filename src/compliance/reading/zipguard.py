"""Guard against hostile ZIP packages (.docx) before any parser sees them.

`guard_zip` never trusts the sizes a ZIP declares: it checks the central directory's own
record first (entry count and size, without letting zipfile parse a huge directory), rejects
overlapping members (the "overlapping files" bomb), then stream-reads every member in 1 MiB steps,
counting the bytes it really inflates, and stops as soon as one part, the total or a compression
ratio passes its limit. XML parts are scanned for DOCTYPE/ENTITY declarations (XXE, billion
laughs) on the way, so such a part is refused before it is parsed. Memory stays near one step.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from compliance.errors import DocumentError
from compliance.records import Record

MIB = 1024 * 1024
_STEP = MIB  # most bytes inflated at a time
_FEED = 64 * 1024  # compressed bytes fed at a time (bounds the copies of the unconsumed tail)
_LOCAL = b"PK\x03\x04"
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DECLARATIONS = tuple(
    word.encode(encoding)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(pattern) for pattern in _DECLARATIONS) - 1
_HOSTILE = "已拒绝检查；如确是正常报告，请用 Word 打开后另存为 .docx 再检查"
_DAMAGED = "文件已损坏（{}），请重新获取文件，或用 Word 打开后另存为 .docx 再检查"


class ZipLimits(Record, frozen=True):
    """Limits for one package; the defaults are far above any real report (see docs/inputs.md)."""

    max_entries: int = 2000  # members in the package
    max_part_bytes: int = 64 * MIB  # one member after decompression
    max_total_bytes: int = 128 * MIB  # all members after decompression
    max_ratio: float = 200.0  # decompressed / compressed size of one member ...
    ratio_floor: int = MIB  # ... checked once the member has inflated past this many bytes


DEFAULT_LIMITS = ZipLimits()


class _Refused(Exception):
    """The package breaks a limit; str() is the Chinese cause."""


def guard_zip(path: str, data: bytes, limits: ZipLimits = DEFAULT_LIMITS) -> None:
    """Raise DocumentError (naming `path`) unless the ZIP in `data` is within `limits`."""
    try:
        _check_directory(data, limits)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # parses the directory, reads nothing
            infos = archive.infolist()
        _check_declared(infos, limits)
        total = 0
        for info in infos:
            total = _stream(data, info, total, limits)
    except _Refused as refused:
        raise DocumentError(path, str(refused)) from None
    except (NotImplementedError, zipfile.LargeZipFile):  # before RuntimeError: a subclass
        raise DocumentError(path, _DAMAGED.format("使用了不支持的 ZIP 压缩方式")) from None
    except RuntimeError as exc:  # an encrypted member
        if "encrypted" in str(exc):
            raise DocumentError(path, "ZIP 内容设置了密码，无法读取；请提供未加密的 .docx") from None
        raise DocumentError(path, _DAMAGED.format("ZIP 内容无法读取")) from None
    except Exception:  # BadZipFile (CRC, truncation), zlib.error, EOFError, struct.error, ...
        raise DocumentError(path, _DAMAGED.format("ZIP 结构或压缩数据不完整")) from None


def _check_directory(data: bytes, limits: ZipLimits) -> None:
    """The end-of-central-directory record's entry count and directory size, before zipfile."""
    at = data.rfind(_EOCD, max(0, len(data) - 65557))
    if at < 0 or len(data) < at + 22:
        raise zipfile.BadZipFile("no end of central directory")
    entries, size = struct.unpack_from("<HL", data, at + 10)
    if entries == 0xFFFF or size == 0xFFFFFFFF:  # ZIP64: the real figures are further back
        locator = at - 20
        if locator < 0 or data[locator : locator + 4] != _EOCD64_LOCATOR:
            raise zipfile.BadZipFile("bad zip64 locator")
        (offset,) = struct.unpack_from("<Q", data, locator + 8)
        if data[offset : offset + 4] != _EOCD64 or len(data) < offset + 56:
            raise zipfile.BadZipFile("bad zip64 end of central directory")
        entries, size = struct.unpack_from("<QQ", data, offset + 32)
    if entries > limits.max_entries or size > limits.max_entries * 1024:
        raise _Refused(f"文件包含的部件过多（超过 {limits.max_entries} 个），像是恶意构造的文件，{_HOSTILE}")


def _check_declared(infos: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    """What the directory declares: count, sizes, ratios, and no member overlapping another."""
    if len(infos) > limits.max_entries:
        raise _Refused(f"文件包含的部件过多（超过 {limits.max_entries} 个），像是恶意构造的文件，{_HOSTILE}")
    declared = 0
    for info in infos:
        _check_sizes(info, info.file_size, limits)
        if info.filename.lower().endswith(_XML_SUFFIXES):
            _check_ratio(info, info.file_size, info.compress_size, limits)
        declared += info.file_size
    if declared > limits.max_total_bytes:
        raise _Refused(_bomb(f"解压后总大小超过 {size_text(limits.max_total_bytes)}"))
    end = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset < end:  # members sharing compressed data: an overlap bomb
            raise _Refused(_bomb("中的部件相互重叠（正常的 Word 文档不会这样）"))
        end = info.header_offset + 30 + len(info.filename) + info.compress_size  # at least


def _check_sizes(info: zipfile.ZipInfo, size: int, limits: ZipLimits) -> None:
    if size > limits.max_part_bytes:
        raise _Refused(_bomb(f"中的 {_name(info)} 解压后超过 {size_text(limits.max_part_bytes)}"))


def _check_ratio(info: zipfile.ZipInfo, size: int, consumed: int, limits: ZipLimits) -> None:
    """XML parts only: a picture (say an uncompressed BMP) may legitimately compress very well."""
    if size > limits.ratio_floor and size > limits.max_ratio * max(consumed, 1):
        raise _Refused(_bomb(f"中的 {_name(info)} 压缩比异常（超过 {limits.max_ratio:g}:1）"))


def size_text(count: int) -> str:
    """A byte count for messages: "64 MB", "512 KB"."""
    return f"{count / MIB:.3g} MB" if count >= MIB else f"{count / 1024:.3g} KB"


def _bomb(what: str) -> str:
    return f"文件{what}，像是恶意构造的“压缩炸弹”，{_HOSTILE}"


def _name(info: zipfile.ZipInfo) -> str:
    """A member name fit for a one-line message: printable, at most 60 characters."""
    name = "".join(ch if ch.isprintable() else "?" for ch in info.filename)
    return name if len(name) <= 60 else name[:59] + "…"


def _payload(data: bytes, info: zipfile.ZipInfo) -> memoryview:
    """The compressed bytes of a member, located through its local header."""
    start = info.header_offset
    if data[start : start + 4] != _LOCAL:
        raise zipfile.BadZipFile("bad local header")
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    begin = start + 30 + name_length + extra_length
    if begin + info.compress_size > len(data):
        raise zipfile.BadZipFile("member runs past the end of the file")
    return memoryview(data)[begin : begin + info.compress_size]


def _stream(data: bytes, info: zipfile.ZipInfo, total: int, limits: ZipLimits) -> int:
    """Inflate one member step by step within the limits; return the new running total.

    Its own inflate loop (not zipfile's) so that the real ratio so far is known at every step
    and a member that inflates past its declared size is stopped at once.
    """
    if info.flag_bits & 0x1:
        raise RuntimeError("encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise NotImplementedError(info.compress_type)
    payload = _payload(data, info)
    xml = info.filename.lower().endswith(_XML_SUFFIXES)
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    size = crc = consumed = 0
    tail = b""
    for begin in range(0, max(len(payload), 1), _FEED):
        piece: bytes = payload[begin : begin + _FEED].tobytes()
        consumed += len(piece)
        while True:  # until this piece is used up and zlib holds no pending output
            if inflater is None:
                chunk, piece = piece, b""
            else:
                chunk = inflater.decompress(piece, _STEP)
                piece = inflater.unconsumed_tail
            size += len(chunk)
            total += len(chunk)
            if size > info.file_size:
                raise _Refused(f"文件中的 {_name(info)} 实际内容比文件头声明的大（文件头被篡改），{_HOSTILE}")
            _check_sizes(info, size, limits)
            if total > limits.max_total_bytes:
                raise _Refused(_bomb(f"解压后总大小超过 {size_text(limits.max_total_bytes)}"))
            crc = zlib.crc32(chunk, crc)
            if xml:
                _check_ratio(info, size, consumed, limits)
                edge = tail + chunk[:_OVERLAP]  # a declaration split across two steps
                suspect = b"!" in chunk or b"!" in edge  # in every declaration; a memchr-fast first scan
                if suspect and any(pattern in chunk or pattern in edge for pattern in _DECLARATIONS):
                    raise _Refused(
                        f"文件中的 {_name(info)} 含有 DOCTYPE/实体声明（正常的 Word 文档没有，"
                        f"这是 XML 实体攻击的手法），{_HOSTILE}"
                    )
                tail = (tail + chunk)[-_OVERLAP:] if len(chunk) < _OVERLAP else chunk[-_OVERLAP:]
            if not piece and len(chunk) < _STEP:  # a full step may leave output pending
                break
    if inflater is not None and not inflater.eof:
        raise zipfile.BadZipFile("truncated deflate stream")
    if size != info.file_size or crc != info.CRC:
        raise zipfile.BadZipFile("size or CRC mismatch")
    return total

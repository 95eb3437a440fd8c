"""Compile the command line's message catalogue (.po, the data) into the .mo gettext reads.

Usage: python scripts/compile_messages.py [--check]
--check exits 1 when the shipped .mo is not what the .po compiles to (tests/test_cli_language.py).
The .po subset read here is what the catalogue uses: msgid, msgid_plural, msgstr, msgstr[N],
each possibly continued on "..." lines; comments and blank lines separate entries.
"""

from __future__ import annotations

import ast
import struct
import sys
from array import array
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[1] / "src/compliance/cli/locale/zh_CN/LC_MESSAGES"
SOURCE, COMPILED = CATALOGUE / "compliance.po", CATALOGUE / "compliance.mo"
MAGIC = 0x950412DE  # the GNU .mo magic number, little-endian as written by struct below
HEADER_WORDS = 7  # magic, revision, count, ids table offset, strings table offset, hash size, hash offset


def parse(text: str) -> dict[str, str]:
    """msgid (plural forms joined with NUL) -> msgstr (forms joined with NUL)."""
    entries: dict[str, str] = {}
    fields: dict[str, str] = {}
    key = ""

    def flush() -> None:
        if "msgid" in fields:
            msgid = fields["msgid"] + ("\0" + fields["msgid_plural"] if "msgid_plural" in fields else "")
            forms = sorted(k for k in fields if k.startswith("msgstr"))
            entries[msgid] = "\0".join(fields[k] for k in forms)
        fields.clear()

    for line in [*text.splitlines(), ""]:
        line = line.strip()
        if not line or line.startswith("#"):
            if not line:
                flush()
            continue
        if line.startswith('"'):
            fields[key] += ast.literal_eval(line)
            continue
        key, _, value = line.partition(" ")
        fields[key] = ast.literal_eval(value)
    return entries


def compile_mo(entries: dict[str, str]) -> bytes:
    """The .mo bytes of a catalogue (the layout of CPython's Tools/i18n/msgfmt.py)."""
    keys = sorted(entries)
    ids = strs = b""
    table: list[tuple[int, int, int, int]] = []
    for key in keys:
        raw_id, raw_str = key.encode(), entries[key].encode()
        table.append((len(ids), len(raw_id), len(strs), len(raw_str)))
        ids += raw_id + b"\0"
        strs += raw_str + b"\0"
    key_start = HEADER_WORDS * 4 + 16 * len(keys)
    value_start = key_start + len(ids)
    key_offsets: list[int] = []
    value_offsets: list[int] = []
    for id_at, id_len, str_at, str_len in table:
        key_offsets += [id_len, id_at + key_start]
        value_offsets += [str_len, str_at + value_start]
    header = struct.pack(
        "<Iiiiiii", MAGIC, 0, len(keys), HEADER_WORDS * 4, HEADER_WORDS * 4 + len(keys) * 8, 0, 0
    )
    offsets = array("i", key_offsets + value_offsets)
    if sys.byteorder != "little":
        offsets.byteswap()
    return header + offsets.tobytes() + ids + strs


def main(argv: list[str]) -> int:
    compiled = compile_mo(parse(SOURCE.read_text(encoding="utf-8")))
    if "--check" in argv:
        current = COMPILED.read_bytes() if COMPILED.exists() else b""
        if current != compiled:
            print(f"{COMPILED} is out of date: run python scripts/compile_messages.py", file=sys.stderr)
            return 1
        return 0
    COMPILED.write_bytes(compiled)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Write src/compliance/simplified_table.py: what OpenCC's t2s conversion can change, from its tables.

Run: python scripts/simplified_table.py [--check]. Dumps every dictionary the installed OpenCC's
t2s.json names (with the `opencc_dict` tool its wheel ships) and lists the characters and phrases
whose conversion differs from themselves, so that compliance.simplified can tell a text OpenCC would
leave unchanged without loading OpenCC. --check fails (exit 1) when the written table is not what
the installed OpenCC gives (tests/test_simplified_table.py runs it).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "src" / "compliance" / "simplified_table.py"
CONFIG = "t2s.json"
LINE_CHARACTERS = 50  # per line of the written string: each is two columns wide, within 110 columns


def opencc_folder() -> Path:
    """The installed OpenCC package's folder (found without importing it)."""
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("OpenCC is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def dictionary_names(config: dict[str, object]) -> list[str]:
    """The dictionary files a t2s configuration uses, in its order (groups flattened)."""

    def files(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            if "file" in node:
                yield str(node["file"])
            for key in ("dict", "dicts", "normalization", "conversion_chain", "segmentation"):
                if key in node:
                    yield from files(node[key])
        elif isinstance(node, list):
            for item in node:
                yield from files(item)

    return list(dict.fromkeys(files(config)))


def entries(tool: Path, dictionary: Path) -> list[tuple[str, str]]:
    """(key, the value OpenCC outputs: the first candidate) of one .ocd2 dictionary."""
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / "dictionary.txt"
        environment = {**os.environ, "LD_LIBRARY_PATH": str(tool.parent.parent / "lib64")}
        command = [str(tool), "-i", str(dictionary), "-o", str(text), "-f", "ocd2", "-t", "text"]
        subprocess.run(command, check=True, env=environment, capture_output=True)
        lines = text.read_text(encoding="utf-8").splitlines()
    return [(key, values.split(" ")[0]) for key, values in (line.split("\t") for line in lines if line)]


def witness(key: str, value: str) -> str:
    """The character of a phrase that t2s changes (its first), else its first: a text without it
    cannot hold the phrase, and it is a rare character, unlike most phrases' first (一, 不, 海)."""
    changed = [k for k, v in zip(key, value, strict=False) if k != v] if len(key) == len(value) else []
    return changed[0] if changed else key[0]


def group(char: str, phrases: list[str]) -> list[str]:
    """The lines of one entry of PHRASES (as ruff formats them)."""
    if len(phrases) == 1:
        return [f'    "{char}": ("{phrases[0]}",),']
    return [f'    "{char}": (', *(f'        "{phrase}",' for phrase in phrases), "    ),"]


def table_source() -> str:
    """The text of simplified_table.py for the installed OpenCC."""
    share = opencc_folder() / "clib" / "share" / "opencc"
    tool = opencc_folder() / "clib" / "bin" / "opencc_dict"
    names = [CONFIG, *dictionary_names(json.loads((share / CONFIG).read_text(encoding="utf-8")))]
    changed = [(k, v) for name in names[1:] for k, v in entries(tool, share / name) if k != v]
    characters = sorted({key for key, _ in changed if len(key) == 1})
    single = set(characters)
    phrases: dict[str, set[str]] = {}  # a character t2s changes in the phrase → the phrases
    for key, value in changed:
        if len(key) > 1 and single.isdisjoint(key):
            phrases.setdefault(witness(key, value), set()).add(key)
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode() + b"\0" + (share / name).read_bytes() + b"\0")
    text = "".join(characters)
    lines = [text[i : i + LINE_CHARACTERS] for i in range(0, len(text), LINE_CHARACTERS)]
    return "\n".join(
        [
            '"""What OpenCC t2s can change (written by scripts/simplified_table.py: do not edit).',
            "",
            "CHARACTERS are the single characters t2s maps to another; PHRASES the longer keys it maps to",
            "something else that contain none of them, by the character t2s changes in them. A text with",
            "neither is returned unchanged by OpenCC.",
            "The table holds for the dictionary files FILES whose SHA-256 (name, NUL, bytes, NUL each) is",
            "SHA256; compliance.simplified checks that before relying on it.",
            '"""',
            "",
            "FILES = (",
            *(f'    "{name}",' for name in names),
            ")",
            f'SHA256 = "{digest.hexdigest()}"',
            "CHARACTERS = (",
            *(f'    "{line}"' for line in lines),
            ")",
            "PHRASES = {",
            *(line for char in sorted(phrases) for line in group(char, sorted(phrases[char]))),
            "}",
            "",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the written table is not current")
    args = parser.parse_args()
    source = table_source()
    if args.check:
        if TABLE.read_text(encoding="utf-8") != source:
            print(f"{TABLE} is not the installed OpenCC's: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    TABLE.write_text(source, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

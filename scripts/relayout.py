"""One-off: move src/compliance's flat modules into packages by stage and rewrite every import.

Idempotent: re-running it after merging a branch written against the flat layout moves the
modules that branch added (when listed here) and rewrites its imports. Deleted once the layout
settles.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "src" / "compliance"

# old module (flat) -> new dotted module under compliance
MOVES = {
    "document": "reading.document",
    "sniff": "reading.sniff",
    "zipguard": "reading.zipguard",
    "docx_package": "reading.docx_package",
    "docx_reader": "reading.docx_reader",
    "numbering": "reading.numbering",
    "legacy": "reading.legacy",
    "pdf_reader": "reading.pdf_reader",
    "html_reader": "reading.html_reader",
    "decoding": "reading.decoding",
    "loader": "reading.loader",
    "structure": "structure.outline",
    "title": "structure.title",
    "sections": "classify.sections",
    "matcher": "classify.matcher",
    "checks": "evaluate.checks",
    "document_checks": "evaluate.document_checks",
    "kinds": "evaluate.kinds",
    "checklist": "checklist.model",
    "extends": "checklist.extends",
    "validation": "checklist.validation",
    "schema": "checklist.schema",
    "docs": "checklist.docs",
    "profiles": "checklist.profiles",
    "report": "report.model",
    "baseline": "report.baseline",
    "config": "settings.config",
    "suppress": "settings.suppress",
    "evaluate": "pipeline.evaluate",
    "annotate": "authoring.annotate",
    "template": "authoring.template",
    "docx_writer": "authoring.docx_writer",
}
STAY = {"errors", "text", "records", "output", "api", "batch", "__init__", "__main__"}
DATA_MOVES = {"checklist.schema.json": "checklist/checklist.schema.json"}
PACKAGES = sorted({v.split(".")[0] for v in MOVES.values()})


def git(*args: str) -> None:
    subprocess.run(["git", *args], cwd=ROOT, check=True)


def move_files() -> None:
    for old, new in MOVES.items():
        src = PKG / f"{old}.py"
        dst = PKG / (new.replace(".", "/") + ".py")
        if src.exists() and not dst.exists():
            dst.parent.mkdir(exist_ok=True)
            git("mv", str(src), str(dst))
    for old, new in DATA_MOVES.items():
        if (PKG / old).exists() and not (PKG / new).exists():
            git("mv", str(PKG / old), str(PKG / new))


NEW_TO_OLD = {new: old for old, new in MOVES.items()}


def module_of(path: Path) -> list[str]:
    """The module's dotted name where its relative imports were written: a module that moved
    still has the flat layout's relative imports until this script rewrites them."""
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    dotted = ".".join(parts[1:])
    if dotted in NEW_TO_OLD:
        return ["compliance", NEW_TO_OLD[dotted]]
    return parts


def absolute(target: str, here: list[str], is_pkg: bool) -> str:
    """Resolve a relative `from X import` target written in module `here`."""
    dots = len(target) - len(target.lstrip("."))
    rest = target[dots:]
    base = here if is_pkg else here[:-1]
    base = base[: len(base) - (dots - 1)] if dots > 1 else base
    return ".".join([*base, *([rest] if rest else [])])


def renamed(dotted: str) -> str:
    parts = dotted.split(".")
    if parts[0] != "compliance" or len(parts) < 2:
        return dotted
    if len(parts) >= 3 and parts[1] in PACKAGES:  # already in the new layout
        return dotted
    if parts[1] in MOVES:
        return "compliance." + MOVES[parts[1]] + ("." + ".".join(parts[2:]) if parts[2:] else "")
    return dotted


FROM_RE = re.compile(r"^(\s*)from\s+(\.+[\w.]*|compliance[\w.]*)\s+import\s+")
IMPORT_RE = re.compile(r"\bcompliance\.(\w+)\b")


def rewrite(path: Path, in_pkg: bool) -> None:
    text = path.read_text(encoding="utf-8")
    here = module_of(path) if in_pkg else []
    is_pkg = path.name == "__init__.py"
    out = []
    for line in text.splitlines(keepends=True):
        m = FROM_RE.match(line)
        if m:
            target = m.group(2)
            if target.startswith("."):
                if not in_pkg:
                    out.append(line)
                    continue
                resolved = absolute(target, here, is_pkg)
                if resolved == "compliance":  # `from . import x` / `from .. import x`
                    names = line[m.end() :]
                    first = names.strip().split(",")[0].split(" as ")[0].strip("() \n")
                    if first in MOVES:
                        new = MOVES[first].rsplit(".", 1)
                        line = f"{m.group(1)}from compliance.{new[0]} import {new[1]}" + (
                            f" as {first}\n" if new[1] != first else "\n"
                        )
                        out.append(line)
                        continue
                target = resolved
            if target == "compliance":
                names = line[m.end() :].strip()
                first = names.split(",")[0].split(" as ")[0].strip("() ")
                alias = names.split(" as ")[1].strip() if " as " in names else first
                if first in MOVES and "," not in names:
                    pkg, mod = MOVES[first].rsplit(".", 1)
                    suffix = f" as {alias}" if mod != alias else ""
                    out.append(f"{m.group(1)}from compliance.{pkg} import {mod}{suffix}\n")
                    continue
            new_target = renamed(target)
            line = f"{m.group(1)}from {new_target} import " + line[m.end() :]
        else:
            line = re.sub(  # a module named in a string (monkeypatch targets); not a package name
                r"(['\"])compliance\.((?!(?:structure|evaluate|checklist|report|cli)\b)\w+)((?:\.\w+)*)(['\"])",
                lambda mm: mm.group(1) + renamed("compliance." + mm.group(2) + mm.group(3)) + mm.group(4),
                line,
            )
            if re.match(r"^\s*import compliance\.", line):
                line = IMPORT_RE.sub(
                    lambda mm: renamed("compliance." + mm.group(1)).replace("compliance.", "compliance.", 1),
                    line,
                )
        out.append(line)
    new_text = "".join(out)
    if new_text != text:
        path.write_text(new_text, encoding="utf-8")


def main() -> int:
    move_files()
    for pkg in PACKAGES:
        init = PKG / pkg / "__init__.py"
        if not init.exists():
            init.parent.mkdir(exist_ok=True)
            init.write_text(f'"""Stage package: {pkg}."""\n', encoding="utf-8")
    for path in PKG.rglob("*.py"):
        rewrite(path, in_pkg=True)
    for folder in ("tests", "bench", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name != "relayout.py":
                rewrite(path, in_pkg=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())

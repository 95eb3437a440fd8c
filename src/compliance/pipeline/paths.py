"""Which files a command checks: folders expanded to their report files, glob patterns, duplicates."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path

# Files a folder scan picks up. .doc/.wps/.rtf/.odt need LibreOffice, .pdf/.html an extra: without
# them such a file is an error row that says what to install, never silently skipped.
REPORT_SUFFIXES = (".docx", ".doc", ".wps", ".rtf", ".odt", ".pdf", ".html", ".htm", ".txt", ".md")
SUFFIX_LIST = "、".join(REPORT_SUFFIXES)
NO_REPORTS = f"没有找到可检查的报告文件（{SUFFIX_LIST}）"
NOT_REPORTS = ("readme", "changelog", "license", "licence", "contributing")


def is_report_file(path: Path) -> bool:
    """A file a folder scan should check: a report format, not a Word lock file, a hidden file
    or a repository's README/CHANGELOG/LICENSE."""
    name = path.name.lower()
    return (
        path.suffix.lower() in REPORT_SUFFIXES
        and not name.startswith(("~$", "."))
        and not name.startswith(NOT_REPORTS)
    )


def collect_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Expand folders (recursively, report files only, sorted); files are kept as given.

    A glob pattern (``reports/**/*.docx``, quoted so the shell leaves it alone) is expanded to the
    report files and folders it matches, sorted; one that matches nothing is kept as given, so it
    shows up as an error row. A file reached twice is listed once, where it first appears.
    """
    found: list[str] = []
    for path in paths:
        name = os.fspath(path)
        if glob.has_magic(name) and not Path(name).exists():
            matches = sorted(glob.glob(name, recursive=True))
            names = [m for m in matches if Path(m).is_dir() or is_report_file(Path(m))]
        else:
            names = [name]
        for item in names or [name]:
            if Path(item).is_dir():
                files = [p for p in Path(item).rglob("*") if p.is_file() and is_report_file(p)]
                found.extend(str(p) for p in sorted(files))
            else:
                found.append(item)
    unique: dict[str, str] = {}
    for name in found:
        unique.setdefault(os.path.normpath(name), name)
    return list(unique.values())

"""Architecture rules, checked on the source: one importer per third-party library, small modules
that say what they are for."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGE = ROOT / "src" / "compliance"
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))
# third-party import name -> the only modules (relative to src/compliance) allowed to import it
OWNERS = {
    "docx": {"docx_reader.py", "docx_writer.py"},
    "lxml": {"docx_reader.py", "docx_package.py", "docx_writer.py", "numbering.py"},
    "rapidfuzz": {"matcher.py"},
    "yaml": {"checklist.py"},
    "charset_normalizer": {"decoding.py"},
    "rich": {"formats/terminal.py"},
    "click": {"cli.py"},
    "olefile": {"sniff.py"},
    "pdfplumber": {"pdf_reader.py"},
    "selectolax": {"html_reader.py"},
    # the web app (extra `web`): Starlette for HTTP (the app and its ASGI middleware), uvicorn to
    # serve it, Jinja2 (with its MarkupSafe) for the pages
    "starlette": {"web/app.py", "web/middleware.py"},
    "uvicorn": {"web/server.py"},
    "multipart": set(),  # python-multipart is Starlette's; we never parse multipart ourselves
    "jinja2": {"web/render.py"},
    "markupsafe": {"web/render.py"},
}
MAX_LINES = 400  # "about 300": a module past this must be split


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_third_party_libraries_have_one_owner(path: Path) -> None:
    name = str(path.relative_to(PACKAGE))
    for library in imported_roots(path) & set(OWNERS):
        assert name in OWNERS[library], f"{name} imports {library}; only {OWNERS[library]} may"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_are_small_and_say_what_they_are_for(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_LINES, f"{path.name} has grown past {MAX_LINES} lines"
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring and docstring.strip(), f"{path.name} has no module docstring"
    assert source.lstrip().startswith('"""'), f"{path.name}: the first line must be the docstring"


def test_every_library_in_the_dependencies_has_an_owner() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for distribution, module in (
        ("python-docx", "docx"),
        ("rapidfuzz", "rapidfuzz"),
        ("click", "click"),
        ("rich", "rich"),
        ("PyYAML", "yaml"),
        ("charset-normalizer", "charset_normalizer"),
    ):
        assert distribution in pyproject
        owners = [p for p in MODULES if module in imported_roots(p)]
        assert owners, f"{module} is a dependency that nothing imports"

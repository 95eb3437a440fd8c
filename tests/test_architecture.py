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
    "docx": {"reading/docx_reader.py", "authoring/docx_writer.py"},
    "lxml": {
        "reading/docx_reader.py",
        "reading/docx_package.py",
        "authoring/docx_writer.py",
        "reading/numbering.py",
        "reading/wml.py",
    },
    "rapidfuzz": {"classify/names.py"},
    "yaml": {"checklist/model.py"},
    "charset_normalizer": {"reading/decoding.py"},
    "rich": {"formats/terminal.py"},
    "click": {str(p.relative_to(PACKAGE)) for p in (PACKAGE / "cli").glob("*.py")},
    "olefile": {"reading/sniff.py"},
    "opencc": {"simplified.py"},
    "msgspec": {"records.py"},
    "pdfplumber": {"reading/pdf_reader.py"},
    "selectolax": {"reading/html_reader.py"},
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
        ("msgspec", "msgspec"),
    ):
        assert distribution in pyproject
        owners = [p for p in MODULES if module in imported_roots(p)]
        assert owners, f"{module} is a dependency that nothing imports"


# The layers of the package, lowest first: a module may import from its own layer and the layers
# below it, never from a layer above (the pipeline's stages in order, the commands on top).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "text", "simplified", "simplified_table", "records", "output", "version"),
    ("reading",),
    ("structure",),
    ("classify",),
    ("evaluate",),
    ("checklist",),
    ("report",),
    ("formats",),
    ("settings",),
    ("pipeline",),
    ("api", "authoring"),
    ("batch",),
    ("cli", "web"),
    ("__init__", "__main__"),
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def internal_imports(path: Path) -> set[tuple[str, tuple[str, ...]]]:
    """(module, names) for every import of a compliance module, wherever it stands in the file
    (inside functions and TYPE_CHECKING blocks too)."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] == "compliance":
                found.add((target, tuple(a.name for a in node.names)))
        elif isinstance(node, ast.Import):
            found.update((a.name, ()) for a in node.names if a.name.split(".")[0] == "compliance")
    return found


def layer_of(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    for rank, names in enumerate(LAYERS):
        if top in names:
            return rank
    raise AssertionError(f"{module} belongs to no layer: add its package to LAYERS")


def resolve(module: str, names: tuple[str, ...]) -> set[str]:
    """The modules an import really loads: `from compliance.reading import sniff` loads the
    submodule compliance.reading.sniff, not only the package."""
    known = {module_name(p) for p in MODULES}
    submodules = {f"{module}.{name}" for name in names if f"{module}.{name}" in known}
    if names and len(submodules) == len(names):
        return submodules  # only submodules: the package itself is no dependency of the importer
    return submodules | ({module} if module in known else set())


GRAPH = {
    module_name(p): {m for target, names in internal_imports(p) for m in resolve(target, names)}
    - {module_name(p)}
    for p in MODULES
}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_flow_one_way(path: Path) -> None:
    module = module_name(path)
    for target in GRAPH[module]:
        assert layer_of(target) <= layer_of(module), f"{module} imports {target}, a layer above it"


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}  # 1: on the stack, 2: done

    def visit(module: str, stack: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == 1:
                cycle = [*stack[stack.index(target) :], target] if target in stack else [module, target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, [*stack, target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_another_modules_private_name(path: Path) -> None:
    for target, names in internal_imports(path):
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        assert not private, f"{module_name(path)} imports private {private} from {target}"

"""Checklists: load a YAML checklist, validate every item against its check kind, and describe it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .checks import KINDS, Check, Section
from .errors import ChecklistError
from .matcher import SectionSpec

SEVERITIES = ("error", "warning", "info")
TOP_KEYS = {
    "schema_version": True,
    "id": True,
    "version": True,
    "title": True,
    "fail_under": False,
    "items": True,
    "description": False,
}
ITEM_KEYS = {
    "id": True,
    "title": True,
    "short": False,
    "severity": True,
    "weight": True,
    "kind": True,
    "params": False,
    "why": True,
    "basis": True,
    "fix": False,
    "examples": True,
}
BASIS_KEYS = {"source": True, "article": False, "quote": False, "confidence": True, "url": False}
CONFIDENCE = ("VERIFIED-QUOTE", "VERIFIED-SECONDARY", "UNVERIFIED", "HEURISTIC")
DEFAULT_CHECKLIST = "government"
_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Basis:
    """Where a requirement comes from, and how sure we are of it."""

    source: str
    confidence: str
    article: str = ""
    quote: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class Item:
    """One checklist item: what is required, how it is checked, and its documentation."""

    id: str
    title: str
    severity: str
    weight: float
    kind: str
    check: Check
    why: str
    basis: Basis
    fix: str
    examples_pass: tuple[str, ...]
    examples_fail: tuple[str, ...]
    params: Mapping[str, Any]
    short: str = ""  # a short name for tables; defaults to the title without its gloss

    @property
    def name(self) -> str:
        return self.short or self.title.split("（")[0]


@dataclass(frozen=True, slots=True)
class Checklist:
    """A validated checklist."""

    id: str
    version: str
    title: str
    fail_under: float
    items: tuple[Item, ...]
    path: str

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def section_specs(self) -> tuple[SectionSpec, ...]:
        return tuple(i.check.spec(i.id) for i in self.items if isinstance(i.check, Section))

    @property
    def titles(self) -> dict[str, str]:
        return {item.id: item.title for item in self.items}

    @property
    def names(self) -> dict[str, str]:
        """Item id -> short name, for tables and lists."""
        return {item.id: item.name for item in self.items}


def shipped_checklists() -> list[str]:
    """Names of the checklists installed with the package."""
    folder = resources.files("compliance.rules")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def resolve_checklist(name: str | None) -> tuple[str, str]:
    """(display path, YAML text) for a file path or a shipped checklist name."""
    name = name or DEFAULT_CHECKLIST
    path = Path(name)
    if path.is_file():
        try:
            return name, path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            raise ChecklistError(name, [f"{name}: 无法读取检查清单（{err}）"]) from err
    shipped = resources.files("compliance.rules") / f"{name}.yaml"
    if shipped.is_file():
        return f"rules/{name}.yaml", shipped.read_text(encoding="utf-8")
    raise ChecklistError(
        name, [f"{name}: 检查清单不存在（内置：{', '.join(shipped_checklists())}）"]
    )


class _Marks:
    """Line and column of every mapping key in a YAML file, by path."""

    def __init__(self, text: str) -> None:
        self.marks: dict[tuple[Any, ...], tuple[int, int]] = {}
        try:
            self._walk(yaml.compose(text, Loader=yaml.SafeLoader), ())
        except yaml.YAMLError:
            pass

    def _walk(self, node: yaml.Node | None, path: tuple[Any, ...]) -> None:
        if node is None:
            return
        self.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = (*path, key.value)
                self.marks[sub] = (key.start_mark.line + 1, key.start_mark.column + 1)
                self._walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                self._walk(value, (*path, i))

    def at(self, path: tuple[Any, ...]) -> tuple[int, int]:
        while path and path not in self.marks:
            path = path[:-1]
        return self.marks.get(path, (1, 1))


class _Problems:
    def __init__(self, file: str, marks: _Marks) -> None:
        self.file, self.marks, self.lines = file, marks, []

    def add(self, path: tuple[Any, ...], item: str | None, text: str) -> None:
        line, col = self.marks.at(path)
        prefix = f"{self.file}:{line}:{col}: " + (f"item {item}: " if item else "")
        self.lines.append(prefix + text)


def _unknown_keys(
    data: Mapping[str, Any],
    allowed: Mapping[str, bool],
    path: tuple[Any, ...],
    item: str | None,
    problems: _Problems,
) -> None:
    for key in data:
        if key not in allowed:
            problems.add(
                (*path, key), item, f'unknown key "{key}" (expected: {", ".join(allowed)})'
            )
    for key, required in allowed.items():
        if required and key not in data:
            problems.add(path, item, f'missing key "{key}"')


def _coerce(value: Any, annotation: str) -> tuple[bool, Any]:
    """(ok, value converted to the field's type) for the few types check kinds use."""
    if annotation == "str":
        return isinstance(value, str), value
    if annotation == "bool":
        return isinstance(value, bool), value
    if annotation in ("int", "float"):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return ok, value
    if annotation.startswith("tuple[str"):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return ok, tuple(value) if ok else value
    if annotation.startswith("Mapping[str, str]"):
        ok = isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
        return ok, dict(value) if ok else value
    return True, value


def build_check(
    kind: str, params: Mapping[str, Any], path: tuple[Any, ...], item: str, problems: _Problems
) -> Check | None:
    """The check kind's dataclass built from `params`, or None after recording problems."""
    cls = KINDS.get(kind)
    if cls is None:
        problems.add((*path, "kind"), item, f'unknown kind "{kind}" (expected: {", ".join(KINDS)})')
        return None
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    ok = True
    for key, value in params.items():
        if key not in fields:
            problems.add(
                (*path, "params", key),
                item,
                f'unknown parameter "{key}" for kind "{kind}" (expected: {", ".join(fields) or "none"})',
            )
            ok = False
            continue
        good, converted = _coerce(value, str(fields[key].type))
        if not good:
            problems.add(
                (*path, "params", key), item, f'parameter "{key}" must be {fields[key].type}'
            )
            ok = False
        values[key] = converted
    for name, spec in fields.items():
        no_default = (
            spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
        )
        if no_default and name not in params:
            problems.add((*path, "params"), item, f'missing parameter "{name}" for kind "{kind}"')
            ok = False
    for key in ("any_of", "elements"):
        patterns = values.get(key, ())
        for pattern in (
            (patterns.values() if isinstance(patterns, dict) else patterns) if ok else ()
        ):
            try:
                re.compile(pattern)
            except re.error as err:
                problems.add(
                    (*path, "params", key), item, f'bad regular expression "{pattern}": {err}'
                )
                ok = False
    return cls(**values) if ok else None


def _item(raw: Any, index: int, problems: _Problems, seen: set[str]) -> Item | None:
    path: tuple[Any, ...] = ("items", index)
    if not isinstance(raw, dict):
        problems.add(path, None, "each item must be a mapping")
        return None
    item_id = str(raw.get("id", f"#{index + 1}"))
    before = len(problems.lines)
    _unknown_keys(raw, ITEM_KEYS, path, item_id, problems)
    if not _ID_RE.match(item_id):
        problems.add((*path, "id"), item_id, "id must be kebab-case (a-z, 0-9, -)")
    if item_id in seen:
        problems.add((*path, "id"), item_id, "duplicate id")
    seen.add(item_id)
    if raw.get("severity") not in SEVERITIES:
        problems.add(
            (*path, "severity"), item_id, f"severity must be one of: {', '.join(SEVERITIES)}"
        )
    weight = raw.get("weight")
    if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight < 0:
        problems.add((*path, "weight"), item_id, "weight must be a number >= 0")
    basis = raw.get("basis")
    if isinstance(basis, dict):
        _unknown_keys(basis, BASIS_KEYS, (*path, "basis"), item_id, problems)
        if basis.get("confidence") not in CONFIDENCE:
            problems.add(
                (*path, "basis", "confidence"),
                item_id,
                f"confidence must be one of: {', '.join(CONFIDENCE)}",
            )
    elif "basis" in raw:
        problems.add((*path, "basis"), item_id, "basis must be a mapping (source, confidence, …)")
    examples = raw.get("examples")
    if (
        not isinstance(examples, dict)
        or set(examples) - {"pass", "fail"}
        or not examples.get("pass")
    ):
        problems.add(
            (*path, "examples"), item_id, "examples must have a non-empty pass list and a fail list"
        )
        examples = {}
    params = raw.get("params") or {}
    if not isinstance(params, dict):
        problems.add((*path, "params"), item_id, "params must be a mapping")
        params = {}
    check = build_check(str(raw.get("kind")), params, path, item_id, problems)
    if check is None or len(problems.lines) > before or not isinstance(basis, dict):
        return None
    return Item(
        item_id,
        str(raw["title"]),
        raw["severity"],
        float(raw["weight"]),
        str(raw["kind"]),
        check,
        str(raw["why"]).strip(),
        Basis(**{k: str(v) for k, v in basis.items()}),
        str(raw.get("fix", "")).strip(),
        tuple(examples.get("pass") or ()),
        tuple(examples.get("fail") or ()),
        params,
        str(raw.get("short", "")),
    )


def parse_checklist(text: str, path: str) -> Checklist:
    """Validate YAML text and build a Checklist; raise ChecklistError listing every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
        raise ChecklistError(
            path, [f"{where}: YAML 语法错误（{getattr(err, 'problem', err)}）"]
        ) from err
    problems = _Problems(path, _Marks(text))
    if not isinstance(data, dict):
        raise ChecklistError(path, [f"{path}:1:1: a checklist must be a mapping with items"])
    _unknown_keys(data, TOP_KEYS, (), None, problems)
    if data.get("schema_version") not in (1, None):
        problems.add(("schema_version",), None, "schema_version must be 1")
    fail_under = data.get("fail_under", 70)
    if not isinstance(fail_under, (int, float)) or not 0 <= fail_under <= 100:
        problems.add(("fail_under",), None, "fail_under must be a number from 0 to 100")
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        problems.add(("items",), None, "items must be a non-empty list")
        raw_items = []
    seen: set[str] = set()
    items = [_item(raw, i, problems, seen) for i, raw in enumerate(raw_items)]
    if problems.lines:
        raise ChecklistError(path, problems.lines)
    return Checklist(
        str(data["id"]),
        str(data["version"]),
        str(data["title"]),
        float(fail_under),
        tuple(i for i in items if i is not None),
        path,
    )


def load_checklist(name: str | None = None) -> Checklist:
    """Load a checklist by file path or shipped name (default: the government checklist)."""
    path, text = resolve_checklist(name)
    return parse_checklist(text, path)

"""Checklists: load YAML checklists (following `extends:`), validate every item, and describe them.

A checklist may extend a shipped checklist or another file: its items are added, or override the
parent's item with the same id key by key (`params` and `basis` merge key by key), and `remove:`
drops parent items. Every problem, in every file of the chain, is reported at once with its
position (`FILE:LINE:COL: item X: …`); see validation.py for the per-item checks.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .checks import Check, Section
from .errors import ChecklistError
from .matcher import SectionSpec
from .validation import (
    ID_RE,
    PROFILES,
    TOP_KEYS,
    Locator,
    Problems,
    check_item,
    check_references,
    unknown_keys,
)

DEFAULT_CHECKLIST = "government"
MAX_EXTENDS = 8


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
    """A validated checklist (with everything it extends merged in)."""

    id: str
    version: str
    title: str
    fail_under: float
    items: tuple[Item, ...]
    path: str
    profile: str | None = None  # "government" | "department": the kind of report it is for
    extends: tuple[str, ...] = ()  # ids of the checklists it extends, nearest first
    description: str = ""

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


@dataclass(frozen=True, slots=True)
class _Source:
    file: str  # as shown in messages
    text: str
    key: str  # identity, for cycle detection
    folder: Path | None  # where relative `extends:` paths start; None for a shipped checklist


def _shipped(name: str) -> _Source | None:
    shipped = resources.files("compliance.rules") / f"{name}.yaml"
    if not shipped.is_file():
        return None
    return _Source(f"rules/{name}.yaml", shipped.read_text(encoding="utf-8"), f"rules:{name}", None)


def _file(path: Path, shown: str) -> _Source:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise ChecklistError(shown, [f"{shown}: 无法读取检查清单（{err}）"]) from err
    return _Source(shown, text, str(path.resolve()), path.parent)


def _missing(name: str) -> ChecklistError:
    shipped = ", ".join(shipped_checklists())
    return ChecklistError(name, [f"{name}: 检查清单不存在（内置：{shipped}）"])


def _read(name: str | None) -> _Source:
    name = name or DEFAULT_CHECKLIST
    if Path(name).is_file():
        return _file(Path(name), name)
    source = _shipped(name)
    if source is None:
        raise _missing(name)
    return source


def is_path(value: str) -> bool:
    """Whether a checklist reference names a file (else it is a shipped checklist's name)."""
    return value.endswith((".yaml", ".yml")) or "/" in value or "\\" in value


def _parent(value: str, child: _Source) -> _Source:
    """The checklist an `extends:` value names: a shipped name, or a path relative to the child."""
    if not is_path(value):
        source = _shipped(value)
        if source is None:
            raise _missing(value)
        return source
    if child.folder is None:  # a shipped checklist extends another shipped one by file name
        source = _shipped(Path(value).stem)
        if source is None:
            raise _missing(value)
        return source
    shown = os.path.normpath(os.path.join(os.path.dirname(child.file), value))
    if not (child.folder / value).is_file():
        raise ChecklistError(shown, [f"{shown}: 检查清单不存在"])
    return _file(child.folder / value, shown)


def resolve_checklist(name: str | None) -> tuple[str, str]:
    """(display path, YAML text) for a file path or a shipped checklist name."""
    source = _read(name)
    return source.file, source.text


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


@dataclass(frozen=True, slots=True)
class _Layer:
    """One parsed file of an extends chain."""

    source: _Source
    marks: _Marks

    def where(self, path: tuple[Any, ...]) -> tuple[str, int, int]:
        return (self.source.file, *self.marks.at(path))


@dataclass(slots=True)
class _Entry:
    """One item as merged so far, and which file and position each of its keys came from."""

    raw: dict[str, Any]
    origins: dict[tuple[Any, ...], tuple[_Layer, tuple[Any, ...]]] = field(default_factory=dict)

    def where(self, path: tuple[Any, ...]) -> tuple[str, int, int]:
        for n in range(len(path), -1, -1):
            if path[:n] in self.origins:
                layer, at = self.origins[path[:n]]
                return layer.where((*at, *path[n:]))
        return ("?", 1, 1)

    def merge(self, raw: Mapping[str, Any], layer: _Layer, at: tuple[Any, ...]) -> None:
        """Apply an item (or an override of it) from `layer`, where it sits at path `at`."""
        kind_changed = "kind" in raw and raw["kind"] != self.raw.get("kind")
        if kind_changed and "params" not in raw:
            self.raw.pop("params", None)
        for key, value in raw.items():
            keep = not (key == "params" and kind_changed)
            if key in ("params", "basis") and keep and isinstance(value, dict) and (
                isinstance(self.raw.get(key), dict)
            ):
                self.raw[key] = {**self.raw[key], **value}
                for sub in value:
                    self.origins[(key, sub)] = (layer, (*at, key, sub))
                continue
            self.raw[key] = value
            self.origins = {k: v for k, v in self.origins.items() if not k or k[0] != key}
            self.origins[(key,)] = (layer, (*at, key))
        self.origins[()] = (layer, at)


@dataclass(slots=True)
class _Merged:
    data: dict[str, Any]  # top-level settings, parents' values filled in
    entries: dict[str, _Entry]
    extends: tuple[str, ...]


def _yaml(source: _Source, problems: Problems) -> dict[str, Any] | None:
    try:
        data = yaml.safe_load(source.text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{source.file}:{mark.line + 1}:{mark.column + 1}" if mark else source.file
        problems.lines.append(f"{where}: YAML 语法错误（{getattr(err, 'problem', err)}）")
        return None
    if not isinstance(data, dict):
        problems.lines.append(f"{source.file}:1:1: a checklist must be a mapping with items")
        return None
    return data


def _top(data: dict[str, Any], layer: _Layer, problems: Problems) -> None:
    """Top-level keys of one file; `title` and `items` may come from the checklist it extends."""
    required = {k: v and ("extends" not in data or k not in ("title", "items")) for k, v in TOP_KEYS.items()}
    unknown_keys(data, required, (), None, layer.where, problems)
    if data.get("schema_version") not in (1, None):
        problems.add(layer.where, ("schema_version",), None, "schema_version must be 1")
    fail_under = data.get("fail_under", 70)
    if not isinstance(fail_under, (int, float)) or isinstance(fail_under, bool) or not (
        0 <= fail_under <= 100
    ):
        problems.add(layer.where, ("fail_under",), None, "fail_under must be a number from 0 to 100")
    if "profile" in data and data["profile"] not in PROFILES:
        text = f"profile must be one of: {', '.join(PROFILES)}"
        problems.add(layer.where, ("profile",), None, text)
    for key in ("id", "version", "title", "description"):
        if key in data and not isinstance(data[key], (str, int, float)):
            problems.add(layer.where, (key,), None, f"{key} must be text")


def _remove(data: dict[str, Any], entries: dict[str, _Entry], layer: _Layer, problems: Problems) -> set[str]:
    removed: set[str] = set()
    raw = data.get("remove", [])
    if not isinstance(raw, list) or not all(isinstance(r, str) for r in raw):
        problems.add(layer.where, ("remove",), None, "remove must be a list of item ids")
        return removed
    if raw and "extends" not in data:
        problems.add(layer.where, ("remove",), None, "remove needs extends (there is nothing to remove from)")
        return removed
    for i, item_id in enumerate(raw):
        if item_id not in entries:
            text = f'remove: unknown item "{item_id}" (not in the checklist it extends)'
            problems.add(layer.where, ("remove", i), None, text)
        removed.add(item_id)
        entries.pop(item_id, None)
    return removed


def _items(data: dict[str, Any], merged: _Merged, layer: _Layer, removed: set[str], problems: Problems) -> None:
    raw_items = data.get("items", [] if "extends" in data else None)
    if not isinstance(raw_items, list) or (not raw_items and "extends" not in data):
        problems.add(layer.where, ("items",), None, "items must be a non-empty list")
        return
    seen: set[str] = set()
    for index, raw in enumerate(raw_items):
        at = ("items", index)
        if not isinstance(raw, dict):
            problems.add(layer.where, at, None, "each item must be a mapping")
            continue
        if "id" not in raw:
            problems.add(layer.where, at, f"#{index + 1}", 'missing key "id"')
            continue
        item_id = str(raw["id"])
        if not ID_RE.match(item_id):
            problems.add(layer.where, (*at, "id"), item_id, "id must be kebab-case (a-z, 0-9, -)")
        if item_id in seen:
            problems.add(layer.where, (*at, "id"), item_id, "duplicate id")
            continue
        seen.add(item_id)
        if item_id in removed:
            problems.add(layer.where, (*at, "id"), item_id, "the item is also listed in remove")
            continue
        merged.entries.setdefault(item_id, _Entry({})).merge(raw, layer, at)


def _build(source: _Source, problems: Problems, chain: tuple[str, ...]) -> _Merged | None:
    """Parse one file and everything it extends; record problems; None when it cannot be read."""
    data = _yaml(source, problems)
    if data is None:
        return None
    layer = _Layer(source, _Marks(source.text))
    _top(data, layer, problems)
    merged = _Merged({}, {}, ())
    parent_value = data.get("extends")
    if parent_value is not None:
        if not isinstance(parent_value, str):
            problems.add(layer.where, ("extends",), None, "extends must be a checklist name or path")
            return None
        try:
            parent_source = _parent(parent_value, source)
        except ChecklistError as err:
            problems.add(layer.where, ("extends",), None, f'cannot extend "{parent_value}": {err}')
            return None
        if parent_source.key in (*chain, source.key) or len(chain) >= MAX_EXTENDS:
            files = " -> ".join([*chain, source.key, parent_source.key][-4:])
            problems.add(layer.where, ("extends",), None, f"extends loops or is too deep ({files})")
            return None
        parent = _build(parent_source, problems, (*chain, source.key))
        if parent is None:
            return None
        merged = _Merged(dict(parent.data), parent.entries, (str(parent.data.get("id")), *parent.extends))
        merged.data.pop("profile", None) if "profile" in data else None
    removed = _remove(data, merged.entries, layer, problems)
    _items(data, merged, layer, removed, problems)
    merged.data.update({k: data[k] for k in ("id", "version", "title", "description", "fail_under", "profile") if k in data})
    return merged


def _to_item(raw: Mapping[str, Any], check: Check) -> Item:
    examples = raw.get("examples") or {}
    return Item(
        str(raw["id"]),
        str(raw["title"]),
        raw["severity"],
        float(raw["weight"]),
        str(raw["kind"]),
        check,
        str(raw["why"]).strip(),
        Basis(**{k: str(v) for k, v in raw["basis"].items()}),
        str(raw.get("fix", "")).strip(),
        tuple(examples.get("pass") or ()),
        tuple(examples.get("fail") or ()),
        dict(raw.get("params") or {}),
        str(raw.get("short", "")),
    )


def _checklist(source: _Source) -> tuple[Checklist | None, list[str]]:
    problems = Problems()
    merged = _build(source, problems, ())
    if merged is None:
        return None, problems.lines
    checks: dict[str, tuple[Check, tuple[Any, ...], Locator]] = {}
    for item_id, entry in merged.entries.items():
        check = check_item(entry.raw, (), entry.where, problems)
        if check is not None:
            checks[item_id] = (check, (), entry.where)
    check_references(checks, problems)
    if problems.lines:
        return None, problems.lines
    data = merged.data
    profile = data.get("profile") or (data["id"] if data["id"] in PROFILES else None)
    items = tuple(_to_item(merged.entries[i].raw, checks[i][0]) for i in merged.entries)
    checklist = Checklist(
        str(data["id"]), str(data["version"]), str(data["title"]), float(data.get("fail_under", 70)),
        items, source.file, profile, merged.extends, str(data.get("description", "")).strip(),
    )
    return checklist, []


def parse_checklist(text: str, path: str) -> Checklist:
    """Validate YAML text and build a Checklist; raise ChecklistError listing every problem.

    A relative `extends:` path is resolved from the folder of `path`.
    """
    folder = Path(path).parent
    checklist, problems = _checklist(_Source(path, text, str(Path(path).resolve()), folder))
    if checklist is None:
        raise ChecklistError(path, problems)
    return checklist


def validate_checklist(name: str) -> tuple[Checklist | None, list[str]]:
    """(checklist, []) when valid, else (None, every problem as `FILE:LINE:COL: …` lines)."""
    try:
        source = _read(name)
    except ChecklistError as err:
        return None, list(err.problems)
    return _checklist(source)


def load_checklist(name: str | None = None) -> Checklist:
    """Load a checklist by file path or shipped name (default: the government checklist)."""
    source = _read(name)
    checklist, problems = _checklist(source)
    if checklist is None:
        raise ChecklistError(source.file, problems)
    return checklist

"""Checklist inheritance: merge a checklist file with the chain of checklists it `extends:`.

Items with a new id are added (after the parent's); an item with a parent's id overrides it key by
key (`params` and `basis` merge key by key, unless `kind` changes); `remove:` drops parent items.
Each merged key remembers the file and position it came from, so a problem in the merged item is
reported where the offending key was written. Parsing (YAML) and finding the parent file are passed
in by checklist.py, the only module that reads YAML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from compliance.checklist.validation import ID_RE, PROFILES, TOP_KEYS, Problems, unknown_keys
from compliance.errors import ChecklistError
from compliance.records import Record, field

MAX_EXTENDS = 8
INHERITED = ("id", "version", "title", "description", "fail_under", "profile")

Position = Callable[[tuple[Any, ...]], tuple[int, int]]  # path of a key -> (line, column)


class Source(Record, frozen=True):
    """The text of one checklist file."""

    file: str  # as shown in messages
    text: str
    key: str  # identity, for detecting loops
    folder: Path | None  # where relative `extends:` paths start; None for a shipped checklist


class Layer(Record, frozen=True):
    """One parsed file of an extends chain."""

    source: Source
    position: Position

    def where(self, path: tuple[Any, ...]) -> tuple[str, int, int]:
        return (self.source.file, *self.position(path))


Parse = Callable[[Source, Problems], tuple[dict[str, Any], Position] | None]
ParentOf = Callable[[str, Source], Source]  # raises ChecklistError when it cannot be found


class Entry(Record):
    """One item as merged so far, and which file and position each of its keys came from."""

    raw: dict[str, Any]
    origins: dict[tuple[Any, ...], tuple[Layer, tuple[Any, ...]]] = field(default_factory=dict)

    def where(self, path: tuple[Any, ...]) -> tuple[str, int, int]:
        for n in range(len(path), -1, -1):
            if path[:n] in self.origins:
                layer, at = self.origins[path[:n]]
                return layer.where((*at, *path[n:]))
        return ("?", 1, 1)

    def merge(self, raw: Mapping[str, Any], layer: Layer, at: tuple[Any, ...]) -> None:
        """Apply an item (or an override of it) from `layer`, where it sits at path `at`."""
        kind_changed = "kind" in raw and raw["kind"] != self.raw.get("kind")
        if kind_changed and "params" not in raw:
            self.raw.pop("params", None)
        for key, value in raw.items():
            mergeable = key == "basis" or (key == "params" and not kind_changed)
            if mergeable and isinstance(value, dict) and isinstance(self.raw.get(key), dict):
                self.raw[key] = {**self.raw[key], **value}
                for sub in value:
                    self.origins[(key, sub)] = (layer, (*at, key, sub))
                continue
            self.raw[key] = value
            self.origins = {k: v for k, v in self.origins.items() if not k or k[0] != key}
            self.origins[(key,)] = (layer, (*at, key))
        self.origins[()] = (layer, at)


class Merged(Record):
    """A checklist with its parents merged in, not yet validated item by item."""

    data: dict[str, Any]  # top-level settings, parents' values filled in
    entries: dict[str, Entry]
    extends: tuple[str, ...]  # ids of the parents, nearest first
    vocabularies: list[tuple[str, Layer]] = field(
        default_factory=list
    )  # (file named, by whom), parents first


def _top(data: dict[str, Any], layer: Layer, problems: Problems) -> None:
    """Top-level keys of one file; `title` and `items` may come from the checklist it extends."""
    inherits = "extends" in data
    required = {k: v and not (inherits and k in ("title", "items")) for k, v in TOP_KEYS.items()}
    unknown_keys(data, required, (), None, layer.where, problems)
    if data.get("schema_version") not in (1, None):
        problems.add(layer.where, ("schema_version",), None, "schema_version 应为 1")
    fail_under = data.get("fail_under", 70)
    if (
        not isinstance(fail_under, (int, float))
        or isinstance(fail_under, bool)
        or not (0 <= fail_under <= 100)
    ):
        text = "fail_under 应为 0 到 100 之间的数"
        problems.add(layer.where, ("fail_under",), None, text)
    if "profile" in data and data["profile"] not in PROFILES:
        text = f"profile 应为以下之一：{', '.join(PROFILES)}"
        problems.add(layer.where, ("profile",), None, text)
    for key in ("id", "version", "title", "description"):
        if key in data and not isinstance(data[key], (str, int, float)):
            problems.add(layer.where, (key,), None, f"{key} 应为文字")


def _remove(data: dict[str, Any], entries: dict[str, Entry], layer: Layer, problems: Problems) -> set[str]:
    raw = data.get("remove", [])
    if not isinstance(raw, list) or not all(isinstance(r, str) for r in raw):
        problems.add(layer.where, ("remove",), None, "remove 应为检查项 id 的列表")
        return set()
    if raw and "extends" not in data:
        text = "remove 需要 extends（没有可删除的继承项）"
        problems.add(layer.where, ("remove",), None, text)
        return set()
    for i, item_id in enumerate(raw):
        if item_id not in entries:
            text = f"remove：未知的检查项“{item_id}”（所继承的清单中没有）"
            problems.add(layer.where, ("remove", i), None, text)
        entries.pop(item_id, None)
    return set(raw)


def _items(data: dict[str, Any], merged: Merged, layer: Layer, removed: set[str], problems: Problems) -> None:
    raw_items = data.get("items", [] if "extends" in data else None)
    if not isinstance(raw_items, list) or (not raw_items and "extends" not in data):
        problems.add(layer.where, ("items",), None, "items 应为非空列表")
        return
    seen: set[str] = set()
    for index, raw in enumerate(raw_items):
        at = ("items", index)
        if not isinstance(raw, dict):
            problems.add(layer.where, at, None, "每个检查项应为映射")
            continue
        if "id" not in raw:
            problems.add(layer.where, at, f"#{index + 1}", "缺少键“id”")
            continue
        item_id = str(raw["id"])
        if not ID_RE.match(item_id):
            text = "id 应为 kebab-case（a-z、0-9、-）"
            problems.add(layer.where, (*at, "id"), item_id, text)
        if item_id in seen:
            problems.add(layer.where, (*at, "id"), item_id, "id 重复")
            continue
        seen.add(item_id)
        if item_id in removed:
            problems.add(layer.where, (*at, "id"), item_id, "该检查项同时列在 remove 中")
            continue
        merged.entries.setdefault(item_id, Entry({})).merge(raw, layer, at)


def build(
    source: Source,
    problems: Problems,
    *,
    parse: Parse,
    parent_of: ParentOf,
    chain: tuple[str, ...] = (),
) -> Merged | None:
    """Parse `source` and everything it extends, recording problems; None when it is unusable."""
    parsed = parse(source, problems)
    if parsed is None:
        return None
    data, position = parsed
    layer = Layer(source, position)
    _top(data, layer, problems)
    merged = Merged({}, {}, ())
    value = data.get("extends")
    if value is not None:
        if not isinstance(value, str):
            text = "extends 应为检查清单名称或路径"
            problems.add(layer.where, ("extends",), None, text)
            return None
        try:
            parent_source = parent_of(value, source)
        except ChecklistError as err:
            problems.add(layer.where, ("extends",), None, f"无法继承“{value}”：{err}")
            return None
        if parent_source.key in (*chain, source.key) or len(chain) >= MAX_EXTENDS:
            files = " -> ".join(s.rsplit("/", 1)[-1] for s in (*chain, source.key, parent_source.key))
            text = f"extends 循环引用或层级过深（{files}）"
            problems.add(layer.where, ("extends",), None, text)
            return None
        parent = build(parent_source, problems, parse=parse, parent_of=parent_of, chain=(*chain, source.key))
        if parent is None:
            return None
        extends = (str(parent.data.get("id")), *parent.extends)
        merged = Merged(dict(parent.data), parent.entries, extends, parent.vocabularies)
    removed = _remove(data, merged.entries, layer, problems)
    _items(data, merged, layer, removed, problems)
    if "vocabulary" in data:
        if isinstance(data["vocabulary"], str) and data["vocabulary"].strip():
            merged.vocabularies.append((data["vocabulary"], layer))
        else:
            problems.add(layer.where, ("vocabulary",), None, "vocabulary 应为文件名")
    merged.data.update({k: data[k] for k in INHERITED if k in data})
    if str(merged.data.get("id")) in PROFILES:  # a shipped profile is for its own kind of report
        merged.data.setdefault("profile", str(merged.data["id"]))
    return merged

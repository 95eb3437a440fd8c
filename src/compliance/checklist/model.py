"""Checklists: load YAML checklists (following `extends:`), validate every item, and describe them.

A checklist may extend a shipped checklist or another file: its items are added, or override the
parent's item with the same id key by key (`params` and `basis` merge key by key), and `remove:`
drops parent items. Every problem, in every file of the chain, is reported at once with its
position (`FILE:LINE:COL: item X: …`); see validation.py for the per-item checks.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compliance.checklist.extends import Layer, Merged, Position, Source, build
from compliance.checklist.shipped import rules_folder
from compliance.checklist.validation import (
    Locator,
    Problems,
    check_item,
    check_references,
    check_slots,
    heading_of,
)
from compliance.checklist.vocabulary import build_vocabulary
from compliance.classify.sections import SectionSpec
from compliance.classify.vocabulary import Vocabulary
from compliance.errors import ChecklistError
from compliance.evaluate.checks import Section
from compliance.evaluate.kinds import Check
from compliance.records import Record, field

if TYPE_CHECKING:
    import yaml

DEFAULT_CHECKLIST = "government"
_ITEMS_KEY = re.compile(r"^(?:items|extends):", re.MULTILINE)  # what makes a YAML file a checklist


class Basis(Record, frozen=True):
    """Where a requirement comes from, and how sure we are of it."""

    source: str
    confidence: str
    article: str = ""
    quote: str = ""
    url: str = ""


class Item(Record, frozen=True):
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
    heading: str = ""  # the heading as a report writes it, punctuation included (the template's)
    chapter: int = 0  # the 纲要 chapter the heading comes from: the template's order of areas

    @property
    def name(self) -> str:
        return self.short or self.title.split("（")[0]


class Checklist(Record, frozen=True):
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
    vocabulary: Vocabulary = field(
        default_factory=Vocabulary
    )  # area and part vocabularies (vocabulary: FILE)

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
    folder = rules_folder()
    return sorted(
        p.name[:-5]
        for p in folder.iterdir()
        if p.name.endswith(".yaml") and _ITEMS_KEY.search(p.read_text(encoding="utf-8"))
    )  # vocabulary files live beside the checklists but have no items


def _shipped(name: str) -> Source | None:
    shipped = rules_folder() / f"{name}.yaml"
    if not shipped.is_file():
        return None
    return Source(f"rules/{name}.yaml", shipped.read_text(encoding="utf-8"), f"rules:{name}", None)


def _file(path: Path, shown: str) -> Source:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise ChecklistError(shown, [f"{shown}: 无法读取检查清单（{err}）"]) from err
    return Source(shown, text, str(path.resolve()), path.parent)


def _missing(name: str) -> ChecklistError:
    shipped = ", ".join(shipped_checklists())
    return ChecklistError(name, [f"{name}: 检查清单不存在（内置：{shipped}）"])


def _read(name: str | None) -> Source:
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


def _parent(value: str, child: Source) -> Source:
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


class _Marks:
    """Line and column of every mapping key in a YAML file, by path."""

    def __init__(self, text: str) -> None:
        import yaml

        self.marks: dict[tuple[Any, ...], tuple[int, int]] = {}
        with contextlib.suppress(yaml.YAMLError):
            self._walk(yaml.compose(text, Loader=_loader()), ())

    def _walk(self, node: yaml.Node | None, path: tuple[Any, ...]) -> None:
        import yaml

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


def _parse(source: Source, problems: Problems) -> tuple[dict[str, Any], Position] | None:
    """The YAML mapping of one file and the positions of its keys; None after a problem."""
    import yaml

    try:
        data, marks = _parsed(source.text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.note(source.file, line, col, f"YAML 语法错误（{getattr(err, 'problem', err)}）")
        return None
    if not isinstance(data, dict):
        problems.note(source.file, 1, 1, "检查清单应为含 items 的映射")
        return None
    return copy.deepcopy(data), marks.at


@functools.lru_cache(maxsize=32)
def _parsed(text: str) -> tuple[Any, _Marks]:
    """Parse once per distinct text: checking many files loads the same checklists again."""
    import yaml

    return yaml.load(text, Loader=_loader()), _Marks(text)


def _loader() -> type[yaml.SafeLoader]:
    """libyaml's loader when available (5x faster). PyYAML is imported only when a checklist is
    parsed, not when its compiled form (compiled.py) is current."""
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


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
        *heading_of(raw),
    )


@functools.lru_cache(maxsize=32)
def _cached_checklist(source: Source) -> tuple[Checklist | None, list[str]]:
    """A shipped checklist from its compiled form when current (compiled.py), else built (and
    compiled for the next process); any other checklist built."""
    from compliance.checklist import compiled

    found = compiled.load(source)
    if isinstance(found, Checklist):
        return found, []
    checklist, problems = _checklist(source)
    if checklist is not None:
        compiled.store(source, checklist, checklist.section_specs, checklist.vocabulary)
    return checklist, problems


def _checklist(source: Source) -> tuple[Checklist | None, list[str]]:
    problems = Problems()
    merged = build(source, problems, parse=_parse, parent_of=_parent)
    if merged is None:
        return None, problems.lines
    checks: dict[str, tuple[Check, tuple[Any, ...], Locator]] = {}
    for item_id, entry in merged.entries.items():
        check = check_item(entry.raw, (), entry.where, problems)
        if check is not None:
            checks[item_id] = (check, (), entry.where)
    sections = {i for i, entry in merged.entries.items() if entry.raw.get("kind") == "section"}
    check_references(checks, sections, problems)
    check_slots(checks, problems)
    vocabulary = _vocabulary(merged, checks, problems)
    if not merged.entries and not problems:
        problems.note(source.file, 1, 1, "检查清单已没有检查项")
    if problems:
        return None, problems.lines
    data = merged.data
    profile = data.get("profile")
    items = tuple(_to_item(merged.entries[i].raw, checks[i][0]) for i in merged.entries)
    checklist = Checklist(
        str(data["id"]),
        str(data["version"]),
        str(data["title"]),
        float(data.get("fail_under", 70)),
        items,
        source.file,
        profile,
        merged.extends,
        str(data.get("description", "")).strip(),
        vocabulary,
    )
    return checklist, []


def _vocabulary_source(name: str, layer: Layer) -> Source | None:
    """The vocabulary file a checklist names: beside a shipped checklist, or relative to the file
    (when there is no such file, the shipped vocabulary of that name)."""
    child = layer.source
    if child.folder is None:
        shipped = rules_folder() / Path(name).name
        if not shipped.is_file():
            return None
        return Source(f"rules/{Path(name).name}", shipped.read_text(encoding="utf-8"), f"rules:{name}", None)
    path = child.folder / name
    shown = os.path.normpath(os.path.join(os.path.dirname(child.file), name))
    if not path.is_file():  # a copy of a shipped checklist: the shipped vocabulary of that name
        return _vocabulary_source(name, Layer(Source(child.file, "", child.key, None), layer.position))
    return _file(path, shown)


def _vocabulary(
    merged: Merged, checks: Mapping[str, tuple[Check, tuple[Any, ...], Locator]], problems: Problems
) -> Vocabulary:
    """The vocabularies the chain of checklists names, parents first, each adding to the last."""
    sections = {i for i, (c, _, _) in checks.items() if isinstance(c, Section)}
    parts = {i for i, (c, _, _) in checks.items() if isinstance(c, Section) and c.role == "part"}
    vocabulary = Vocabulary()
    for name, layer in merged.vocabularies:
        source = _vocabulary_source(name, layer)
        if source is None:
            problems.add(layer.where, ("vocabulary",), None, f"找不到 vocabulary 文件“{name}”")
            continue
        parsed = _parse(source, problems)
        if parsed is None:
            continue
        data, position = parsed

        def where(
            path: tuple[Any, ...], file: str = source.file, at: Position = position
        ) -> tuple[str, int, int]:
            return (file, *at(path))

        vocabulary = vocabulary.extended(build_vocabulary(data, sections, parts, where, problems))
    return vocabulary


def parse_checklist(text: str, path: str) -> Checklist:
    """Validate YAML text and build a Checklist; raise ChecklistError listing every problem.

    A relative `extends:` path is resolved from the folder of `path`.
    """
    folder = Path(path).parent
    checklist, problems = _checklist(Source(path, text, str(Path(path).resolve()), folder))
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
    """Load a checklist by file path or shipped name (default: the government checklist).

    Validated checklists are cached by file and text, so a batch that asks for the same checklist
    for every document parses it once (a changed file is parsed again)."""
    source = _read(name)
    checklist, problems = _cached_checklist(source)
    if checklist is None:
        raise ChecklistError(source.file, problems)
    return checklist

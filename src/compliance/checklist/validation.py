"""Checklist validation: check raw items against their check kinds, collecting every problem at once.

Pure data checks (no YAML here: checklist.py parses and merges the files). Each problem is one line
`FILE:LINE:COL: item X: …`, located through a `Locator` that knows, for every key of a (possibly
merged) item, which file and position it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from compliance.classify.sections import SLOTS
from compliance.evaluate.kinds import KINDS, Check
from compliance.records import params as record_params
from compliance.text import normalise

SEVERITIES = ("error", "warning", "info")
CONFIDENCE = ("VERIFIED-QUOTE", "VERIFIED-SECONDARY", "UNVERIFIED", "HEURISTIC")
PROFILES = ("government", "department")  # the kinds of report the shipped checklists cover
# Top-level keys: name -> required (in a checklist that does not extend another).
TOP_KEYS = {
    "schema_version": True,
    "id": True,
    "version": True,
    "title": True,
    "description": False,
    "extends": False,
    "profile": False,
    "fail_under": False,
    "remove": False,
    "vocabulary": False,
    "items": True,
}
ITEM_KEYS = {
    "id": True,
    "title": True,
    "short": False,
    "heading": False,
    "severity": True,
    "weight": True,
    "kind": True,
    "params": False,
    "why": True,
    "basis": True,
    "fix": False,
    "examples": True,
}
HEADING_KEYS = {"text": True, "chapter": False}  # `heading:` as a mapping (or just its text)
BASIS_KEYS = {"source": True, "article": False, "quote": False, "confidence": True, "url": False}
ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
SECTION_PARAMS = ("section",)  # parameters that name a section item of the same checklist
# (kind, parameter) -> allowed values
PARAM_CHOICES = {
    ("section", "role"): ("part", "area"),
    ("section", "slot"): SLOTS,
    ("filled", "role"): ("part", "area"),
}

Locator = Callable[[tuple[Any, ...]], tuple[str, int, int]]  # path -> (file, line, column)


class Problems:
    """Every problem found so far; `lines` gives them as `FILE:LINE:COL: [item X: ]text`, sorted
    by position within each file (files in the order they were first read)."""

    def __init__(self) -> None:
        self._found: list[tuple[str, int, int, str]] = []

    def add(self, where: Locator, path: tuple[Any, ...], item: str | None, text: str) -> None:
        file, line, col = where(path)
        self.note(file, line, col, (f"检查项 {item}：" if item else "") + text)

    def note(self, file: str, line: int, col: int, text: str) -> None:
        self._found.append((file, line, col, text))

    def __len__(self) -> int:
        return len(self._found)

    @property
    def lines(self) -> list[str]:
        order = {f: i for i, f in reversed(list(enumerate(p[0] for p in self._found)))}
        found = sorted(self._found, key=lambda p: (order[p[0]], p[1], p[2]))
        return [f"{file}:{line}:{col}: {text}" for file, line, col, text in found]


def unknown_keys(
    data: Mapping[str, Any],
    allowed: Mapping[str, bool],
    path: tuple[Any, ...],
    item: str | None,
    where: Locator,
    problems: Problems,
    *,
    check_required: bool = True,
) -> None:
    """Report keys that are not allowed (with the expected ones) and required keys that are missing."""
    for key in data:
        if key not in allowed:
            expected = ", ".join(allowed)
            problems.add(where, (*path, key), item, f"未知的键“{key}”（可用：{expected}）")
    for key, required in allowed.items():
        if check_required and required and key not in data:
            problems.add(where, path, item, f"缺少键“{key}”")


def _coerce(value: Any, annotation: str) -> tuple[bool, Any]:
    """(ok, value converted to the field's type) for the few types check kinds use."""
    if annotation == "str":
        return isinstance(value, str), value
    if annotation == "bool":
        return isinstance(value, bool), value
    if annotation == "int":
        return isinstance(value, int) and not isinstance(value, bool), value
    if annotation == "float":
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
    kind: str,
    params: Mapping[str, Any],
    path: tuple[Any, ...],
    item: str,
    where: Locator,
    problems: Problems,
) -> Check | None:
    """The check kind's record built from `params`, or None after recording problems."""
    cls = KINDS.get(kind)
    if cls is None:
        expected = ", ".join(KINDS)
        problems.add(where, (*path, "kind"), item, f"未知的检查类型“{kind}”（可用：{expected}）")
        return None
    fields = {f.name: f for f in record_params(cls)}
    values: dict[str, Any] = {}
    ok = True
    for key, value in params.items():
        if key not in fields:
            expected = ", ".join(fields) or "无"
            text = f"检查类型“{kind}”没有参数“{key}”（可用：{expected}）"
            problems.add(where, (*path, "params", key), item, text)
            ok = False
            continue
        good, converted = _coerce(value, fields[key].annotation)
        choices = PARAM_CHOICES.get((kind, key))
        if not good:
            text = f"参数“{key}”应为 {fields[key].annotation}"
            problems.add(where, (*path, "params", key), item, text)
            ok = False
        elif choices and value not in choices:
            text = f"参数“{key}”应为以下之一：{', '.join(choices)}"
            problems.add(where, (*path, "params", key), item, text)
            ok = False
        values[key] = converted
    for name, spec in fields.items():
        if spec.required and name not in params:
            text = f"检查类型“{kind}”缺少参数“{name}”"
            problems.add(where, (*path, "params"), item, text)
            ok = False
    for key in ("any_of", "not_in", "elements", "patterns"):
        patterns = values.get(key, ())
        for pattern in (patterns.values() if isinstance(patterns, dict) else patterns) if ok else ():
            try:
                re.compile(pattern)
            except re.error as err:
                text = f"正则表达式“{pattern}”有误：{err}"
                problems.add(where, (*path, "params", key), item, text)
                ok = False
    return cls(**values) if ok else None


def check_item(
    raw: Mapping[str, Any], path: tuple[Any, ...], where: Locator, problems: Problems
) -> Check | None:
    """Validate one complete item (keys, severity, weight, basis, examples, params), recording
    every problem; a missing key is reported once, as missing.

    Returns the check built from kind and params (None when they are wrong), even when other keys
    have problems, so that references between items can still be checked.
    """
    item_id = str(raw.get("id"))
    unknown_keys(raw, ITEM_KEYS, path, item_id, where, problems)
    if "severity" in raw and raw["severity"] not in SEVERITIES:
        text = f"severity 应为以下之一：{', '.join(SEVERITIES)}"
        problems.add(where, (*path, "severity"), item_id, text)
    weight = raw.get("weight", 0)
    if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight < 0:
        problems.add(where, (*path, "weight"), item_id, "weight 应为不小于 0 的数")
    basis = raw.get("basis")
    if isinstance(basis, dict):
        unknown_keys(basis, BASIS_KEYS, (*path, "basis"), item_id, where, problems)
        if basis.get("confidence") not in CONFIDENCE:
            text = f"confidence 应为以下之一：{', '.join(CONFIDENCE)}"
            problems.add(where, (*path, "basis", "confidence"), item_id, text)
    elif "basis" in raw:
        text = "basis 应为映射（source、confidence……）"
        problems.add(where, (*path, "basis"), item_id, text)
    examples = raw.get("examples")
    lists = [examples.get("pass"), examples.get("fail") or []] if isinstance(examples, dict) else []
    if "examples" in raw and (
        not isinstance(examples, dict)
        or set(examples) - {"pass", "fail"}
        or not examples.get("pass")
        or not all(isinstance(e, list) and all(isinstance(x, str) for x in e) for e in lists)
    ):
        text = "examples 应有非空的 pass 列表和 fail 列表（均为文字）"
        problems.add(where, (*path, "examples"), item_id, text)
    for key in ("title", "short", "why", "fix"):
        if key in raw and not isinstance(raw[key], str):
            problems.add(where, (*path, key), item_id, f"{key} 应为文字")
    check_heading(raw, path, where, problems)
    params = raw.get("params") or {}
    if not isinstance(params, dict):
        problems.add(where, (*path, "params"), item_id, "params 应为映射")
        params = {}
    if "kind" not in raw:
        return None
    return build_check(str(raw["kind"]), params, path, item_id, where, problems)


def check_slots(items: Mapping[str, tuple[Check, tuple[Any, ...], Locator]], problems: Problems) -> None:
    """Each slot is filled by at most one part, and only parts have slots."""
    seen: dict[str, str] = {}
    for item_id, (check, path, where) in items.items():
        slot, role = getattr(check, "slot", ""), getattr(check, "role", "")
        if slot and role != "part":
            problems.add(where, (*path, "params", "slot"), item_id, "只有部分（role: part）才有 slot")
        elif slot in seen:
            text = f"slot“{slot}”已由检查项 {seen[slot]} 占用"
            problems.add(where, (*path, "params", "slot"), item_id, text)
        elif slot:
            seen[slot] = item_id


def heading_of(raw: Mapping[str, Any]) -> tuple[str, int]:
    """(text, chapter) of an item's `heading:`, a string or {text, chapter}; ("", 0) without one."""
    heading = raw.get("heading")
    if isinstance(heading, dict):
        return str(heading.get("text", "")), int(heading.get("chapter", 0))
    return ("", 0) if heading is None else (str(heading), 0)


def check_heading(raw: Mapping[str, Any], path: tuple[Any, ...], where: Locator, problems: Problems) -> None:
    """`heading:` is text (or {text, chapter}) on a section item, and names one of its titles or
    aliases once punctuation is set aside, so the check recognises the heading the template writes."""
    if "heading" not in raw:
        return
    item_id, heading = str(raw.get("id")), raw["heading"]
    at = (*path, "heading")
    if isinstance(heading, dict):
        unknown_keys(heading, HEADING_KEYS, at, item_id, where, problems)
        chapter = heading.get("chapter", 1)
        if not isinstance(chapter, int) or isinstance(chapter, bool) or chapter < 1:
            problems.add(where, (*at, "chapter"), item_id, "heading 的 chapter 应为不小于 1 的整数")
        heading = heading.get("text")
    if not isinstance(heading, str) or not heading.strip():
        problems.add(where, at, item_id, "heading 应为文字，或含 text 和 chapter 的映射")
        return
    if raw.get("kind") != "section":
        problems.add(where, at, item_id, "heading 只用于章节检查项（kind: section）")
        return
    params = raw.get("params")
    params = params if isinstance(params, dict) else {}
    names = [n for key in ("titles", "aliases") for n in (params.get(key) or ()) if isinstance(n, str)]
    if normalise(heading) not in {normalise(n) for n in names}:
        text = f"heading“{heading}”（不计标点）应是本检查项的 titles 或 aliases 之一"
        problems.add(where, at, item_id, text)


def check_references(
    items: Mapping[str, tuple[Check, tuple[Any, ...], Locator]], sections: set[str], problems: Problems
) -> None:
    """Every `section` parameter must name a section item (`sections`) of the same checklist."""
    for item_id, (check, path, where) in items.items():
        for name in SECTION_PARAMS:
            target = getattr(check, name, None)
            if isinstance(target, str) and target and target not in sections:
                known = ", ".join(sorted(sections)) or "无"
                text = f"参数“{name}”指向的“{target}”不是章节检查项（已有：{known}）"
                problems.add(where, (*path, "params", name), item_id, text)

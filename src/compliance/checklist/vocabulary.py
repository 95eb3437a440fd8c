"""Parse and validate a checklist's vocabulary file (rules/vocabulary.yaml) into classify's records.

Every problem is recorded with its position, as for the checklist itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from compliance.checklist.validation import Problems, unknown_keys
from compliance.classify.vocabulary import PartFrame, Programme, Term, Vocabulary

Where = Callable[[tuple[Any, ...]], tuple[str, int, int]]
TOP_KEYS = {
    "schema_version": False,
    "shared": False,
    "parts": False,
    "programmes": False,
    "sections": False,
    "sources": False,
}
PART_KEYS = {"cues": True, "year_offset": False, "first": False, "topic": False}
PROGRAMME_KEYS = {"id": True, "title": True, "from": False, "until": False, "sections": True}


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _terms(
    raw: Any, path: tuple[Any, ...], known: set[str], where: Where, problems: Problems
) -> tuple[tuple[str, tuple[Term, ...]], ...]:
    """`{section id: {term: source tag}}` → records; unknown sections and empty sources are problems."""
    if not isinstance(raw, dict):
        problems.add(where, path, None, "vocabulary：sections 应把章节 id 映射到 {词语: 来源}")
        return ()
    found = []
    for sid, terms in raw.items():
        if sid not in known:
            text = f"vocabulary：“{sid}”不是章节检查项（已有：{', '.join(sorted(known))}）"
            problems.add(where, (*path, sid), None, text)
            continue
        if not isinstance(terms, dict):
            problems.add(where, (*path, sid), None, "vocabulary：terms 应为映射 {词语: 来源}")
            continue
        good = []
        for term, source in terms.items():
            if not isinstance(source, str) or not source.strip() or not str(term).strip():
                text = f"vocabulary：词语“{term}”需要来源（如 A3 这样的标记或出处）"
                problems.add(where, (*path, sid, term), None, text)
                continue
            good.append(Term(str(term), source))
        found.append((str(sid), tuple(good)))
    return tuple(found)


def _year(value: Any, path: tuple[Any, ...], where: Where, problems: Problems) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        problems.add(where, path, None, "vocabulary：from/until 应为年份")
        return None
    return value


def _programmes(raw: Any, known: set[str], where: Where, problems: Problems) -> tuple[Programme, ...]:
    if not isinstance(raw, list):
        problems.add(where, ("programmes",), None, "vocabulary：programmes 应为列表")
        return ()
    found = []
    for i, entry in enumerate(raw):
        path = ("programmes", i)
        if not isinstance(entry, dict):
            problems.add(where, path, None, "vocabulary：每个 programme 应为映射")
            continue
        unknown_keys(entry, PROGRAMME_KEYS, path, None, where, problems)
        start = _year(entry.get("from"), (*path, "from"), where, problems)
        end = _year(entry.get("until"), (*path, "until"), where, problems)
        sections = _terms(entry.get("sections", {}), (*path, "sections"), known, where, problems)
        found.append(Programme(str(entry.get("id", "")), str(entry.get("title", "")), start, end, sections))
    return tuple(found)


def _parts(raw: Any, known: set[str], where: Where, problems: Problems) -> tuple[tuple[str, PartFrame], ...]:
    if not isinstance(raw, dict):
        problems.add(where, ("parts",), None, "vocabulary：parts 应把部分 id 映射到 {cues: […]}")
        return ()
    found = []
    for sid, entry in raw.items():
        path = ("parts", sid)
        if sid not in known or not isinstance(entry, dict):
            problems.add(where, path, None, f"vocabulary：“{sid}”不是检查清单中的部分")
            continue
        unknown_keys(entry, PART_KEYS, path, None, where, problems)
        cues, offset = entry.get("cues", []), entry.get("year_offset")
        if not _strings(cues):
            problems.add(where, (*path, "cues"), None, "vocabulary：cues 应为词语列表")
            cues = []
        if offset is not None and (not isinstance(offset, int) or isinstance(offset, bool)):
            problems.add(where, (*path, "year_offset"), None, "vocabulary：year_offset 应为整数")
            offset = None
        first = entry.get("first", False)
        if not isinstance(first, bool):
            problems.add(where, (*path, "first"), None, "vocabulary：first 应为 true 或 false")
            first = False
        topic = entry.get("topic")
        if topic is not None and not (isinstance(topic, str) and topic.strip()):
            problems.add(where, (*path, "topic"), None, "vocabulary: topic must be an area id")
            topic = None
        found.append((str(sid), PartFrame(tuple(cues), offset, first, topic)))
    return tuple(found)


def build_vocabulary(
    data: Mapping[str, Any], sections: set[str], parts: set[str], where: Where, problems: Problems
) -> Vocabulary:
    """A Vocabulary from one parsed file; problems (with positions) are recorded, bad entries skipped."""
    unknown_keys(data, TOP_KEYS, (), None, where, problems)
    if data.get("schema_version", 1) != 1:
        problems.add(where, ("schema_version",), None, "vocabulary：schema_version 应为 1")
    shared = data.get("shared", [])
    if not _strings(shared):
        problems.add(where, ("shared",), None, "vocabulary：shared 应为词语列表")
        shared = []
    sources = data.get("sources", {})
    if not isinstance(sources, dict):
        problems.add(where, ("sources",), None, "vocabulary：sources 应把标记映射到说明")
        sources = {}
    return Vocabulary(
        _terms(data.get("sections", {}), ("sections",), sections, where, problems),
        tuple(shared),
        _programmes(data.get("programmes", []), sections, where, problems),
        _parts(data.get("parts", {}), parts, where, problems),
        tuple((str(k), str(v)) for k, v in sources.items()),
    )

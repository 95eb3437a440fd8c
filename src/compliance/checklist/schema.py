"""The JSON Schema of the checklist format, generated from the check kinds, for editors and CI.

`build_schema()` derives it from validation.py (keys, severities, confidences) and checks.KINDS (each
kind's parameters and their types), so it cannot drift from the loader; the shipped copy
(checklist.schema.json, package data) is what `compliance rules schema` prints, and a test keeps the
two identical. The schema cannot know a parent's item ids, so in a checklist that `extends:` another
every item is treated as a possible override (only `id` required); `compliance rules validate` is
the precise check.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from compliance.checklist.validation import (
    BASIS_KEYS,
    CONFIDENCE,
    HEADING_KEYS,
    ID_RE,
    ITEM_KEYS,
    PARAM_CHOICES,
    PROFILES,
    SEVERITIES,
    TOP_KEYS,
)
from compliance.evaluate.kinds import KINDS
from compliance.records import params

SCHEMA_FILE = "checklist.schema.json"
SCHEMA_ID = "urn:compliance:checklist-schema:1"
_TYPES: dict[str, dict[str, Any]] = {
    "str": {"type": "string"},
    "bool": {"type": "boolean"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "tuple[str, ...]": {"type": "array", "items": {"type": "string"}},
    "Mapping[str, str]": {"type": "object", "additionalProperties": {"type": "string"}},
}
_TEXT = {"type": "string"}
_HEADING = {  # the template's heading: its text, or the text and the 纲要 chapter that orders it
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "additionalProperties": False,
            "required": [k for k, needed in HEADING_KEYS.items() if needed],
            "properties": {
                "text": {"type": "string", "minLength": 1},
                "chapter": {"type": "integer", "minimum": 1},
            },
        },
    ]
}


def _params(kind: str, *, partial: bool) -> dict[str, Any]:
    fields = params(KINDS[kind])
    properties: dict[str, Any] = {}
    for f in fields:
        spec = dict(_TYPES[f.annotation])
        if (kind, f.name) in PARAM_CHOICES:
            spec = {"enum": list(PARAM_CHOICES[(kind, f.name)])}
        properties[f.name] = spec
    schema: dict[str, Any] = {
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": properties,
    }
    required = [f.name for f in fields if f.required]
    if required and not partial:
        schema["required"] = required
    return schema


def _item(*, partial: bool) -> dict[str, Any]:
    """An item; `partial` for an item in a checklist that extends another (it may override one)."""
    properties: dict[str, Any] = {
        "id": {"type": "string", "pattern": ID_RE.pattern},
        "title": _TEXT,
        "short": _TEXT,
        "heading": _HEADING,
        "severity": {"enum": list(SEVERITIES)},
        "weight": {"type": "number", "minimum": 0},
        "kind": {"enum": list(KINDS)},
        "params": {"type": ["object", "null"]},
        "why": _TEXT,
        "basis": {"$ref": "#/$defs/basis-partial" if partial else "#/$defs/basis"},
        "fix": _TEXT,
        "examples": {"$ref": "#/$defs/examples"},
    }
    assert list(properties) == list(ITEM_KEYS), "the schema must list every item key"
    by_kind = [
        {
            "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            "then": {"properties": {"params": _params(kind, partial=partial)}},
        }
        for kind in KINDS
    ]
    required = ["id"] if partial else [k for k, needed in ITEM_KEYS.items() if needed]
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
        "allOf": by_kind,
    }


def _basis(*, partial: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {key: _TEXT for key in BASIS_KEYS}
    properties["confidence"] = {"enum": list(CONFIDENCE)}
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
    if not partial:
        schema["required"] = [k for k, needed in BASIS_KEYS.items() if needed]
    return schema


def build_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a checklist file."""
    properties: dict[str, Any] = {
        "schema_version": {"const": 1},
        "id": {"type": "string", "minLength": 1},
        "version": {"type": ["string", "number"]},
        "title": _TEXT,
        "description": _TEXT,
        "extends": {
            "type": "string",
            "minLength": 1,
            "description": "a shipped checklist (government, department) or a path relative to this file",
        },
        "profile": {"enum": list(PROFILES)},
        "fail_under": {"type": "number", "minimum": 0, "maximum": 100},
        "remove": {"type": "array", "items": {"type": "string", "pattern": ID_RE.pattern}},
        "vocabulary": {
            "type": "string",
            "minLength": 1,
            "description": "the area and part vocabulary file beside this checklist (rules/vocabulary.yaml)",
        },
        "items": {"type": "array"},
    }
    assert list(properties) == list(TOP_KEYS), "the schema must list every top-level key"
    always = [k for k, needed in TOP_KEYS.items() if needed and k not in ("title", "items")]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "compliance checklist",
        "description": "A checklist for the 法治政府建设年度报告 checker (compliance). "
        "See docs/checklists.md; `compliance rules validate FILE` reports every problem with its line.",
        "type": "object",
        "additionalProperties": False,
        "required": always,
        "properties": properties,
        "if": {"required": ["extends"]},
        "then": {"properties": {"items": {"items": {"$ref": "#/$defs/override"}}}},
        "else": {
            "required": ["title", "items"],
            "properties": {"items": {"minItems": 1, "items": {"$ref": "#/$defs/item"}}},
        },
        "$defs": {
            "item": _item(partial=False),
            "override": _item(partial=True),
            "basis": _basis(partial=False),
            "basis-partial": _basis(partial=True),
            "examples": {
                "type": "object",
                "additionalProperties": False,
                "required": ["pass"],
                "properties": {
                    "pass": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                    "fail": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    }


def schema_text(schema: dict[str, Any] | None = None) -> str:
    """The schema as the shipped file holds it: indented UTF-8 JSON with a final newline."""
    return json.dumps(schema or build_schema(), ensure_ascii=False, indent=2) + "\n"


def shipped_schema_text() -> str:
    """The JSON Schema file installed with the package."""
    return (resources.files("compliance.checklist") / SCHEMA_FILE).read_text(encoding="utf-8")

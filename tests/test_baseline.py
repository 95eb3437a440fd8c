"""Baseline: `compliance baseline` records today's findings; `check --baseline` fails only on new ones,
matched by (document, rule, section), and reports the known and the fixed ones in every CI format."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

import compliance
from compliance.cli.main import main
from compliance.errors import UsageError
from compliance.report.baseline import compare, document_path, load_baseline, make_baseline
from helpers import TESTS

SAMPLE_REPO = TESTS / "sample_repo"
PLAN = "reports/district-2022-plan-year.txt"
GOOD = "reports/county-2022.txt"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the sample document repository, as the working directory."""
    target = tmp_path / "repo"
    shutil.copytree(SAMPLE_REPO, target)
    monkeypatch.chdir(target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_baseline_file_is_sorted_deterministic_and_never_overwritten(repo: Path) -> None:
    code, out, _ = invoke("baseline", "reports", "-c", "government")
    assert code == 0 and "已写入基线 .compliance-baseline.json：3 份报告，8 个问题" in out
    first = (repo / ".compliance-baseline.json").read_text(encoding="utf-8")
    data = json.loads(first)
    report = compliance.check_paths(["reports"], "government")
    expected = sorted((document_path(d.path), f.rule) for d in report.documents for f in d.failures)
    assert [(e["document"], e["rule"]) for e in data["findings"]] == expected
    assert "paragraph" not in first and "time" not in first
    code, _, err = invoke("baseline", "reports", "-c", "government")
    assert code == 2 and "--force" in err
    assert invoke("baseline", "reports", "-c", "government", "--force")[0] == 0
    assert (repo / ".compliance-baseline.json").read_text(encoding="utf-8") == first


def test_unchanged_repository_passes_with_its_baseline(repo: Path) -> None:
    assert invoke("check", "reports", "-c", "government")[0] == 1
    invoke("baseline", "reports", "-c", "government")
    code, out, _ = invoke("check", "reports", "-c", "government", "--baseline", ".compliance-baseline.json")
    assert code == 0
    assert "新问题 0 项，已知问题 8 项仍存在，已修复 0 项" in out


def test_a_new_finding_fails_and_is_named(repo: Path) -> None:
    invoke("baseline", "reports", "-c", "government")
    # The good report loses its shortcomings heading: a new error-severity finding.
    edit(repo / GOOD, "二、存在的不足和原因", "二、其他情况")
    code, out, _ = invoke("check", "reports", "-c", "government", "--baseline", ".compliance-baseline.json")
    assert code == 1
    new_section = out.split("新问题（基线中没有，导致检查不通过）：")[1]
    assert f"{GOOD}  [shortcomings]" in new_section
    assert PLAN not in new_section.split("已修复")[0]  # the known ones are not new


def test_fixed_findings_are_listed_and_edits_do_not_break_matching(repo: Path) -> None:
    invoke("baseline", "reports", "-c", "government")
    plan = repo / PLAN
    # Fix the plan year (heading and first sentence of the plan part) ...
    edit(plan, "三、2022年重点工作", "三、2023年重点工作")
    edit(plan, "\n2022年,区政府将", "\n2023年,区政府将")
    # ... and insert paragraphs above every known problem: paragraph numbers all change.
    lines = plan.read_text(encoding="utf-8").splitlines()
    plan.write_text(
        "\n".join([lines[0], "补充说明一。", "补充说明二。", *lines[1:]]) + "\n", encoding="utf-8"
    )
    code, out, _ = invoke(
        "check", PLAN, "-c", "government", "--baseline", ".compliance-baseline.json", "-f", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["baseline"]["new"] == 0 and data["baseline"]["fixed"] == 1
    assert [(e["document"], e["rule"]) for e in data["baseline"]["fixed_findings"]] == [(PLAN, "plan-year")]
    # the two other documents were not checked in this run: their entries are neither fixed nor known
    assert data["baseline"]["not_checked"] == 3
    (doc,) = data["documents"]
    assert doc["baseline"]["passed"] is True and doc["passed"] is False  # the plain verdict is unchanged
    failed = [f for f in doc["findings"] if f["status"] == "fail"]
    assert failed and all(f["baseline"] == "known" for f in failed)
    assert all("baseline" not in f for f in doc["findings"] if f["status"] != "fail")


def test_json_keeps_every_existing_key(repo: Path) -> None:
    invoke("baseline", "reports", "-c", "government")
    plain = json.loads(invoke("check", "reports", "-c", "government", "-f", "json")[1])
    code, out, _ = invoke(
        "check", "reports", "-c", "government", "-f", "json", "--baseline", ".compliance-baseline.json"
    )
    with_baseline = json.loads(out)
    assert code == 0
    assert set(plain) < set(with_baseline)
    for before, after in zip(plain["documents"], with_baseline["documents"], strict=True):
        stripped = {k: v for k, v in after.items() if k != "baseline"}
        stripped["findings"] = [{k: v for k, v in f.items() if k != "baseline"} for f in after["findings"]]
        assert stripped == before  # keys added, none renamed or changed
        assert "baseline" in after


def test_baseline_works_from_another_folder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    invoke("baseline", "reports", "-c", "government")
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")
    code, out, _ = invoke(
        "check", "../reports", "-c", "government", "--baseline", "../.compliance-baseline.json"
    )
    assert code == 0 and "已知问题 8 项" in out


def test_ci_formats_show_known_and_new(repo: Path) -> None:
    invoke("baseline", "reports", "-c", "government")
    edit(repo / GOOD, "二、存在的不足和原因", "二、其他情况")
    args = ("check", "reports", "-c", "government", "--baseline", ".compliance-baseline.json")
    code, out, _ = invoke(*args, "-f", "sarif")
    assert code == 1
    states = {
        (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]): r["baselineState"]
        for r in json.loads(out)["runs"][0]["results"]
    }
    assert states[(GOOD, "shortcomings")] == "new"
    assert states[(PLAN, "plan-year")] == "unchanged"  # still reported: the alert stays open
    assert list(states.values()).count("unchanged") == 8
    _, out, _ = invoke(*args, "-f", "junit")
    suite = next(s for s in ET.fromstring(out).findall("testsuite") if s.get("name") == PLAN)
    assert suite.get("failures") == "0"
    skipped = [
        c.find("skipped") for c in suite.findall("testcase") if c.get("name", "").startswith("plan-year ")
    ]
    assert skipped[0] is not None and "基线" in (skipped[0].get("message") or "")
    _, out, _ = invoke(*args, "-f", "github")
    annotated = [line for line in out.splitlines() if line.startswith(("::error", "::warning"))]
    assert annotated and all(f"file={GOOD}" in line for line in annotated)
    assert "另有 8 个已记录在基线中的已知问题未标注" in out


def test_bad_baseline_files_are_one_line_errors(repo: Path) -> None:
    (repo / "bad.json").write_text("{not json", encoding="utf-8")
    (repo / "wrong.json").write_text('{"schema_version": 1, "findings": [{"rule": 3}]}', encoding="utf-8")
    for name, cause in (("missing.json", "不存在"), ("bad.json", "JSON 语法错误"), ("wrong.json", "第1项")):
        code, out, err = invoke("check", GOOD, "-c", "government", "--baseline", name)
        assert code == 2 and out == ""
        (line,) = err.strip().splitlines()
        assert line.startswith(f"错误：{name}: ") and cause in line and "Traceback" not in err
    with pytest.raises(UsageError):
        load_baseline("bad.json")


def test_unsupported_format_and_unreadable_documents(repo: Path) -> None:
    invoke("baseline", "reports", "-c", "government")
    code, _, err = invoke(
        "check", GOOD, "-c", "government", "--baseline", ".compliance-baseline.json", "-f", "csv"
    )
    assert code == 2 and "--baseline 不支持“csv”格式" in err
    (repo / "reports" / "empty.txt").write_bytes(b"")
    code, _, err = invoke("baseline", "reports", "-c", "government", "-o", "other.json")
    assert code == 2 and "empty.txt" in err and not (repo / "other.json").exists()


def test_library_compare(repo: Path) -> None:
    report = compliance.check_paths(["reports"], "government")
    baseline = make_baseline(report)
    result = compare(report, baseline, "memory")
    assert (result.new, result.known, result.fixed, result.exit_code) == (0, 8, (), 0)
    empty = compare(report, make_baseline(compliance.check_paths([GOOD], "government")))
    assert empty.new == 8 and empty.exit_code == 1

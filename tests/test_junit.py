"""JUnit output: one <testsuite> per document, one <testcase> per checklist item, read back with
xml.etree and with junitparser (a real JUnit consumer)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from junitparser import Error, Failure, JUnitXml, Skipped

import compliance
from compliance.cli.main import main
from compliance.formats.junit import format_junit
from compliance.records import replace
from helpers import GOLDEN, TESTS

SAMPLE_REPO = TESTS / "sample_repo"
PLAN_YEAR_DOC = "reports/district-2022-plan-year.txt"


def sample_report(monkeypatch: pytest.MonkeyPatch) -> compliance.Report:
    monkeypatch.chdir(SAMPLE_REPO)
    return compliance.check_paths(["reports"], "government")


def test_one_suite_per_document_one_case_per_item(monkeypatch: pytest.MonkeyPatch) -> None:
    report = sample_report(monkeypatch)
    items = [i.id for i in compliance.load_checklist("government").items]
    root = ET.fromstring(format_junit(report))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [d.path for d in report.documents]
    for suite, doc in zip(suites, report.documents, strict=True):
        cases = suite.findall("testcase")
        assert [c.get("name", "").split()[0] for c in cases] == items
        assert suite.get("tests") == str(len(items))
        failed = [c.get("name", "").split()[0] for c in cases if c.find("failure") is not None]
        assert failed == [f.rule for f in doc.failures]
        assert suite.get("failures") == str(len(failed))
    assert root.get("failures") == str(sum(len(d.failures) for d in report.documents))
    assert root.get("tests") == str(len(items) * len(report.documents))


def test_failure_carries_message_and_evidence(monkeypatch: pytest.MonkeyPatch) -> None:
    report = sample_report(monkeypatch)
    root = ET.fromstring(format_junit(report))
    suite = next(s for s in root.findall("testsuite") if s.get("name") == PLAN_YEAR_DOC)
    case = next(c for c in suite.findall("testcase") if c.get("name", "").startswith("plan-year "))
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("type") == "错误"
    assert "2023" in (failure.get("message") or "")  # the plan should be for the year after 2022
    text = failure.text or ""
    assert "位置：第32行「三、2022年重点工作」" in text  # line 32 of the file is that heading
    assert "依据：" in text and "建议：" in text
    lines = (SAMPLE_REPO / PLAN_YEAR_DOC).read_text(encoding="utf-8").splitlines()
    assert lines[31] == "三、2022年重点工作"


def test_junitparser_reads_it_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    report = sample_report(monkeypatch)
    target = tmp_path / "junit.xml"
    target.write_text(format_junit(report), encoding="utf-8")
    xml = JUnitXml.fromfile(str(target))
    suites = list(xml)
    assert len(suites) == len(report.documents)
    for suite, doc in zip(suites, report.documents, strict=True):
        failures = [
            case.name.split()[0] for case in suite if any(isinstance(r, Failure) for r in case.result)
        ]
        assert failures == [f.rule for f in doc.failures]
        assert suite.tests == len(doc.findings) and suite.failures == len(doc.failures)
    good = next(s for s in suites if s.name == "reports/county-2022.txt")
    # Every case passes, or is skipped: the items that need a 落款 date or last year's report.
    assert all(case.is_passed or case.is_skipped for case in good)
    assert sum(case.is_skipped for case in good) == 2


def test_not_applicable_items_are_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (SAMPLE_REPO / "reports/county-2022.txt").read_text(encoding="utf-8")
    head, _, _ = text.partition("二、")  # no plan part: the plan-year item cannot apply
    (tmp_path / "partial.txt").write_text(head, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = compliance.check_paths(["partial.txt"], "government")
    skipped = [f.rule for f in report.documents[0].findings if f.status == "skip"]
    assert "plan-year" in skipped
    target = tmp_path / "junit.xml"
    target.write_text(format_junit(report), encoding="utf-8")
    (suite,) = list(JUnitXml.fromfile(str(target)))
    seen = [c.name.split()[0] for c in suite if any(isinstance(r, Skipped) for r in c.result)]
    assert seen == skipped
    assert suite.skipped == len(skipped)


def test_unreadable_document_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "junit.xml"
    target.write_text(format_junit(compliance.check_paths(["empty.txt"], "government")), encoding="utf-8")
    (suite,) = list(JUnitXml.fromfile(str(target)))
    assert suite.errors == 1
    (case,) = list(suite)
    (error,) = case.result
    assert isinstance(error, Error) and "空" in (error.message or "")


def test_control_characters_from_a_report_do_not_break_the_xml(monkeypatch: pytest.MonkeyPatch) -> None:
    report = sample_report(monkeypatch)
    doc = report.documents[1]
    finding = replace(doc.failures[0], evidence="第一\x0b第二\x00\x1f", message="原因\x08未写")
    findings = tuple(finding if f.rule == finding.rule else f for f in doc.findings)
    bad = replace(report, documents=(replace(doc, findings=findings),))
    root = ET.fromstring(format_junit(bad))  # would raise on an invalid character
    failure = root.find(f"testsuite/testcase[@name='{finding.rule} {finding.name}']/failure")
    assert failure is not None
    assert failure.get("message") == "原因未写" and "「第一第二」" in (failure.text or "")


def test_no_timestamps_and_golden(monkeypatch: pytest.MonkeyPatch, update_goldens: bool) -> None:
    """The sample repository as JUnit; regenerate deliberately with `pytest --update-goldens`."""
    out = format_junit(sample_report(monkeypatch))
    assert "timestamp" not in out and "time=" not in out
    golden = GOLDEN / "sample-repo.junit.xml"
    if update_goldens:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SAMPLE_REPO)
    result = CliRunner().invoke(main, ["check", "reports/county-2022.txt", "-c", "government", "-f", "junit"])
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout)
    assert root.get("failures") == "0" and root.get("errors") == "0"

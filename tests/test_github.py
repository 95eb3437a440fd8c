"""GitHub Actions output: escaped workflow commands, the 10-per-step annotation limit, and the
Markdown job summary (--summary FILE, at most 1 MiB)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import compliance
from compliance.cli.main import main
from compliance.formats.github import (
    ANNOTATION_LIMIT,
    SUMMARY_LIMIT,
    escape_data,
    escape_property,
    format_github,
    job_summary,
    workflow_command,
)
from compliance.records import replace
from helpers import GOLDEN, TESTS

SAMPLE_REPO = TESTS / "sample_repo"
COMMAND_RE = re.compile(r"^::(?P<command>[a-z]+)(?: (?P<props>[^:]*))?::(?P<message>.*)$")


def unescape(text: str) -> str:
    """GitHub's runner unescaping (the inverse of its documented escaping)."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Parse one workflow command line the way the runner does: properties split on "," and "="."""
    match = COMMAND_RE.match(line)
    assert match, f"not a workflow command: {line!r}"
    props = {}
    for pair in filter(None, (match["props"] or "").split(",")):
        key, _, value = pair.partition("=")
        props[key] = unescape(value)
    return match["command"], props, unescape(match["message"])


def sample_report(monkeypatch: pytest.MonkeyPatch) -> compliance.Report:
    monkeypatch.chdir(SAMPLE_REPO)
    return replace(compliance.check_paths(["reports"], "government"), tool_version="0.0.0-test")


def test_escaping_follows_github_rules() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert escape_data("a:b,c") == "a:b,c"  # only properties escape : and ,


def test_nasty_values_round_trip_through_the_runner_parser() -> None:
    path, title, message = "报告,第1版:终稿%.txt", "标题：a,b:c", "第一行\n第二行 100% ::x"
    line = workflow_command("error", message, file=path, line="3", title=title)
    assert "\n" not in line
    assert parse(line) == ("error", {"file": path, "line": "3", "title": title}, message)


def test_annotations_for_the_sample_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    report = sample_report(monkeypatch)
    lines = format_github(report).splitlines()
    commands = [parse(line) for line in lines if line.startswith("::")]
    expected = [
        (d.path, f) for d in report.documents for f in d.failures
    ]  # every failed finding, nothing else
    assert len(commands) == len(expected)
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    assert sorted((p["file"], p["title"].split("：")[0], c) for c, p, _ in commands) == sorted(
        (path, f.rule, kinds[f.severity]) for path, f in expected
    )
    plan = next(p for c, p, _ in commands if p["title"].startswith("plan-year"))
    assert plan == {"file": "reports/district-2022-plan-year.txt", "line": "32", "title": plan["title"]}
    assert lines[-1].startswith("compliance：检查 3 份报告，2 份不符合要求")
    assert not any("county-2022.txt" in line for line in lines)  # the good report has no annotation


def test_more_than_ten_errors_says_so_once_first(monkeypatch: pytest.MonkeyPatch) -> None:
    report = sample_report(monkeypatch)
    failing = report.documents[1]  # the plan-year report: two errors
    assert sum(1 for f in failing.failures if f.severity == "error") == 2
    many = replace(report, documents=tuple(replace(failing, path=f"r{i}.txt") for i in range(6)))
    lines = format_github(many, full_report="任务摘要").splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 12 > ANNOTATION_LIMIT
    command, _props, message = parse(lines[0])
    assert command == "notice" and "12 个错误" in message and "10 个错误" in message and "任务摘要" in message
    assert sum(1 for line in lines if "GitHub 每个步骤只显示" in line) == 1
    few = replace(report, documents=report.documents[:2])
    assert not any("只显示" in line for line in format_github(few).splitlines())


def test_golden(monkeypatch: pytest.MonkeyPatch, update_goldens: bool) -> None:
    """The sample repository as annotations and summary; regenerate with `pytest --update-goldens`."""
    report = sample_report(monkeypatch)
    out = format_github(report) + "\n----- summary -----\n" + job_summary(report)
    golden = GOLDEN / "sample-repo.github.txt"
    if update_goldens:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_summary_content_and_markdown_escaping(monkeypatch: pytest.MonkeyPatch) -> None:
    report = sample_report(monkeypatch)
    doc = replace(report.documents[1], path="a|b<script>.txt")
    summary = job_summary(replace(report, documents=(doc,)))
    assert f"| a\\|b&lt;script&gt;.txt | 不符合要求 | {doc.score:g} | 2 | 2 | 1 |" in summary
    assert "<script>" not in summary
    assert "`plan-year`" in summary and "第32行" in summary


def test_summary_is_capped_at_one_mebibyte(monkeypatch: pytest.MonkeyPatch) -> None:
    report = sample_report(monkeypatch)
    failing = report.documents[1]
    docs = tuple(replace(failing, path=f"reports/{i:05d}.txt") for i in range(2000))
    big = replace(report, documents=docs)
    summary = job_summary(big)
    size = len(summary.encode("utf-8"))
    assert SUMMARY_LIMIT == 1024 * 1024
    assert SUMMARY_LIMIT - 2000 < size <= SUMMARY_LIMIT
    assert summary.rstrip().endswith("完整结果请看 SARIF 或 JSON 输出。")
    assert "| reports/01999.txt |" in summary  # the documents table comes first and is complete
    small = job_summary(big, limit=5000)
    assert len(small.encode("utf-8")) <= 5000 and "以下内容已省略" in small


def test_cli_github_format_and_summary_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(SAMPLE_REPO)
    summary = tmp_path / "summary.md"
    args = ["check", "reports", "-c", "government", "-f", "github", "--summary", str(summary)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=reports/district-2022-plan-year.txt,line=32,")
    assert summary.read_text(encoding="utf-8").startswith("## 法治政府建设年度报告检查结果")
    again = CliRunner().invoke(main, args)  # the summary file exists now
    assert again.exit_code == 2 and "--force" in again.stderr
    assert CliRunner().invoke(main, [*args, "--force"]).exit_code == 1
    ok = CliRunner().invoke(main, ["check", "reports/county-2022.txt", "-c", "government", "-f", "github"])
    assert ok.exit_code == 0 and not any(line.startswith("::") for line in ok.stdout.splitlines())

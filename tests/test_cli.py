"""The command line: exit codes, one-line errors, JSON contract, outputs that never overwrite."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.cli.main import main
from helpers import GOLDEN, ROOT, SAMPLES, SEED_TXT

SEED_DOCX = SAMPLES / "jianghai-2022.docx"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_exit_codes() -> None:
    assert invoke("check", str(SAMPLES / "good-2022.txt"))[0] == 0
    assert invoke("check", str(SEED_DOCX))[0] == 1
    assert invoke("check", str(SAMPLES / "good-2022.txt"), "--fail-under", "100")[0] == 0
    assert invoke("check", "no-such-file.docx")[0] == 2
    assert invoke("check")[0] == 2  # usage error: no path
    assert invoke("check", str(SEED_DOCX), "--format", "yaml")[0] == 2


def test_fail_under_can_only_make_it_stricter_or_looser_by_score() -> None:
    code, out, _ = invoke("check", str(SAMPLES / "good-2022.txt"), "--format", "json", "--fail-under", "100")
    assert code == 0
    assert json.loads(out)["documents"][0]["fail_under"] == 100


@pytest.mark.parametrize(
    ("content", "name", "cause"),
    [
        (b"", "empty.txt", "空"),
        (b"PK\x03\x04broken", "broken.docx", "损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.doc", "Word 97"),
        (b"just text", "report.xlsx", ".xlsx"),
    ],
)
def test_bad_input_is_one_chinese_line_naming_the_file(
    tmp_path: Path, content: bytes, name: str, cause: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = invoke("check", str(path))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("错误：") and str(path) in lines[0] and cause in lines[0]
    assert "Traceback" not in err


def test_json_contract() -> None:
    code, out, _ = invoke("check", str(SEED_DOCX), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["schema_version"] == 1
    assert data["tool"]["name"] == "compliance"
    assert data["checklist"]["id"] == "government"
    (doc,) = data["documents"]
    assert {
        "path",
        "title",
        "report_year",
        "score",
        "passed",
        "outline",
        "sections",
        "findings",
    } <= set(doc)
    assert doc["path"] == str(SEED_DOCX)
    ids = [s["id"] for s in doc["sections"]]
    assert ids[:5] == ["achievements", "shortcomings", "leader-duty", "next-year", "other"]
    assert {"rule-system", "emergency-response", "digital-government"} <= set(ids)
    for section in doc["sections"]:
        assert {"id", "found", "heading", "paragraph", "evidence"} <= set(section)
    for entry in doc["outline"]:
        assert {"text", "level", "paragraph", "section", "similarity"} <= set(entry)
    assert len(doc["findings"]) == len({f["rule"] for f in doc["findings"]})
    for finding in doc["findings"]:
        assert {"rule", "severity", "passed", "message", "paragraph", "evidence"} <= set(finding)
        assert finding["severity"] in ("error", "warning", "info")


def test_json_golden(update_goldens: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole JSON of the seed; regenerate deliberately with `pytest --update-goldens`."""
    monkeypatch.chdir(ROOT)
    code, out, _ = invoke("check", "seeds/000_1c1d18808efcf126.txt", "--format", "json")
    out = (
        json.dumps(
            {**json.loads(out), "tool": {"name": "compliance", "version": "*"}},
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    golden = GOLDEN / "seed.json"
    if update_goldens:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert code == 1
    assert out == golden.read_text(encoding="utf-8")


def test_output_file_is_never_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert invoke("check", str(SEED_TXT), "-f", "json", "-o", str(target))[0] == 1
    first = target.read_text(encoding="utf-8")
    assert json.loads(first)["documents"][0]["report_year"] == 2022
    code, _, err = invoke("check", str(SEED_TXT), "-f", "json", "-o", str(target))
    assert code == 2 and "--force" in err
    assert invoke("check", str(SEED_TXT), "-f", "json", "-o", str(target), "--force")[0] == 1
    assert target.read_text(encoding="utf-8") == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no temporary files left


def test_terminal_output_is_chinese_and_plain_when_not_a_terminal() -> None:
    code, out, _ = invoke("check", str(SEED_DOCX))
    assert code == 1
    assert "\x1b[" not in out
    for text in (
        "江门市江海区2022年法治政府建设年度报告",
        "得分",
        "不符合要求",
        "五项内容",
        "任务领域",
        "shortcoming-reasons",
        "依据",
        "建议",
    ):
        assert text in out


def test_rules_and_explain() -> None:
    code, out, _ = invoke("rules")
    assert code == 0 and "shortcoming-reasons" in out and "achievements" in out
    code, out, _ = invoke("explain", "shortcoming-reasons")
    assert code == 0
    for text in ("为什么", "依据", "督察工作规定", "通过示例", "不通过示例"):
        assert text in out
    code, _, err = invoke("explain", "no-such-rule")
    assert code == 2 and "no-such-rule" in err


def test_python_dash_m_and_no_traceback_on_a_missing_checklist(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "compliance", "check", str(SEED_TXT), "-c", "nope"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("错误：") and "Traceback" not in result.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "compliance", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0 and "compliance" in ok.stdout


def test_several_files_with_one_unreadable(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04")
    code, out, _ = invoke("check", str(SAMPLES / "good-2022.txt"), str(bad), "--format", "json")
    assert code == 2
    docs = json.loads(out)["documents"]
    assert [d.get("error") is None for d in docs] == [True, False]
    assert docs[0]["passed"] is True


def test_no_color_is_honoured_even_when_colour_is_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    from compliance import check
    from compliance.formats.terminal import format_terminal

    report = check(SEED_DOCX)
    coloured = format_terminal(report, width=80, color=True)
    assert "\x1b[31" in coloured or "\x1b[1;31" in coloured  # red for the failed error
    monkeypatch.setenv("NO_COLOR", "1")
    plain = format_terminal(report, width=80, color=True)
    assert not any(f"\x1b[{code}" in plain for code in ("31", "32", "33", "36", "1;31", "1;32"))
    from rich.cells import cell_len  # display width: a Chinese character takes two columns

    assert max(cell_len(line) for line in format_terminal(report, width=80).splitlines()) <= 80


def test_the_command_lines_spelt_out_names_agree_with_the_library() -> None:
    """The CLI spells out a few names so that building it imports no checklist code."""
    from compliance.checklist.validation import PROFILES
    from compliance.cli import baseline as baseline_command
    from compliance.cli.common import PROFILE_CHOICES
    from compliance.report.baseline import DEFAULT_BASELINE
    from compliance.settings.config import AUTO

    assert (*PROFILES, AUTO) == PROFILE_CHOICES
    assert baseline_command.DEFAULT_BASELINE == DEFAULT_BASELINE


def test_version_starts_without_the_pipeline() -> None:
    """`compliance --version` loads click and nothing of the pipeline (start-up, bench_startup.py)."""
    import subprocess
    import sys

    code = (
        "import sys; from compliance.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('compliance.', 'yaml', 'rich', 'docx'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(done.stdout.strip().splitlines()[-1].replace("'", '"'))
    # the formats' names only, and the web app's option defaults (plain constants, no web library)
    light = {
        "compliance.version",
        "compliance.errors",
        "compliance.formats",
        "compliance.web",
        "compliance.web.settings",
    }
    assert [m for m in loaded if not m.startswith("compliance.cli") and m not in light] == []

"""Batch checks: folders and globs, parallel workers in input order, error rows, exit codes, progress."""

from __future__ import annotations

import json
import os
import pty
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance import DocumentReport, UsageError, check_document, check_paths, collect_paths, load_checklist
from compliance.batch import checker, run_batch
from compliance.cli.main import main
from compliance.formats.terminal import progress_bar
from helpers import CORPUS, SAMPLES, SEED_TXT

CHECKLIST = load_checklist()


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def explode_on_boom(path: str) -> DocumentReport:
    """A check function (module level, so workers can unpickle it) with a bug for one file."""
    if "boom" in path:
        raise RuntimeError("simulated bug")
    return check_document(path, CHECKLIST)


def die_on_crash(path: str) -> DocumentReport:
    """A check function whose worker process dies on one file, as if killed or out of memory."""
    if "crash" in path:
        os._exit(3)
    return check_document(path, CHECKLIST)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """reports/ with .txt and .docx mixed in subfolders, plus files a batch must skip."""
    root = tmp_path / "reports"
    (root / "区县" / "江海区").mkdir(parents=True)
    (root / "部门").mkdir()
    shutil.copy(SAMPLES / "good-2022.txt", root / "区县" / "a-good.txt")
    shutil.copy(SAMPLES / "jianghai-2022.docx", root / "区县" / "江海区" / "b-seed.docx")
    shutil.copy(SAMPLES / "flawed-plan-year.txt", root / "部门" / "c-plan.txt")
    shutil.copy(CORPUS / "c11_department_education_no_figures.txt", root / "部门" / "d-education.txt")
    (root / "部门" / "~$b-seed.docx").write_bytes(b"owner file of an open Word document")
    (root / "README.md").write_text("# 各单位报告\n", encoding="utf-8")
    (root / "部门" / "data.xlsx").write_bytes(b"PK\x03\x04")
    return root


def test_folders_are_recursive_sorted_and_skip_other_files(folder: Path) -> None:
    """Report formats only (a PDF is kept: it is checked or refused with a reason), never a README,
    a spreadsheet or Word's ~$ owner file."""
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not a report")
    found = [Path(p).relative_to(folder).as_posix() for p in collect_paths([folder])]
    assert found == [
        "notes.pdf",
        "区县/a-good.txt",
        "区县/江海区/b-seed.docx",
        "部门/c-plan.txt",
        "部门/d-education.txt",
    ]


def test_globs_expand_to_report_files_and_duplicates_are_dropped(folder: Path) -> None:
    docx = collect_paths([str(folder / "**" / "*.docx")])
    assert docx == [str(folder / "区县" / "江海区" / "b-seed.docx")]  # the ~$ owner file is hidden
    everything = collect_paths(
        [str(folder / "部门" / "*"), str(folder / "部门"), str(folder / "部门" / "c-plan.txt")]
    )
    assert everything == [str(folder / "部门" / "c-plan.txt"), str(folder / "部门" / "d-education.txt")]
    nothing = str(folder / "*.doc")
    assert collect_paths([nothing]) == [nothing]  # kept, so that it is reported, not silently dropped
    (row,) = run_batch([nothing], checker(CHECKLIST))
    assert row.error and "通配符" in row.error


def test_parallel_results_equal_serial_results_in_input_order(folder: Path) -> None:
    paths = collect_paths([folder, SAMPLES, CORPUS])
    assert len(paths) > 20
    serial = run_batch(paths, checker(CHECKLIST), jobs=1)
    parallel = run_batch(paths, checker(CHECKLIST), jobs=2, processes=True)
    assert [d.path for d in parallel] == paths
    assert [d.to_dict() for d in parallel] == [d.to_dict() for d in serial]
    assert [d.to_dict() for d in serial] == [check_document(p, CHECKLIST).to_dict() for p in paths]


def test_unreadable_files_and_bugs_become_error_rows_and_the_rest_is_checked(tmp_path: Path) -> None:
    paths = []
    for name in ("a.txt", "b-boom.txt", "c.txt", "d.txt", "e.txt"):
        shutil.copy(SEED_TXT, tmp_path / name)
        paths.append(str(tmp_path / name))
    (tmp_path / "c.txt").write_bytes(b"")  # empty: unreadable
    done: list[str] = []
    rows = run_batch(paths, explode_on_boom, jobs=2, processes=True, on_done=lambda r: done.append(r.path))
    assert [r.path for r in rows] == paths and sorted(done) == sorted(paths)
    assert [r.error is None for r in rows] == [True, False, False, True, True]
    assert rows[1].error and "内部错误" in rows[1].error and "simulated bug" in rows[1].error
    assert rows[2].error and "空" in rows[2].error
    assert rows[0].to_dict() == check_document(paths[0], CHECKLIST).to_dict()


def test_a_dead_worker_gives_error_rows_and_does_not_hang_the_batch(tmp_path: Path) -> None:
    paths = []
    for name in ("a.txt", "crash.txt", "c.txt", "d.txt"):
        shutil.copy(SEED_TXT, tmp_path / name)
        paths.append(str(tmp_path / name))
    rows = run_batch(paths, die_on_crash, jobs=2, processes=True)
    assert [r.path for r in rows] == paths
    assert rows[1].error and "进程异常退出" in rows[1].error
    assert all(r.error is None or "进程异常退出" in r.error for r in rows)
    again = run_batch(paths[:1] + paths[2:], die_on_crash, jobs=2, processes=True)  # a new pool works
    assert all(r.error is None for r in again)


def test_jobs_must_be_positive() -> None:
    with pytest.raises(UsageError):
        run_batch([str(SEED_TXT)], checker(CHECKLIST), jobs=0)
    code, _, err = invoke("check", str(SEED_TXT), "--jobs", "0")
    assert code == 2 and "Traceback" not in err


def test_library_check_paths_runs_in_parallel_when_asked(folder: Path) -> None:
    one = check_paths([folder], CHECKLIST)
    two = check_paths([folder], CHECKLIST, jobs=2)
    assert one.to_dict() == two.to_dict() and len(one.documents) == 4


def test_cli_batch_with_a_broken_file_reports_every_document_and_the_worst_exit_code(folder: Path) -> None:
    (folder / "部门" / "e-broken.docx").write_bytes(b"PK\x03\x04 truncated")
    code, out, err = invoke("check", str(folder), "--jobs", "2", "--format", "json")
    assert code == 2 and err == ""
    docs = json.loads(out)["documents"]
    assert [Path(d["path"]).name for d in docs] == [
        "a-good.txt",
        "b-seed.docx",
        "c-plan.txt",
        "d-education.txt",
        "e-broken.docx",
    ]
    assert [d.get("error") is None for d in docs] == [True, True, True, True, False]
    assert all(d["findings"] for d in docs[:4]) and docs[4]["findings"] == []
    assert invoke("check", str(folder / "区县"))[0] == 1  # the worst is a report that does not comply
    assert invoke("check", str(folder / "区县" / "a-good.txt"), str(SAMPLES / "good-2022.txt"))[0] == 0


def test_cli_terminal_matrix_has_one_row_per_document(folder: Path) -> None:
    (folder / "部门" / "e-broken.docx").write_bytes(b"PK\x03\x04 truncated")
    result = CliRunner().invoke(main, ["check", str(folder), "-j", "2"], env={"COLUMNS": "200"})
    code, out = result.exit_code, result.stdout
    assert code == 2
    docs = json.loads(invoke("check", str(folder), "-f", "json")[1])["documents"]  # the same run, as data
    passed = sum(1 for d in docs if d["passed"])
    assert f"共 5 份：符合要求 {passed} 份，不符合要求 {4 - passed} 份，无法检查 1 份" in out
    lines = out.splitlines()
    assert f"文件夹：{folder}" in lines
    for doc in docs:
        name = Path(doc["path"]).relative_to(folder).as_posix()  # shown relative to the shared folder
        text = next(line for line in lines if line.startswith(name + " "))
        if doc.get("error"):
            assert "无法检查" in text and doc["error"] in text
            continue
        assert f"{doc['score']:g}" in text and ("不符合要求" in text) == (not doc["passed"])
        passed_rules = {f["rule"] for f in doc["findings"] if f["passed"]}
        marks = "".join(
            "○"
            if s["status"] == "missing" and s["id"] in passed_rules
            else {"heading": "✓", "content": "~", "missing": "✗"}[s["status"]]
            for s in doc["sections"]
            if s["role"] == "part"
        )
        assert f"│ {marks} " in text
        areas = [s for s in doc["sections"] if s["role"] == "area"]
        assert f"│ {sum(s['found'] for s in areas)}/{len(areas)} " in text
    assert "\x1b[" not in out


def test_a_single_unreadable_file_is_still_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04")
    code, out, err = invoke("check", str(bad), "--jobs", "2")
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith(f"错误：{bad}")


def test_progress_bar_helper_draws_on_a_terminal_and_is_silent_when_disabled() -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    with progress_bar(3, file=screen, color=True) as advance:
        for name in ("a.txt", "b.txt", "c.txt"):
            advance(name)
    assert "检查报告" in screen.getvalue() and "3/3" in screen.getvalue()
    quiet = Terminal()
    with progress_bar(3, enabled=False, file=quiet) as advance:
        advance("a.txt")
    assert quiet.getvalue() == ""


def run_on_a_terminal(args: list[str]) -> tuple[int, str, str]:
    """Run the CLI with stderr on a real pseudo-terminal (stdout a pipe); return code, stdout, terminal."""
    import fcntl
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "compliance", *args],
        stdout=subprocess.PIPE,
        stderr=slave,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(slave)
    screen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        screen += chunk
    out, _ = process.communicate(timeout=120)  # small (a CSV of a few rows): fits the pipe meanwhile
    os.close(master)
    code = process.returncode
    return code, out.decode("utf-8"), screen.decode("utf-8", errors="replace")


@pytest.mark.skipif(not hasattr(pty, "openpty") or sys.platform == "win32", reason="needs a POSIX pty")
def test_progress_bar_on_a_real_terminal_only_and_never_with_quiet(folder: Path) -> None:
    code, out, screen = run_on_a_terminal(["check", str(folder), "-j", "2", "-f", "csv"])
    assert code == 1
    assert "检查报告" in screen and "4/4" in screen  # the bar, on the terminal
    assert "检查报告" not in out and out.startswith("\ufeff文件,")  # stdout keeps only the CSV
    code, out, screen = run_on_a_terminal(["check", str(folder), "-j", "2", "-f", "csv", "--quiet"])
    assert code == 1 and "检查报告" not in screen and out.startswith("\ufeff文件,")
    # not a terminal (CliRunner): no bar either
    code, out, err = invoke("check", str(folder), "-j", "2", "-f", "csv")
    assert code == 1 and "检查报告" not in err + out


def test_results_cross_process_boundaries_unchanged() -> None:
    """The records pickle as (class, field values): equal after the round trip, and small."""
    import pickle

    result = check_document(SAMPLES / "jianghai-2022.docx", CHECKLIST)
    data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    again = pickle.loads(data)
    assert again == result and again.to_dict() == result.to_dict()
    assert type(again.findings[0].basis) is type(result.findings[0].basis)

"""Writing never loses data: every failed write is one `错误：` line (exit 2, no traceback, no half
file), and no output may replace one of the inputs, even with --force."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance import output
from compliance.cli import main
from helpers import SAMPLES, SEED_TXT

SEED_DOCX = SAMPLES / "jianghai-2022.docx"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr + (f"\n{result.exception!r}" if result.exit_code == 1 else "")


def one_error_line(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED_TXT, tmp_path / "r.txt")
    (tmp_path / "out").mkdir()
    return tmp_path / "r.txt"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# One command line per writer: check -o, check --summary, annotate -o, template -o, baseline -o.
WRITERS = {
    "check": lambda r, o: ["check", str(r), "-f", "json", "-o", o],
    "summary": lambda r, o: ["check", str(r), "-f", "json", "--summary", o],
    "check-html": lambda r, o: ["check", str(r), str(r), "-f", "html", "-o", o],
    "annotate": lambda r, o: ["annotate", str(r.with_suffix(".docx")), "-o", o],
    "template": lambda r, o: ["template", "--year", "2024", "--issuer", "某某区人民政府", "-o", o],
    "baseline": lambda r, o: ["baseline", str(r), "-o", o],
}


def target(name: str, stem: str) -> str:
    return f"{stem}.docx" if name in ("annotate", "template") else f"{stem}.json"


@pytest.fixture
def inputs(report: Path) -> Path:
    shutil.copy(SEED_DOCX, report.with_suffix(".docx"))
    return report


@pytest.mark.parametrize("writer", WRITERS)
def test_a_missing_folder_is_one_line(inputs: Path, writer: str) -> None:
    path = f"nowhere/{target(writer, 'x')}"
    code, err = invoke(*WRITERS[writer](inputs, path))
    one_error_line(code, err, path, "不存在")
    assert not Path("nowhere").exists()


@pytest.mark.parametrize("writer", WRITERS)
def test_a_folder_that_is_a_file_is_one_line(inputs: Path, writer: str) -> None:
    path = f"r.txt/{target(writer, 'x')}"  # ENOTDIR: the "folder" is the report file
    code, err = invoke(*WRITERS[writer](inputs, path))
    one_error_line(code, err, path, "不是文件夹")


@pytest.mark.parametrize("writer", WRITERS)
def test_a_name_too_long_is_one_line(inputs: Path, writer: str) -> None:
    path = f"out/{target(writer, '报' * 120)}"  # 360 bytes in UTF-8: past NAME_MAX (255)
    code, err = invoke(*WRITERS[writer](inputs, path))
    one_error_line(code, err, "太长")
    assert leftovers(inputs.parent / "out") == []


@pytest.mark.parametrize(
    ("number", "cause"),
    [
        (errno.EROFS, "只读"),
        (errno.ENOSPC, "磁盘空间不足"),
        (errno.EACCES, "没有写入权限"),
        (errno.EDQUOT, "磁盘配额"),
        (errno.EIO, "无法写入"),
    ],
)
@pytest.mark.parametrize("writer", WRITERS)
def test_every_cause_is_named_and_no_temporary_file_is_left(
    inputs: Path, writer: str, number: int, cause: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rename into place fails (as on a read-only or full file system, where the test, run as
    root, cannot make one): the message names the path and the cause, the temporary file is gone."""

    def refuse(source: str, destination: str) -> None:
        raise OSError(number, os.strerror(number), destination)

    monkeypatch.setattr(output.os, "replace", refuse)
    path = f"out/{target(writer, 'x')}"
    code, err = invoke(*WRITERS[writer](inputs, path))
    one_error_line(code, err, path, cause)
    assert sorted(p.name for p in (inputs.parent / "out").iterdir()) == []


def test_a_failed_write_of_the_data_leaves_nothing(inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up while writing: no half file, no temporary file."""
    real = os.fdopen

    class Full:
        def __init__(self, handle: int, mode: str) -> None:
            self.stream = real(handle, mode)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

        def write(self, data: bytes) -> int:
            self.stream.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output.os, "fdopen", Full)
    code, err = invoke("check", str(inputs), "-f", "json", "-o", "out/x.json")
    one_error_line(code, err, "out/x.json", "磁盘空间不足")
    assert list((inputs.parent / "out").iterdir()) == []


def test_a_read_only_file_system_is_one_line(inputs: Path) -> None:
    """A real read-only file system: /proc refuses new files even to root."""
    code, err = invoke("check", str(inputs), "-f", "json", "-o", "/proc/compliance-x.json")
    one_error_line(code, err, "/proc/compliance-x.json", "无法写入")


# ------------------------------------------------------------------------------- onto an input


def spellings(report: Path) -> list[str]:
    link = report.parent / "link.txt"
    link.symlink_to(report)
    (report.parent / "sub").mkdir()
    return ["r.txt", str(report), "./r.txt", "sub/../r.txt", str(link)]


def test_check_never_writes_onto_an_input_even_with_force(report: Path) -> None:
    before = report.read_bytes()
    for spelling in spellings(report):
        for option in ("-o", "--summary"):
            code, err = invoke("check", "r.txt", "-f", "markdown", option, spelling, "--force")
            one_error_line(code, err, spelling, "原文件")
            assert report.read_bytes() == before


def test_check_of_a_folder_never_writes_onto_a_report_in_it(report: Path) -> None:
    before = report.read_bytes()
    code, err = invoke("check", ".", "-f", "csv", "-o", "r.txt", "--force")
    one_error_line(code, err, "r.txt", "原文件")
    assert report.read_bytes() == before


def test_baseline_and_annotate_never_write_onto_an_input(inputs: Path) -> None:
    before = inputs.read_bytes()
    for spelling in spellings(inputs):
        code, err = invoke("baseline", "r.txt", "-o", spelling, "--force")
        one_error_line(code, err, spelling, "原文件")
    assert inputs.read_bytes() == before
    docx_before = inputs.with_suffix(".docx").read_bytes()
    code, err = invoke("annotate", "r.docx", "-o", "sub/../r.docx", "--force")
    one_error_line(code, err, "原文件")
    assert inputs.with_suffix(".docx").read_bytes() == docx_before


def test_a_successful_write_has_the_usual_mode_and_no_temporary_file(report: Path) -> None:
    code, _ = invoke("check", "r.txt", "-f", "json", "-o", "out/x.json")
    assert code in (0, 1)
    written = report.parent / "out" / "x.json"
    assert written.read_text(encoding="utf-8").startswith("{")
    assert written.stat().st_mode & 0o777 == 0o644 & ~current_umask()
    assert leftovers(report.parent / "out") == []


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

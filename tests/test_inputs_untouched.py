"""Every command leaves its inputs exactly as they were: reports, checklists, configs, baselines.

Each command of the CLI (found by walking the click group, so a new command is covered too) runs
on copies of real and hostile inputs; the SHA-256 and mtime of every input are compared before and
after each call, and no lock or temporary file may appear beside the inputs or the outputs.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from compliance.cli.main import main
from compliance.formats import FORMATTERS
from helpers import FIXTURES, ROOT, SAMPLES

HOSTILE = Path(__file__).parent / "hostile"
REPORTS = {  # name in the inputs folder -> source
    "jianghai-2022.docx": SAMPLES / "jianghai-2022.docx",
    "jianghai-2022.txt": SAMPLES / "jianghai-2022.txt",
    "no-title-gbk.txt": SAMPLES / "flawed-no-title-gbk.txt",
    "legacy.doc": FIXTURES / "seed-word97.doc",
    "xxe.docx": HOSTILE / "xxe.docx",
    "truncated.docx": HOSTILE / "truncated.docx",
    "encrypted.docx": HOSTILE / "encrypted.docx",
    "renamed-xlsx.docx": HOSTILE / "renamed-xlsx.docx",
    "big5.txt": HOSTILE / "big5.txt",
}
SLOW = {"legacy.doc"}  # converted by LibreOffice: run with fewer formats


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


class Inputs:
    """A folder of inputs with their fingerprints, and a separate folder for outputs."""

    def __init__(self, root: Path) -> None:
        self.folder = root / "inputs"
        self.out = root / "out"
        self.folder.mkdir()
        self.out.mkdir()
        for name, source in REPORTS.items():
            shutil.copyfile(source, self.folder / name)
        self.checklist = self.folder / "my-checklist.yaml"
        shutil.copyfile(ROOT / "rules" / "government.yaml", self.checklist)
        (self.folder / ".compliance.toml").write_text("fail_under = 60\n", encoding="utf-8")
        self.reports = [self.folder / name for name in REPORTS]
        self.count = 0

    def output(self, suffix: str) -> str:
        self.count += 1
        return str(self.out / f"out{self.count}{suffix}")

    def fingerprints(self) -> dict[str, tuple[str, int]]:
        return {
            p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(self.folder.iterdir())
        }


def invocations(path: tuple[str, ...], inputs: Inputs) -> list[list[str]]:
    """The calls made for one command; an unknown command gets each input as its argument."""
    checklist = str(inputs.checklist)
    reports = [str(r) for r in inputs.reports]
    fast = [str(r) for r in inputs.reports if r.name not in SLOW]
    docx = str(inputs.folder / "jianghai-2022.docx")
    known: dict[tuple[str, ...], list[list[str]]] = {
        ("check",): [
            *(["check", r] for r in reports),
            *(["check", r, "-f", f, "-o", inputs.output(f".{f}")] for r in fast for f in sorted(FORMATTERS)),
            ["check", str(inputs.folder / "legacy.doc"), "-f", "json", "-o", inputs.output(".json")],
            ["check", str(inputs.folder), "-f", "json", "-o", inputs.output(".json")],
            ["check", docx, "-c", checklist, "--isolated"],
        ],
        ("annotate",): [
            *(["annotate", r, "-o", inputs.output(".docx")] for r in reports),
            ["annotate", docx],  # default output: a new file beside the input
        ],
        ("baseline",): [["baseline", str(inputs.folder), "-o", inputs.output(".json")]],
        ("template",): [
            [
                "template",
                "--year",
                "2024",
                "--issuer",
                "某区人民政府",
                "-o",
                inputs.output(".docx"),
                "-c",
                checklist,
            ],
        ],
        ("explain",): [["explain", "achievements", "-c", checklist]],
        ("rules",): [["rules", "-c", checklist]],
        ("rules", "list"): [["rules", "list", "-c", checklist, "-f", "markdown"]],
        ("rules", "validate"): [["rules", "validate", checklist]],
        ("rules", "schema"): [["rules", "schema"]],
    }
    if path in known:
        return known[path]
    return [[*path, r] for r in [*reports, checklist]]


@pytest.mark.parametrize("path", list(commands(main)), ids=" ".join)
def test_command_leaves_its_inputs_untouched(
    path: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = Inputs(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # anything written by default lands here, not beside the inputs
    for args in invocations(path, inputs):
        before = inputs.fingerprints()
        result = CliRunner().invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.output,
            result.exception,
        )
        assert result.exit_code in (0, 1, 2), (args, result.output)
        after = inputs.fingerprints()
        assert {name: after[name] for name in before} == before, args
        added = set(after) - set(before)
        assert not {n for n in added if n.startswith((".", "~"))}, (args, added)  # lock/temp files
        if path != ("annotate",):
            assert not added, (args, added)
    for folder in (inputs.out, work):
        leftovers = [p.name for p in folder.iterdir() if p.name.startswith((".", "~"))]
        assert not leftovers, leftovers  # no partial or temporary output


def test_a_new_baseline_is_an_input_that_check_leaves_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "baseline" not in main.commands:
        pytest.skip("no baseline command in this version of the CLI")
    inputs = Inputs(tmp_path)
    monkeypatch.chdir(tmp_path)
    baseline = inputs.folder / "baseline.json"
    docx = str(inputs.folder / "jianghai-2022.docx")
    assert CliRunner().invoke(main, ["baseline", docx, "-o", str(baseline)]).exit_code == 0
    before = inputs.fingerprints()
    result = CliRunner().invoke(main, ["check", docx, "--baseline", str(baseline)])
    assert result.exit_code in (0, 1), result.output
    assert inputs.fingerprints() == before


def test_inputs_are_only_ever_opened_for_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root, permission bits stop nothing: watch the open() calls themselves instead."""
    inputs = Inputs(tmp_path)
    folder = str(inputs.folder)
    real_open = open
    real_os_open = os.open
    writes: list[str] = []

    def inside(file: object) -> bool:
        return isinstance(file, str | os.PathLike) and os.fspath(file).startswith(folder)

    def checked_open(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if inside(file) and any(flag in mode for flag in "wax+"):
            writes.append(f"{file} {mode}")
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    def checked_os_open(file: object, flags: int, *args: object, **kwargs: object) -> int:
        if inside(file) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND):
            writes.append(f"{file} {flags:o}")
        return real_os_open(file, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("builtins.open", checked_open)
    monkeypatch.setattr(io, "open", checked_open)  # Path.open and zipfile use io.open
    monkeypatch.setattr(os, "open", checked_os_open)
    for report in inputs.reports:
        CliRunner().invoke(main, ["check", str(report), "-f", "json", "-o", inputs.output(".json")])
    assert writes == []
    (inputs.folder / "probe.txt").write_text("x")  # the watch itself works
    assert writes == [f"{inputs.folder / 'probe.txt'} w"]

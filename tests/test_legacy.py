"""Legacy .doc/.wps (and .rtf/.odt): converted by the real LibreOffice, numbering intact, cleaned up."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import threading
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance import DocumentReport, check_document, load_checklist, load_document
from compliance.cli.main import main
from compliance.errors import DocumentError
from compliance.reading.legacy import SOFFICE_ENV, converted_docx, find_soffice
from compliance.text import fold
from helpers import FIXTURES, SEED_TXT

SEED_DOC = FIXTURES / "seed-word97.doc"  # LibreOffice: seed-word-numbering.docx saved as Word 97
HOSTILE = Path(__file__).parent / "hostile"
CHECKLIST = load_checklist()
needs_soffice = pytest.mark.skipif(
    find_soffice() is None,
    reason="LibreOffice (soffice) is not installed: .ci/run installs libreoffice-writer-nogui",
)


def run(path: Path) -> DocumentReport:
    result = check_document(path, CHECKLIST)
    assert result.error is None, result.error
    return result


def sections(result: DocumentReport) -> list[tuple[str, str, int | None, str | None]]:
    """Sections with headings width-folded: the .doc has full-width punctuation, the .txt not."""
    return [(s.id, s.status, s.paragraph, s.heading and fold(s.heading)) for s in result.sections]


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point tempfile at an empty folder, to see what a conversion leaves behind."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> Path:
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv(SOFFICE_ENV, str(program))
    return program


# --- the real LibreOffice ---------------------------------------------------------------------


@needs_soffice
def test_seed_doc_gives_the_same_sections_as_the_text_seed() -> None:
    doc = run(SEED_DOC)
    text = run(SEED_TXT)
    assert doc.format == "doc"
    assert sections(doc) == sections(text)
    assert doc.title == text.title and doc.report_year == text.report_year == 2022
    assert doc.score == text.score
    assert {f.rule for f in doc.failures} == {f.rule for f in text.failures}


@needs_soffice
def test_automatic_numbering_survives_the_conversion(private_tmp: Path) -> None:
    """The .doc has no typed numbers: the labels come from numbering LibreOffice writes back."""
    data = SEED_DOC.read_bytes()
    with (
        converted_docx(str(SEED_DOC), data, "doc", "Word 97–2003 文档（.doc）") as docx,
        zipfile.ZipFile(docx) as package,
    ):
        numbering = package.read("word/numbering.xml").decode("utf-8")
        body = package.read("word/document.xml").decode("utf-8")
    assert "taiwaneseCountingThousand" in numbering
    assert "一、" not in body and "（一）" not in body  # so the labels below were resolved
    blocks = load_document(SEED_DOC).blocks
    labelled = [b for b in blocks if b.label]
    assert [b.label for b in labelled[:3]] == ["一、", "（一）", "（二）"]
    assert any(b.text.startswith("二、存在的不足") for b in labelled)
    assert list(private_tmp.iterdir()) == []  # the private folder is gone


@needs_soffice
@pytest.mark.parametrize("name", ["report.wps", "report.docx", "报告 2022（定稿）.doc"])
def test_wps_and_misnamed_copies_are_converted_by_content(tmp_path: Path, name: str) -> None:
    copy = tmp_path / name
    shutil.copyfile(SEED_DOC, copy)
    assert sections(run(copy)) == sections(run(SEED_TXT))


@needs_soffice
@pytest.mark.parametrize(("name", "kind"), [("rtf-renamed.doc", "rtf"), ("opendocument.odt", "odt")])
def test_rtf_and_odt_are_converted_too(name: str, kind: str) -> None:
    document = load_document(HOSTILE / name)
    assert document.format == kind
    assert [b.text for b in document.blocks][:2] == ["江海区2022年法治政府建设年度报告", "一、主要举措及成效"]


@needs_soffice
def test_conversion_leaves_no_trace_next_to_the_input(tmp_path: Path, private_tmp: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    copy = folder / "report.doc"
    shutil.copyfile(SEED_DOC, copy)
    copy.chmod(0o444)
    folder.chmod(0o555)  # a read-only folder: no lock file or output can be written there
    try:
        before = copy.read_bytes(), copy.stat().st_mtime_ns
        run(copy)
        assert sorted(p.name for p in folder.iterdir()) == ["report.doc"]
        assert (copy.read_bytes(), copy.stat().st_mtime_ns) == before
    finally:
        folder.chmod(0o755)
    assert list(private_tmp.iterdir()) == []


@needs_soffice
def test_concurrent_conversions_use_private_profiles(tmp_path: Path) -> None:
    results: list[DocumentReport | BaseException] = []

    def convert(path: Path) -> None:
        try:
            results.append(run(path))
        except BaseException as exc:  # reported below
            results.append(exc)

    paths = []
    for number in range(2):
        paths.append(tmp_path / f"copy{number}.doc")
        shutil.copyfile(SEED_DOC, paths[-1])
    threads = [threading.Thread(target=convert, args=(path,)) for path in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(r, DocumentReport) for r in results), results
    assert len({tuple(sections(r)) for r in results if isinstance(r, DocumentReport)}) == 1


# --- without LibreOffice, or when it misbehaves ----------------------------------------------


def test_missing_libreoffice_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SOFFICE_ENV, "/nonexistent/soffice")
    with pytest.raises(DocumentError) as caught:
        load_document(SEED_DOC)
    cause = caught.value.cause
    assert cause.startswith("这是 Word 97–2003 文档（.doc），")
    assert "请安装 LibreOffice" in cause and "libreoffice-writer-nogui" in cause
    assert "另存为 .docx" in cause


def test_missing_libreoffice_on_the_command_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(SOFFICE_ENV, "/nonexistent/soffice")
    wps = tmp_path / "报告.wps"
    shutil.copyfile(SEED_DOC, wps)
    result = CliRunner().invoke(main, ["check", str(wps)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"错误：{wps}: 这是 WPS 文字文档（.wps），请安装 LibreOffice")


def test_missing_libreoffice_in_a_batch_leaves_the_others_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(SOFFICE_ENV, "/nonexistent/soffice")
    doc, text = check_document(SEED_DOC, CHECKLIST), check_document(SEED_TXT, CHECKLIST)
    assert doc.error is not None and "LibreOffice" in doc.error
    assert text.error is None and text.findings


def test_a_hanging_conversion_is_killed_at_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private_tmp: Path
) -> None:
    pid_file = tmp_path / "pid"
    fake_soffice(tmp_path, monkeypatch, f'echo $$ > "{pid_file}"\nexec sleep 300\n')
    with (
        pytest.raises(DocumentError, match=r"LibreOffice 转换超时（超过 1 秒）"),
        converted_docx(str(SEED_DOC), SEED_DOC.read_bytes(), "doc", "Word 文档", timeout=1),
    ):
        pass
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped
    assert list(private_tmp.iterdir()) == []


def test_a_conversion_that_writes_nothing_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private_tmp: Path
) -> None:
    fake_soffice(tmp_path, monkeypatch, "echo 'Error: source file could not be loaded' >&2\nexit 0\n")
    with pytest.raises(DocumentError, match=r"LibreOffice 无法转换这个 Word 97–2003 文档（\.doc）"):
        load_document(SEED_DOC)
    assert list(private_tmp.iterdir()) == []


def test_the_converter_sees_a_private_copy_with_a_private_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What soffice is asked to do: checked by a stand-in that records its arguments."""
    record = tmp_path / "args"
    fake_soffice(tmp_path, monkeypatch, f'printf "%s\\n" "$@" > "{record}"\necho "$HOME" >> "{record}"\n')
    with pytest.raises(DocumentError):  # the stand-in writes no .docx
        load_document(SEED_DOC)
    args = record.read_text(encoding="utf-8").splitlines()
    profile = next(a for a in args if a.startswith("-env:UserInstallation=file://"))
    source, home = Path(args[-2]), args[-1]
    assert source.name == "input.doc" and source.parent != SEED_DOC.parent
    assert profile.startswith(f"-env:UserInstallation={source.parent.as_uri()}/")
    assert home == str(source.parent)
    assert "--headless" in args and args[args.index("--convert-to") + 1].startswith("docx")

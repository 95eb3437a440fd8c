"""Batch dispatch: slow files spread over the workers, input order kept, parts rendered by workers.

No timings: slow files are made slow by waiting for an event (another file starting), so that
the tests assert who checked what and in which order, never how long it took. The tests that
start workers run twice (the `start` fixture): with workers forked from this process (Linux), and
with a thread running here, when they come from a forkserver (or are spawned) instead.
"""

from __future__ import annotations

import ast
import functools
import gc
import io
import itertools
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance import DocumentReport, api, check_document, load_checklist
from compliance.batch import check_batch, pool, run_batch
from compliance.cli.main import main
from compliance.formats import render
from compliance.formats.parts import SPLITS, join_parts, render_part
from compliance.formats.terminal import progress_bar
from compliance.pipeline.check import check_file
from helpers import CORPUS, SAMPLES, SEED_TXT

CHECKLIST = load_checklist()
# A safety net only: a file that waits for another to start gives up after this long, so that a
# broken dispatcher fails the test (the waiting file says it gave up) instead of hanging it.
GIVE_UP_SECONDS = 60.0
POLL_SECONDS = 0.01
# Fast files before and after the slow ones: enough for a batch in which a chunking dispatcher
# would put several files in one task (the old one did from 32 files on two workers).
FAST_BEFORE = 20


def started_marker(path: str) -> Path:
    return Path(path + ".started")


def wait_for(marker: Path) -> bool:
    """True once `marker` exists; False when waiting gave up."""
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while not marker.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(POLL_SECONDS)
    return True


def record_worker(path: str) -> DocumentReport:
    """A check function that says which process checked the file (as the title) and whether it had
    to give up waiting (as the issuer). A file whose text is `wait for NAME` is busy until NAME (in
    the same folder) has started: a slow file that only ends once another one is under way."""
    started_marker(path).touch()
    text = Path(path).read_text(encoding="utf-8")
    gave_up = text.startswith(WAIT) and not wait_for(
        started_marker(str(Path(path).with_name(text[len(WAIT) :])))
    )
    return DocumentReport(path, "txt", str(os.getpid()), "gave up" if gave_up else None, None, None, 0.0)


WAIT = "wait for "


def make_batch(folder: Path, files: dict[str, str]) -> list[str]:
    """The files (name → text) in `folder`, in the order given."""
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [str(folder / name) for name in files]


@pytest.fixture(params=["fork", "clean"])
def start(request: pytest.FixtureRequest) -> Iterator[str]:
    """How the test's workers start: forked from this process, or (with a thread running here, so
    that forking would not be safe) from a forkserver or spawned."""
    if request.param == "fork":
        if pool.start_method() != "fork":
            pytest.skip("workers are forked from the parent on Linux only")
        yield "fork"
        return
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert pool.start_method() in {"forkserver", "spawn"}
        yield pool.start_method()
    finally:
        stop.set()
        thread.join()


def test_adjacent_slow_files_are_spread_over_the_workers(tmp_path: Path, start: str) -> None:
    """Six slow files side by side, each busy until the next one has started: only a dispatcher that
    hands a file to whichever worker is free can check them (a worker holding two adjacent slow
    files, as in a chunk, would wait for itself), and then the two workers take turns."""
    slow = [f"s{i}.txt" for i in range(6)]
    files = {f"a{i:02d}.txt": "" for i in range(FAST_BEFORE)}
    files |= {name: WAIT + after for name, after in itertools.pairwise(slow)}
    files |= {slow[-1]: "", **{f"c{i:02d}.txt": "" for i in range(FAST_BEFORE)}}
    paths = make_batch(tmp_path, files)
    rows = run_batch(paths, record_worker, jobs=2, processes=True)
    assert [r.path for r in rows] == paths  # input order
    assert [r.issuer for r in rows] == [None] * len(paths)  # no file had to give up waiting
    workers = [r.title for r in rows if Path(r.path).name in slow]
    assert len(set(workers)) == 2
    assert all(a != b for a, b in itertools.pairwise(workers))  # taking turns
    assert {r.title for r in rows} == set(workers)


def test_results_come_back_in_input_order_when_the_first_file_finishes_last(
    tmp_path: Path, start: str
) -> None:
    files = {f"f{i}.txt": "" for i in range(1, 8)}
    files = {"f0.txt": WAIT + "f7.txt", **files}  # the first file ends only once the last has begun
    paths = make_batch(tmp_path, files)
    finished: list[str] = []
    rows = run_batch(paths, record_worker, jobs=2, processes=True, on_done=lambda r: finished.append(r.path))
    assert [r.path for r in rows] == paths and finished[-1] == paths[0]
    assert [r.issuer for r in rows] == [None] * len(paths)


class Recorder:
    """A batch.BatchProgress that keeps what it was told."""

    def __init__(self) -> None:
        self.running: set[str] = set()
        self.most = 0
        self.events: list[tuple[str, str]] = []

    def started(self, path: str) -> None:
        self.running.add(path)
        self.most = max(self.most, len(self.running))
        self.events.append(("started", path))

    def finished(self, path: str) -> None:
        assert path in self.running, "finished before it started"
        self.running.remove(path)
        self.events.append(("finished", path))

    def refresh(self) -> None:
        pass


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_knows_the_files_in_flight(tmp_path: Path, jobs: int, start: str) -> None:
    files = {"a.txt": "", "b.txt": WAIT + "c.txt", "c.txt": "", "d.txt": "", "e.txt": ""}
    paths = make_batch(tmp_path, files if jobs == 2 else dict.fromkeys(files, ""))
    progress = Recorder()
    run_batch(paths, record_worker, jobs=jobs, processes=jobs > 1, progress=progress)
    assert progress.running == set()
    assert sorted(p for what, p in progress.events if what == "started") == paths
    assert progress.most == jobs  # b waits for c: both in flight at once with two workers


def test_progress_bar_names_the_files_being_checked() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    with progress_bar(5, file=screen, color=False) as bar:
        bar.started("报告/甲区.docx")
        bar.started("报告/乙区.doc")
        bar.refresh()
        drawn = screen.getvalue()
        bar.finished("报告/甲区.docx")
        bar.started("报告/丙区.docx")
        bar.refresh()
    assert "甲区.docx、乙区.doc" in drawn and "1/5" in screen.getvalue()
    assert "乙区.doc、丙区.docx" in screen.getvalue()


def die_on_crash(path: str) -> DocumentReport:
    if "crash" in path:
        os._exit(3)
    return check_document(path, CHECKLIST)


def test_a_dead_worker_costs_only_its_own_file(tmp_path: Path, start: str) -> None:
    names = ["a.txt", "crash.txt", "c.txt", "d.txt", "crash2.txt", "f.txt"]
    for name in names:
        shutil.copy(SEED_TXT, tmp_path / name)
    paths = [str(tmp_path / name) for name in names]
    rows = run_batch(paths, die_on_crash, jobs=2, processes=True)
    assert [r.path for r in rows] == paths
    assert [bool(r.error) for r in rows] == [False, True, False, False, True, False]
    assert rows[1].error and "进程异常退出" in rows[1].error


@pytest.fixture(scope="module")
def mixed() -> list[str]:
    """Government and department reports (two checklists), a .docx and an unreadable file."""
    paths = api.collect_paths([CORPUS, SAMPLES])
    assert len(paths) > 8
    return [*paths, str(SAMPLES / "does-not-exist.docx")]


@pytest.mark.parametrize("fmt", sorted(SPLITS))
def test_parts_rendered_by_workers_join_into_the_same_text(mixed: list[str], fmt: str, start: str) -> None:
    check = functools.partial(check_file)
    batch = check_batch(mixed, check, jobs=2, processes=True, part_format=fmt)
    assert batch.parts is not None and all(p is not None for p in batch.parts)
    report = api.make_report(None, batch.documents)
    assert len({d.checklist_id for d in report.documents if d.checklist_id}) == 2
    joined = join_parts(report, fmt, batch.parts)
    assert joined is not None and joined == render(report, fmt)
    assert render(report, fmt, parts=batch.parts) == joined
    if fmt == "json":  # against the plain wire form, built here without the split
        assert joined == json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        stamped = render(report, fmt, generated="2024-01-01 08:00:00+08:00", parts=batch.parts)
        assert stamped == render(report, fmt, generated="2024-01-01 08:00:00+08:00")


def test_a_single_document_is_rendered_whole() -> None:
    doc = check_document(SEED_TXT, CHECKLIST)
    report = api.make_report(CHECKLIST, [doc])
    part = render_part("markdown", doc, report.tool_version)
    assert part is not None and join_parts(report, "markdown", [part]) is None
    assert render(report, "markdown", parts=[part]).startswith("# 差距报告")
    assert render_part("terminal", doc, report.tool_version) is None


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "html"])
def test_cli_output_is_the_same_with_one_job_and_with_two(mixed: list[str], fmt: str) -> None:
    def run(jobs: str) -> str:
        return CliRunner().invoke(main, ["check", *mixed, "-f", fmt, "-j", jobs]).stdout

    assert run("2") == run("1")


def test_forked_workers_check_in_other_processes_and_give_what_one_process_gives(
    tmp_path: Path, start: str
) -> None:
    paths = make_batch(tmp_path, {f"f{i}.txt": "" for i in range(12)})
    rows = run_batch(paths, record_worker, jobs=2, processes=True)
    assert [r.path for r in rows] == paths
    assert str(os.getpid()) not in {r.title for r in rows}
    check = functools.partial(check_file)
    files = [str(SEED_TXT), str(SAMPLES / "jianghai-2022.docx")] * 3
    pooled = check_batch(files, check, jobs=2, processes=True, part_format="json")
    alone = check_batch(files, check, jobs=1)
    assert pooled.documents == alone.documents


def test_a_batch_that_cannot_start_a_process_is_checked_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the system refuses new processes (a process limit), the files are still checked."""
    if pool.start_method() != "fork":
        pytest.skip("workers are forked from the parent on Linux only")

    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    paths = make_batch(tmp_path, {f"f{i}.txt": "" for i in range(6)})
    progress = Recorder()
    rows = run_batch(paths, record_worker, jobs=2, processes=True, progress=progress)
    assert [r.path for r in rows] == paths
    assert {r.title for r in rows} == {str(os.getpid())}
    assert progress.running == set() and len(progress.events) == 2 * len(paths)


def modules_after_a_single_check(selected: str) -> list[str]:
    """The modules a fresh process has loaded after `compliance check SEED -f json`, among those
    the expression `selected` (of the module's name `m`) picks."""
    code = (
        "import sys; from compliance.cli import main\n"
        f"try:\n    main(['check', {str(SEED_TXT)!r}, '-f', 'json'])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in sys.modules if {selected}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return list(ast.literal_eval(done.stdout.strip().splitlines()[-1]))


def test_a_single_check_does_not_load_the_process_machinery() -> None:
    loaded = modules_after_a_single_check("m.startswith(('multiprocessing', 'compliance.batch'))")
    assert loaded == ["compliance.batch", "compliance.batch.work"]


def test_a_single_check_does_not_load_the_part_renderers() -> None:
    """A single file's JSON needs no batch part, CSV, HTML or Markdown (start-up, bench_startup.py)."""
    loaded = modules_after_a_single_check("m.startswith('compliance.formats') or m in ('csv', 'html')")
    assert loaded == ["compliance.formats", "compliance.formats.json"]


def name_only(path: str) -> DocumentReport:
    return DocumentReport(path, "txt", None, None, None, None, 0.0)


def test_more_files_than_the_task_pipe_holds_are_all_checked_in_order() -> None:
    """Forked workers take files' positions from a pipe that holds 16,384 of them: the rest are
    written as the workers take the first ones."""
    paths = [f"报告{i}.txt" for i in range(20_000)]
    rows = run_batch(paths, name_only, jobs=2, processes=True)
    assert [r.path for r in rows] == paths


def collecting(path: str) -> DocumentReport:
    """Says whether this process collects garbage (as the title); a file named crash* kills it."""
    if "crash" in path:
        os._exit(3)
    return DocumentReport(path, "txt", str(gc.isenabled()), None, None, None, 0.0)


def test_the_collector_paused_while_results_come_in_runs_again_everywhere(tmp_path: Path, start: str) -> None:
    """The parent pauses garbage collection while it takes in results; it collects again after the
    batch, and every worker collects, also one started in place of a dead one."""
    paths = make_batch(
        tmp_path, {name: "" for name in ["a.txt", "crash.txt", *(f"f{i}.txt" for i in range(8))]}
    )
    rows = run_batch(paths, collecting, jobs=2, processes=True)
    assert gc.isenabled()
    assert rows[1].error and "进程异常退出" in rows[1].error
    assert {r.title for r in rows if not r.error} == {"True"}

"""The compiled checklists (checklist/compiled.py): keyed by content, ignored when unusable, and a
check gives the same result with them, without them, and when they are first built."""

from __future__ import annotations

import gc
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.checklist import compiled, model
from compliance.checklist.extends import Source
from compliance.checklist.shipped import rules_folder
from compliance.classify import index as index_module
from compliance.cli.common import paused_collector, promote_to_oldest
from compliance.cli.main import main
from helpers import ROOT

SEED_DOCX = ROOT / "samples" / "jianghai-2022.docx"
CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and no checklist or index left over in this process's memory."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(compiled.CACHE_ENV, str(folder))
    monkeypatch.delenv(compiled.OFF_ENV, raising=False)
    _forget()
    yield folder
    _forget()


def _forget() -> None:
    model._cached_checklist.cache_clear()
    index_module.index_for.cache_clear()
    index_module._BUILT.clear()


def _shipped(name: str = "government") -> Source:
    source = model._read(name)
    assert source.folder is None
    return source


def test_key_follows_the_content_of_the_checklist_and_of_every_shipped_rules_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _shipped()
    key = compiled.key_of(source)
    assert compiled.key_of(_shipped()) == key  # the same text: the same key
    edited = Source(source.file, source.text.replace("法治", "法制", 1), source.key, None)
    assert compiled.key_of(edited) != key
    copy = tmp_path / "rules"
    shutil.copytree(Path(str(rules_folder())), copy)
    monkeypatch.setattr(compiled, "rules_folder", lambda: copy)
    assert compiled.key_of(source) == key  # an identical copy of the rules
    vocabulary = copy / "vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert compiled.key_of(source) != key  # the vocabulary the checklist names has changed


def test_key_follows_the_code_that_builds_the_checklist(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = _shipped()
    key = compiled.key_of(source)
    named = {p.relative_to(compiled.PACKAGE).as_posix() for p in compiled._code_files()}
    assert {
        "classify/index.py",
        "classify/scoring.py",
        "checklist/model.py",
        "text.py",
        "simplified.py",
    } <= named
    copy = tmp_path / "compliance"
    for name in named:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(compiled.PACKAGE / name, copy / name)
    monkeypatch.setattr(compiled, "PACKAGE", copy)
    assert compiled.key_of(source) == key  # the same code elsewhere
    scoring = copy / "classify" / "scoring.py"
    scoring.write_text(
        scoring.read_text(encoding="utf-8").replace("MARGIN = 6.0", "MARGIN = 7.0"), encoding="utf-8"
    )
    assert compiled.key_of(source) != key  # a scoring rule changed: the compiled form is stale


def test_first_load_compiles_and_the_next_process_reads_the_same_checklist_and_indexes(cache: Path) -> None:
    built = model.load_checklist("government")
    entries = list(cache.glob("checklist-*.pickle"))
    assert len(entries) == 1
    assert not [p for p in cache.iterdir() if p.suffix == ".tmp"]  # written atomically, nothing left
    specs, vocabulary = built.section_specs, built.vocabulary
    fresh = {i.programme: i for i in compiled.compile_indexes(specs, vocabulary)}
    _forget()  # as a new process: nothing in memory
    loaded = model.load_checklist("government")
    assert loaded == built
    for year in (2016, 2022, None):
        index = index_module.index_for(loaded.section_specs, loaded.vocabulary, year)
        expected = fresh[index.programme]
        assert (index.ids, index.roles, index.weights, index.terms) == (
            expected.ids,
            expected.roles,
            expected.weights,
            expected.terms,
        )
        assert (index.ordered, index.marks, index.starts, index.programme) == (
            expected.ordered,
            expected.marks,
            expected.starts,
            expected.programme,
        )
        assert (index.shared.pattern if index.shared else None) == (
            expected.shared.pattern if expected.shared else None
        )
    assert index_module._BUILT  # the indexes came from the compiled form


def test_a_corrupt_entry_is_ignored_and_replaced(cache: Path) -> None:
    built = model.load_checklist("department")
    (entry,) = cache.glob("checklist-*.pickle")
    for garbage in (b"", b"not a pickle", entry.read_bytes()[:100]):
        entry.write_bytes(garbage)
        _forget()
        assert model.load_checklist("department") == built
        assert entry.read_bytes() != garbage  # built again and written anew


def test_an_entry_of_another_kind_is_ignored(cache: Path) -> None:
    model.load_checklist("government")
    (entry,) = cache.glob("checklist-*.pickle")
    entry.write_bytes(pickle.dumps((compiled.FORMAT, "a checklist?", (), "no vocabulary", {})))
    _forget()
    assert compiled.load(_shipped()) is None
    assert model.load_checklist("government").id == "government"


def test_an_unwritable_cache_folder_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(compiled.CACHE_ENV, str(blocker / "cache"))  # its parent is a file
    _forget()
    try:
        assert model.load_checklist("government").id == "government"
    finally:
        _forget()
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_turned_off_nothing_is_written(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(compiled.OFF_ENV, "1")
    model.load_checklist("government")
    assert not cache.exists()


def test_a_checklist_file_of_the_user_is_not_compiled(cache: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "schema_version: 1\nextends: government\nid: mine\nversion: '1'\ntitle: 我的清单\nitems: []\n",
        encoding="utf-8",
    )
    assert model.load_checklist(str(mine)).id == "mine"
    assert not cache.exists()  # parsed in every process: its parent is read as part of it


def _check(path: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "compliance", "check", str(path), "-f", "json", "--isolated"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


@pytest.mark.parametrize(
    "path",
    [SEED_DOCX, CORPUS / "c02_areas_as_top_level.txt", ROOT / "samples" / "flawed-plan-year.txt"],
    ids=lambda p: p.name,
)
def test_a_check_gives_the_same_result_without_while_building_and_with_the_compiled_form(
    path: Path, tmp_path: Path
) -> None:
    env = {**os.environ, compiled.CACHE_ENV: str(tmp_path / "cache")}
    env.pop(compiled.OFF_ENV, None)
    without = _check(path, {**env, compiled.OFF_ENV: "1"})
    building = _check(path, env)
    assert list((tmp_path / "cache").glob("checklist-*.pickle"))
    compiled_ = _check(path, env)
    assert without == building == compiled_


def test_old_entries_are_pruned_when_one_is_written(cache: Path) -> None:
    cache.mkdir(parents=True)
    now = time.time()
    for n in range(40):  # entries of earlier versions, one an hour back
        entry = cache / f"checklist-old{n:02d}.pickle"
        entry.write_bytes(b"earlier")
        os.utime(entry, (now - 3600 * n, now - 3600 * n))
    month_old = cache / "checklist-month-old.pickle"
    month_old.write_bytes(b"earlier")
    os.utime(month_old, (now - 31 * 86400, now - 31 * 86400))
    other = cache / "notes.txt"
    other.write_text("not an entry", encoding="utf-8")
    model.load_checklist("government")  # compiles, writes its entry, prunes
    kept = {p.name for p in cache.glob("checklist-*.pickle")}
    assert len(kept) == compiled.KEEP_ENTRIES
    assert any(compiled.key_of(_shipped()) in name for name in kept)  # the new entry is one of them
    assert "checklist-old00.pickle" in kept and "checklist-old39.pickle" not in kept
    assert "checklist-month-old.pickle" not in kept
    assert other.exists()


@pytest.mark.parametrize("before", [True, False], ids=["collector on", "collector off"])
def test_check_pauses_the_garbage_collector_only_while_it_runs(before: bool) -> None:
    seen: list[bool] = []
    import compliance.batch as batch_module  # the command imports check_batch from it when it runs

    original = batch_module.check_batch

    def watching(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    (gc.enable if before else gc.disable)()
    try:
        batch_module.check_batch = watching  # type: ignore[assignment]
        one = CliRunner().invoke(main, ["check", str(SEED_DOCX), "-f", "json", "--isolated"])
        two = CliRunner().invoke(
            main,
            ["check", str(SEED_DOCX), str(ROOT / "samples" / "jianghai-2023.docx"), "-f", "json", "-j", "1"],
        )
        after = gc.isenabled()
    finally:
        batch_module.check_batch = original
        gc.enable()
    assert one.exit_code in (0, 1) and two.exit_code in (0, 1), one.output + two.output
    assert seen == [False, before]  # one report: paused; a batch: as it was before the command
    assert after is before  # restored when the command ends


def test_what_a_paused_command_made_is_in_the_oldest_generation_after_it() -> None:
    """As the collector comes back on, what the command made is moved to the oldest generation
    instead of being scanned by one young-generation collection over all of it."""
    kept: list[list[int]] = []

    @paused_collector
    def command() -> None:
        kept.extend([n] for n in range(1000))

    gc.enable()
    command()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(item) in oldest for item in kept)


def test_a_check_process_freezes_its_objects_at_exit() -> None:
    """The interpreter's final collections then skip them (see cli.common.freeze_at_exit)."""
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen' if gc.get_freeze_count() else 'not frozen'))\n"
        "from compliance.cli.main import main\n"
        f"main(['check', {str(SEED_DOCX)!r}, '-f', 'json', '-o', sys.argv[1]])\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [sys.executable, "-c", code, str(Path(folder) / "out.json")], capture_output=True, text=True
        )
        assert json.loads((Path(folder) / "out.json").read_text(encoding="utf-8"))["documents"]
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout.strip() == "frozen"  # the hook registered by the command ran before this one


def test_promoting_moves_every_object_to_the_oldest_generation() -> None:
    gc.disable()
    try:
        made = [[n] for n in range(1000)]
        promote_to_oldest()
        oldest = {id(o) for o in gc.get_objects(generation=2)}
        assert all(id(item) in oldest for item in made)
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_objects_frozen_by_others_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        result = CliRunner().invoke(main, ["check", str(SEED_DOCX), "-f", "json", "--isolated"])
        assert result.exit_code in (0, 1), result.output
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()

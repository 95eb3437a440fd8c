"""One pipeline: the library, `compliance check` and `compliance annotate` agree on every corpus report.

Each corpus report (tests/corpus/*.txt) is rebuilt as a .docx (one Normal paragraph per line, as
a drafter's typed report), so that annotate can comment on it, and checked three ways with the
same settings: `compliance.check()`, `compliance check -f json` and `compliance annotate`. They
must give the same profile, score and failing findings, with no configuration and with a
`.compliance.toml` that ignores an item.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner

import compliance
from compliance.cli import main
from docx_builders import Para, make_docx
from helpers import CORPUS

NAMES = sorted(p.name for p in CORPUS.glob("*.txt"))
IGNORED = "emergency-response"  # an item of both shipped checklists, failed by most corpus reports
CONFIG = f'ignore = [{{rule = "{IGNORED}", reason = "下一年度计划另行发布"}}]\n'
SCORE = re.compile(r"（(?P<profile>[^，]+)，得分 (?P<score>[0-9.]+)，")


def as_docx(name: str, folder: Path) -> Path:
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return make_docx(folder / (Path(name).stem + ".docx"), [Para(line) for line in lines if line.strip()])


def verdict(doc: dict[str, Any]) -> tuple[str, float, list[str]]:
    failing = [f["title"] for f in doc["findings"] if f["status"] == "fail"]
    return doc["profile"], doc["score"], failing


def three_ways(path: Path, out: Path, *, config: bool) -> list[tuple[str, float, list[str]]]:
    library = compliance.check(path, config=config).to_dict()["documents"][0]
    runner = CliRunner()
    isolated = [] if config else ["--isolated"]
    checked = runner.invoke(main, ["check", str(path), "-f", "json", *isolated])
    assert checked.exit_code in (0, 1), checked.output
    cli = json.loads(checked.stdout)["documents"][0]
    annotated = runner.invoke(main, ["annotate", str(path), "-o", str(out), *isolated])
    assert annotated.exit_code in (0, 1), annotated.output
    said = SCORE.search(annotated.stdout)
    assert said, annotated.stdout
    # A finding found in several places has a comment on each: one title per finding is compared.
    comments = list(
        dict.fromkeys(c.text.splitlines()[0].split("】", 1)[1] for c in docx.Document(str(out)).comments)
    )
    labels = {"government": "政府报告（government）", "department": "部门报告（department）"}
    profile = next(p for p, label in labels.items() if label == said["profile"])
    return [verdict(library), verdict(cli), (profile, float(said["score"]), comments)]


@pytest.mark.parametrize("name", NAMES)
def test_library_check_and_annotate_agree(name: str, tmp_path: Path) -> None:
    path = as_docx(name, tmp_path)
    library, cli, annotated = three_ways(path, tmp_path / "annotated.docx", config=False)
    assert library == cli == annotated


@pytest.mark.parametrize("name", NAMES)
def test_they_agree_with_a_configuration_that_ignores_an_item(name: str, tmp_path: Path) -> None:
    (tmp_path / ".compliance.toml").write_text(CONFIG, encoding="utf-8")
    path = as_docx(name, tmp_path)
    results = three_ways(path, tmp_path / "annotated.docx", config=True)
    assert results[0] == results[1] == results[2]
    findings = compliance.check(path, config=True).documents[0].findings
    assert [f.status for f in findings if f.rule == IGNORED] == ["ignored"]


def test_the_corpus_has_both_profiles_and_the_ignored_item_fails_somewhere(tmp_path: Path) -> None:
    """The agreement tests mean something: both checklists are used, and the ignored item would
    otherwise fail (so ignoring it changes what annotate must comment on)."""
    profiles, failed = set(), False
    for name in NAMES:
        doc = compliance.check(CORPUS / name).documents[0]
        profiles.add(doc.profile)
        failed |= any(f.rule == IGNORED and f.status == "fail" for f in doc.findings)
    assert profiles == {"government", "department"} and failed


def test_the_library_infers_the_profile_and_reads_no_configuration_unless_asked(tmp_path: Path) -> None:
    justice = next(CORPUS.glob("c10_*.txt"))
    (tmp_path / "r.txt").write_bytes(justice.read_bytes())
    (tmp_path / ".compliance.toml").write_text('profile = "government"\n', encoding="utf-8")
    assert compliance.check(tmp_path / "r.txt").documents[0].profile == "department"
    assert compliance.check(tmp_path / "r.txt", config=True).documents[0].profile == "government"
    assert compliance.check(tmp_path / "r.txt", profile="government").documents[0].profile == "government"
    rows = compliance.check_paths([tmp_path]).documents
    assert [d.profile for d in rows] == ["department"]


def test_version_is_exported() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", compliance.__version__)
    assert compliance.tool_version() == compliance.__version__

"""The development sets of real report openings beyond the shared ones (tests/real_dev2, real_dev3,
real_dev4; each folder's README says where it came from): the section every labelled heading gets,
the year and the title of every opening, and the totals. The misses still open are listed with
their cause in each folder's known-misses.yaml (xfail), not hidden."""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

import pytest
import yaml

from helpers import ROOT
from real_sets import LabelledSet, squeeze

SET_NAMES = ("real_dev2", "real_dev3", "real_dev4")


@cache
def labelled(name: str) -> LabelledSet:
    return LabelledSet(ROOT / "tests" / name)


@cache
def known(name: str) -> dict[str, Any]:
    """The set's known-misses.yaml: minimums, headings [{file, prefix, why}], titles [{file, why}]."""
    text = (ROOT / "tests" / name / "known-misses.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def heading_misses(name: str) -> dict[tuple[str, str], str]:
    return {(miss["file"], miss["prefix"]): miss["why"] for miss in known(name)["headings"] or []}


def title_misses(name: str) -> dict[str, str]:
    return {miss["file"]: miss["why"] for miss in known(name)["titles"] or []}


HEADING_CASES = [(name, *case) for name in SET_NAMES for case in labelled(name).cases]
OPENINGS = [(name, label["file"]) for name in SET_NAMES for label in labelled(name).labels]


@pytest.mark.parametrize(
    ("name", "file", "position"), HEADING_CASES, ids=[f"{s}/{f}#{i}" for s, f, i in HEADING_CASES]
)
def test_labelled_heading_section(name: str, file: str, position: int) -> None:
    labels = labelled(name)
    heading = labels.label(file)["headings"][position]
    reason = heading_misses(name).get((file, heading["prefix"]))
    if reason:
        pytest.xfail(f"known miss: {reason}")
    assert labels.right(file, position), (heading, labels.sections(file)[position])


@pytest.mark.parametrize("name", SET_NAMES)
def test_known_misses_are_still_misses(name: str) -> None:
    """A fixed miss must leave known-misses.yaml (so the list cannot hide new successes or go stale)."""
    assert labelled(name).fixed(heading_misses(name)) == []


@pytest.mark.parametrize(("name", "file"), OPENINGS, ids=[f"{s}/{f}" for s, f in OPENINGS])
def test_year_and_title(name: str, file: str) -> None:
    if file in title_misses(name):
        pytest.xfail(f"known miss: {title_misses(name)[file]}")
    label, found = labelled(name).label(file), labelled(name).report(file)
    assert found.report_year == label["year"]
    assert (squeeze(found.title) or None) == label["title"]


@pytest.mark.parametrize("name", SET_NAMES)
def test_totals(name: str) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import accuracy

    tally, least = accuracy.measure(ROOT / "tests" / name), known(name)["minimums"]
    assert tally.headings_right / tally.headings >= least["headings"]
    assert tally.years_right / tally.years >= least["years"]
    assert tally.titles_right / tally.titles >= least["titles"]

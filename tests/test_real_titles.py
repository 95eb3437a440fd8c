"""The year and title of every labelled real report opening (tests/real_openings) are a reader's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from compliance.reading.loader import load_document
from compliance.structure.outline import recover_structure

CORPUS = Path(__file__).parent / "real_openings"
LABELS = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
# Openings whose year no text in them states or dates: the reviewer knew it from the page's source.
YEAR_UNKNOWABLE = {
    "031.txt": "names no year at all (only 省委十三届三次、四次全会 and 主题教育, which date it to 2023)",
}


def _squeeze(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", "", text)


def _marks(label: dict[str, object]) -> list[pytest.MarkDecorator]:
    reason = YEAR_UNKNOWABLE.get(str(label["file"]))
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


@pytest.mark.parametrize("label", [pytest.param(label, id=label["file"]) for label in LABELS])
def test_title(label: dict[str, object]) -> None:
    structure = recover_structure(load_document(CORPUS / str(label["file"])))
    assert _squeeze(structure.title) == label["title"]


@pytest.mark.parametrize(
    "label", [pytest.param(label, id=label["file"], marks=_marks(label)) for label in LABELS]
)
def test_year(label: dict[str, object]) -> None:
    structure = recover_structure(load_document(CORPUS / str(label["file"])))
    assert structure.report_year == label["year"]

"""A labelled set of real report openings (tests/real_openings, tests/real_dev2): its labels, the
tool's report of each file, and the section each labelled heading gets (shared by their tests)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from compliance import DocumentReport, check


def squeeze(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


class LabelledSet:
    """One folder of NNN.txt openings with their labels.json (see tests/real_openings/README.md)."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = corpus
        self.labels: list[dict[str, Any]] = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
        # (file, index of the labelled heading) for every labelled heading
        self.cases = [(label["file"], i) for label in self.labels for i in range(len(label["headings"]))]
        self.report = cache(self._report)

    def _report(self, name: str) -> DocumentReport:
        return check(self.corpus / name).documents[0]

    def label(self, name: str) -> dict[str, Any]:
        return next(entry for entry in self.labels if entry["file"] == name)

    def sections(self, name: str) -> list[str | None]:
        """The section each labelled heading of a file gets (None: unassigned or not a heading): the
        first outline entry, after the previous one matched, whose text holds the labelled prefix."""
        outline, start, found = self.report(name).outline, 0, []
        for heading in self.label(name)["headings"]:
            prefix = squeeze(heading["prefix"])
            k = next((k for k in range(start, len(outline)) if prefix in squeeze(outline[k].text)), None)
            found.append(None if k is None else outline[k].section)
            start = start if k is None else k + 1
        return found

    def right(self, name: str, position: int) -> bool:
        """Whether the labelled heading at `position` of file `name` gets a section it accepts."""
        return self.sections(name)[position] in self.label(name)["headings"][position]["accept"]

    def fixed(self, known_misses: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """The (file, prefix) of a list of known misses that the tool now gets right."""
        fixed = []
        for name, prefix in sorted(known_misses):
            headings = self.label(name)["headings"]
            position = next(i for i, h in enumerate(headings) if h["prefix"] == prefix)
            if self.right(name, position):
                fixed.append((name, prefix))
        return fixed

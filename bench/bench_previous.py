"""Benchmark: checking a report with and without last year's report (--previous).

Run: python bench/bench_previous.py [--repeat N]. Prints a Markdown table for docs/performance.md.
Two pairs: the shipped samples (jianghai-2023.docx traced against the longer 2022 seed) and a pair
of equal length (the 2022 seed traced against the same text dated a year earlier, written to a
temporary folder), each as .docx. The fastest of N runs after one warm-up, in CPU time of this
process (the machine is shared: wall time and medians swing with other work, the minimum is the
least disturbed run), with python-docx opening the checked
file as the floor measured in the same run; only the ratios are meant to be compared.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx

from compliance.pipeline.check import check_file
from compliance.settings.config import Overrides

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_2023 = ROOT / "samples" / "jianghai-2023.docx"
SEED = ROOT / "samples" / "jianghai-2022.docx"
LIMIT = 2.0  # the budget: a check with --previous costs at most twice a plain check


def median_seconds(func: Callable[[], object], repeat: int) -> float:
    func()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return min(times)


def year_earlier(source: Path, target: Path) -> Path:
    """`source` with every 2022 made 2021 and 2023 made 2022 in its text: last year's report of
    the same length."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8").replace("2022", "2021").replace("2023", "2022")
                data = text.encode("utf-8")
            new.writestr(info, data)
    return target


def row(name: str, this: Path, previous: Path, repeat: int) -> str:
    settings = Overrides(isolated=True)
    floor = median_seconds(lambda: [p.text for p in docx.Document(str(this)).paragraphs], repeat)
    plain = median_seconds(lambda: check_file(this, settings), repeat)
    traced = median_seconds(lambda: check_file(this, settings, previous=previous), repeat)
    return (
        f"| {name} | {floor * 1000:.1f} ms | {plain * 1000:.1f} ms ({plain / floor:.2f}×) "
        f"| {traced * 1000:.1f} ms ({traced / floor:.2f}×) | **{traced / plain:.2f}×** |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        earlier = year_earlier(SEED, Path(folder) / "jianghai-2021.docx")
        print("| pair | python-docx (floor) | plain check | with --previous | with / without |")
        print("|---|---|---|---|---|")
        print(row("2022 seed ← same text as 2021 (equal length)", SEED, earlier, args.repeat))
        print(
            row("jianghai-2023 ← jianghai-2022 seed (last year 1.6× longer)", SAMPLE_2023, SEED, args.repeat)
        )
    print(f"\nbudget: at most {LIMIT:g}× a plain check")


if __name__ == "__main__":
    main()

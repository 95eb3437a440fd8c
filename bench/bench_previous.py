"""Benchmark: checking the 2023 sample with and without last year's report (--previous).

Run: python bench/bench_previous.py [--repeat N]. Prints a Markdown table for docs/performance.md:
the plain check, the check with `previous`, and python-docx opening the same file as the floor,
all measured in the same run (medians of N runs after one warm-up, as in bench_check.py).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import docx

from compliance.pipeline.check import check_file
from compliance.settings.config import Overrides

ROOT = Path(__file__).resolve().parent.parent
THIS_YEAR = ROOT / "samples" / "jianghai-2023.docx"
LAST_YEAR = ROOT / "samples" / "jianghai-2022.docx"
LIMIT = 2.0  # the budget: a check with --previous costs at most twice a plain check


def median_seconds(func: Callable[[], object], repeat: int) -> float:
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    settings = Overrides(isolated=True)
    floor = median_seconds(lambda: [p.text for p in docx.Document(str(THIS_YEAR)).paragraphs], args.repeat)
    plain = median_seconds(lambda: check_file(THIS_YEAR, settings), args.repeat)
    traced = median_seconds(lambda: check_file(THIS_YEAR, settings, previous=LAST_YEAR), args.repeat)
    print("| run | median | × python-docx | × plain check |")
    print("|---|---|---|---|")
    print(f"| python-docx opens the 2023 sample (floor) | {floor * 1000:.1f} ms | 1.0 | — |")
    print(f"| `check jianghai-2023.docx` | {plain * 1000:.1f} ms | {plain / floor:.1f} | 1.0 |")
    ratio = traced / plain
    print(
        f"| `check jianghai-2023.docx --previous jianghai-2022.docx` | {traced * 1000:.1f} ms "
        f"| {traced / floor:.1f} | {ratio:.2f} |"
    )
    print(f"\nwithin the budget of {LIMIT:g}× a plain check: {'yes' if ratio <= LIMIT else 'NO'}")


if __name__ == "__main__":
    main()

"""Benchmark: checking the seed .docx in-process against python-docx opening it; linear growth.

Run: python bench/bench_check.py [--repeat N]. Prints a Markdown table for docs/performance.md.
Timings are medians of N runs after one warm-up; only ratios are meant to be compared.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx

import compliance

ROOT = Path(__file__).resolve().parent.parent
SEED_DOCX = ROOT / "samples" / "jianghai-2022.docx"


def median_seconds(func: Callable[[], object], repeat: int) -> float:
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def python_docx_read(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def make_long_docx(path: Path, factor: int) -> None:
    """The seed's body repeated `factor` times as one document (Word numbering continues)."""
    source = docx.Document(str(SEED_DOCX))
    body = source.element.body
    paragraphs = [p for p in body if p.tag.endswith("}p")][1:]
    for _ in range(factor - 1):
        for paragraph in paragraphs:
            body.append(copy.deepcopy(paragraph))
    source.save(str(path))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    checklist = compliance.load_checklist()

    def ours(path: Path) -> Callable[[], object]:
        return lambda: compliance.evaluate(compliance.load_document(path), checklist)

    base = median_seconds(lambda: python_docx_read(SEED_DOCX), args.repeat)
    seed = median_seconds(ours(SEED_DOCX), args.repeat)
    rows = [("seed .docx (37 headings)", base, seed)]
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (10, 50):
            long = Path(tmp) / f"seed-x{factor}.docx"
            make_long_docx(long, factor)
            repeat = max(3, args.repeat // factor)
            rows.append(
                (
                    f"seed body ×{factor}",
                    median_seconds(lambda p=long: python_docx_read(p), repeat),
                    median_seconds(ours(long), repeat),
                )
            )
    version = getattr(docx, "__version__", "")
    print(f"python {sys.version.split()[0]}, python-docx {version}")
    print("| document | python-docx open + paragraphs | compliance load + check | ratio |")
    print("|---|---|---|---|")
    for name, theirs, mine in rows:
        print(f"| {name} | {theirs * 1000:.1f} ms | {mine * 1000:.1f} ms | {mine / theirs:.2f}× |")
    print(f"\ngrowth: ×50 document takes {rows[2][2] / rows[0][2]:.1f}× the seed's time (linear = 50×)")


if __name__ == "__main__":
    main()

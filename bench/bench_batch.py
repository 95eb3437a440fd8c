"""Benchmark of batch checks: throughput with 1 and 2 worker processes, and the per-document overhead
of the batch machinery against checking the same files one by one in a plain loop.

    python bench/bench_batch.py [--files 1000] [--repeat 3]

Builds N reports (the seed as .docx and .txt, and text variants of the seed and the samples: other
years, renamed or missing parts, extra paragraphs) in a temporary folder, then times, best of
--repeat runs each:

* direct     check_document() on every file in a loop: no batch machinery at all;
* in-process run_batch(jobs=1): the batch code path without worker processes;
* 1 worker   run_batch(jobs=1, processes=True): one worker process, so the whole cost of the
             machinery (pool start, pickling, IPC, reordering) shows against `direct`;
* 2 workers  run_batch(jobs=2): the parallel speed-up against one worker;
* CLI        `compliance check DIR -q -f csv` with -j 1 and -j 2, end to end.

Figures go to docs/performance.md by hand, with the machine they were measured on.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from compliance import check_document, collect_paths, load_checklist
from compliance.batch import checker, default_jobs, run_batch

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "seeds" / "000_1c1d18808efcf126.txt"
SEED_DOCX = ROOT / "samples" / "jianghai-2022.docx"
TEXTS = [
    SEED_TXT,
    *sorted((ROOT / "samples").glob("*.txt")),
    *sorted((ROOT / "tests" / "corpus").glob("*.txt")),
]


def variant(text: str, rng: random.Random) -> str:
    """The report with a few changes a real one might have: another year, a renamed or dropped
    part, a repeated paragraph."""
    year = rng.choice([2019, 2020, 2021, 2022, 2023, 2024])
    text = text.replace("2022", str(year)).replace("2023", str(year + 1))
    lines = text.splitlines()
    choice = rng.random()
    if choice < 0.2:
        lines = [line for line in lines if "存在的不足" not in line]
    elif choice < 0.4:
        lines = [line.replace("重点工作", "工作安排") for line in lines]
    elif choice < 0.6 and len(lines) > 10:
        at = rng.randrange(5, len(lines))
        lines.insert(at, lines[at - 1])
    return "\n".join(lines) + "\n"


def build(folder: Path, count: int) -> list[str]:
    """`count` reports in `folder`: one in ten a copy of the seed .docx, the rest text variants."""
    rng = random.Random(20240101)
    sources = [p.read_text(encoding="utf-8", errors="replace") for p in TEXTS]
    for i in range(count):
        sub = folder / f"batch{i // 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        if i % 10 == 0:
            shutil.copy(SEED_DOCX, sub / f"report{i:04d}.docx")
        else:
            text = variant(rng.choice(sources), rng)
            (sub / f"report{i:04d}.txt").write_text(text, encoding="utf-8")
    return collect_paths([folder])


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def cli(folder: Path, jobs: int) -> None:
    subprocess.run(
        [sys.executable, "-m", "compliance", "check", str(folder), "-q", "-f", "csv", "-j", str(jobs)],
        check=False,
        stdout=subprocess.DEVNULL,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    checklist = load_checklist()
    check = checker(checklist)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as temp:
        folder = Path(temp)
        paths = build(folder, args.files)
        n = len(paths)
        run_batch(paths[:20], check, jobs=1)  # warm caches and imports
        direct = best(args.repeat, lambda: [check_document(p, checklist) for p in paths])
        in_process = best(args.repeat, lambda: run_batch(paths, check, jobs=1))
        one = best(args.repeat, lambda: run_batch(paths, check, jobs=1, processes=True))
        two = best(args.repeat, lambda: run_batch(paths, check, jobs=2, processes=True))
        cli_one = best(args.repeat, lambda: cli(folder, 1))
        cli_two = best(args.repeat, lambda: cli(folder, 2))
    per_doc = direct / n * 1000
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs ({default_jobs()} usable), "
        f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(f"{n} reports ({sum(p.endswith('.docx') for p in paths)} .docx), best of {args.repeat}")
    print("| run | seconds | reports/s | ms per report |\n|---|---:|---:|---:|")
    for name, seconds in (
        ("direct loop (no batch machinery)", direct),
        ("run_batch in-process (jobs=1)", in_process),
        ("run_batch, 1 worker process", one),
        ("run_batch, 2 worker processes", two),
        ("CLI -j 1 (end to end, incl. start-up)", cli_one),
        ("CLI -j 2 (end to end)", cli_two),
    ):
        print(f"| {name} | {seconds:.2f} | {n / seconds:.0f} | {seconds / n * 1000:.2f} |")
    print(f"\nsingle check: {per_doc:.2f} ms per report")
    print(
        f"batch overhead per report, 1 worker process vs direct: {(one - direct) / n * 1000:.2f} ms "
        f"= {(one - direct) / direct * 100:.1f}% of a single check"
    )
    print(
        f"batch overhead per report, in-process vs direct: {(in_process - direct) / n * 1000:.3f} ms "
        f"= {(in_process - direct) / direct * 100:.1f}%"
    )
    print(f"throughput 2 workers / 1 worker: {one / two:.2f}x (CLI: {cli_one / cli_two:.2f}x)")


if __name__ == "__main__":
    main()

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


def workers_cpu() -> float:
    """CPU seconds of the forkserver's reaped children so far: the worker processes' own CPU time
    (Linux /proc; 0 before the first pool or elsewhere)."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")  # cutime + cstime


def cold() -> None:
    """Empty the matcher's caches, so that an in-process run starts as cold as a new worker does."""
    from compliance.classify import matcher

    for value in vars(matcher).values():
        if hasattr(value, "cache_clear"):
            value.cache_clear()


def measure(run: Callable[[], object]) -> tuple[float, float, float]:
    """(wall-clock seconds, CPU seconds of this process and its worker processes, CPU seconds of
    this process alone: the serial part when workers do the checking)."""
    cold()
    cpu, children, start = time.process_time(), workers_cpu(), time.perf_counter()
    run()
    wall, parent = time.perf_counter() - start, time.process_time() - cpu
    time.sleep(0.3)  # let the forkserver reap the workers, so that their CPU time is counted
    return wall, parent + workers_cpu() - children, parent


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
        run_batch(paths[:20], check, jobs=2, processes=True)  # start the forkserver
        runs = {
            "direct loop (no batch machinery)": lambda: [check_document(p, checklist) for p in paths],
            "run_batch in-process (jobs=1)": lambda: run_batch(paths, check, jobs=1),
            "run_batch, 1 worker process": lambda: run_batch(paths, check, jobs=1, processes=True),
            "run_batch, 2 worker processes": lambda: run_batch(paths, check, jobs=2, processes=True),
        }
        # Round robin, best of --repeat for each figure: load from other processes drifts.
        samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, run in runs.items():
                samples[name].append(measure(run))
        results = {name: tuple(min(col) for col in zip(*rows, strict=True)) for name, rows in samples.items()}
        cli_one = min(measure(lambda: cli(folder, 1))[0] for _ in range(args.repeat))
        cli_two = min(measure(lambda: cli(folder, 2))[0] for _ in range(args.repeat))
    direct, direct_cpu, _ = results["direct loop (no batch machinery)"]
    in_process, in_process_cpu, _ = results["run_batch in-process (jobs=1)"]
    one, one_cpu, _ = results["run_batch, 1 worker process"]
    two, two_cpu, two_main = results["run_batch, 2 worker processes"]
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs ({default_jobs()} usable), "
        f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(f"{n} reports ({sum(p.endswith('.docx') for p in paths)} .docx), best of {args.repeat}")
    print("| run | wall s | reports/s | CPU s (with workers) | CPU ms per report | CPU s, main process |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (wall, cpu, main_cpu) in results.items():
        print(f"| {name} | {wall:.2f} | {n / wall:.0f} | {cpu:.2f} | {cpu / n * 1000:.2f} | {main_cpu:.2f} |")
    print(f"| CLI -j 1 (end to end, incl. start-up) | {cli_one:.2f} | {n / cli_one:.0f} | | | |")
    print(f"| CLI -j 2 (end to end) | {cli_two:.2f} | {n / cli_two:.0f} | | | |")
    print(f"\nsingle check: {direct_cpu / n * 1000:.2f} ms CPU per report ({direct / n * 1000:.2f} ms wall)")
    for name, cpu, wall in (("1 worker process", one_cpu, one), ("in-process", in_process_cpu, in_process)):
        print(
            f"batch overhead per report, {name} vs direct: CPU {(cpu - direct_cpu) / n * 1000:.2f} ms "
            f"= {(cpu - direct_cpu) / direct_cpu * 100:.1f}% of a single check; "
            f"wall {(wall - direct) / direct * 100:.1f}%"
        )
    print(
        f"throughput 2 workers / 1 worker: {one / two:.2f}x (CLI: {cli_one / cli_two:.2f}x); "
        f"CPU 2 workers / 1 worker: {two_cpu / one_cpu:.2f}"
    )
    # Amdahl: the main process's share is serial; the workers' share splits over 2 cores.
    ceiling = one_cpu / max((two_cpu - two_main) / 2, two_main)
    print(
        f"main-process (serial) share with 2 workers: {two_main / two_cpu * 100:.1f}% of the CPU; "
        f"on 2 idle cores that bounds the speed-up at ~{min(2.0, ceiling):.2f}x"
    )


if __name__ == "__main__":
    main()

"""Benchmark of the batch as users run it: whole `compliance check` processes, and the cost of a long report.

    python bench/bench_cli_batch.py [--copies 200 2000] [--repeat 3] [--megabytes 10]

1. Scaling: `compliance check FOLDER --format json -q -j 1` and `-j 2` over N copies of
   samples/jianghai-2022.docx, whole processes (start-up, settings, checking, rendering, writing
   stdout to /dev/null), alternated, --repeat pairs. The figure is the throughput ratio (-j 1 time
   / -j 2 time; target >= 1.7x on 2 cores): the ratio of the median times, the median of the
   pairs' ratios and the ratio of the best times, with the CPU time of each process tree
   (resource.getrusage(RUSAGE_CHILDREN): on a shared machine it moves less than the wall clock).
   The machine's own ceiling, measured in the same runs: two independent `-j 1` processes started
   together, each on half of the copies (the wall time until both end). Two processes that share
   nothing at all get this much from the second core; `-j 2` against this pair says what the
   batch's machinery (one start-up, forking, the pipes, the parent joining) costs or saves.
2. Length: checking (load, structure, evaluate, JSON rendering) a text report of --megabytes MB
   made of the seed text repeated, against the seed text itself, in microseconds per character
   (medians); target: the long report costs no more per character than the seed.

Also prints the load average, since other processes on the machine slow either side.
Figures go to docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from compliance import api
from compliance.formats import render
from compliance.pipeline.check import check_file

ROOT = Path(__file__).resolve().parent.parent
SEED_DOCX = ROOT / "samples" / "jianghai-2022.docx"
SEED_TXT = ROOT / "seeds" / "000_1c1d18808efcf126.txt"
SEED_RUNS = 30  # the seed takes milliseconds: enough runs for a stable median
LONG_RUNS = 3  # the long report takes seconds


# The CLI as `python -m compliance` runs it, also writing its own CPU time (not its workers') to
# the file descriptor named in BENCH_CPU_FD.
CLI = (
    "import atexit, os, time\n"
    "fd = int(os.environ['BENCH_CPU_FD'])\n"
    "atexit.register(lambda: os.write(fd, str(time.process_time()).encode()))\n"
    "from compliance.cli.main import main\n"
    "main(prog_name='compliance')\n"
)


@dataclass(frozen=True)
class Run:
    """One whole CLI process: wall seconds, CPU seconds of it and its workers, of it alone."""

    wall: float
    cpu: float
    main_cpu: float


def cli_run(folder: Path, jobs: int) -> Run:
    read, write = os.pipe()
    command = [sys.executable, "-c", CLI, "check", str(folder), "-q", "-f", "json", "-j", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = {**os.environ, "BENCH_CPU_FD": str(write)}
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, pass_fds=(write,), env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    os.close(write)
    with os.fdopen(read) as stream:
        main_cpu = float(stream.read() or "nan")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Run(wall, cpu, main_cpu)


def halves_run(halves: tuple[Path, Path]) -> float:
    """Wall seconds of two independent `-j 1` processes started together, one on each half."""
    command = [sys.executable, "-m", "compliance", "check", "-q", "-f", "json", "-j", "1"]
    start = time.perf_counter()
    both = [subprocess.Popen([*command, str(h)], stdout=subprocess.DEVNULL) for h in halves]
    for process in both:
        process.wait()
    return time.perf_counter() - start


def scaling(copies: int, repeat: int) -> tuple[list[Run], list[Run], list[float]]:
    """`repeat` alternated -j 1, -j 2 and two-halves runs over `copies` copies of the seed .docx."""
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as temp:
        folder = Path(temp)
        halves = (folder / "a", folder / "b")
        for half in halves:
            half.mkdir()
        for i in range(copies):  # the folder is checked recursively: both halves, in order
            shutil.copy(SEED_DOCX, halves[i * 2 // copies] / f"report{i:05d}.docx")
        cli_run(folder, 1)  # warm the page cache
        one, two, pair = [], [], []
        for _ in range(repeat):
            one.append(cli_run(folder, 1))
            two.append(cli_run(folder, 2))
            pair.append(halves_run(halves))
    return one, two, pair


def middle(runs: list[Run]) -> Run:
    """The medians of each figure."""
    return Run(*(statistics.median(getattr(r, f) for r in runs) for f in ("wall", "cpu", "main_cpu")))


def median(func: Callable[[], object], runs: int) -> float:
    func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def check_and_render(path: Path) -> str:
    return render(api.make_report(None, [check_file(path)]), "json")


def length(megabytes: float) -> tuple[int, float, int, float]:
    """(seed characters, seed µs per character, long characters, long µs per character)."""
    seed = SEED_TXT.read_text(encoding="utf-8")
    factor = max(1, round(megabytes * 1_000_000 / len(seed.encode("utf-8"))))
    with tempfile.TemporaryDirectory(prefix="bench-long-") as temp:
        long_path = Path(temp) / "long.txt"
        long_path.write_text(seed * factor, encoding="utf-8")
        short = median(lambda: check_and_render(SEED_TXT), SEED_RUNS)
        long = median(lambda: check_and_render(long_path), LONG_RUNS)
    chars = len(seed)
    return chars, short / chars * 1e6, chars * factor, long / (chars * factor) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--megabytes", type=float, default=10.0, help="0: skip the long report")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print(
        "| copies | load | -j 1 wall s | -j 2 wall s | ratio of medians | median of pair ratios "
        "| ratio of bests | -j 1 CPU s | -j 2 CPU s (main process) | CPU -j 2 / -j 1 "
        "| two halves at once wall s | ceiling: -j 1 / halves | -j 2 / ceiling |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for copies in args.copies:
        before = os.getloadavg()[0]
        ones, twos, pairs_of_halves = scaling(copies, args.repeat)
        one, two = middle(ones), middle(twos)
        halves = statistics.median(pairs_of_halves)
        ceiling = one.wall / halves
        pairs = statistics.median(a.wall / b.wall for a, b in zip(ones, twos, strict=True))
        best = min(r.wall for r in ones) / min(r.wall for r in twos)
        print(
            f"| {copies} | {before:.1f}–{os.getloadavg()[0]:.1f} | {one.wall:.2f} | {two.wall:.2f} "
            f"| **{one.wall / two.wall:.2f}×** | {pairs:.2f}× | {best:.2f}× | {one.cpu:.2f} "
            f"| {two.cpu:.2f} ({two.main_cpu:.2f}) | {two.cpu / one.cpu:.2f}× "
            f"| {halves:.2f} | {ceiling:.2f}× | {one.wall / two.wall / ceiling:.2f} |"
        )
    if args.megabytes <= 0:
        return
    chars, seed_cost, long_chars, long_cost = length(args.megabytes)
    print(f"\nload average {os.getloadavg()[0]:.2f}")
    print("| report | characters | µs per character | ratio to the seed |")
    print("|---|---:|---:|---:|")
    print(f"| seed .txt | {chars:,} | {seed_cost:.2f} | 1.00× |")
    name = f"seed ×{long_chars // chars} ({args.megabytes:g} MB)"
    print(f"| {name} | {long_chars:,} | {long_cost:.2f} | {long_cost / seed_cost:.2f}× |")


if __name__ == "__main__":
    main()

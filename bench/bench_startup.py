"""Benchmark: start-up of whole `compliance` processes against floors measured in the same run.

Run: python bench/bench_startup.py [--repeat N]. Prints a Markdown table for docs/performance.md.

A drafter's single check and a pre-commit hook are whole processes, so start-up counts. Each
command is run N times (after one warm-up, interleaved with its floor so that machine load hits
both alike) and the median wall time and the median CPU time (user + system of the child process,
from `resource.getrusage(RUSAGE_CHILDREN)`, which other processes' load inflates far less than
wall time) are compared with the floor's:

- `compliance --version` against `python -c 'import docx, rapidfuzz, click, rich, yaml'` (the
  libraries the tool is built on: the least a process using them pays);
- `compliance check samples/jianghai-2022.docx -f json` against a process that imports those
  and opens the same file with python-docx.

Goals (issue 8): --version ≤ 1.2×, the single check ≤ 1.4× its floor.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DOCX = ROOT / "samples" / "jianghai-2022.docx"
IMPORTS = "import docx, rapidfuzz, click, rich, yaml"
OPEN_DOCX = f"{IMPORTS}; docx.Document({str(SEED_DOCX)!r})"
GOALS = {"version": 1.2, "check": 1.4}
# As installed: byte code is written (the warm-up run writes it) and read, as pip's own install of
# the libraries in the floor does; PYTHONDONTWRITEBYTECODE in the caller's environment would make
# every run compile the tool's source but not the libraries', which measures the wrong thing.
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compliance_command() -> list[str]:
    """The installed entry point (as a user runs it), else the module."""
    script = shutil.which("compliance", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "compliance"]


def children_cpu() -> float:
    """CPU seconds (user + system) of all reaped child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def once(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `command` (the CPU time is this child's alone)."""
    cpu = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENVIRONMENT, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed, children_cpu() - cpu


Medians = tuple[float, float, float, float]


def paired(command: list[str], floor: list[str], repeat: int) -> Medians:
    """Median wall and CPU times of `command` and `floor`, run alternately after a warm-up each."""
    once(command), once(floor)
    mine, base = [], []
    for _ in range(repeat):
        mine.append(once(command))
        base.append(once(floor))
    return (
        statistics.median(wall for wall, _ in mine),
        statistics.median(wall for wall, _ in base),
        statistics.median(cpu for _, cpu in mine),
        statistics.median(cpu for _, cpu in base),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    tool = compliance_command()
    cases = {
        "version": ([*tool, "--version"], [sys.executable, "-c", IMPORTS]),
        "check": ([*tool, "check", str(SEED_DOCX), "-f", "json"], [sys.executable, "-c", OPEN_DOCX]),
    }
    print(f"Median of {args.repeat} runs each, Python {sys.version.split()[0]}\n")
    print("| process | wall | floor | ratio | CPU | floor | CPU ratio | goal |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, (command, floor) in cases.items():
        mine, base, mine_cpu, base_cpu = paired(command, floor, args.repeat)
        shown = " ".join(Path(command[0]).name if i == 0 else c for i, c in enumerate(command))
        shown = shown.replace(str(ROOT) + "/", "")
        print(
            f"| `{shown}` | {mine * 1000:.0f} ms | {base * 1000:.0f} ms | "
            f"{mine / base:.2f}× | {mine_cpu * 1000:.0f} ms | {base_cpu * 1000:.0f} ms | "
            f"**{mine_cpu / base_cpu:.2f}×** | ≤ {GOALS[name]}× |"
        )


if __name__ == "__main__":
    main()

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
  and opens the same file with python-docx: as users run it (the compiled checklists current, see
  checklist/compiled.py), and for information the first run (their cache folder emptied before
  each run, so each run builds and writes them) and with them turned off (COMPLIANCE_NO_CACHE=1).

The compiled checklists are kept in a temporary folder of the bench's own (COMPLIANCE_CACHE_DIR),
filled by the warm-up run.

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
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DOCX = ROOT / "samples" / "jianghai-2022.docx"
IMPORTS = "import docx, rapidfuzz, click, rich, yaml"
OPEN_DOCX = f"{IMPORTS}; docx.Document({str(SEED_DOCX)!r})"
GOALS = {"version": 1.2, "check": 1.4}  # the first-run and no-cache rows are for information
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


def once(command: list[str], env: dict[str, str], before: Callable[[], None] | None) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `command` (the CPU time is this child's alone), after
    `before` (untimed)."""
    if before is not None:
        before()
    cpu = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed, children_cpu() - cpu


Medians = tuple[float, float, float, float]


class Case:
    """A command, its floor, the environment it runs in and what to do before each run."""

    def __init__(
        self,
        command: list[str],
        floor: list[str],
        env: dict[str, str],
        goal: float | None = None,
        before: Callable[[], None] | None = None,
    ) -> None:
        self.command, self.floor, self.env, self.goal, self.before = command, floor, env, goal, before


def paired(case: Case, repeat: int) -> Medians:
    """Median wall and CPU times of the command and its floor, run alternately after a warm-up each."""
    once(case.command, case.env, case.before), once(case.floor, ENVIRONMENT, None)
    mine, base = [], []
    for _ in range(repeat):
        mine.append(once(case.command, case.env, case.before))
        base.append(once(case.floor, ENVIRONMENT, None))
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
    check = [*tool, "check", str(SEED_DOCX), "-f", "json"]
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        cache = Path(folder) / "compiled"
        env = {**ENVIRONMENT, "COMPLIANCE_CACHE_DIR": str(cache)}
        env.pop("COMPLIANCE_NO_CACHE", None)
        cases = {
            "--version": Case([*tool, "--version"], [sys.executable, "-c", IMPORTS], env, GOALS["version"]),
            "": Case(check, [sys.executable, "-c", OPEN_DOCX], env, GOALS["check"]),
            " (first run: compiles the checklist)": Case(
                check, [sys.executable, "-c", OPEN_DOCX], env, None, lambda: shutil.rmtree(cache, True)
            ),
            " (COMPLIANCE_NO_CACHE=1)": Case(
                check, [sys.executable, "-c", OPEN_DOCX], {**env, "COMPLIANCE_NO_CACHE": "1"}
            ),
        }
        print(f"Median of {args.repeat} runs each, Python {sys.version.split()[0]}\n")
        print("| process | wall | floor | ratio | CPU | floor | CPU ratio | goal |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for note, case in cases.items():
            mine, base, mine_cpu, base_cpu = paired(case, args.repeat)
            shown = " ".join(Path(case.command[0]).name if i == 0 else c for i, c in enumerate(case.command))
            shown = shown.replace(str(ROOT) + "/", "")
            goal = f"≤ {case.goal}×" if case.goal else "—"
            print(
                f"| `{shown}`{note if note != '--version' else ''} | {mine * 1000:.0f} ms | "
                f"{base * 1000:.0f} ms | {mine / base:.2f}× | {mine_cpu * 1000:.0f} ms | "
                f"{base_cpu * 1000:.0f} ms | **{mine_cpu / base_cpu:.2f}×** | {goal} |"
            )


if __name__ == "__main__":
    main()

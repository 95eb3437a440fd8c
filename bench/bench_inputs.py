"""Benchmark: how fast hostile and odd inputs are refused or checked (figures for docs/inputs.md).

Run: python bench/bench_inputs.py [--repeat N]. Prints a Markdown table. Each figure is the median of
N runs after one warm-up (the LibreOffice rows: N single conversions, each with a fresh profile).
Memory is the peak RSS of a fresh process that imports compliance and checks the file once (so it
includes the interpreter and the libraries; the first row is that baseline). Never asserted in tests.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import compliance  # noqa: E402
from compliance.errors import DocumentError  # noqa: E402
from compliance.reading.legacy import find_soffice  # noqa: E402
from zipcraft import CONTENT_TYPES, MIB, Member, archive, bomb_stream, deflated  # noqa: E402

CHECKLIST = compliance.load_checklist()


def outcome(path: Path) -> str:
    try:
        result = compliance.check_document(path, CHECKLIST)
    except DocumentError as err:  # check_document never raises it, but be explicit
        return f"error: {err.cause[:30]}"
    return f"error: {result.error[:24]}…" if result.error else f"checked (score {result.score:g})"


CHILD = """import sys, compliance
if sys.argv[1] != "-":
    compliance.check_document(sys.argv[1], compliance.load_checklist())
else:
    compliance.load_checklist()
for line in open("/proc/self/status"):  # VmHWM: this process image's own peak, not the parent's
    if line.startswith("VmHWM:"):
        print(int(line.split()[1]) / 1024)
"""


def peak_rss(path: Path | None) -> float:
    """Peak RSS (MiB) of a fresh process checking `path` (None: only importing compliance)."""
    argument = "-" if path is None else str(path)
    done = subprocess.run([sys.executable, "-c", CHILD, argument], capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def measure(path: Path, repeat: int) -> tuple[float, float, str]:
    def once() -> None:
        compliance.check_document(path, CHECKLIST)

    once()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        once()
        times.append(time.perf_counter() - start)
    return statistics.median(times), peak_rss(path), outcome(path)


def cases(folder: Path) -> dict[str, Callable[[], Path]]:
    stream = bomb_stream(1024, b" ")
    types = deflated("[Content_Types].xml", CONTENT_TYPES.encode())
    seed = (ROOT / "seeds" / "000_1c1d18808efcf126.txt").read_text(encoding="utf-8")

    def bomb(name: str, declared: int) -> Callable[[], Path]:
        def make() -> Path:
            path = folder / f"bomb-{declared}.docx"
            path.write_bytes(archive([types, Member(name, stream[0], stream[1], declared)]))
            return path

        return make

    def text(name: str, content: str) -> Callable[[], Path]:
        def make() -> Path:
            path = folder / f"{name}.txt"
            path.write_text(content, encoding="utf-8")
            return path

        return make

    rng = random.Random(7)
    return {
        "1 GiB zip bomb, honest header": bomb("word/document.xml", 1024 * MIB),
        "1 GiB zip bomb, header says 4 KB": bomb("word/document.xml", 4096),
        "1 GiB zip bomb, header says 60 MB": bomb("word/document.xml", 60 * MIB),
        "seed .docx (normal report)": lambda: ROOT / "samples" / "jianghai-2022.docx",
        "seed .doc via LibreOffice": lambda: ROOT / "tests" / "fixtures" / "seed-word97.doc",
        "one 5 MB line": text("line", "推进依法行政，" * (5 * MIB // 21)),
        "mixed scripts, 500 k chars": text(
            "mixed", "".join(rng.choice("abcАБ한국αβ中文١٢😀 ") for _ in range(500_000))
        ),
        "20,000 numbered headings": text(
            "headings", "\n".join(f"{n % 9 + 1}.第{n}项工作" for n in range(20_000))
        ),
        "seed + 30,000-line plan part": text(
            "plan", seed + "\n" + "\n".join(f"第{n}条计划。" for n in range(30_000))
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("| input | median time | peak RSS (fresh process) | outcome |")
    print("|---|---|---|---|")
    print(f"| (baseline: import compliance, load the checklist) | – | {peak_rss(None):.0f} MiB | – |")
    with tempfile.TemporaryDirectory() as folder:
        for name, make in cases(Path(folder)).items():
            if "LibreOffice" in name and find_soffice() is None:
                print(f"| {name} | – | – | LibreOffice not installed |")
                continue
            seconds, peak, result = measure(make(), args.repeat)
            print(f"| {name} | {seconds * 1000:.0f} ms | {peak:.0f} MiB | {result} |")


if __name__ == "__main__":
    main()

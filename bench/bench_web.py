"""Load test of `compliance serve`: N uploads of the seed .docx, C at a time, against the CLI floor.

    python bench/bench_web.py [--requests 200] [--concurrency 20] [--workers 2] [--repeat 3]

Starts the real server (`compliance serve --workers W --keep-minutes 0`) on a free port of
127.0.0.1, warms it up, then sends --requests POST /api/check uploads of samples/jianghai-2022.docx
from a bounded loop, --concurrency at a time, checking that every answer is the seed's result. It
records the throughput, the 50th/95th percentile latency and the peak memory (VmHWM) of the server
process and of its worker processes. The floor is `compliance check DIR -f json -q -j W` over the
same number of copies of the same file, with the same number of workers, run round robin with the
load runs (so that both meet the same machine load); best of --repeat each, and the median ratio
of the back-to-back pairs.
Traffic goes to 127.0.0.1 only; the loop is bounded in count (at most MAX_REQUESTS) and time.
Figures go to docs/performance.md by hand, with the machine they were measured on.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
SEED_DOCX = ROOT / "samples" / "jianghai-2022.docx"
HOST = "127.0.0.1"  # never anything else
MAX_REQUESTS = 2000  # a bound on the loop whatever the options say
REQUEST_TIMEOUT = 60.0
START_TIMEOUT = 30.0


@functools.cache
def seed_score() -> float:
    """What `compliance check` scores the seed: every upload must come back with it."""
    from compliance import check

    return check(SEED_DOCX, "government").documents[0].score


@dataclass(frozen=True)
class Load:
    wall: float
    latencies: list[float]
    client_cpu: float

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.wall

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def seed_copies(folder: Path, files: int) -> None:
    for n in range(files):
        shutil.copy(SEED_DOCX, folder / f"seed-{n:04d}.docx")


def cli_floor(folder: Path, workers: int) -> float:
    """Wall time of `compliance check DIR -f json -q -j W` over the seed copies in `folder`."""
    command = [
        sys.executable,
        "-m",
        "compliance",
        "check",
        str(folder),
        "-f",
        "json",
        "-q",
        "-j",
        str(workers),
    ]
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
    assert done.returncode == 1, f"compliance check exited with {done.returncode}"
    return time.perf_counter() - started


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def peak_kib(pid: int) -> int:
    """The peak resident set size (VmHWM) of one process, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


async def load(base: str, requests: int, concurrency: int, data: bytes) -> Load:
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=REQUEST_TIMEOUT) as client:

        async def one() -> None:
            async with gate:
                started = time.perf_counter()
                response = await client.post("/api/check", files={"files": ("jianghai-2022.docx", data)})
                latencies.append(time.perf_counter() - started)
                assert response.status_code == 200, response.text[:200]
                assert response.json()["documents"][0]["score"] == seed_score()

        cpu, started = time.process_time(), time.perf_counter()
        await asyncio.gather(*(one() for _ in range(requests)))
        return Load(time.perf_counter() - started, latencies, time.process_time() - cpu)


def run(requests: int, concurrency: int, workers: int, repeat: int) -> dict[str, float]:
    requests = min(requests, MAX_REQUESTS)
    data = SEED_DOCX.read_bytes()
    port = free_port()
    base = f"http://{HOST}:{port}"
    command = [sys.executable, "-m", "compliance", "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers), "--keep-minutes", "0"]
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert server.poll() is None, "compliance serve exited"
            try:
                if httpx.get(f"{base}/healthz", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
            assert time.monotonic() < deadline, "compliance serve did not start"
        asyncio.run(load(base, concurrency, concurrency, data))  # warm-up: every worker started
        runs: list[Load] = []
        floors: list[float] = []
        with tempfile.TemporaryDirectory() as folder:
            seed_copies(Path(folder), requests)
            for _ in range(repeat):  # round robin, so that both see the same machine load
                runs.append(asyncio.run(load(base, requests, concurrency, data)))
                floors.append(cli_floor(Path(folder), workers))
        processes = tree(server.pid)
        main_peak = peak_kib(server.pid)
        worker_peaks = [peak_kib(p) for p in processes if p != server.pid]
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    best = max(runs, key=lambda r: r.throughput)
    floor = min(floors)
    pairs = sorted(r.throughput * f / requests for r, f in zip(runs, floors, strict=True))
    return {
        "requests": requests,
        "concurrency": concurrency,
        "workers": workers,
        "wall": best.wall,
        "throughput": best.throughput,
        "p50_ms": 1000 * best.percentile(50),
        "p95_ms": 1000 * best.percentile(95),
        "mean_ms": 1000 * statistics.fmean(best.latencies),
        "client_cpu": best.client_cpu,
        "cli_wall": floor,
        "cli_throughput": requests / floor,
        "ratio": best.throughput / (requests / floor),
        "median_pair_ratio": pairs[len(pairs) // 2],
        "server_peak_mib": main_peak / 1024,
        "workers_peak_mib": sum(worker_peaks) / 1024,
        "processes": len(processes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    r = run(args.requests, args.concurrency, args.workers, args.repeat)
    size = f"{r['requests']:g} uploads of the seed .docx, {r['concurrency']:g} at a time"
    print(f"{size}, {r['workers']:g} workers")
    print("| | wall s | per second | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| compliance serve, POST /api/check | {r['wall']:.2f} | {r['throughput']:.0f} "
        f"| {r['p50_ms']:.0f} | {r['p95_ms']:.0f} |"
    )
    floor = f"compliance check DIR -j {r['workers']:g} (floor)"
    print(f"| {floor} | {r['cli_wall']:.2f} | {r['cli_throughput']:.0f} | | |")
    print(
        f"throughput ratio serve/check, best of each: {r['ratio']:.2f}; "
        f"median of back-to-back pairs: {r['median_pair_ratio']:.2f} (target >= 0.80)"
    )
    print(
        f"peak memory (VmHWM): server {r['server_peak_mib']:.0f} MiB, "
        f"{r['processes'] - 1:g} worker processes {r['workers_peak_mib']:.0f} MiB in all; "
        f"client CPU {r['client_cpu']:.2f} s"
    )


if __name__ == "__main__":
    main()

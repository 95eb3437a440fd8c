"""The real `compliance serve` process on a free port, spoken to over HTTP: it answers, logs counts
and timings but no names, leaves no process behind, and the load test runs (small, no timings)."""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

import httpx2 as httpx

from helpers import ROOT
from web_helpers import SEED_DOCX, running_server, seed_score

SECRET_NAME = "机密-某某局报告.docx"


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        current = todo.pop()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == current:
                found.add(int(entry.name))
                todo.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_real_server_checks_over_http_and_logs_no_names() -> None:
    with running_server("--workers", "2", "--max-files", "3") as (base, log):
        response = httpx.post(
            f"{base}/api/check", files=[("files", (SECRET_NAME, SEED_DOCX.read_bytes()))], timeout=60
        )
        assert response.status_code == 200
        document = json.loads(response.text)["documents"][0]
        assert document["path"] == SECRET_NAME and document["score"] == seed_score()
        page = httpx.get(f"{base}/", timeout=10)
        assert "开始检查" in page.text and "每次最多 3 个文件" in page.text
        assert page.headers["x-content-type-options"] == "nosniff"
        annotated = httpx.post(
            f"{base}/api/annotate", files=[("files", (SECRET_NAME, SEED_DOCX.read_bytes()))], timeout=60
        )
        assert annotated.status_code == 200 and annotated.content.startswith(b"PK")
        port = base.rsplit(":", 1)[1]
        tree: set[int] = set()
        for entry in Path("/proc").iterdir():  # the server: the process started with our port
            if entry.name.isdigit() and f"serve --port {port}" in _cmdline(entry):
                tree |= {int(entry.name)} | descendants(int(entry.name))
        assert len(tree) >= 4  # server, forkserver, two workers
    text = "\n".join(log)
    assert "http://127.0.0.1:" in text and "上传的文件检查后即删除" in text
    assert "check: 1 file(s), 0 unreadable" in text and "annotate: 1 file" in text
    assert SECRET_NAME not in text and "某某局" not in text and "jianghai" not in text
    deadline = time.monotonic() + 10
    while any(alive(p) for p in tree) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in tree if alive(p)], "worker processes outlived the server"


def _cmdline(entry: Path) -> str:
    try:
        return (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def test_the_password_comes_from_the_environment() -> None:
    with running_server(env={"COMPLIANCE_WEB_PASSWORD": "内网口令"}) as (base, _log):
        assert httpx.get(f"{base}/").status_code == 401
        assert httpx.get(f"{base}/", auth=("审核", "内网口令")).status_code == 200
        assert httpx.get(f"{base}/healthz").text == "ok"


def test_the_load_test_runs_at_a_small_size() -> None:
    spec = importlib.util.spec_from_file_location("bench_web", ROOT / "bench" / "bench_web.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclass looks its module up there
    try:
        spec.loader.exec_module(bench)
        result = bench.run(requests=8, concurrency=4, workers=1, repeat=1)
    finally:
        del sys.modules[spec.name]
    assert result["requests"] == 8 and result["p95_ms"] >= result["p50_ms"] > 0
    assert result["throughput"] > 0 and result["cli_throughput"] > 0
    assert result["server_peak_mib"] > 0 and result["processes"] >= 2

"""Helpers for the web app's tests: a test client, a real `compliance serve` process, the CLI's
JSON for the same file, and the comments of a .docx."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import httpx2 as httpx
from click.testing import CliRunner
from starlette.testclient import TestClient

from compliance.cli import main
from compliance.web.app import create_app
from compliance.web.settings import WebSettings
from helpers import ROOT

SEED_DOCX = ROOT / "samples" / "jianghai-2022.docx"


def seed_score() -> float:
    """The seed's score as the library (the CLI's pipeline) gives it: the web app must agree."""
    from compliance import check

    return check(SEED_DOCX, "government").documents[0].score


HOSTILE = ROOT / "tests" / "hostile"
ARTIFACTS = ROOT / "test-artifacts" / "web"  # screenshots of every page (gitignored)
START_TIMEOUT = 30.0  # seconds for `compliance serve` to answer /healthz (the pool starts first)


@contextlib.contextmanager
def web_client(**settings: Any) -> Iterator[TestClient]:
    """A TestClient of the app with one worker process (its lifespan runs: the pool starts)."""
    settings.setdefault("workers", 1)
    with TestClient(create_app(WebSettings(**settings))) as client:
        yield client


def upload(*paths: Path, name: str | None = None) -> list[tuple[str, tuple[str, bytes]]]:
    """The `files` fields of a multipart upload of `paths`."""
    return [("files", (name or p.name, p.read_bytes())) for p in paths]


def cli_json(tmp_path: Path, source: Path, *options: str) -> dict[str, Any]:
    """`compliance check NAME -f json --isolated` run in a folder holding a copy of `source`
    under its own name, so that the path in the output is the bare file name, as the server's."""
    folder = tmp_path / "cli"
    folder.mkdir(exist_ok=True)
    shutil.copy(source, folder / source.name)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(main, ["check", source.name, "-f", "json", "--isolated", *options])
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def comment_texts(data: bytes, tmp_path: Path, name: str = "commented.docx") -> list[str]:
    """The Word comments of a .docx, read back with python-docx."""
    path = tmp_path / name
    path.write_bytes(data)
    return [c.text for c in docx.Document(str(path)).comments]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def running_server(*options: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, list[str]]]:
    """A real `compliance serve` on a free port of 127.0.0.1: (base URL, its stderr lines so far,
    filled in when the block ends). The process is ended (SIGTERM, then SIGKILL) afterwards."""
    port = free_port()
    log = []
    command = [sys.executable, "-m", "compliance", "serve", "--port", str(port), *options]
    process = subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, (
                f"compliance serve exited: {process.stderr.read() if process.stderr else ''}"
            )
            try:
                if httpx.get(f"{base}/healthz", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "compliance serve did not start"
            time.sleep(0.1)
        yield base, log
    finally:
        process.terminate()
        try:
            _out, err = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            _out, err = process.communicate()
        log.extend((err or "").splitlines())

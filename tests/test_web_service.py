"""The web app's parts on their own: the result store, the worker lanes (a dying worker, the
deadline, slow conversions beside quick checks), names and headers, and the serve command."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.reading.legacy import find_soffice
from compliance.web import command
from compliance.web.downloads import content_disposition
from compliance.web.pipeline import PRELOAD, slow_kind
from compliance.web.server import start_message
from compliance.web.service import Service, timed_out
from compliance.web.settings import WebSettings, is_loopback
from compliance.web.store import ResultStore
from compliance.web.uploads import Upload, display_name, parse_profile
from compliance.web.workers import WorkerDied, Workers
from helpers import SAMPLES
from web_helpers import HOSTILE, SEED_DOCX


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_store_keeps_values_for_their_time_only() -> None:
    clock = Clock()
    store: ResultStore[str] = ResultStore(600, 1000, clock)
    key = store.put("result", 10)
    assert key and len(key) >= 32 and store.get(key) == "result"
    assert store.put("other", 10) != key
    clock.now += 599
    assert store.get(key) == "result"
    clock.now += 2
    assert store.get(key) is None and len(store) == 0


def test_store_drops_the_oldest_beyond_its_size_and_keeps_nothing_at_zero() -> None:
    store: ResultStore[str] = ResultStore(600, 100, Clock())
    first, second = store.put("a", 60), store.put("b", 30)
    third = store.put("c", 30)  # 120 > 100: the oldest goes
    assert first and second and third
    assert store.get(first) is None and store.get(second) == "b" and store.get(third) == "c"
    assert store.put("too big", 101) is None
    nothing: ResultStore[str] = ResultStore(0, 100, Clock())
    assert not nothing.enabled and nothing.put("a", 1) is None and len(nothing) == 0


def die() -> None:
    os._exit(3)  # a worker killed mid-check (out of memory, a crash in a C library)


def answer() -> int:
    return 42


def test_a_dead_worker_gives_an_error_and_the_pool_is_replaced() -> None:
    async def scenario() -> int:
        workers = Workers(1, PRELOAD)
        deadline = asyncio.get_running_loop().time() + 60
        try:
            with pytest.raises(WorkerDied):
                await workers.run(die, deadline=deadline)
            return await workers.run(answer, deadline=deadline)
        finally:
            workers.close()

    assert asyncio.run(scenario()) == 42


def test_a_check_past_the_time_limit_is_an_error_row() -> None:
    async def scenario() -> list[str | None]:
        workers = Workers(1, PRELOAD)
        service = Service(WebSettings(time_limit=0.001), workers)
        try:
            checked = await service.check([Upload("报告.docx", SEED_DOCX.read_bytes())], None)
            return [d.error for d in checked.documents]
        finally:
            workers.close()

    assert asyncio.run(scenario()) == [timed_out(0.001)]


def test_slow_kinds_are_told_apart_by_content() -> None:
    assert slow_kind("a.doc", (HOSTILE / "word97.doc").read_bytes())
    assert slow_kind("a.docx", (HOSTILE / "opendocument.odt").read_bytes())  # by bytes, not name
    assert not slow_kind("a.doc", SEED_DOCX.read_bytes())
    assert not slow_kind("a.txt", (SAMPLES / "good-2022.txt").read_bytes())


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_a_slow_conversion_does_not_hold_up_a_quick_check() -> None:
    """A .doc (LibreOffice, seconds) sent first; the .docx sent after it still comes back first."""

    async def scenario() -> list[str]:
        workers = Workers(2, PRELOAD)
        service = Service(WebSettings(), workers)
        finished: list[str] = []

        async def check(name: str, data: bytes) -> None:
            checked = await service.check([Upload(name, data)], None)
            assert checked.documents[0].error is None, checked.documents[0].error
            finished.append(name)

        try:
            workers.start()
            slow = asyncio.create_task(check("旧格式.doc", (HOSTILE / "word97.doc").read_bytes()))
            await asyncio.sleep(0)
            await check("新格式.docx", SEED_DOCX.read_bytes())
            await slow
            return finished
        finally:
            workers.close()

    assert asyncio.run(scenario()) == ["新格式.docx", "旧格式.doc"]


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("报告.docx", "报告.docx"),
        ("C:\\Users\\张三\\Desktop\\报告.docx", "报告.docx"),
        ("../../etc/passwd", "passwd"),
        (" 报\x00告\x1b.txt ", "报告.txt"),
        ("", "文件3"),
        (None, "文件3"),
    ],
)
def test_upload_names_lose_folders_and_control_characters(given: str | None, shown: str) -> None:
    assert display_name(given, 3) == shown


def test_download_names_are_encoded_for_chinese() -> None:
    header = content_disposition("江海区 报告.compliance.docx")
    assert header == (
        'attachment; filename="compliance.docx"; '
        "filename*=UTF-8''%E6%B1%9F%E6%B5%B7%E5%8C%BA%20%E6%8A%A5%E5%91%8A.compliance.docx"
    )
    assert content_disposition('a"b.json').startswith('attachment; filename="a_b.json"')
    assert content_disposition("差距报告.md").startswith('attachment; filename="report.md"')


def test_profiles() -> None:
    assert parse_profile(None) is None and parse_profile("auto") is None and parse_profile("") is None
    assert parse_profile("department") == "department"
    with pytest.raises(ValueError, match="未知的报告类型"):
        parse_profile("county")


def test_the_server_says_when_others_can_reach_it() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")
    local = start_message(WebSettings())
    assert "http://127.0.0.1:8000/" in local and "注意" not in local
    shared = start_message(WebSettings(host="0.0.0.0"))
    assert "注意：服务监听在 0.0.0.0，本机以外的计算机也可以访问；建议用 --password 设置访问密码" in shared
    assert "已设置访问密码" in start_message(WebSettings(host="0.0.0.0", password="x"))
    assert "不保留任何检查结果" in start_message(WebSettings(keep_minutes=0))


def test_serve_without_the_web_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = command.importlib.util.find_spec
    monkeypatch.setattr(
        command.importlib.util, "find_spec", lambda name: None if name == "uvicorn" else real(name)
    )
    with pytest.raises(SystemExit) as exited:
        command.run([])
    assert exited.value.code == 2
    assert (
        capsys.readouterr().err
        == "错误：网页服务需要安装 web 扩展（缺少 uvicorn）：pip install 'compliance[web]'\n"
    )


def test_the_cli_does_not_import_the_web_libraries(tmp_path: Path) -> None:
    code = "import sys, compliance.cli; print(sorted({'starlette', 'uvicorn', 'jinja2'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

"""Hostile uploads: every file of tests/hostile/ and a 1 GiB zip bomb sent to the server. Each gets
its row with the CLI's one-line Chinese cause, the other files are still checked, and the server
answers normally afterwards."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from compliance.reading.legacy import find_soffice
from test_hostile import CONVERTED, DECODED, REFUSED
from web_helpers import HOSTILE, SEED_DOCX, seed_score, upload, web_client
from zipcraft import CONTENT_TYPES, Member, archive, bomb_stream, deflated

BOMB_CAUSE = "中的 word/document.xml 解压后超过 64 MB，像是恶意构造的“压缩炸弹”"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with web_client(workers=2) as test_client:
        yield test_client


def hostile_files() -> list[Path]:
    return sorted(p for p in HOSTILE.iterdir() if p.name != "README.md")


def test_every_hostile_file_gets_its_cause_and_the_rest_are_checked(client: TestClient) -> None:
    files = hostile_files()
    assert set(REFUSED) | set(DECODED) | set(CONVERTED) == {p.name for p in files}
    response = client.post("/api/check", files=upload(SEED_DOCX, *files))
    assert response.status_code == 200
    entries = {e["path"]: e for e in json.loads(response.text)["documents"]}
    assert entries["jianghai-2022.docx"]["score"] == seed_score()
    for name, cause in REFUSED.items():
        assert cause in entries[name]["error"], name
        assert "\n" not in entries[name]["error"] and "/tmp" not in entries[name]["error"]
    for name in DECODED:
        assert "error" not in entries[name] and entries[name]["findings"], name
    for name in CONVERTED:
        if find_soffice():
            assert "error" not in entries[name], entries[name].get("error")
        else:
            assert "LibreOffice" in entries[name]["error"]
    assert client.get("/healthz").text == "ok"


def test_a_gigabyte_zip_bomb_is_refused_and_the_server_goes_on(client: TestClient) -> None:
    payload, crc = bomb_stream(1024, b" ")
    types = deflated("[Content_Types].xml", CONTENT_TYPES.encode())
    bomb = archive([types, Member("word/document.xml", payload, crc, 1024 * 1024 * 1024)])
    assert len(bomb) < 2 * 1024 * 1024
    response = client.post("/api/check", files=[("files", ("炸弹.docx", bomb)), *upload(SEED_DOCX)])
    bombed, seed = json.loads(response.text)["documents"]
    assert BOMB_CAUSE in bombed["error"] and seed["score"] == seed_score()
    again = client.post("/api/check", files=upload(SEED_DOCX))
    assert json.loads(again.text)["documents"][0]["score"] == seed_score()


def test_the_result_page_shows_a_refused_files_one_line_cause(client: TestClient) -> None:
    response = client.post("/check", files=upload(HOSTILE / "encrypted.docx", SEED_DOCX))
    assert response.status_code == 200
    assert "无法读取：这是加密的 Word 文档，请先取消密码后再检查" in response.text  # its matrix row
    assert "无法检查：encrypted.docx：这是加密的 Word 文档，请先取消密码后再检查" in response.text
    assert "差距报告：江门市江海区2022年法治政府建设年度报告" in response.text

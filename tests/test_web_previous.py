"""The web app's optional 「上一年度的报告」 upload: the API equals `compliance check --previous`,
the result page shows the trace table, a report of the wrong year is an error row."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from helpers import SAMPLES
from web_helpers import cli_json, upload, web_client

THIS_YEAR = SAMPLES / "jianghai-2023.docx"
LAST_YEAR = SAMPLES / "jianghai-2022.docx"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with web_client(max_upload_mb=1, max_files=5, max_request_mb=8) as test_client:
        yield test_client


def previous_field(path: Path) -> list[tuple[str, tuple[str, bytes]]]:
    return [("previous", (path.name, path.read_bytes()))]


def test_the_api_with_last_years_report_equals_the_cli(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/api/check", files=[*upload(THIS_YEAR), *previous_field(LAST_YEAR)])
    assert response.status_code == 200
    (tmp_path / "cli").mkdir()  # cli_json runs in this folder: last year's report beside the checked one
    shutil.copy(LAST_YEAR, tmp_path / "cli" / LAST_YEAR.name)
    expected = cli_json(tmp_path, THIS_YEAR, "--previous", LAST_YEAR.name)
    got = json.loads(response.text)
    assert got == expected
    trace = got["documents"][0]["follow_through"]
    assert trace["previous"] == LAST_YEAR.name  # the upload's name, not the server's private copy
    assert [i["status"] for i in trace["items"]].count("not-reported") == 2


def test_the_result_page_shows_the_trace_and_the_form_offers_the_field(client: TestClient) -> None:
    page = client.post("/check", files=[*upload(THIS_YEAR), *previous_field(LAST_YEAR)])
    assert page.status_code == 200
    assert "上一年度安排的落实情况" in page.text and "未见落实情况" in page.text
    assert 'name="previous"' in client.get("/").text


def test_a_previous_report_of_the_wrong_year_is_an_error_row(client: TestClient) -> None:
    response = client.post("/api/check", files=[*upload(LAST_YEAR), *previous_field(THIS_YEAR)])
    (doc,) = json.loads(response.text)["documents"]
    assert "上一年度报告（jianghai-2023.docx）是2023年度的报告" in doc["error"]
    assert "compliance-web-" not in doc["error"]

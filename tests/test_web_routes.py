"""compliance serve, route by route with Starlette's test client (real worker processes): the JSON
API equals `compliance check -f json`, the pages, downloads, limits, password and headers."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from compliance import load_checklist
from compliance.authoring.annotate import annotate
from compliance.cli import main
from helpers import SAMPLES, SEED_TXT
from web_helpers import SEED_DOCX, cli_json, comment_texts, seed_score, upload, web_client

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with web_client(max_upload_mb=1, max_files=5, max_request_mb=8) as test_client:
        yield test_client


def documents(response: object) -> list[dict[str, object]]:
    data = json.loads(response.text)  # type: ignore[attr-defined]
    assert data["schema_version"] == 1
    return list(data["documents"])


@pytest.mark.parametrize(
    ("source", "profile"),
    [
        (SEED_DOCX, None),
        (SEED_DOCX, "department"),
        (SAMPLES / "flawed-no-shortcomings.txt", None),
        (SAMPLES / "flawed-no-title-gbk.txt", "government"),
    ],
    ids=["seed-docx", "seed-as-department", "flawed-txt", "gbk-txt"],
)
def test_api_check_equals_the_cli(
    client: TestClient, tmp_path: Path, source: Path, profile: str | None
) -> None:
    data = {"profile": profile} if profile else {}
    response = client.post("/api/check", files=upload(source), data=data)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    expected = cli_json(tmp_path, source, *(["--profile", profile] if profile else []))
    assert json.loads(response.text) == expected
    assert expected["documents"][0]["findings"]  # a real check, not an empty contract


def test_api_check_several_files_one_entry_each_refused_ones_with_their_cause(client: TestClient) -> None:
    files = [
        *upload(SEED_DOCX, SAMPLES / "good-2022.txt"),
        ("files", ("坏文件.docx", b"PK\x03\x04 not really a zip")),
        ("files", ("空.txt", b"")),
    ]
    response = client.post("/api/check", files=files)
    assert response.status_code == 200
    entries = documents(response)
    assert [e["path"] for e in entries] == ["jianghai-2022.docx", "good-2022.txt", "坏文件.docx", "空.txt"]
    assert "error" not in entries[0] and entries[1]["passed"] is True
    assert (
        entries[2]["error"]
        == "这是已损坏的 Word 文档（ZIP 结构不完整），可能没有下载完整；请重新获取文件，或用 Word 打开后另存为 .docx 再检查"
    )
    assert entries[3]["error"] == "文件是空的"
    assert not entries[2]["findings"]


def test_an_oversized_file_is_its_own_row_and_the_others_are_checked(client: TestClient) -> None:
    big = ("files", ("大文件.docx", b"x" * (1024 * 1024 + 1)))
    response = client.post("/api/check", files=[big, *upload(SEED_TXT)])
    assert response.status_code == 200
    first, second = documents(response)
    assert (
        first["error"] == "文件超过 1 MB（本服务每个文件的上限），不像一份年度报告；请压缩图片或另存后再上传"
    )
    assert second["score"] and "error" not in second


def test_request_limits(client: TestClient) -> None:
    too_many = client.post("/api/check", files=upload(*[SEED_TXT] * 6))
    assert too_many.status_code == 413
    assert too_many.json() == {"error": "一次最多上传 5 个文件，请分批上传"}
    # a body over the request limit is refused from its Content-Length, before it is parsed
    huge = client.post("/api/check", files=[("files", ("a.txt", b"x" * (9 * 1024 * 1024)))])
    assert huge.status_code == 413
    assert huge.json() == {"error": "上传的内容超过 8 MB（本服务每次请求的上限），请分批上传"}

    # without Content-Length (chunked), the body is cut off as soon as it passes the limit
    def chunks() -> Iterator[bytes]:
        yield b'--x\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
        for _ in range(9):
            yield b"x" * (1024 * 1024)

    streamed = client.post(
        "/api/check", content=chunks(), headers={"content-type": "multipart/form-data; boundary=x"}
    )
    assert streamed.status_code == 413
    assert streamed.json() == {"error": "上传的内容超过 8 MB（本服务每次请求的上限），请分批上传"}
    one_too_big = client.post("/api/annotate", files=[("files", ("大.docx", b"x" * (2 * 1024 * 1024)))])
    assert one_too_big.status_code == 413
    assert "大.docx: 文件超过 1 MB" in one_too_big.json()["error"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"data": {"profile": "government"}}, "请选择要检查的报告文件"),
        (
            {"content": b'{"files": []}', "headers": {"content-type": "application/json"}},
            "请选择要检查的报告文件",
        ),
        ({"files": upload(SEED_TXT), "data": {"profile": "城市"}}, "未知的报告类型“城市”"),
        ({"data": {"files": "not a file"}, "files": upload(SEED_TXT)}, "字段 files 必须是上传的文件"),
        (
            {"content": b"--x\r\nbroken", "headers": {"content-type": "multipart/form-data; boundary=x"}},
            "请选择要检查的报告文件",  # python-multipart reads a cut body as an empty form
        ),
        (
            {
                "content": b"--x\r\nContent-Type: text/plain\r\n\r\nabc\r\n--x--\r\n",
                "headers": {"content-type": "multipart/form-data; boundary=x"},
            },
            "上传的请求格式不正确",
        ),
    ],
    ids=["no-file", "json-body", "bad-profile", "text-field", "cut-multipart", "part-without-disposition"],
)
def test_malformed_requests_get_400_in_chinese(
    client: TestClient, kwargs: dict[str, object], message: str
) -> None:
    response = client.post("/api/check", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_api_annotate_gives_the_clis_commented_copy(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/api/annotate", files=upload(SEED_DOCX, name="江海区报告.docx"))
    assert response.status_code == 200
    assert response.headers["content-type"] == DOCX_TYPE
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "江海区报告.compliance.docx"
    cli_copy = tmp_path / "cli.docx"
    annotate(SEED_DOCX, cli_copy)  # what `compliance annotate` writes (no timestamp: deterministic)
    assert response.content == cli_copy.read_bytes()
    texts = comment_texts(response.content, tmp_path)
    assert texts and all(t.startswith("【") for t in texts)


def test_api_annotate_refuses_what_cannot_carry_comments(client: TestClient) -> None:
    text = client.post("/api/annotate", files=upload(SEED_TXT))
    assert text.status_code == 422
    assert "Word 批注只能写入 Word 文件" in text.json()["error"]
    two = client.post("/api/annotate", files=upload(SEED_DOCX, SEED_DOCX))
    assert two.status_code == 400 and two.json() == {"error": "请只上传一个文件"}


def test_api_rules_is_the_checklist(client: TestClient) -> None:
    data = client.get("/api/rules").json()
    by_id = {c["id"]: c for c in data["checklists"]}
    government = load_checklist("government")
    assert [i["id"] for i in by_id["government"]["items"]] == [i.id for i in government.items]
    first = by_id["government"]["items"][0]
    assert first["why"] == government.items[0].why and first["basis"]["source"]
    assert "department" in by_id


def test_rules_page_lists_every_item_with_why_and_basis(client: TestClient) -> None:
    page = client.get("/rules").text
    for item in load_checklist("government").items:
        assert f'data-rule="{item.id}"' in page
        assert item.title.replace("“", "“") in page
    assert "为什么：" in page and "依据：" in page


def test_pages_are_chinese_and_carry_the_security_headers(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in response.text and "开始检查" in response.text
    assert 'name="files"' in response.text and 'type="file" multiple' in response.text
    for label in ("自动识别", "地方政府", "政府部门"):
        assert label in response.text
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    assert "<script>" not in response.text and " style=" not in response.text  # nothing inline
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', response.text):
        served = client.get(asset)
        assert served.status_code == 200 and served.headers["x-content-type-options"] == "nosniff"
    assert client.get("/healthz").text == "ok"


def test_check_page_redirects_to_a_kept_result_with_working_downloads(
    client: TestClient, tmp_path: Path
) -> None:
    response = client.post(
        "/check", files=upload(SEED_DOCX, SAMPLES / "good-2022.txt"), follow_redirects=False
    )
    assert response.status_code == 303
    location = response.headers["location"]
    key = location.rsplit("/", 1)[1]
    assert len(key) >= 32  # 192 random bits
    page = client.get(location).text
    assert "法治政府建设年度报告批量检查汇总" in page and 'table class="matrix"' in page
    assert page.index('class="matrix"') < page.index("差距报告：江门市江海区")
    links = dict(re.findall(r'href="([^"]+)" download="([^"]+)"', page))
    assert set(links.values()) == {
        "jianghai-2022.compliance.docx",
        "批量检查汇总.json",
        "批量检查汇总.md",
        "批量检查汇总.csv",
    }
    by_name = {name: client.get(href) for href, name in links.items()}
    assert json.loads(by_name["批量检查汇总.json"].text)["documents"][1]["path"] == "good-2022.txt"
    assert by_name["批量检查汇总.csv"].content.startswith("\ufeff文件".encode())
    assert comment_texts(by_name["jianghai-2022.compliance.docx"].content, tmp_path)
    assert client.get(location.replace(key, "x" * len(key))).status_code == 404


def test_a_server_that_keeps_nothing_puts_the_downloads_in_the_page(tmp_path: Path) -> None:
    with web_client(keep_minutes=0) as client:
        response = client.post("/check", files=upload(SEED_DOCX), follow_redirects=False)
        assert response.status_code == 200  # no redirect: nothing to come back to
        assert len(client.app.state.service.store) == 0  # type: ignore[attr-defined]
    links = dict(re.findall(r'href="data:[^;]+;base64,([^"]+)" download="([^"]+)"', response.text))
    files = {name: base64.b64decode(data) for data, name in links.items()}
    assert json.loads(files["差距报告-jianghai-2022.json"])["documents"][0]["score"] == seed_score()
    assert comment_texts(files["jianghai-2022.compliance.docx"], tmp_path)
    assert "服务器不保留任何检查结果" in response.text


def test_report_text_is_escaped(client: TestClient) -> None:
    hostile = SEED_TXT.read_text(encoding="utf-8").replace(
        "江海区", "江海区<script>alert(1)</script><img src=x onerror=alert(2)>", 1
    )
    response = client.post("/check", files=[("files", ("<i>x.txt", hostile.encode()))])
    assert response.status_code == 200
    page = response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page and "<i>x" not in page
    assert "&lt;i&gt;x.txt" in page


def test_the_template_form_downloads_a_template_the_checker_recognises(
    client: TestClient, tmp_path: Path
) -> None:
    form = client.get("/template")
    assert "报告年度" in form.text and "报告主体" in form.text
    response = client.post(
        "/template", data={"year": "2024", "issuer": "某某区人民政府", "profile": "government"}
    )
    assert response.status_code == 200 and response.headers["content-type"] == DOCX_TYPE
    name = unquote(response.headers["content-disposition"].split("filename*=UTF-8''")[1])
    assert name == "某某区人民政府关于2024年法治政府建设情况的报告.docx"
    path = tmp_path / name
    path.write_bytes(response.content)
    result = CliRunner().invoke(main, ["check", str(path), "-f", "json", "--isolated"])
    sections = json.loads(result.output)["documents"][0]["sections"]
    # every area is recognised by its heading (not yet found: nothing is written under it)
    assert all(s["heading"] for s in sections if s["role"] == "area")
    bad = client.post("/template", data={"year": "2024", "issuer": "", "profile": "government"})
    assert bad.status_code == 400 and 'role="alert">请填写报告主体' in bad.text
    long = client.post("/template", data={"year": "2024", "issuer": "某" * 41, "profile": "government"})
    assert long.status_code == 400 and "不像一个机关名称" in long.text


def test_unknown_pages_and_methods_answer_in_chinese(client: TestClient) -> None:
    missing = client.get("/nowhere")
    assert missing.status_code == 404 and "页面不存在" in missing.text
    assert client.get("/api/check").status_code == 405
    assert client.get("/result/abc").status_code == 404


def test_password_protects_every_page_and_api_but_healthz() -> None:
    with web_client(password="机关内网口令") as client:
        for path in ("/", "/rules", "/template", "/api/rules", "/static/app.css"):
            denied = client.get(path)
            assert denied.status_code == 401, path
            assert denied.headers["www-authenticate"].startswith("Basic")
        assert client.post("/api/check", files=upload(SEED_TXT)).status_code == 401
        assert client.get("/", auth=("任何人", "错误口令")).status_code == 401
        assert client.get("/", auth=("anyone", "机关内网口令")).status_code == 200
        response = client.post("/api/check", files=upload(SEED_TXT), auth=("x", "机关内网口令"))
        assert response.status_code == 200
        assert client.get("/healthz").status_code == 200

"""compliance serve in a real browser: Playwright drives the system Chromium against the real server.

A drafter uploads the seed, reads the verdict and the missing items, downloads the commented draft
and its comments are read back with python-docx; a reviewer uploads three reports and sees the
matrix; a hostile file shows its one-line cause. At desktop and phone width (390 px), with the
keyboard only, without JavaScript, and with drag and drop. Screenshots go to test-artifacts/web/.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest

from compliance.annotate import annotate
from compliance.web.pipeline import check_upload
from helpers import SAMPLES, SEED_TXT
from web_helpers import ARTIFACTS, HOSTILE, SEED_DOCX, comment_texts, running_server

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Chromium is not installed (.ci/run installs Debian's chromium package)"
)
sync_api = pytest.importorskip("playwright.sync_api")
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
ENCRYPTED = "这是加密的 Word 文档，请先取消密码后再检查"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server("--workers", "2") as (base, _log):
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(params=list(WIDTHS))
def page(request: pytest.FixtureRequest, browser: object) -> Iterator[object]:
    width, height = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.width_name = request.param
    yield tab
    context.close()


def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.width_name}.png"), full_page=True)  # type: ignore[attr-defined]


def no_sideways_scroll(page: object) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    viewport = page.viewport_size["width"]  # type: ignore[attr-defined]
    assert width <= viewport + 1, f"the page is {width}px wide in a {viewport}px window"


def upload_and_submit(page: object, server: str, *files: Path) -> None:
    page.goto(f"{server}/")  # type: ignore[attr-defined]
    page.set_input_files("#files", [str(f) for f in files])  # type: ignore[attr-defined]
    page.click("#submit")  # type: ignore[attr-defined]
    page.wait_for_selector(".report .doc h1")  # type: ignore[attr-defined]


def test_drafter_reads_the_gaps_and_downloads_the_commented_draft(
    page: object, server: str, tmp_path: Path
) -> None:
    page.goto(f"{server}/")  # type: ignore[attr-defined]
    shot(page, "index")
    no_sideways_scroll(page)
    upload_and_submit(page, server, SEED_DOCX)
    verdict = page.locator(".facts .verdict")  # type: ignore[attr-defined]
    assert verdict.inner_text() == "不符合要求" and verdict.is_visible()
    expected = check_upload(SEED_DOCX.name, SEED_DOCX.read_bytes(), None)
    failed = {f.rule for f in expected.failures}
    shown = page.locator(".finding").evaluate_all("(all) => all.map((f) => f.dataset.rule)")  # type: ignore[attr-defined]
    assert set(shown) == failed and failed
    for rule in failed:
        finding = page.locator(f'.finding[data-rule="{rule}"]')  # type: ignore[attr-defined]
        assert finding.is_visible() and "修改建议" in finding.inner_text()
    assert "第一责任人履职情况" in page.locator("table.parts").inner_text()  # type: ignore[attr-defined]
    shot(page, "result")
    no_sideways_scroll(page)
    with page.expect_download() as caught:  # type: ignore[attr-defined]
        page.click('a[data-kind="annotated"]')  # type: ignore[attr-defined]
    download = caught.value
    assert download.suggested_filename == "jianghai-2022.compliance.docx"
    comments = comment_texts(Path(download.path()).read_bytes(), tmp_path, "browser.docx")
    cli = tmp_path / "cli.docx"
    annotate(SEED_DOCX, cli)
    assert comments == comment_texts(cli.read_bytes(), tmp_path, "cli-copy.docx") and comments


def test_reviewer_sees_the_matrix_of_three_reports(page: object, server: str) -> None:
    upload_and_submit(
        page, server, SEED_DOCX, SAMPLES / "good-2022.txt", SAMPLES / "flawed-no-shortcomings.txt"
    )
    rows = page.locator("table.matrix tr.doc-row")  # type: ignore[attr-defined]
    assert rows.count() == 3 and rows.first.is_visible()
    assert "共 3 份：符合要求 1 份，不符合要求 2 份，无法检查 0 份" in page.locator("#counts").inner_text()  # type: ignore[attr-defined]
    assert page.locator(".report section.doc").count() == 3  # type: ignore[attr-defined]
    assert page.locator('a[data-kind="csv"]').is_visible()  # type: ignore[attr-defined]
    shot(page, "matrix")
    no_sideways_scroll(page)


def test_a_hostile_file_shows_its_one_line_cause(page: object, server: str) -> None:
    upload_and_submit(page, server, HOSTILE / "encrypted.docx", HOSTILE / "xxe.docx")
    text = page.locator(".report").inner_text()  # type: ignore[attr-defined]
    assert f"无法读取：{ENCRYPTED}" in text
    assert "xxe.docx" in text and "DOCTYPE/实体声明" in text
    shot(page, "hostile")


def test_keyboard_only(page: object, server: str, tmp_path: Path) -> None:
    page.goto(f"{server}/")  # type: ignore[attr-defined]

    def tab_to(selector: str) -> None:
        for _ in range(30):
            page.keyboard.press("Tab")  # type: ignore[attr-defined]
            if page.evaluate(f"document.activeElement.matches('{selector}')"):  # type: ignore[attr-defined]
                outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")  # type: ignore[attr-defined]
                assert outline != "none", f"{selector} has no visible focus"
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#files")
    with page.expect_file_chooser() as chooser:  # type: ignore[attr-defined]
        page.keyboard.press("Space")  # type: ignore[attr-defined]
    chooser.value.set_files(str(SEED_DOCX))
    tab_to('input[name="profile"]')
    page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]  # 地方政府
    assert page.evaluate("document.querySelector('input[name=profile]:checked').value") == "government"  # type: ignore[attr-defined]
    tab_to("#submit")
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_selector(".facts .verdict")  # type: ignore[attr-defined]
    tab_to('a[data-kind="annotated"]')
    with page.expect_download() as caught:  # type: ignore[attr-defined]
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert comment_texts(Path(caught.value.path()).read_bytes(), tmp_path)


def test_drag_and_drop_with_a_progress_indicator(page: object, server: str) -> None:
    page.goto(f"{server}/")  # type: ignore[attr-defined]
    data = base64.b64encode(SEED_DOCX.read_bytes()).decode()
    page.evaluate(  # type: ignore[attr-defined]
        """([data, name]) => {
          window.seen = [];
          const progress = document.getElementById('progress');
          new MutationObserver(() => window.seen.push(
            (progress.hidden ? 'hidden' : 'shown') + ':' + document.getElementById('progress-label').textContent
          )).observe(progress, {attributes: true, subtree: true, childList: true, characterData: true});
          const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], name));
          const drop = document.getElementById('drop');
          drop.dispatchEvent(new DragEvent('dragenter', {dataTransfer: transfer, bubbles: true}));
          drop.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true}));
        }""",
        [data, "拖入的报告.docx"],
    )
    assert "拖入的报告.docx" in page.locator("#chosen").inner_text()  # type: ignore[attr-defined]
    page.click("#submit")  # type: ignore[attr-defined]
    page.wait_for_selector(".facts .verdict")  # type: ignore[attr-defined]
    seen = page.evaluate("window.seen")  # type: ignore[attr-defined]  # the same window: no navigation
    assert seen and seen[0].startswith("shown:") and any("正在检查" in s for s in seen)
    assert "/result/" in page.url  # type: ignore[attr-defined]
    assert "拖入的报告.docx" in page.locator(".facts").inner_text()  # type: ignore[attr-defined]


def test_the_pages_work_without_javascript(browser: object, server: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        upload_and_submit(page, server, SEED_TXT)
        assert page.locator(".facts .verdict").inner_text() in ("符合要求", "不符合要求")
        assert "/result/" in page.url
    finally:
        context.close()


def test_report_text_never_runs(page: object, server: str, tmp_path: Path) -> None:
    hostile = tmp_path / "脚本.txt"
    text = SEED_TXT.read_text(encoding="utf-8").replace("江海区", "江海区<script>alert(1)</script>", 1)
    hostile.write_text(text, encoding="utf-8")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
    upload_and_submit(page, server, hostile)
    assert "<script>alert(1)</script>" in page.locator(".report").inner_text()  # type: ignore[attr-defined]
    assert dialogs == []


def test_rules_and_template_pages(page: object, server: str) -> None:
    page.goto(f"{server}/rules")  # type: ignore[attr-defined]
    assert page.locator("article.rule").count() > 20  # type: ignore[attr-defined]
    assert page.locator('article.rule[data-rule="shortcoming-reasons"]').first.is_visible()  # type: ignore[attr-defined]
    shot(page, "rules")
    no_sideways_scroll(page)
    page.goto(f"{server}/template")  # type: ignore[attr-defined]
    page.fill("#year", "2024")  # type: ignore[attr-defined]
    page.fill("#issuer", "某某县司法局")  # type: ignore[attr-defined]
    page.check('input[name="profile"][value="department"]')  # type: ignore[attr-defined]
    shot(page, "template")
    with page.expect_download() as caught:  # type: ignore[attr-defined]
        page.click('form.template button[type="submit"]')  # type: ignore[attr-defined]
    assert caught.value.suggested_filename == "某某县司法局关于2024年法治政府建设情况的报告.docx"

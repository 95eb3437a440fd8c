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
from playwright.sync_api import Browser, Page

from browser import chromium, needs_chromium
from compliance.authoring.annotate import annotate
from compliance.web.pipeline import check_upload
from helpers import SAMPLES, SEED_TXT
from web_helpers import ARTIFACTS, HOSTILE, SEED_DOCX, comment_texts, running_server

pytestmark = needs_chromium
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
ENCRYPTED = "这是加密的 Word 文档，请先取消密码后再检查"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server("--workers", "2") as (base, _log):
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(params=list(WIDTHS))
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    width, height = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    yield context.new_page()
    context.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    width = "phone" if (page.viewport_size or {}).get("width", 0) < WIDTHS["desktop"][0] else "desktop"
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = (page.viewport_size or {"width": 0})["width"]
    assert width <= viewport + 1, f"the page is {width}px wide in a {viewport}px window"


def upload_and_submit(page: Page, server: str, *files: Path) -> None:
    page.goto(f"{server}/")
    page.set_input_files("#files", [str(f) for f in files])
    page.click("#submit")
    page.wait_for_selector(".report .doc h1")


def test_drafter_reads_the_gaps_and_downloads_the_commented_draft(
    page: Page, server: str, tmp_path: Path
) -> None:
    page.goto(f"{server}/")
    shot(page, "index")
    no_sideways_scroll(page)
    upload_and_submit(page, server, SEED_DOCX)
    verdict = page.locator(".facts .verdict")
    assert verdict.inner_text() == "不符合要求" and verdict.is_visible()
    expected = check_upload(SEED_DOCX.name, SEED_DOCX.read_bytes(), None)
    failed = {f.rule for f in expected.failures}
    shown = page.locator(".finding").evaluate_all("(all) => all.map((f) => f.dataset.rule)")
    assert set(shown) == failed and failed
    for rule in failed:
        finding = page.locator(f'.finding[data-rule="{rule}"]')
        assert finding.is_visible() and "修改建议" in finding.inner_text()
    assert "第一责任人履职情况" in page.locator("table.parts").inner_text()
    shot(page, "result")
    no_sideways_scroll(page)
    with page.expect_download() as caught:
        page.click('a[data-kind="annotated"]')
    download = caught.value
    assert download.suggested_filename == "jianghai-2022.compliance.docx"
    comments = comment_texts(Path(download.path()).read_bytes(), tmp_path, "browser.docx")
    cli = tmp_path / "cli.docx"
    annotate(SEED_DOCX, cli)
    assert comments == comment_texts(cli.read_bytes(), tmp_path, "cli-copy.docx") and comments


def test_reviewer_sees_the_matrix_of_three_reports(page: Page, server: str) -> None:
    upload_and_submit(
        page, server, SEED_DOCX, SAMPLES / "good-2022.txt", SAMPLES / "flawed-no-shortcomings.txt"
    )
    rows = page.locator("table.matrix tr.doc-row")
    assert rows.count() == 3 and rows.first.is_visible()
    assert "共 3 份：符合要求 1 份，不符合要求 2 份，无法检查 0 份" in page.locator("#counts").inner_text()
    assert page.locator(".report section.doc").count() == 3
    assert page.locator('a[data-kind="csv"]').is_visible()
    shot(page, "matrix")
    no_sideways_scroll(page)


def test_a_hostile_file_shows_its_one_line_cause(page: Page, server: str) -> None:
    upload_and_submit(page, server, HOSTILE / "encrypted.docx", HOSTILE / "xxe.docx")
    text = page.locator(".report").inner_text()
    assert f"无法读取：{ENCRYPTED}" in text
    assert "xxe.docx" in text and "DOCTYPE/实体声明" in text
    shot(page, "hostile")


def test_keyboard_only(page: Page, server: str, tmp_path: Path) -> None:
    # Playwright turns Chromium's file-chooser interception on only when something listens for
    # the event, and does not wait for it: a listener added just before the key press races the
    # press (about one run in ten opened no chooser, 30 s timeout). Listening from before the page
    # loads gives the interception the whole navigation to take effect.
    page.on("filechooser", lambda _chooser: None)
    page.goto(f"{server}/")

    def tab_to(selector: str) -> None:
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches('{selector}')"):
                outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
                assert outline != "none", f"{selector} has no visible focus"
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#files")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(SEED_DOCX))
    tab_to('input[name="profile"]')
    page.keyboard.press("ArrowRight")  # 地方政府
    assert page.evaluate("document.querySelector('input[name=profile]:checked').value") == "government"
    tab_to("#submit")
    page.keyboard.press("Enter")
    page.wait_for_selector(".facts .verdict")
    tab_to('a[data-kind="annotated"]')
    with page.expect_download() as caught:
        page.keyboard.press("Enter")
    assert comment_texts(Path(caught.value.path()).read_bytes(), tmp_path)


def test_drag_and_drop_with_a_progress_indicator(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    data = base64.b64encode(SEED_DOCX.read_bytes()).decode()
    page.evaluate(
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
    assert "拖入的报告.docx" in page.locator("#chosen").inner_text()
    page.click("#submit")
    page.wait_for_selector(".facts .verdict")
    seen = page.evaluate("window.seen")  # the same window: no navigation
    assert seen and seen[0].startswith("shown:") and any("正在检查" in s for s in seen)
    assert "/result/" in page.url
    assert "拖入的报告.docx" in page.locator(".facts").inner_text()


def test_the_pages_work_without_javascript(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        upload_and_submit(page, server, SEED_TXT)
        assert page.locator(".facts .verdict").inner_text() in ("符合要求", "不符合要求")
        assert "/result/" in page.url
    finally:
        context.close()


def test_report_text_never_runs(page: Page, server: str, tmp_path: Path) -> None:
    hostile = tmp_path / "脚本.txt"
    text = SEED_TXT.read_text(encoding="utf-8").replace("江海区", "江海区<script>alert(1)</script>", 1)
    hostile.write_text(text, encoding="utf-8")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    upload_and_submit(page, server, hostile)
    assert "<script>alert(1)</script>" in page.locator(".report").inner_text()
    assert dialogs == []


def test_rules_and_template_pages(page: Page, server: str) -> None:
    page.goto(f"{server}/rules")
    assert page.locator("article.rule").count() > 20
    assert page.locator('article.rule[data-rule="shortcoming-reasons"]').first.is_visible()
    shot(page, "rules")
    no_sideways_scroll(page)
    page.goto(f"{server}/template")
    page.fill("#year", "2024")
    page.fill("#issuer", "某某县司法局")
    page.check('input[name="profile"][value="department"]')
    shot(page, "template")
    with page.expect_download() as caught:
        page.click('form.template button[type="submit"]')
    assert caught.value.suggested_filename == "某某县司法局关于2024年法治政府建设情况的报告.docx"

"""The HTML gap report as a reader sees it in Chromium (Playwright, Debian's chromium), at desktop
and A4 print widths: readable file names, Chinese names, a 「主要问题」 column, coverage bars.
Screenshots go to test-artifacts/html/ (gitignored, kept by CI)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from browser import chromium, needs_chromium
from compliance import check_paths, load_checklist
from compliance.formats.html import MISSING_STUB, format_html
from helpers import ROOT, SAMPLES

pytestmark = needs_chromium
ARTIFACTS = ROOT / "test-artifacts" / "html"
A4_CONTENT_WIDTH_PX = round((210 - 28) / 25.4 * 96)  # A4 less the 14 mm side margins of the page CSS
WIDTHS = {"desktop": 1280, "a4": A4_CONTENT_WIDTH_PX}
# At most this many lines for the longest name (62 characters): a few, not a column of letters.
NAME_LINES = {"desktop": 3, "a4": 5}
BAR_PX = 300  # the chart's track length (formats.html._chart)
# File names a reviewer's folder really holds: long, with underscores, hyphens, brackets and CJK.
NAMES = {
    "good-2022.txt": "report_of_the_county_government_on_rule_of_law_2022-final.txt",
    "flawed-no-shortcomings.txt": "江海区司法局_2022年度法治政府建设情况报告（征求意见稿）-修订版.txt",
    "flawed-plan-year.txt": "plan-year-report.txt",
    "jianghai-2022.docx": "jianghai-2022.docx",
}
# Where a rendered line of a file name may begin: after a separator or a closing bracket, before an
# opening one, or between two CJK characters.
BREAK_AFTER, BREAK_BEFORE = "/\\_-.）)", "（("

LINES_OF = """(el) => {
  const text = el.textContent, starts = [];
  let top = null;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let offset = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (top !== null && box.top > top + 2) starts.push(offset + i);
      if (top === null || box.top > top + 2) top = box.top;
    }
    offset += node.length;
  }
  return {text, starts, title: el.getAttribute('title')};
}"""


def cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def batch_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    for sample, name in NAMES.items():
        shutil.copy(SAMPLES / sample, folder / name)
    report = check_paths([str(folder / n) for n in NAMES.values()], load_checklist())
    page = folder / "batch.html"
    page.write_text(format_html(report), encoding="utf-8")
    return page


@pytest.fixture(params=list(WIDTHS))
def page(request: pytest.FixtureRequest, browser: Browser, batch_page: Path) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": WIDTHS[request.param], "height": 900})
    tab = context.new_page()
    if request.param == "a4":
        tab.emulate_media(media="print")
    tab.goto(batch_page.as_uri())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"batch-{request.param}.png"), full_page=True)
    yield tab
    context.close()


def test_file_names_wrap_between_words_and_show_whole_in_a_tooltip(page: Page) -> None:
    cells = [page.locator("table.matrix td.path span.path").nth(i) for i in range(len(NAMES))]
    seen: list[dict[str, Any]] = [cell.evaluate(LINES_OF) for cell in cells]
    assert [s["text"] for s in seen] == list(NAMES.values())
    assert [s["title"] for s in seen] == list(NAMES.values())  # the whole name on hover
    for s in seen:
        text = s["text"]
        for start in s["starts"]:  # every rendered line begins at a sensible point
            sensible = text[start - 1] in BREAK_AFTER or text[start] in BREAK_BEFORE
            assert sensible or (cjk(text[start - 1]) and cjk(text[start])), text[:start] + "|" + text[start:]
        width = "desktop" if page.viewport_size and page.viewport_size["width"] == WIDTHS["desktop"] else "a4"
        assert len(s["starts"]) + 1 <= NAME_LINES[width], s
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]  # type: ignore[index]


def test_matrix_says_why_each_row_fails(page: Page) -> None:
    head = page.locator("table.matrix thead th").all_inner_texts()
    assert head[-1] == "主要问题" and "缺失" not in head
    rows = page.locator("table.matrix tr.doc-row")
    notes = {
        rows.nth(i).locator("td.path").inner_text().replace("\n", ""): rows.nth(i)
        .locator("td.note")
        .inner_text()
        for i in range(rows.count())
    }
    by_sample = {sample: notes[name] for sample, name in NAMES.items()}
    assert by_sample["good-2022.txt"] == ""  # complies: nothing to say
    assert by_sample["flawed-no-shortcomings.txt"] == "缺少“存在的不足和原因”"
    assert by_sample["flawed-plan-year.txt"].startswith("安排部分写的是2022年")
    assert "只列问题，未分析原因" in by_sample["jianghai-2022.docx"]


def test_checklist_and_profile_by_their_chinese_names(page: Page) -> None:
    facts = page.locator("table.facts").first.inner_text()
    assert "报告类型\t政府报告" in facts
    assert "检查清单\t政府报告检查清单 2026.1" in facts
    body = page.locator("body").inner_text()
    assert "适用清单" not in body and "government 2026" not in body


def test_a_missing_area_bar_shows_coverage_not_similarity(page: Page) -> None:
    widths = page.locator("svg rect.bar-missing").evaluate_all("(rs) => rs.map((r) => r.getBBox().width)")
    found = page.locator("svg rect.bar-found").evaluate_all("(rs) => rs.map((r) => r.getBBox().width)")
    assert found and all(w == pytest.approx(BAR_PX) for w in found)  # a heading covers the area
    assert all(w == pytest.approx(BAR_PX * MISSING_STUB, abs=0.1) for w in widths)
    caption = page.locator("figure.chart figcaption").first.inner_text()
    assert "覆盖" in caption and "相似度" not in caption

"""The HTML gap report in a real browser: headless Chromium (Debian's package), driven over the
DevTools protocol on a pipe (standard library only). Checks what a reader sees, keeps a screenshot
and a PDF under the test's tmp dir, and checks that printing gives A4 pages that nothing overflows."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from compliance import check_paths, load_checklist
from compliance.formats.html import format_html
from helpers import SAMPLES, SEED_TXT

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (.ci/run installs Debian's chromium package)"
)
CHECKLIST = load_checklist()
A4_CONTENT_WIDTH_PX = round((210 - 28) / 25.4 * 96)  # A4 less the 14 mm side margins of the page CSS

PAGE_FACTS = """(() => {
  const visible = (el) => {
    if (!el) return false;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.display !== 'none'
      && style.visibility !== 'hidden' && parseFloat(style.opacity) > 0;
  };
  const all = (selector) => [...document.querySelectorAll(selector)];
  const first = (selector) => document.querySelector(selector);
  return {
    title: document.title,
    h1: first('h1') ? first('h1').innerText : null,
    h1Visible: visible(first('h1')),
    score: first('.score') ? first('.score').innerText : null,
    verdict: first('.facts .verdict') ? first('.facts .verdict').innerText : null,
    verdictVisible: visible(first('.facts .verdict')),
    parts: all('table.parts tr.section').map((r) => r.dataset.id),
    areas: all('table.areas tr.section').map((r) => r.dataset.id),
    sectionsVisible: all('tr.section').every(visible),
    findings: all('.finding').map((f) => f.dataset.rule),
    findingsVisible: all('.finding').every(visible),
    chartVisible: visible(first('svg')),
    chartBars: all('svg rect[class^="bar-"]').filter(visible).length,
    matrixRows: all('table.matrix tr.doc-row').length,
    matrixVisible: visible(first('table.matrix')),
    scripts: document.scripts.length,
    images: document.images.length,
    links: document.links.length,
    cjkFont: document.fonts.check('16px "Noto Sans CJK SC"'),
    width: document.documentElement.scrollWidth,
  };
})()"""


class Chromium:
    """One headless Chromium, spoken to with the DevTools protocol over --remote-debugging-pipe."""

    def __init__(self, workdir: Path) -> None:
        assert CHROMIUM
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        flags = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
            f"--user-data-dir={workdir / 'profile'}",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        # The protocol pipe must be the browser's fds 3 (commands in) and 4 (replies out): a tiny
        # Python trampoline puts it there (os.dup2 makes them inheritable) and execs Chromium.
        trampoline = (
            "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
            "os.execv(sys.argv[3], sys.argv[3:])"
        )
        self._log = open(workdir / "chromium.log", "wb")  # noqa: SIM115 (closed in close())
        self.process = subprocess.Popen(
            [sys.executable, "-c", trampoline, str(to_browser_r), str(from_browser_w), CHROMIUM, *flags],
            pass_fds=(to_browser_r, from_browser_w),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def _read_message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        result: dict[str, Any] = json.loads(message)
        return result

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read_message()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply["result"]
                return result
            self.events.append(reply)

    def wait_for(self, event: str) -> None:
        while not any(e.get("method") == event for e in self.events):
            self.events.append(self._read_message())

    def open(self, url: str, width: int = 1000, height: int = 1400) -> str:
        """A new tab showing `url`, loaded; returns its session id."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = str(self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"])
        self.call("Page.enable", session)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.events.clear()
        self.call("Page.navigate", session, url=url)
        self.wait_for("Page.loadEventFired")
        return session

    def evaluate(self, session: str, expression: str) -> Any:
        reply = self.call(
            "Runtime.evaluate", session, expression=expression, returnByValue=True, awaitPromise=True
        )
        return reply["result"].get("value")

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._log.close()


@pytest.fixture
def browser(tmp_path: Path) -> Any:
    chromium = Chromium(tmp_path)
    try:
        yield chromium
    finally:
        chromium.close()


def write_page(tmp_path: Path, name: str, *paths: Path) -> tuple[Path, Any]:
    report = check_paths([str(p) for p in paths], CHECKLIST)
    page = tmp_path / name
    page.write_text(format_html(report), encoding="utf-8")
    return page, report


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return width, height


def test_seed_gap_report_renders_with_every_key_element_visible(browser: Chromium, tmp_path: Path) -> None:
    page, report = write_page(tmp_path, "seed.html", SAMPLES / "jianghai-2022.docx")
    (doc,) = report.documents
    session = browser.open(page.as_uri())
    facts = browser.evaluate(session, PAGE_FACTS)
    assert facts["title"] == f"差距报告：{doc.title}"
    assert facts["h1"] == f"差距报告：{doc.title}" and facts["h1Visible"]
    assert facts["score"] == f"{doc.score:g}"
    assert facts["verdict"] == ("符合要求" if doc.passed else "不符合要求") and facts["verdictVisible"]
    assert facts["parts"] == [s.id for s in doc.sections if s.role == "part"]
    assert facts["areas"] == [s.id for s in doc.sections if s.role == "area"]
    assert facts["sectionsVisible"]
    assert sorted(facts["findings"]) == sorted(f.rule for f in doc.failures) and facts["findingsVisible"]
    assert facts["chartVisible"] and facts["chartBars"] == len(facts["areas"])
    assert facts["scripts"] == 0 and facts["images"] == 0 and facts["links"] == 0
    assert facts["cjkFont"], "no CJK font: install fonts-noto-cjk (.ci/run does)"
    assert facts["width"] <= 1000  # no horizontal scrolling on screen
    shot = base64.b64decode(
        browser.call("Page.captureScreenshot", session, format="png", captureBeyondViewport=True)["data"]
    )
    (tmp_path / "seed.png").write_bytes(shot)  # kept as an artifact of the test
    width, height = png_size(shot)
    assert 950 <= width <= 1000 and height > 1400  # the whole page (less a scrollbar), past one screen
    assert len(shot) > 50_000  # real content was painted, not a blank page


def test_seed_gap_report_prints_on_a4_without_overflow(browser: Chromium, tmp_path: Path) -> None:
    page, _ = write_page(tmp_path, "seed.html", SEED_TXT)
    session = browser.open(page.as_uri(), width=A4_CONTENT_WIDTH_PX, height=1000)
    browser.call("Emulation.setEmulatedMedia", session, media="print")
    width = browser.evaluate(session, "document.documentElement.scrollWidth")
    assert width <= A4_CONTENT_WIDTH_PX, "the printed page is wider than A4"
    pdf = base64.b64decode(
        browser.call("Page.printToPDF", session, preferCSSPageSize=True, printBackground=True)["data"]
    )
    (tmp_path / "seed.pdf").write_bytes(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes, "no page in the PDF"
    for w, h in boxes:  # A4 is 595.28 x 841.89 points
        assert abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5, (w, h)
    assert 2 <= len(boxes) <= 6  # a few pages, not one page per table row


def test_hostile_document_text_stays_inert_in_the_browser(browser: Chromium, tmp_path: Path) -> None:
    lines = SEED_TXT.read_text(encoding="utf-8").splitlines()
    lines[0] = "江门市江海区2022年<script>alert(1)</script>法治政府建设年度报告"
    lines[lines.index("二、存在的不足")] = "二、存在的不足<img src=x onerror=alert(2)>"
    source = tmp_path / "hostile.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    page, report = write_page(tmp_path, "hostile.html", source)
    session = browser.open(page.as_uri())
    facts = browser.evaluate(session, PAGE_FACTS)
    assert facts["scripts"] == 0 and facts["images"] == 0
    assert facts["h1"] == f"差距报告：{report.documents[0].title}"  # the markup shows as text
    text = browser.evaluate(session, "document.body.innerText")
    assert "二、存在的不足<img src=x onerror=alert(2)>" in text
    assert not [e for e in browser.events if e.get("method") == "Page.javascriptDialogOpening"]


def test_batch_report_matrix_is_visible_and_fits_a4(browser: Chromium, tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 truncated")
    paths = [
        SAMPLES / "good-2022.txt",
        SAMPLES / "flawed-no-shortcomings.txt",
        SAMPLES / "jianghai-2022.docx",
        broken,
    ]
    page, report = write_page(tmp_path, "batch.html", *paths)
    session = browser.open(page.as_uri(), width=A4_CONTENT_WIDTH_PX, height=1000)
    browser.call("Emulation.setEmulatedMedia", session, media="print")
    shot = base64.b64decode(browser.call("Page.captureScreenshot", session, format="png")["data"])
    (tmp_path / "batch.png").write_bytes(shot)  # kept, and first: it shows what went wrong
    facts = browser.evaluate(session, PAGE_FACTS)
    assert facts["matrixVisible"] and facts["matrixRows"] == len(report.documents)
    assert facts["width"] <= A4_CONTENT_WIDTH_PX, "the summary matrix is wider than an A4 page"
    assert png_size(shot)[0] == A4_CONTENT_WIDTH_PX

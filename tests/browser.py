"""The system Chromium driven by Playwright, for the tests that look at pages in a real browser
(Playwright's own browser download is not reachable here; .ci/run installs Debian's chromium)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Chromium is not installed (.ci/run installs Debian's chromium package)"
)


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless system Chromium for the duration of the block."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()

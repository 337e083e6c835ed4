"""A headless browser page for tests that only render markup of their own (no journal)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Page, sync_playwright

from mvj_suite.core.chromium import launch_options


@contextmanager
def headless_page(**page_options: Any) -> Iterator[Page]:
    """A page in a Chromium of its own, launched as the suite launches it."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(playwright.chromium.executable_path))
        try:
            yield browser.new_page(**page_options)
        finally:
            browser.close()

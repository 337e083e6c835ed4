"""Traces kept on failure: the cookies that API calls returned are scrubbed too.

Its own module: it starts Playwright itself, which cannot run while another
module's Playwright (a module-scoped fixture) is alive in the same process.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from mvj_suite.core.chromium import SYSTEM_CHROMIUM_ARGS, system_chromium
from mvj_suite.core.privacy import REDACTED, scrub_trace


def test_scrub_trace_cleans_cookies_that_api_calls_returned(tmp_path: Path) -> None:
    """A real trace: context.cookies() records the session token in trace.trace."""
    trace = tmp_path / "spar.zip"
    executable = system_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            **({"executable_path": executable, "args": SYSTEM_CHROMIUM_ARGS} if executable else {})
        )
        context = browser.new_context()
        context.tracing.start(snapshots=True)
        context.add_cookies([{"name": "mvj_session", "value": "sessionstoken-4711",
                              "url": "https://journal.example.se"}])  # fmt: skip
        assert context.cookies()[0]["value"] == "sessionstoken-4711"
        context.tracing.stop(path=str(trace))
        browser.close()
    with zipfile.ZipFile(trace) as archive:
        assert any(b"sessionstoken-4711" in archive.read(n) for n in archive.namelist())
    scrub_trace(trace, [])
    with zipfile.ZipFile(trace) as archive:
        for name in archive.namelist():
            assert b"sessionstoken-4711" not in archive.read(name), name
        assert REDACTED in archive.read("trace.trace").decode()

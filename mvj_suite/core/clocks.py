"""One timeline for the journal and the browser.

The 45-minute inactivity rule lives in two places: the browser's timers (the
page shows the logout) and the journal's session store (the session is gone).
Moving only one of them would test half the rule, so scenarios move time only
through ``Clocks``, which moves the stub's clock first (so the server agrees
when the browser's timer fires and navigates) and then every open browser's.
``@klocka`` scenarios start with both clocks frozen, so no real time leaks
in between the steps that measure 44:59 against 45:00.

A live journal's clock cannot be moved. There ``Clocks`` moves the browsers'
clocks only — enough for what the page does after 45 minutes. Scenarios
whose point is that the journal *itself* ends the session are tagged
``@serverklocka``: on live they run only with ``--real-time``, and then time
really passes — the wait is Playwright's own auto-waiting on the page's
``Date.now()``, not a sleep.
"""

from __future__ import annotations

import time

from playwright.sync_api import BrowserContext

from mvj_suite.core.journal_browser import JournalBrowser
from mvj_suite.core.stub_control import ControlClient

REAL_TIME_MARGIN_MS = 120_000  # a nightly run may be slow to notice the moment


class Clocks:
    def __init__(
        self,
        stub_control: ControlClient | None,
        journal_browser: JournalBrowser,
        real_time: bool = False,
    ) -> None:
        self._control = stub_control  # None: a live journal (browser clocks only)
        self._browser = journal_browser
        self._real_time = real_time  # live --real-time: nothing is faked, time passes
        self._paused: set[int] = set()

    def freeze(self) -> None:
        if self._real_time:
            return  # a frozen browser clock would never reach the real moment
        if self._control is not None:
            self._control.freeze_clock()
        self._browser.on_new_context.append(self._pause)
        for context in self._browser.open_contexts():
            self._pause(context)

    def _pause(self, context: BrowserContext) -> None:
        if id(context) in self._paused:
            return
        # pause_at must not go backwards; the fake clock started at real "now" when it
        # was installed, so real "now" is a safe place to stop it.
        context.clock.pause_at(int(time.time() * 1000))
        self._paused.add(id(context))

    def forward(self, seconds: int) -> None:
        """Let ``seconds`` pass for the journal and for every open browser."""
        if not self._browser.fake_clock:
            # Without a fake clock the pages keep real timers: moving only the
            # journal's clock would test half the rule and pass for the wrong reason.
            raise RuntimeError(
                "Tiden kan bara flyttas i ett scenario märkt @klocka "
                "(då får webbläsarna en klocka som går att flytta)."
            )
        if self._real_time:
            self._wait_really(seconds)
            return
        if self._control is not None:
            self._control.advance_clock(seconds)
        # Per context, not per page: tabs share their context's clock.
        for context in self._browser.open_contexts():
            context.clock.fast_forward(seconds * 1000)

    def _wait_really(self, seconds: int) -> None:
        # Auto-waiting on the page's own clock: resolves when the moment has come.
        pages = self._browser.open_pages()
        if not pages:
            raise RuntimeError("Ingen öppen sida att vänta i.")
        pages[0].wait_for_function(
            "end => Date.now() >= end",
            arg=int(time.time() * 1000) + seconds * 1000,
            polling=1000,
            timeout=seconds * 1000 + REAL_TIME_MARGIN_MS,
        )

    def restore(self) -> None:
        if self._control is not None:
            self._control.reset_clock()

"""Every context is prepared once, before its first page navigates: its callbacks (the
live wire guard among them) always, Playwright's fake clock only in @klocka scenarios."""

from __future__ import annotations

from typing import Any

import pytest

from mvj_suite.core.journal_browser import JournalBrowser


class _Clock:
    def __init__(self) -> None:
        self.installs = 0

    def install(self) -> None:
        self.installs += 1


class _Context:
    def __init__(self) -> None:
        self.clock = _Clock()
        self.pages: list[_Page] = []

    def new_page(self) -> _Page:
        page = _Page(self)
        self.pages.append(page)
        return page


class _Page:
    def __init__(self, context: _Context) -> None:
        self.context = context


class _Journal:
    url = "https://journal.example.se"
    trust_private_ca = True
    cardless_ignores_https_errors = False

    def card(self, key: str) -> Any:
        return None


@pytest.mark.parametrize("fake_clock", [False, True])
def test_each_context_gets_its_callbacks_once_whatever_the_clock(fake_clock: bool) -> None:
    contexts: list[_Context] = []

    def new_context(**options: Any) -> _Context:
        contexts.append(_Context())
        return contexts[-1]

    browser = JournalBrowser(new_context, _Journal(), own_tracing=False, fake_clock=fake_clock)
    seen: list[_Context] = []
    browser.on_new_context.append(seen.append)  # as fixtures.browser adds the live guard
    first = browser.open(None)
    browser.new_tab(beside=first)  # a second tab: same context, not prepared again
    browser.open(None)  # a fresh browser: prepared too
    assert seen == contexts and len(contexts) == 2
    assert [c.clock.installs for c in contexts] == ([1, 1] if fake_clock else [0, 0])

"""Test plugin (``-p tests.suite.misbehaving_pages``): the journal's pages misbehave.

Loaded into a live run against the standalone stub, it makes the journal's pages do
what a careless journal's might, where the suite cannot see it coming:

- every page sends a beacon when it is left or closed (the suite closes its pages at
  teardown, so the scenario's steps are long over);
- between two scenarios, with none running, a browser context sends a DELETE of its
  own (a connection nobody's scenario can answer for).

Both must be stopped by the wire proxy, never received, and reported: the first as
the scenario's failure in its teardown, the second as a failure of the whole run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from mvj_suite.live.wire_proxy import WireProxy

BEACON = ("addEventListener('pagehide', () => "
          "navigator.sendBeacon('/prov/vid-stangning', 'utkast=1'));")  # fmt: skip
_browser: list[Browser] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef: Any, request: pytest.FixtureRequest) -> Iterator[None]:
    outcome = yield
    value = outcome.get_result()
    if fixturedef.argname == "journal_browser":
        value.on_new_context.append(lambda context: context.add_init_script(BEACON))
    elif fixturedef.argname == "browser":
        _browser.append(value)


@pytest.hookimpl(tryfirst=True)  # before the next scenario's fixtures and guard
def pytest_runtest_setup(item: pytest.Item) -> None:
    proxy = WireProxy.running()
    if proxy is None or not _browser:  # the first scenario: no browser yet
        return
    context = _browser[0].new_context(**proxy.context_options("sjukskoterska"))
    page = context.new_page()
    page.goto(proxy.journal_url)
    page.evaluate("() => fetch('/prov/mellan-scenarier', {method: 'DELETE'}).catch(() => 0)")
    context.close()

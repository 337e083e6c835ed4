"""axe-core on a real page: a deliberately broken view is reported with its rule, the
check survives a stopped clock, leaves nothing in the page, and keeps markup and
identity numbers out of what it reports on a live journal."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from mvj_suite.a11y.scan import scan
from mvj_suite.model.accessibility import DEFAULT_TAGS
from tests.browser_page import headless_page

BROKEN_VIEW = """<!DOCTYPE html><html lang="sv"><head><title>Sök kund</title></head>
<body><main><h1>Sök kund</h1>
<label for="q">Personnummer</label><input id="q" type="search">
<input type="text" id="kund-19121212-1212" value="Tolvan Tolvansson">
</main></body></html>"""
GOOD_VIEW = """<!DOCTYPE html><html lang="sv"><head><title>Sök kund</title></head>
<body><main><h1>Sök kund</h1>
<label for="q">Personnummer</label><input id="q" type="search"></main></body></html>"""


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with headless_page() as page:
        yield page


def test_an_input_without_a_label_is_reported_with_its_rule(page: Page) -> None:
    page.set_content(BROKEN_VIEW)
    result = scan(page, "Sök kund", DEFAULT_TAGS, live=False)
    assert result.error == ""
    assert result.engine.startswith("axe-core 4.")
    [finding] = [f for f in result.findings if f.rule == "label"]
    assert finding.view == "Sök kund"
    assert finding.impact == "critical"
    assert "4.1.2" in finding.criteria
    assert finding.target == "#kund-19121212-1212"
    assert finding.help_url.startswith("https://dequeuniversity.com/rules/axe/")
    assert "Tolvan" in finding.html  # on the stub the markup helps the developer


def test_a_view_that_keeps_the_rules_has_no_findings(page: Page) -> None:
    page.set_content(GOOD_VIEW)
    assert scan(page, "Sök kund", DEFAULT_TAGS, live=False).findings == []


def test_on_live_the_element_is_named_by_its_place_never_by_its_data(page: Page) -> None:
    # Without an id axe-core builds a selector from attribute values: input[value="Anna"].
    page.set_content(BROKEN_VIEW.replace(
        "</main>", '<div><input type="text" value="Anna Andersson"></div></main>'))
    on_stub = {f.target for f in scan(page, "Ändra kund", DEFAULT_TAGS, live=False).findings}
    assert any("Anna" in target for target in on_stub)  # what the probe is about
    findings = [f for f in scan(page, "Ändra kund", DEFAULT_TAGS, live=True).findings
                if f.rule == "label"]
    assert len(findings) == 2
    for finding in findings:
        assert finding.html == ""
        assert finding.target.startswith("html > body > main > ")
        for secret in ("19121212", "1212", "Tolvan", "Anna", "value="):
            assert secret not in repr(finding), secret


def test_the_check_leaves_nothing_in_the_page_and_works_with_a_stopped_clock(
    page: Page,
) -> None:
    page.set_content(BROKEN_VIEW)
    page.context.clock.install()
    page.context.clock.pause_at(int(time.time() * 1000))
    # axe-core waits on timers: in the page's own world a stopped clock would hang it.
    result = scan(page, "Sök kund", DEFAULT_TAGS, live=False)
    assert [f.rule for f in result.findings] == ["label"]
    assert page.evaluate("typeof window.axe") == "undefined"


def test_the_rule_set_is_the_one_asked_for(page: Page) -> None:
    # A missing <main> landmark is a best practice, not a WCAG 2.1 AA rule.
    page.set_content('<html lang="sv"><head><title>x</title></head><body><p>text</p></body></html>')
    assert scan(page, "Sök kund", DEFAULT_TAGS, live=False).findings == []
    found = scan(page, "Sök kund", ("best-practice",), live=False).findings
    assert "landmark-one-main" in {f.rule for f in found}

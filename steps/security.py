"""Extra security check, outside the routine: a session belongs to the card that logged in."""

from __future__ import annotations

import contextlib

from playwright.sync_api import Error, Page
from pytest_bdd import parsers, then, when

from mvj_suite.core.journal import Journal
from mvj_suite.core.journal_browser import JournalBrowser
from mvj_suite.model.intent import reads
from mvj_suite.model.scenario import ScenarioState
from pages.shell import AppShell
from steps.actors import User

_REPLAYED = r"hennes session används i en webbläsare (?P<card>utan kort|med en annan persons kort)"


@when(parsers.re(_REPLAYED), target_fixture="other_page")
@reads
def session_replayed(
    user: User, journal_browser: JournalBrowser, journal: Journal, card: str
) -> Page:
    # Someone who got hold of the session cookie opens what she has open.
    card_key = None if card == "utan kort" else journal.other_card().key
    cookies = user.page.context.cookies()
    page = journal_browser.open(card_key)
    page.context.add_cookies(cookies)
    # A journal that refuses the connection without a card shows nothing at all.
    with contextlib.suppress(Error):
        page.goto(user.page.url)
    return page


@then("är den webbläsaren inte inloggad och visar inget om kunden")
@reads
def nothing_shown(other_page: Page, scenario: ScenarioState) -> None:
    customer = scenario.customer
    AppShell(other_page).expect_not_logged_in()
    source = other_page.content()
    shown = [value for value in (customer.name, customer.number.display, customer.street_address,
                                 customer.email) if value and value in source]  # fmt: skip
    assert not shown, f"Sidan visar kundens uppgifter utan rätt kort: {shown}"

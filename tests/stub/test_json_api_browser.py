"""``--json-api`` in a real browser: journal.js logs in and searches with JSON posts.

Chromium (the system's) with the SITHS card as a client certificate. Elements are
found by role, label and text only, as the suite's page objects find them; every
request the page makes is recorded, so the tests can see what went over the wire
and that no personnummer ended up in a URL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect, sync_playwright

from mvj_stub.server import RunningStub
from mvj_suite.core.chromium import launch_options

from .conftest import PROTECTED, TOLVAN, control, seed

LOGIN_BUTTON = "Logga in med SITHS-kort"
LOGGED_IN = "Inloggad som Sara Sjöberg (SE2321000016-SJS1)"
SEARCH_FIELD = "Personnummer, namn, telefonnummer eller e-post"
NO_CARD = "Inget giltigt SITHS-kort hittades."
NOT_FOUND_NUMBER = "Personnumret finns inte i MittVaccin Journal. Vill du lägga till kunden?"

@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        # The browser the suite itself would launch (Playwright's own, else the system's):
        # no browser at all is an error here, never a silent skip.
        options = launch_options(playwright.chromium.executable_path)
        browser = playwright.chromium.launch(headless=True, **options)
        yield browser
        browser.close()


@dataclass
class Tab:
    """One browser (context) with one page, and every request the page made."""

    stub: RunningStub
    page: Page
    requests: list[Request] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.stub.url + path)

    def made(self, path: str) -> list[Request]:
        return [request for request in self.requests if urlsplit(request.url).path == path]

    def log_in(self) -> None:
        self.open("/")
        self.page.get_by_role("button", name=LOGIN_BUTTON).click()
        expect(self.page.get_by_text(LOGGED_IN)).to_be_visible()

    def search(self, text: str) -> None:
        self.page.get_by_label(SEARCH_FIELD).fill(text)
        self.page.get_by_role("button", name="Sök", exact=True).click()


@pytest.fixture
def tab_for(chromium: Browser, json_journal: RunningStub) -> Iterator[Callable[..., Tab]]:
    contexts: list[BrowserContext] = []

    def make(card: str | None = "sjukskoterska") -> Tab:
        certificates = []
        if card is not None:
            certificates = [{"origin": json_journal.url,
                             "pfxPath": str(json_journal.pki.cards[card].path),
                             "passphrase": json_journal.pki.passphrase}]
        context = chromium.new_context(client_certificates=certificates,
                                       ignore_https_errors=True)
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = Tab(json_journal, context.new_page())

        def record(request: Request) -> None:  # Playwright cannot wrap list.append itself
            tab.requests.append(request)

        tab.page.on("request", record)
        return tab

    yield make
    for context in contexts:
        context.close()


def digits_in_url(url: str) -> str:
    """The digits in a URL's path and query (the host's port is not the page's business)."""
    parts = urlsplit(url)
    return "".join(re.findall(r"\d", parts.path + parts.query))


# --- login ------------------------------------------------------------------------

def test_login_is_a_json_post_of_an_empty_object(tab_for) -> None:
    tab = tab_for()
    tab.log_in()
    expect(tab.page.get_by_role("button", name="Logga ut")).to_be_visible()
    assert urlsplit(tab.page.url).path == "/sok"
    [login] = tab.made("/api/logga-in")
    assert login.method == "POST"
    assert login.post_data == "{}"
    assert login.header_value("content-type") == "application/json"
    assert tab.made("/logga-in") == []  # not the form post


@pytest.mark.parametrize(("card", "text"), [
    ("utan-behorighet", "Behörighet saknas för SE2321000016-OBH1."),
    ("utgangen", NO_CARD), ("fel-utfardare", NO_CARD), (None, NO_CARD),
], ids=["utan behörighet", "utgånget", "annan utfärdare", "inget kort"])
def test_refused_card_shows_the_contracts_alert(tab_for, card: str | None,
                                                text: str) -> None:
    tab = tab_for(card)
    tab.open("/")
    with tab.page.expect_request(
            lambda request: urlsplit(request.url).path == "/api/logga-in") as login:
        tab.page.get_by_role("button", name=LOGIN_BUTTON).click()
    expect(tab.page.get_by_role("alert")).to_have_text(text)
    expect(tab.page.get_by_role("heading", name="Logga in i MittVaccin Journal")).to_be_visible()
    assert (login.value.method, login.value.post_data) == ("POST", "{}")
    assert urlsplit(tab.page.url).path == "/"
    assert tab.made("/logga-in") == []


# --- search -----------------------------------------------------------------------

def test_search_is_a_json_post_and_no_url_holds_the_number(tab_for,
                                                          json_journal: RunningStub) -> None:
    seed(json_journal, TOLVAN)
    tab = tab_for()
    tab.log_in()
    tab.search("19121212-1212")
    table = tab.page.get_by_role("table", name="Sökresultat")
    expect(table.get_by_role("row")).to_have_count(2)  # the header row and Tolvan
    expect(table.get_by_role("cell", name="Tolvan Tolvansson")).to_be_visible()
    expect(table.get_by_role("cell", name="Storgatan 1, 123 45 Stockholm")).to_be_visible()
    [search] = tab.made("/api/sok")
    assert search.method == "POST"
    assert search.header_value("content-type") == "application/json"
    assert json.loads(search.post_data or "") == {"q": "19121212-1212"}
    for request in tab.requests:
        assert digits_in_url(request.url) == "", request.url
    assert digits_in_url(tab.page.url) == "" and urlsplit(tab.page.url).path == "/sok"
    # Typed text stays; the page was not reloaded.
    expect(tab.page.get_by_label(SEARCH_FIELD)).to_have_value("19121212-1212")
    assert len(tab.made("/sok")) == 1


def test_search_messages_look_as_the_contract_says(tab_for,
                                                   json_journal: RunningStub) -> None:
    seed(json_journal, TOLVAN, PROTECTED)
    tab = tab_for()
    tab.log_in()
    page = tab.page
    table = page.get_by_role("table", name="Sökresultat")

    tab.search("Tol")
    expect(page.get_by_role("alert")).to_have_text("Ange minst fyra tecken.")
    expect(table).to_have_count(0)

    tab.search("Ingen Alls")
    expect(page.get_by_role("status")).to_have_text("Inga kunder hittades.")
    expect(page.get_by_role("alert")).to_have_count(0)

    tab.search("19121212-1213")
    expect(page.get_by_role("alert")).to_have_text("Ogiltigt personnummer.")
    expect(page.get_by_role("status")).to_have_count(0)

    tab.search("20170101-2393")
    expect(table.get_by_role("cell", name="Skyddad identitet")).to_be_visible()
    expect(table.get_by_role("cell", name="20170101-2393")).to_be_visible()

    assert [json.loads(request.post_data or "")["q"] for request in tab.made("/api/sok")] == [
        "Tol", "Ingen Alls", "19121212-1213", "20170101-2393"]
    for request in tab.requests:
        assert digits_in_url(request.url) == "", request.url


def test_no_hit_offers_lagg_till_kund_for_the_searched_number(tab_for) -> None:
    tab = tab_for()
    tab.log_in()
    tab.search("20170101-2385")
    expect(tab.page.get_by_role("status")).to_have_text(NOT_FOUND_NUMBER)
    assert digits_in_url(tab.page.url) == ""
    tab.page.get_by_role("button", name="Lägg till kund", exact=True).click()
    dialog = tab.page.get_by_role("dialog", name="Lägg till kund")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Personnummer")).to_have_text("20170101-2385")


def test_clicking_a_result_row_opens_the_kundkort(tab_for, json_journal: RunningStub) -> None:
    [tolvan] = seed(json_journal, TOLVAN)
    tab = tab_for()
    tab.log_in()
    tab.search("Tolvan")
    # The number's cell has no link: only the row's own handler, wired on the inserted
    # markup, can open the Kundkort from there.
    tab.page.get_by_role("cell", name="19121212-1212").click()
    expect(tab.page.get_by_role("heading", name="Tolvan Tolvansson")).to_be_visible()
    expect(tab.page.get_by_label("Personnummer")).to_have_text("19121212-1212")
    assert urlsplit(tab.page.url).path == f"/kunder/{tolvan['id']}"


# --- the inactivity rule still holds ------------------------------------------------

def test_activity_pings_and_the_45_minute_timer_still_work(tab_for) -> None:
    tab = tab_for()
    tab.page.clock.install()
    tab.log_in()
    tab.search("Ingen Alls")
    expect(tab.page.get_by_role("status")).to_have_text("Inga kunder hittades.")
    tab.page.clock.fast_forward(6_000)  # past the heartbeat's minimum interval
    with tab.page.expect_request(lambda request: urlsplit(request.url).path == "/aktivitet"
                                 and request.method == "POST"):
        tab.page.get_by_role("heading", name="Sök kund").click()
    tab.page.clock.fast_forward("45:00")
    expect(tab.page.get_by_role("heading", name="Du har loggats ut")).to_be_visible()
    expect(tab.page.get_by_text("Du har loggats ut efter 45 minuters inaktivitet.")).to_be_visible()


def test_search_after_the_server_ended_the_session_logs_out(tab_for,
                                                          json_journal: RunningStub) -> None:
    tab = tab_for()
    tab.log_in()
    assert control(json_journal, "POST", "/_kontroll/klocka",
                   {"framat_sekunder": 45 * 60}).status == 200
    tab.search("Tolvan")
    expect(tab.page.get_by_role("heading", name="Du har loggats ut")).to_be_visible()
    expect(tab.page.get_by_text(LOGGED_IN)).to_have_count(0)

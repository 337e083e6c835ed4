"""§2.3 and §2.4: a customer added with a reservnummer, and the real number replacing it."""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, then, when

from pages.customer_card import CustomerCard
from pages.customer_dialog import CustomerDialog, EditCustomerDialog
from pages.search import SearchPage
from pages.shell import AppShell
from steps.actors import User
from steps.customers import Subject, expect_card, leave_dialog, table_value
from steps.forms import add_reserve_customer, open_card
from suite.journal_data import NEW_PERSONNUMMER, NEW_SAMORDNINGSNUMMER, JournalData
from suite.model.customers import ReservKund, Uppgifter, reservnummer_problems
from suite.model.identities import parse_identity
from suite.model.intent import reads, writes
from suite.model.pools import pool_step


@then(
    "visar kundkortet ett giltigt reservnummer för kundens födelseår",
    target_fixture="reservnummer",
)
@reads
def card_shows_reservnummer(customer_card: CustomerCard, kund: ReservKund) -> str:
    number = customer_card.value("reservnummer")
    problems = reservnummer_problems(number, kund.fodelsedatum)
    assert not problems, problems
    return number


@then("visar kundkortet kundens födelsedatum och övriga uppgifter")
@reads
def card_shows_birth_date(
    customer_card: CustomerCard, forvantat: Uppgifter, reservnummer: str
) -> None:
    who = Subject("reservnummer", reservnummer, forvantat.fodelsedatum, forvantat)
    expect_card(customer_card, who, forvantat)


@given("att hon har lagt till kunden med reservnummer", target_fixture="reservnummer")
@writes
def reserve_added(user: User, kund: ReservKund) -> str:
    return add_reserve_customer(user.page, kund).reservnummer


@when("hon söker efter kunden på reservnumret", target_fixture="search_page")
@reads
def search_reservnummer(user: User, reservnummer: str) -> SearchPage:
    return AppShell(user.page).open_search().search(reservnummer)


@then("hittar hon kunden med reservnumret")
@reads
def finds_reserve_customer(search_page: SearchPage, reservnummer: str, kund: ReservKund) -> None:
    search_page.expect_only_customers([reservnummer])
    search_page.expect_row(
        reservnummer, [kund.fornamn, kund.efternamn], [kund.uppgifter.utdelningsadress, kund.ort]
    )


# --- replacing the reservnummer ----------------------------------------------------------
# The real number comes from a live profile's pool: declared for the test-data budget.
pool_step("hon fyller i kundens riktiga personnummer i stället för reservnumret",
          NEW_PERSONNUMMER)  # fmt: skip
pool_step("hon fyller i kundens riktiga samordningsnummer i stället för reservnumret",
          NEW_SAMORDNINGSNUMMER)  # fmt: skip


def _replacement(words: str, request: pytest.FixtureRequest, journal_data: JournalData) -> str:
    """The number typed into "Personnummer eller samordningsnummer", by the scenario's words."""
    if words == "kundens riktiga personnummer":
        return journal_data.nytt_nummer().tolv("-")
    if words == "kundens riktiga samordningsnummer":
        return journal_data.nytt_nummer(samordning=True).tolv("-")
    if words == "den andra kundens personnummer":
        return request.getfixturevalue("annan_kund").nummer.tolv("-")
    if words == "ett personnummer med fel kontrollsiffra":
        return journal_data.ogiltigt_personnummer().tolv("-")
    if words == "ett reservnummer":
        # A reservnummer never replaces one: only a real number does.
        reserve: ReservKund = request.getfixturevalue("reservkund")
        return reserve.reservnummer
    return table_value(words)


@when(
    parsers.re(r"hon fyller i (?P<words>.+) i stället för reservnumret"),
    target_fixture="nytt_nummer",
)
@reads
def replace_reservnummer(
    request: pytest.FixtureRequest,
    dialog: EditCustomerDialog,
    journal_data: JournalData,
    words: str,
) -> str:
    number = _replacement(words, request, journal_data)
    dialog.replace_number(number)
    return number


@then("visar kundkortet det nya numret som personnummer")
@reads
def card_shows_new_number(customer_card: CustomerCard, nytt_nummer: str) -> None:
    customer_card.expect_saved()
    customer_card.expect_value("personnummer", parse_identity(nytt_nummer).display)
    customer_card.expect_no_value("reservnummer")


@then("har kunden kvar sitt reservnummer")
@reads
def keeps_reservnummer(user: User, dialog: CustomerDialog, reservkund: ReservKund) -> None:
    leave_dialog(dialog)
    card = open_card(user.page, reservkund.reservnummer)
    card.expect_value("reservnummer", reservkund.reservnummer)

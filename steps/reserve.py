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
from suite.model.customers import CustomerDetails, ReserveCustomer, reservnummer_problems
from suite.model.identities import parse_identity
from suite.model.intent import reads, writes
from suite.model.pools import pool_step


@then(
    "visar kundkortet ett giltigt reservnummer för kundens födelseår",
    target_fixture="reservnummer",
)
@reads
def card_shows_reservnummer(customer_card: CustomerCard, customer: ReserveCustomer) -> str:
    number = customer_card.value("reservnummer")
    problems = reservnummer_problems(number, customer.birth_date)
    assert not problems, problems
    return number


@then("visar kundkortet kundens födelsedatum och övriga uppgifter")
@reads
def card_shows_birth_date(
    customer_card: CustomerCard, expected: CustomerDetails, reservnummer: str
) -> None:
    who = Subject("reservnummer", reservnummer, expected.birth_date, expected)
    expect_card(customer_card, who, expected)


@given("att hon har lagt till kunden med reservnummer", target_fixture="reservnummer")
@writes
def reserve_added(user: User, customer: ReserveCustomer) -> str:
    return add_reserve_customer(user.page, customer).reservnummer


@when("hon söker efter kunden på reservnumret", target_fixture="search_page")
@reads
def search_reservnummer(user: User, reservnummer: str) -> SearchPage:
    return AppShell(user.page).open_search().search(reservnummer)


@then("hittar hon kunden med reservnumret")
@reads
def finds_reserve_customer(
    search_page: SearchPage, reservnummer: str, customer: ReserveCustomer
) -> None:
    search_page.expect_only_customers([reservnummer])
    search_page.expect_row(
        reservnummer,
        [customer.first_name, customer.last_name],
        [customer.details.street_address, customer.city],
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
        return journal_data.new_number().twelve("-")
    if words == "kundens riktiga samordningsnummer":
        return journal_data.new_number(samordning=True).twelve("-")
    if words == "den andra kundens personnummer":
        return request.getfixturevalue("other_customer").number.twelve("-")
    if words == "ett personnummer med fel kontrollsiffra":
        return journal_data.invalid_personnummer().twelve("-")
    if words == "ett reservnummer":
        # A reservnummer never replaces one: only a real number does.
        reserve: ReserveCustomer = request.getfixturevalue("reserve_customer")
        return reserve.reservnummer
    return table_value(words)


@when(
    parsers.re(r"hon fyller i (?P<words>.+) i stället för reservnumret"),
    target_fixture="new_number",
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
def card_shows_new_number(customer_card: CustomerCard, new_number: str) -> None:
    customer_card.expect_saved()
    customer_card.expect_value("personnummer", parse_identity(new_number).display)
    customer_card.expect_no_value("reservnummer")


@then("har kunden kvar sitt reservnummer")
@reads
def keeps_reservnummer(
    user: User, dialog: CustomerDialog, reserve_customer: ReserveCustomer
) -> None:
    leave_dialog(dialog)
    card = open_card(user.page, reserve_customer.reservnummer)
    card.expect_value("reservnummer", reserve_customer.reservnummer)

"""§2.3 and §2.4: a customer added with a reservnummer, and the real number replacing it."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from mvj_suite.core.journal_data import NEW_PERSONNUMMER, NEW_SAMORDNINGSNUMMER, JournalData
from mvj_suite.model.customers import reservnummer_problems
from mvj_suite.model.identities import parse_identity
from mvj_suite.model.intent import reads, writes
from mvj_suite.model.pools import pool_step
from mvj_suite.model.scenario import ScenarioState, Subject
from mvj_suite.model.table_values import table_value
from pages.customer_card import CustomerCard
from pages.customer_dialog import CustomerDialog, EditCustomerDialog
from pages.search import SearchPage
from pages.shell import AppShell
from steps.actors import User
from steps.card import expect_card
from steps.flows import add_reserve_customer, open_card
from steps.saving import leave_dialog


@then("visar kundkortet ett giltigt reservnummer för kundens födelseår")
@reads
def card_shows_reservnummer(customer_card: CustomerCard, scenario: ScenarioState) -> None:
    number = customer_card.value("reservnummer")
    problems = reservnummer_problems(number, scenario.unnumbered.birth_date)
    assert not problems, problems
    scenario.reservnummer = number


@then("visar kundkortet kundens födelsedatum och övriga uppgifter")
@reads
def card_shows_birth_date(customer_card: CustomerCard, scenario: ScenarioState) -> None:
    shown = scenario.expected
    who = Subject("reservnummer", scenario.reservnummer, shown.birth_date, shown)
    expect_card(customer_card, who, shown)


@given("att hon har lagt till kunden med reservnummer")
@writes
def reserve_added(user: User, scenario: ScenarioState) -> None:
    added = add_reserve_customer(user.page, scenario.unnumbered)
    scenario.reservnummer = added.reservnummer


@when("hon söker efter kunden på reservnumret", target_fixture="search_page")
@reads
def search_reservnummer(user: User, scenario: ScenarioState) -> SearchPage:
    return AppShell(user.page).open_search().search(scenario.reservnummer)


@then("hittar hon kunden med reservnumret")
@reads
def finds_reserve_customer(search_page: SearchPage, scenario: ScenarioState) -> None:
    customer = scenario.unnumbered
    search_page.expect_only_customers([scenario.reservnummer])
    search_page.expect_row(
        scenario.reservnummer,
        [customer.first_name, customer.last_name],
        [customer.details.street_address, customer.city],
    )


# --- replacing the reservnummer ----------------------------------------------------------
# The real number comes from a live profile's pool: declared for the test-data budget.
pool_step("hon fyller i kundens riktiga personnummer i stället för reservnumret",
          NEW_PERSONNUMMER, person=False)  # fmt: skip
pool_step("hon fyller i kundens riktiga samordningsnummer i stället för reservnumret",
          NEW_SAMORDNINGSNUMMER, person=False)  # fmt: skip


def _replacement(words: str, scenario: ScenarioState, journal_data: JournalData) -> str:
    """The number typed into "Personnummer eller samordningsnummer", by the scenario's words."""
    if words == "kundens riktiga personnummer":
        return journal_data.new_number().twelve("-")
    if words == "kundens riktiga samordningsnummer":
        return journal_data.new_number(samordning=True).twelve("-")
    if words == "den andra kundens personnummer":
        return scenario.other.number.twelve("-")
    if words == "ett personnummer med fel kontrollsiffra":
        return journal_data.invalid_personnummer().twelve("-")
    if words == "ett reservnummer":
        # A reservnummer never replaces one: only a real number does.
        return scenario.reserve.reservnummer
    return table_value(words)


@when(parsers.re(r"hon fyller i (?P<words>.+) i stället för reservnumret"))
@reads
def replace_reservnummer(
    dialog: EditCustomerDialog, scenario: ScenarioState, journal_data: JournalData, words: str
) -> None:
    scenario.new_number = _replacement(words, scenario, journal_data)
    dialog.replace_number(scenario.new_number)


@then("visar kundkortet det nya numret som personnummer")
@reads
def card_shows_new_number(customer_card: CustomerCard, scenario: ScenarioState) -> None:
    customer_card.expect_saved()
    customer_card.expect_value("personnummer", parse_identity(scenario.new_number).display)
    customer_card.expect_no_value("reservnummer")


@then("har kunden kvar sitt reservnummer")
@reads
def keeps_reservnummer(user: User, dialog: CustomerDialog, scenario: ScenarioState) -> None:
    leave_dialog(dialog)
    reservnummer = scenario.reserve.reservnummer
    open_card(user.page, reservnummer).expect_value("reservnummer", reservnummer)

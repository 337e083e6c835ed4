"""§2.2–§2.4: Spara, and what the journal then keeps — or refuses to keep."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from mvj_suite.core.journal import Journal
from mvj_suite.core.journal_browser import JournalBrowser
from mvj_suite.model.intent import reads, writes
from mvj_suite.model.scenario import ScenarioState
from pages.customer_card import CustomerCard
from pages.customer_dialog import AddCustomerDialog, CustomerDialog
from pages.login import LoginPage
from pages.shell import AppShell
from steps.actors import User
from steps.card import expect_card
from steps.flows import add_customer, open_card


@when("hon sparar", target_fixture="customer_card")
@writes
def save(dialog: CustomerDialog) -> CustomerCard:
    return dialog.save()


@given("att hon har lagt till kunden", target_fixture="customer_card")
@writes
def customer_added(user: User, scenario: ScenarioState) -> CustomerCard:
    return add_customer(user.page, scenario.customer)


@given("att en kollega har lagt till kunden under tiden")
@writes
def added_meanwhile(
    journal_browser: JournalBrowser, journal: Journal, scenario: ScenarioState
) -> None:
    # Another nurse, in her own browser, adds the same person while the dialog is open.
    card = journal.colleague_card()
    page = journal_browser.open(card.key)
    LoginPage.open(page).log_in().expect_logged_in_as(card.name, card.hsa_id)
    add_customer(page, scenario.customer)


# --- what a refused Spara leaves -----------------------------------------------------------
@then(parsers.re(r"stannar dialogen kvar med beskedet att (?P<problem>.+)"))
@reads
def dialog_stays_with(dialog: CustomerDialog, problem: str) -> None:
    dialog.expect_open().expect_problems_only([problem])


@then("får hon beskedet att personnumret redan finns")
@reads
def duplicate(dialog: AddCustomerDialog) -> None:
    dialog.expect_open().expect_duplicate()


def leave_dialog(dialog: CustomerDialog) -> None:
    """Close the dialog if it is still open, to look elsewhere in the journal."""
    # The dialog answered already (an alert is shown); is_visible does not wait.
    if dialog.dialog.is_visible():
        dialog.cancel()


@then("har kunden inte sparats")
@reads
def not_saved(user: User, dialog: CustomerDialog, scenario: ScenarioState) -> None:
    leave_dialog(dialog)
    search = AppShell(user.page).open_search().search(scenario.customer.number.twelve("-"))
    search.expect_offer_to_add()


@then("har ingen kund med kundens namn sparats")
@reads
def no_customer_by_name(user: User, dialog: CustomerDialog, scenario: ScenarioState) -> None:
    leave_dialog(dialog)
    person = scenario.someone
    search = AppShell(user.page).open_search().search(person.last_name)
    # Her surname and street together: a journal in use has other customers by her name
    # (and on the stub, another worker's made-up surname may be hers).
    search.expect_no_customer_with(person.last_name, person.street_address)


@then("finns kunden bara en gång i journalen")
@reads
def only_once(user: User, dialog: CustomerDialog, scenario: ScenarioState) -> None:
    leave_dialog(dialog)
    customer = scenario.customer
    search = AppShell(user.page).open_search().search(customer.number.twelve("-"))
    search.expect_only_customers([customer.number.display])


@then("är kundens uppgifter oförändrade")
@reads
def unchanged(user: User, dialog: CustomerDialog, scenario: ScenarioState) -> None:
    leave_dialog(dialog)
    who = scenario.subject()
    expect_card(open_card(user.page, who.number), who, who.details)

"""§2.2–§2.4: reaching the customer dialogs, what they show when they open, and Avbryt."""

from __future__ import annotations

from pytest_bdd import given, then, when

from mvj_suite.model.intent import reads
from mvj_suite.model.scenario import ScenarioState
from pages.customer_card import CustomerCard
from pages.customer_dialog import (
    AddCustomerDialog,
    CustomerDialog,
    EditCustomerDialog,
    ReserveDialog,
)
from pages.expect import expect
from pages.search import SearchPage
from steps.actors import User
from steps.flows import edit, open_add_dialog, open_card, open_reserve_dialog
from steps.known_values import check_field


# --- Lägg till kund (§2.2) ------------------------------------------------------------------
@given("att hon har öppnat dialogen Lägg till kund för kunden", target_fixture="dialog")
@reads
def add_dialog_opened(user: User, scenario: ScenarioState) -> AddCustomerDialog:
    return open_add_dialog(user.page, scenario.customer)


@when("hon väljer Lägg till kund", target_fixture="dialog")
@reads
def choose_add(search_page: SearchPage) -> AddCustomerDialog:
    return search_page.add_customer()


@then("visas dialogen Lägg till kund med kundens personnummer")
@reads
def add_dialog_shows_number(dialog: CustomerDialog, scenario: ScenarioState) -> None:
    dialog.expect_open().expect_number(scenario.customer.number.display)


# --- Lägg till kund med reservnummer (§2.3) -------------------------------------------------
@when("hon väljer Lägg till ny kund och Lägg till kund med reservnummer", target_fixture="dialog")
@reads
def choose_reserve(search_page: SearchPage) -> ReserveDialog:
    return search_page.add_new_customer().add_with_reservnummer()


@given("att hon har öppnat dialogen Lägg till kund med reservnummer", target_fixture="dialog")
@reads
def reserve_dialog_opened(user: User) -> ReserveDialog:
    return open_reserve_dialog(user.page)


@then("visas dialogen Lägg till kund med reservnummer")
@reads
def reserve_dialog_shown(dialog: ReserveDialog) -> None:
    dialog.expect_open()
    expect(dialog.field("birth_date")).to_be_editable()
    dialog.expect_no_sex_chosen()


# --- Ändra kund (§2.4) ----------------------------------------------------------------------
@when("hon väljer Ändra personuppgifter", target_fixture="dialog")
@reads
def choose_edit(customer_card: CustomerCard) -> EditCustomerDialog:
    return edit(customer_card)


@given("att hon har öppnat dialogen Ändra kund för kunden", target_fixture="dialog")
@reads
def edit_dialog_opened(scenario: ScenarioState, user: User) -> EditCustomerDialog:
    return edit(open_card(user.page, scenario.subject().number))


@then("visas dialogen Ändra kund med kundens sparade uppgifter")
@reads
def edit_dialog_prefilled(scenario: ScenarioState, dialog: EditCustomerDialog) -> None:
    saved = scenario.subject()
    details = saved.details
    where = "dialogen Ändra kund"
    dialog.expect_open().expect_number(saved.number)
    for key, value in details.text_values().items():
        check_field(details, key, where,
                    lambda key=key, value=value: dialog.expect_values({key: value}))  # fmt: skip
    check_field(details, "contact_route", where,
                lambda: dialog.expect_contact_route(details.contact_route))  # fmt: skip
    check_field(details, "consent", where, lambda: dialog.expect_consent(details.consent))


# --- what every dialog offers -----------------------------------------------------------------
@then("är kontaktvägen Båda förvald")
@reads
def both_preselected(dialog: CustomerDialog) -> None:
    dialog.expect_contact_route("Båda")


@then("är kryssrutan för samtycke till erbjudanden inte markerad")
@reads
def consent_unchecked(dialog: CustomerDialog) -> None:
    dialog.expect_consent(False)


@when("hon avbryter")
@reads
def cancel(dialog: CustomerDialog) -> None:
    dialog.cancel()

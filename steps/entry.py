"""§2.2–§2.4: what the nurse types and chooses in a customer dialog.

Every step that types records what the dialog then holds in
``scenario.expected``: what Spara must save and the Kundkort must show.
"""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from mvj_suite.model.details import FIELD_WORDS, CustomerDetails
from mvj_suite.model.intent import reads, writes
from mvj_suite.model.scenario import ScenarioState
from mvj_suite.model.table_values import table_value
from mvj_suite.model.testdata import TestData
from pages.customer_dialog import CustomerDialog
from steps.actors import User
from steps.flows import edit, fill, open_card


@when("hon fyller i kundens uppgifter")
@reads
def fill_customer(dialog: CustomerDialog, scenario: ScenarioState) -> None:
    scenario.expected = fill(dialog, scenario.someone.typed())


@when(parsers.re(r"hon fyller i kundens uppgifter med (?P<field>\S+) (?P<words>.+)"))
@reads
def fill_customer_with(
    dialog: CustomerDialog, scenario: ScenarioState, field: str, words: str
) -> None:
    details = scenario.someone.typed().updated(**{FIELD_WORDS[field]: table_value(words)})
    scenario.expected = fill(dialog, details)


@given("att hon har fyllt i kundens förnamn och efternamn")
@reads
def names_typed(dialog: CustomerDialog, scenario: ScenarioState) -> None:
    customer = scenario.customer
    details = CustomerDetails(first_name=customer.first_name, last_name=customer.last_name)
    dialog.fill({"first_name": details.first_name, "last_name": details.last_name})
    scenario.expected = details


@when("hon fyller i kundens övriga uppgifter")
@reads
def rest_typed(dialog: CustomerDialog, scenario: ScenarioState) -> None:
    scenario.expected = fill(dialog, scenario.customer.typed())


@when(parsers.re(r"hon väljer kontaktvägen (?P<route>.+)"))
@reads
def choose_route(dialog: CustomerDialog, scenario: ScenarioState, route: str) -> None:
    dialog.choose_contact_route(route)
    scenario.expected = scenario.expected.updated(contact_route=route)


@when("hon fyller i det som inte hämtades")
@reads
def complete_by_hand(dialog: CustomerDialog, scenario: ScenarioState, testdata: TestData) -> None:
    # New values, not PU's unshared ones: what is typed must be what is saved.
    changes: dict[str, str] = {}
    if not scenario.expected.mobile:
        changes["mobile"] = testdata.phone().as_saved
    if not scenario.expected.email:
        changes["email"] = testdata.email("handskriven")
    dialog.fill(changes)
    scenario.expected = scenario.expected.updated(**changes)


def change_address(dialog: CustomerDialog, scenario: ScenarioState, testdata: TestData) -> None:
    street_address, postcode, city = testdata.address()  # a fresh address
    changes = {
        "street_address": street_address,
        "postcode": postcode.replace(" ", ""),  # typed as five digits
        "city": city,
        "mobile": testdata.phone().render("international"),
    }
    dialog.fill(changes)
    scenario.expected = scenario.subject().details.updated(**changes)


@when("hon ändrar kundens adress och mobiltelefon")
@reads
def change_address_and_phone(
    dialog: CustomerDialog, scenario: ScenarioState, testdata: TestData
) -> None:
    change_address(dialog, scenario, testdata)


@given("att hon har ändrat kundens adress och mobiltelefon")
@writes
def address_changed(scenario: ScenarioState, user: User, testdata: TestData) -> None:
    dialog = edit(open_card(user.page, scenario.subject().number))
    change_address(dialog, scenario, testdata)
    dialog.save().expect_saved()


@when(parsers.re(r"hon ändrar (?P<field>\S+) till (?P<words>.+)"))
@reads
def change_field(dialog: CustomerDialog, scenario: ScenarioState, field: str, words: str) -> None:
    key, value = FIELD_WORDS[field], table_value(words)
    dialog.fill({key: value})
    scenario.expected = scenario.subject().details.updated(**{key: value})


@then("finns allt hon fyllt i kvar")
@reads
def nothing_lost(dialog: CustomerDialog, scenario: ScenarioState) -> None:
    typed = {**scenario.expected.text_values(), "birth_date": scenario.expected.birth_date}
    dialog.expect_open().expect_entered(typed)

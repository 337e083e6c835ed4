"""§2.2–§2.4: the customer dialogs — reaching them, typing, Spara and Avbryt — and
what the journal then shows.

State passes between steps by ``target_fixture``: ``dialog`` (the open
dialog), ``forvantat`` (what the dialog holds and the Kundkort should show
after Spara) and ``customer_card``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Dialog, expect
from pytest_bdd import given, parsers, then, when

from pages.customer_card import CustomerCard
from pages.customer_dialog import (
    AddCustomerDialog,
    CustomerDialog,
    EditCustomerDialog,
    ReserveDialog,
)
from pages.login import LoginPage
from pages.search import SearchPage
from pages.shell import AppShell
from steps.actors import User
from steps.forms import (
    Person,
    add_customer,
    edit,
    fill,
    open_add_dialog,
    open_card,
    open_reserve_dialog,
    typed,
)
from suite.browser.journal_browser import JournalBrowser
from suite.model.customers import FIELD_WORDS, CustomerDetails, ReserveCustomer, i_morgon
from suite.model.intent import reads, writes
from suite.model.journal import Journal
from suite.model.profile_people import unknown_card_fields
from suite.model.testdata import Customer, TestData


@pytest.fixture
def expected() -> CustomerDetails:
    """What the open dialog holds; nothing until a step types or fetches something."""
    return CustomerDetails()


@dataclass(frozen=True)
class Subject:
    """The customer a scenario changes or reads, whatever kind of number they have."""

    number_key: str  # the Kundkort label's key: "personnummer" or "reservnummer"
    number: str  # as the journal shows it
    born: str
    details: CustomerDetails
    unknown: tuple[str, ...] = ()  # card fields a test profile does not give


def subject(request: pytest.FixtureRequest) -> Subject:
    reserve = _fixture_or_none(request, "reserve_customer")
    if reserve is not None:
        born = reserve.birth_date.isoformat()
        return Subject("reservnummer", reserve.reservnummer, born, reserve.details)
    customer: Customer = request.getfixturevalue("customer")
    born = customer.number.born.isoformat()
    return Subject(
        "personnummer", customer.number.display, born, CustomerDetails.from_customer(customer),
        unknown_card_fields(customer),
    )  # fmt: skip


def _fixture_or_none(request: pytest.FixtureRequest, name: str) -> ReserveCustomer | None:
    # A reservnummer customer is set by some scenarios' Givens only.
    try:
        return request.getfixturevalue(name)
    except pytest.FixtureLookupError:
        return None


# --- reaching the dialogs -------------------------------------------------------------------


@given("att hon har öppnat dialogen Lägg till kund för kunden", target_fixture="dialog")
@reads
def add_dialog_opened(user: User, customer: Customer) -> AddCustomerDialog:
    return open_add_dialog(user.page, customer)


@when("hon väljer Lägg till kund", target_fixture="dialog")
@reads
def choose_add(search_page: SearchPage) -> AddCustomerDialog:
    return search_page.add_customer()


@then("visas dialogen Lägg till kund med kundens personnummer")
@reads
def add_dialog_shows_number(dialog: CustomerDialog, customer: Customer) -> None:
    dialog.expect_open().expect_number(customer.number.display)


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


@given("att hon har öppnat kundkortet", target_fixture="customer_card")
@reads
def card_opened(request: pytest.FixtureRequest, user: User) -> CustomerCard:
    return open_card(user.page, subject(request).number)


@when("hon väljer Ändra personuppgifter", target_fixture="dialog")
@reads
def choose_edit(customer_card: CustomerCard) -> EditCustomerDialog:
    return edit(customer_card)


@given("att hon har öppnat dialogen Ändra kund för kunden", target_fixture="dialog")
@reads
def edit_dialog_opened(request: pytest.FixtureRequest, user: User) -> EditCustomerDialog:
    return edit(open_card(user.page, subject(request).number))


@then("visas dialogen Ändra kund med kundens sparade uppgifter")
@reads
def edit_dialog_prefilled(request: pytest.FixtureRequest, dialog: EditCustomerDialog) -> None:
    saved = subject(request)
    dialog.expect_open().expect_number(saved.number)
    dialog.expect_values(saved.details.text_values())
    if "contact_route" not in saved.unknown:
        dialog.expect_contact_route(saved.details.contact_route)
    if "consent" not in saved.unknown:
        dialog.expect_consent(saved.details.consent)


# --- typing ---------------------------------------------------------------------------------

_FILLER = "Märta-Åsa Ölund-Éüllner "


def table_value(words: str) -> str:
    """A value as a scenario table writes it: ``"text"``, ``N tecken``, ``i morgon``, ``inget``."""
    quoted = re.fullmatch(r'"(.*)"', words)
    if quoted:
        return quoted[1]
    length = re.fullmatch(r"(\d+) tecken", words)
    if length:
        # Letters a journal may mangle (å ä ö é ü, hyphens), and no blank at either end.
        count = int(length[1])
        return ((_FILLER * (count // len(_FILLER) + 1))[: count - 1] + "ö").strip()
    if words == "i morgon":
        return i_morgon().isoformat()
    if words == "inget":
        return ""
    raise ValueError(f"Okänt värde i scenariot: {words!r}")


@when("hon fyller i kundens uppgifter", target_fixture="expected")
@reads
def fill_customer(dialog: CustomerDialog, customer: Person) -> CustomerDetails:
    return fill(dialog, typed(customer))


@when(
    parsers.re(r"hon fyller i kundens uppgifter med (?P<falt>\S+) (?P<varde>.+)"),
    target_fixture="expected",
)
@reads
def fill_customer_with(
    dialog: CustomerDialog, customer: Person, falt: str, varde: str
) -> CustomerDetails:
    return fill(dialog, typed(customer).updated(**{FIELD_WORDS[falt]: table_value(varde)}))


@given("att hon har fyllt i kundens förnamn och efternamn", target_fixture="expected")
@reads
def names_typed(dialog: CustomerDialog, customer: Customer) -> CustomerDetails:
    details = CustomerDetails(first_name=customer.first_name, last_name=customer.last_name)
    dialog.fill({"first_name": details.first_name, "last_name": details.last_name})
    return details


@when("hon fyller i kundens övriga uppgifter", target_fixture="expected")
@reads
def rest_typed(dialog: CustomerDialog, customer: Customer) -> CustomerDetails:
    return fill(dialog, CustomerDetails.from_customer(customer))


@when(parsers.re(r"hon väljer kontaktvägen (?P<route>.+)"), target_fixture="expected")
@reads
def choose_route(dialog: CustomerDialog, expected: CustomerDetails, route: str) -> CustomerDetails:
    dialog.choose_contact_route(route)
    return expected.updated(contact_route=route)


@when("hon fyller i det som inte hämtades", target_fixture="expected")
@reads
def complete_by_hand(
    dialog: CustomerDialog, expected: CustomerDetails, testdata: TestData
) -> CustomerDetails:
    # New values, not PU's unshared ones: what is typed must be what is saved.
    changes: dict[str, str] = {}
    if not expected.mobile:
        changes["mobile"] = testdata.phone().as_saved
    if not expected.email:
        changes["email"] = testdata.email("handskriven")
    dialog.fill(changes)
    return expected.updated(**changes)


@when("hon ändrar kundens adress och mobiltelefon", target_fixture="expected")
@reads
def change_address_and_phone(
    request: pytest.FixtureRequest, dialog: CustomerDialog, testdata: TestData
) -> CustomerDetails:
    return change_address(request, dialog, testdata)


def change_address(
    request: pytest.FixtureRequest, dialog: CustomerDialog, testdata: TestData
) -> CustomerDetails:
    street_address, postcode, city = testdata.address()  # a fresh address
    changes = {
        "street_address": street_address,
        "postcode": postcode.replace(" ", ""),  # typed as five digits
        "city": city,
        "mobile": testdata.phone().notation("internationellt"),
    }
    dialog.fill(changes)
    return subject(request).details.updated(**changes)


@given("att hon har ändrat kundens adress och mobiltelefon", target_fixture="expected")
@writes
def address_changed(
    request: pytest.FixtureRequest, user: User, testdata: TestData
) -> CustomerDetails:
    dialog = edit(open_card(user.page, subject(request).number))
    changed = change_address(request, dialog, testdata)
    dialog.save().expect_saved()
    return changed


@when(parsers.re(r"hon ändrar (?P<falt>\S+) till (?P<varde>.+)"), target_fixture="expected")
@reads
def change_field(
    request: pytest.FixtureRequest, dialog: CustomerDialog, falt: str, varde: str
) -> CustomerDetails:
    key = FIELD_WORDS[falt]
    value = table_value(varde)
    dialog.fill({key: value})
    return subject(request).details.updated(**{key: value})


@then("finns allt hon fyllt i kvar")
@reads
def nothing_lost(dialog: CustomerDialog, expected: CustomerDetails) -> None:
    typed_values = {**expected.text_values(), "birth_date": expected.birth_date}
    dialog.expect_open().expect_entered(typed_values)


# --- the other choices in the dialog ----------------------------------------------------------


@then("är kontaktvägen Båda förvald")
@reads
def both_preselected(dialog: CustomerDialog) -> None:
    dialog.expect_contact_route("Båda")


@then("är kryssrutan för samtycke till erbjudanden inte markerad")
@reads
def consent_unchecked(dialog: CustomerDialog) -> None:
    dialog.expect_consent(False)


# --- Spara and Avbryt -----------------------------------------------------------------------


@pytest.fixture
def script_dialogs(user: User) -> list[str]:
    """Messages of alert/confirm/prompt boxes the page opens: a stored script that runs."""
    opened: list[str] = []

    def record(box: Dialog) -> None:
        opened.append(box.message)
        box.dismiss()

    user.page.on("dialog", record)
    return opened


@when("hon sparar", target_fixture="customer_card")
@writes
def save(dialog: CustomerDialog, script_dialogs: list[str]) -> CustomerCard:
    return dialog.save()


@when("hon avbryter")
@reads
def cancel(dialog: CustomerDialog) -> None:
    dialog.cancel()


@then("ser hon att kunden har sparats")
@reads
def saved(customer_card: CustomerCard) -> None:
    customer_card.expect_saved()


def expect_card(card: CustomerCard, who: Subject, shown: CustomerDetails) -> None:
    card.expect_customer(shown.name)
    card.expect_value(who.number_key, who.number)
    card.expect_value("birth_date", who.born)
    card.expect_value("address", shown.address)
    card.expect_value("mobile", shown.mobile)
    card.expect_value("email", shown.email)
    if "contact_route" not in who.unknown:
        card.expect_value("contact_route", shown.contact_route)
    if "consent" not in who.unknown:
        card.expect_consent(shown.consent)


@then(
    parsers.re(
        r"visar kundkortet (?:det hon fyllde i|de ändrade uppgifterna"
        r"|uppgifterna från PU-tjänsten(?: och det hon fyllt i)?)"
    )
)
@reads
def card_shows_expected(
    request: pytest.FixtureRequest, customer_card: CustomerCard, expected: CustomerDetails
) -> None:
    expect_card(customer_card, subject(request), expected)


@then(parsers.re(r"visar kundkortet kontaktvägen (?P<route>.+)"))
@reads
def card_shows_route(customer_card: CustomerCard, route: str) -> None:
    customer_card.expect_saved().expect_value("contact_route", route)


@then("visar kundkortet att kunden inte samtycker till erbjudanden")
@reads
def card_no_consent(customer_card: CustomerCard) -> None:
    customer_card.expect_saved().expect_consent(False)


@then("har inget skript i uppgifterna körts")
@reads
def no_script_ran(customer_card: CustomerCard, script_dialogs: list[str]) -> None:
    customer_card.expect_saved()
    assert script_dialogs == [], f"sidan öppnade rutor: {script_dialogs}"


@then(parsers.re(r"stannar dialogen kvar med beskedet att (?P<problem>.+)"))
@reads
def dialog_stays_with(dialog: CustomerDialog, problem: str) -> None:
    dialog.expect_open().expect_problems_only([problem])


@then("får hon beskedet att personnumret redan finns")
@reads
def duplicate(dialog: AddCustomerDialog) -> None:
    dialog.expect_open().expect_duplicate()


def leave_dialog(dialog: CustomerDialog) -> None:
    # The dialog answered already (an alert is shown); is_visible does not wait.
    if dialog.dialog.is_visible():
        dialog.cancel()


@then("har kunden inte sparats")
@reads
def not_saved(user: User, dialog: CustomerDialog, customer: Customer) -> None:
    leave_dialog(dialog)
    AppShell(user.page).open_search().search(customer.number.twelve("-")).expect_offer_to_add()


@then("har ingen kund med kundens namn sparats")
@reads
def no_customer_by_name(user: User, dialog: CustomerDialog, customer: Person) -> None:
    leave_dialog(dialog)
    AppShell(user.page).open_search().search(customer.last_name).expect_no_customers_found()


@then("finns kunden bara en gång i journalen")
@reads
def only_once(user: User, dialog: CustomerDialog, customer: Customer) -> None:
    leave_dialog(dialog)
    search = AppShell(user.page).open_search().search(customer.number.twelve("-"))
    search.expect_only_customers([customer.number.display])


@then("är kundens uppgifter oförändrade")
@reads
def unchanged(request: pytest.FixtureRequest, user: User, dialog: CustomerDialog) -> None:
    leave_dialog(dialog)
    who = subject(request)
    expect_card(open_card(user.page, who.number), who, who.details)


@given("att en kollega har lagt till kunden under tiden")
@writes
def added_meanwhile(journal_browser: JournalBrowser, journal: Journal, customer: Customer) -> None:
    # Another nurse, in her own browser, adds the same person while the dialog is open.
    card = journal.colleague_card()
    page = journal_browser.open(card.key)
    LoginPage.open(page).log_in().expect_logged_in_as(card.name, card.hsa_id)
    add_customer(page, customer)


@given("att hon har lagt till kunden", target_fixture="customer_card")
@writes
def customer_added(user: User, customer: Customer) -> CustomerCard:
    return add_customer(user.page, customer)


@when("hon söker upp kunden igen", target_fixture="customer_card")
@reads
def find_again(request: pytest.FixtureRequest, user: User) -> CustomerCard:
    return open_card(user.page, subject(request).number)

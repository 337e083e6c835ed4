"""PU-tjänsten: whether it answers, and what `Hämta från PU-tjänsten` fills in."""

from __future__ import annotations

from playwright.sync_api import Locator
from pytest_bdd import given, parsers, then, when

from mvj_suite.core.journal_data import JournalData
from mvj_suite.model.customers import PuPerson
from mvj_suite.model.details import CustomerDetails, national_digits
from mvj_suite.model.intent import reads
from mvj_suite.model.person_needs import person_step
from mvj_suite.model.scenario import ScenarioState
from pages.customer_dialog import AddCustomerDialog, CustomerDialog
from pages.expect import expect
from steps.known_values import blame_profile, check_field

AFTER_FETCH = "dialogen Lägg till kund efter Hämta från PU-tjänsten"


@given("att PU-tjänsten inte svarar")
@reads
def pu_fails(scenario: ScenarioState, journal_data: JournalData) -> None:
    journal_data.set_pu_mode("fel")
    scenario.pu_mode = "fel"


@given("att PU-tjänsten svarar för långsamt")
@reads
def pu_slow(scenario: ScenarioState, journal_data: JournalData) -> None:
    journal_data.set_pu_mode("langsam")
    scenario.pu_mode = "langsam"


# --- Hämta från PU-tjänsten ----------------------------------------------------------------


@when("hon hämtar uppgifterna från PU-tjänsten")
@reads
def fetch_from_pu(dialog: AddCustomerDialog, scenario: ScenarioState) -> None:
    dialog.fetch_from_pu()
    record = scenario.pu_record
    if record is None or scenario.pu_mode != "normal" or record.answer != "hittad":
        return  # nothing is filled, and nothing typed is lost
    if record.protected:
        return  # nothing is filled; what was typed is not saved (§2.5)
    scenario.expected = record.fetched(scenario.expected)


@then(person_step("har namn och adress hämtats från PU-tjänsten", "namn", "adress"))
@reads
def name_and_address_fetched(dialog: AddCustomerDialog, scenario: ScenarioState) -> None:
    person = scenario.pu_record_required.details
    keys = ("first_name", "last_name", "street_address", "postcode", "city")
    # That something was fetched is the routine's rule; that it is exactly what a live
    # profile states about the person is the profile's.
    for key in keys:
        expect(dialog.field(key)).not_to_have_value("")
    dialog.expect_filled_from_pu({})
    for key in ("first_name", "last_name", "street_address", "city"):
        check_field(person, key, AFTER_FETCH,
                    lambda key=key: expect(dialog.field(key)).to_have_value(getattr(person, key)))
    check_field(person, "postcode", AFTER_FETCH, lambda: _same_postcode(dialog, person.postcode))


def _same_postcode(dialog: AddCustomerDialog, expected: str) -> None:
    postcode = dialog.field("postcode").input_value()
    assert _digits(postcode) == _digits(expected), postcode


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _expect_contact(
    dialog: CustomerDialog, record: PuPerson, mobile: bool, email: bool
) -> CustomerDetails:
    """Mobile and e-mail are filled from PU exactly when shared; returns what the dialog
    then holds of them (the telephone as shown: the Kundkort shows it as typed).

    A live scenario gets a person whose profile entry states ``delar`` and the shared
    values (mvj_suite.model.person_needs "delar"); a value the journal fetched other than
    the profile's is the profile's difference, as is one fetched that it says is not
    shared.
    """
    person = record.details
    email_field, field = dialog.field("email"), dialog.field("mobile")
    if email:
        expect(email_field).not_to_have_value("")
        check_field(person, "email", AFTER_FETCH,
                    lambda: expect(email_field).to_have_value(person.email))  # fmt: skip
    else:
        _expect_not_fetched(person, email_field)
    expected_email = person.email if email else ""
    if mobile:
        # PU's number may be shown in another notation; the digits must be PU's.
        expect(field).not_to_have_value("")
        shown = field.input_value()
        check_field(person, "mobile", AFTER_FETCH,
                    lambda: _assert_same_phone(shown, person.mobile))  # fmt: skip
    else:
        _expect_not_fetched(person, field)
        shown = ""
    for key in ("mobile", "email"):
        expect(dialog.field(key)).to_be_editable()  # what is not fetched can be typed
    return CustomerDetails(mobile=shown, email=expected_email)


def _expect_not_fetched(person: CustomerDetails, field: Locator) -> None:
    # Fetched though the profile says it is not shared: its 'delar' is out of date.
    blame_profile(person, "delar", AFTER_FETCH, lambda: expect(field).to_have_value(""))


def _assert_same_phone(shown: str, expected: str) -> None:
    assert _same_phone(shown, expected), "mobilnumret är inte PU-tjänstens"


def _same_phone(a: str, b: str) -> bool:
    return national_digits(a) == national_digits(b)


def _note_contact(scenario: ScenarioState, shown: CustomerDetails) -> None:
    scenario.expected = scenario.expected.updated(mobile=shown.mobile, email=shown.email)


@then(
    parsers.re(person_step(
        r"är mobiltelefonen (?P<mobile>hämtad|tom) och e-postadressen (?P<email>hämtad|tom)",
        "delar"))
)
@reads
def contact_fetched(
    dialog: CustomerDialog, scenario: ScenarioState, mobile: str, email: str
) -> None:
    record = scenario.pu_record_required
    shown = _expect_contact(dialog, record, mobile == "hämtad", email == "hämtad")
    _note_contact(scenario, shown)


@then(person_step("är mobiltelefon och e-postadress hämtade enligt vad kunden delar från 1177",
                  "delar"))
@reads
def contact_as_shared(dialog: CustomerDialog, scenario: ScenarioState) -> None:
    record = scenario.pu_record_required
    shown = _expect_contact(dialog, record, record.shares_mobile, record.shares_email)
    _note_contact(scenario, shown)


@then("får hon beskedet att personen inte finns i PU-tjänsten")
@reads
def pu_not_found(dialog: AddCustomerDialog) -> None:
    dialog.expect_pu_not_found()


@then("får hon beskedet att PU-tjänsten inte svarar")
@reads
def pu_unavailable(dialog: AddCustomerDialog) -> None:
    dialog.expect_pu_unavailable()

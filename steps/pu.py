"""PU-tjänsten: whether it answers, and what `Hämta från PU-tjänsten` fills in."""

from __future__ import annotations

from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from pages.customer_dialog import AddCustomerDialog, CustomerDialog
from suite.journal_data import JournalData
from suite.model.customers import PuPerson
from suite.model.details import CustomerDetails
from suite.model.intent import reads
from suite.model.scenario import ScenarioState


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


@then("har namn och adress hämtats från PU-tjänsten")
@reads
def name_and_address_fetched(dialog: AddCustomerDialog, scenario: ScenarioState) -> None:
    person = scenario.pu_record_required.details
    dialog.expect_filled_from_pu(
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "street_address": person.street_address,
            "city": person.city,
        }
    )
    postcode = dialog.field("postcode").input_value()
    assert _digits(postcode) == _digits(person.postcode), postcode


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _expect_contact(
    dialog: CustomerDialog, record: PuPerson, mobile: bool, email: bool
) -> CustomerDetails:
    """Mobile and e-mail are filled from PU exactly when shared; returns what the dialog
    then holds of them (the telephone as shown: the Kundkort shows it as typed)."""
    person = record.details
    expected_email = person.email if email else ""
    expect(dialog.field("email")).to_have_value(expected_email)
    field = dialog.field("mobile")
    if mobile and person.mobile:
        # PU's number may be shown in another notation; the digits must be PU's.
        expect(field).not_to_have_value("")
        shown = field.input_value()
        assert _same_phone(shown, person.mobile), (shown, person.mobile)
    else:
        expect(field).to_have_value("")
        shown = ""
    for key in ("mobile", "email"):
        expect(dialog.field(key)).to_be_editable()  # what is not fetched can be typed
    return CustomerDetails(mobile=shown, email=expected_email)


def _same_phone(a: str, b: str) -> bool:
    def national(text: str) -> str:
        digits = _digits(text)
        return "0" + digits[2:] if digits.startswith("46") else digits

    return national(a) == national(b)


def _note_contact(scenario: ScenarioState, shown: CustomerDetails) -> None:
    scenario.expected = scenario.expected.updated(mobile=shown.mobile, email=shown.email)


@then(
    parsers.re(r"är mobiltelefonen (?P<mobile>hämtad|tom) och e-postadressen (?P<email>hämtad|tom)")
)
@reads
def contact_fetched(
    dialog: CustomerDialog, scenario: ScenarioState, mobile: str, email: str
) -> None:
    record = scenario.pu_record_required
    shown = _expect_contact(dialog, record, mobile == "hämtad", email == "hämtad")
    _note_contact(scenario, shown)


@then("är mobiltelefon och e-postadress hämtade enligt vad kunden delar från 1177")
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

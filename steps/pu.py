"""PU-tjänsten: whether it answers, and what `Hämta från PU-tjänsten` fills in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from pages.customer_dialog import AddCustomerDialog, CustomerDialog
from suite.model.customers import PU_MODES, CustomerDetails, PuPerson
from suite.model.intent import reads
from suite.stub_control import ControlClient


class PuControl:
    """PU's answer mode for the worker's stub; put back to normal after the scenario."""

    def __init__(self, stub_control: ControlClient) -> None:
        self._control = stub_control
        self.mode = "normal"

    def set(self, mode: str) -> None:
        if mode not in PU_MODES:
            raise ValueError(f"okänt läge '{mode}' (finns: {', '.join(PU_MODES)})")
        self._control.set_pu_mode(mode)
        self.mode = mode


@pytest.fixture
def pu_control(stub_control: ControlClient) -> Iterator[PuControl]:
    control = PuControl(stub_control)
    yield control
    if control.mode != "normal":
        # The mode is global for the stub; the worker's next scenario expects a working PU.
        stub_control.set_pu_mode("normal")


@pytest.fixture
def pu_mode() -> str:
    """How PU answers; "normal" unless a Given made it fail (only the stub can)."""
    return "normal"


@given("att PU-tjänsten inte svarar", target_fixture="pu_mode")
@reads
def pu_fails(pu_control: PuControl) -> str:
    pu_control.set("fel")
    return pu_control.mode


@given("att PU-tjänsten svarar för långsamt", target_fixture="pu_mode")
@reads
def pu_slow(pu_control: PuControl) -> str:
    pu_control.set("langsam")
    return pu_control.mode


# --- Hämta från PU-tjänsten ----------------------------------------------------------------


@when("hon hämtar uppgifterna från PU-tjänsten", target_fixture="expected")
@reads
def fetch_from_pu(
    dialog: AddCustomerDialog, expected: CustomerDetails, pu_person: PuPerson | None, pu_mode: str
) -> CustomerDetails:
    dialog.fetch_from_pu()
    if pu_person is None or pu_mode != "normal" or pu_person.answer != "hittad":
        return expected  # nothing is filled, and nothing typed is lost
    if pu_person.protected:
        return expected  # nothing is filled; what was typed is not saved (§2.5)
    return pu_person.fetched(expected)


@then("har namn och adress hämtats från PU-tjänsten")
@reads
def name_and_address_fetched(dialog: CustomerDialog, pu_person: PuPerson) -> None:
    person = pu_person.details
    dialog.expect_values(
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
    dialog: CustomerDialog,
    expected: CustomerDetails,
    pu_person: PuPerson,
    mobile: bool,
    email: bool,
) -> CustomerDetails:
    """Mobile and e-mail are filled from PU exactly when shared; what the dialog then
    holds is what the Kundkort must show after Spara (telephone "as typed")."""
    person = pu_person.details
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
    return expected.updated(mobile=shown, email=expected_email)


def _same_phone(a: str, b: str) -> bool:
    def national(text: str) -> str:
        digits = _digits(text)
        return "0" + digits[2:] if digits.startswith("46") else digits

    return national(a) == national(b)


@then(
    parsers.re(
        r"är mobiltelefonen (?P<mobile>hämtad|tom) och e-postadressen (?P<email>hämtad|tom)"
    ),
    target_fixture="expected",
)
@reads
def contact_fetched(
    dialog: CustomerDialog, expected: CustomerDetails, pu_person: PuPerson, mobile: str, email: str
) -> CustomerDetails:
    return _expect_contact(dialog, expected, pu_person, mobile == "hämtad", email == "hämtad")


@then(
    "är mobiltelefon och e-postadress hämtade enligt vad kunden delar från 1177",
    target_fixture="expected",
)
@reads
def contact_as_shared(
    dialog: CustomerDialog, expected: CustomerDetails, pu_person: PuPerson
) -> CustomerDetails:
    return _expect_contact(
        dialog, expected, pu_person, pu_person.shares_mobile, pu_person.shares_email
    )


@then("får hon beskedet att personen inte finns i PU-tjänsten")
@reads
def pu_not_found(dialog: AddCustomerDialog) -> None:
    dialog.expect_pu_not_found()


@then("får hon beskedet att PU-tjänsten inte svarar")
@reads
def pu_unavailable(dialog: AddCustomerDialog) -> None:
    dialog.expect_pu_unavailable()

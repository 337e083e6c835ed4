"""PU-tjänsten: whether it answers, and what `Hämta från PU-tjänsten` fills in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from pages.customer_dialog import AddCustomerDialog, CustomerDialog
from suite.model.customers import PU_MODES, PuPerson, Uppgifter
from suite.model.intent import reads
from suite.stub_control import KontrollClient


class PuControl:
    """PU's answer mode for the worker's stub; put back to normal after the scenario."""

    def __init__(self, kontroll: KontrollClient) -> None:
        self._kontroll = kontroll
        self.lage = "normal"

    def set(self, lage: str) -> None:
        if lage not in PU_MODES:
            raise ValueError(f"okänt läge '{lage}' (finns: {', '.join(PU_MODES)})")
        self._kontroll.pu_lage(lage)
        self.lage = lage


@pytest.fixture
def pu_control(kontroll: KontrollClient) -> Iterator[PuControl]:
    control = PuControl(kontroll)
    yield control
    if control.lage != "normal":
        # The mode is global for the stub; the worker's next scenario expects a working PU.
        kontroll.pu_lage("normal")


@pytest.fixture
def pu_lage() -> str:
    """How PU answers; "normal" unless a Given made it fail (only the stub can)."""
    return "normal"


@given("att PU-tjänsten inte svarar", target_fixture="pu_lage")
@reads
def pu_fails(pu_control: PuControl) -> str:
    pu_control.set("fel")
    return pu_control.lage


@given("att PU-tjänsten svarar för långsamt", target_fixture="pu_lage")
@reads
def pu_slow(pu_control: PuControl) -> str:
    pu_control.set("langsam")
    return pu_control.lage


# --- Hämta från PU-tjänsten ----------------------------------------------------------------


@when("hon hämtar uppgifterna från PU-tjänsten", target_fixture="forvantat")
@reads
def fetch_from_pu(
    dialog: AddCustomerDialog, forvantat: Uppgifter, pu_person: PuPerson | None, pu_lage: str
) -> Uppgifter:
    dialog.fetch_from_pu()
    if pu_person is None or pu_lage != "normal" or pu_person.svar != "hittad":
        return forvantat  # nothing is filled, and nothing typed is lost
    if pu_person.skyddad:
        return forvantat  # nothing is filled; what was typed is not saved (§2.5)
    return pu_person.hamtat(forvantat)


@then("har namn och adress hämtats från PU-tjänsten")
@reads
def name_and_address_fetched(dialog: CustomerDialog, pu_person: PuPerson) -> None:
    person = pu_person.uppgifter
    dialog.expect_values(
        {
            "fornamn": person.fornamn,
            "efternamn": person.efternamn,
            "utdelningsadress": person.utdelningsadress,
            "ort": person.ort,
        }
    )
    postnummer = dialog.field("postnummer").input_value()
    assert _digits(postnummer) == _digits(person.postnummer), postnummer


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _expect_contact(
    dialog: CustomerDialog, forvantat: Uppgifter, pu_person: PuPerson, mobil: bool, epost: bool
) -> Uppgifter:
    """Mobile and e-mail are filled from PU exactly when shared; what the dialog then
    holds is what the Kundkort must show after Spara (telephone "as typed")."""
    person = pu_person.uppgifter
    expected_epost = person.epost if epost else ""
    expect(dialog.field("epost")).to_have_value(expected_epost)
    field = dialog.field("mobiltelefon")
    if mobil and person.mobiltelefon:
        # PU's number may be shown in another notation; the digits must be PU's.
        expect(field).not_to_have_value("")
        shown = field.input_value()
        assert _same_phone(shown, person.mobiltelefon), (shown, person.mobiltelefon)
    else:
        expect(field).to_have_value("")
        shown = ""
    for key in ("mobiltelefon", "epost"):
        expect(dialog.field(key)).to_be_editable()  # what is not fetched can be typed
    return forvantat.med(mobiltelefon=shown, epost=expected_epost)


def _same_phone(a: str, b: str) -> bool:
    def national(text: str) -> str:
        digits = _digits(text)
        return "0" + digits[2:] if digits.startswith("46") else digits

    return national(a) == national(b)


@then(
    parsers.re(r"är mobiltelefonen (?P<mobil>hämtad|tom) och e-postadressen (?P<epost>hämtad|tom)"),
    target_fixture="forvantat",
)
@reads
def contact_fetched(
    dialog: CustomerDialog, forvantat: Uppgifter, pu_person: PuPerson, mobil: str, epost: str
) -> Uppgifter:
    return _expect_contact(dialog, forvantat, pu_person, mobil == "hämtad", epost == "hämtad")


@then(
    "är mobiltelefon och e-postadress hämtade enligt vad kunden delar från 1177",
    target_fixture="forvantat",
)
@reads
def contact_as_shared(
    dialog: CustomerDialog, forvantat: Uppgifter, pu_person: PuPerson
) -> Uppgifter:
    return _expect_contact(
        dialog, forvantat, pu_person, pu_person.delar_mobil, pu_person.delar_epost
    )


@then("får hon beskedet att personen inte finns i PU-tjänsten")
@reads
def pu_not_found(dialog: AddCustomerDialog) -> None:
    dialog.expect_pu_not_found()


@then("får hon beskedet att PU-tjänsten inte svarar")
@reads
def pu_unavailable(dialog: AddCustomerDialog) -> None:
    dialog.expect_pu_unavailable()

"""§2.2–§2.4: adding customers (personnummer, samordningsnummer, reservnummer) and
changing their personal data, through the dialogs, and what the Kundkort then shows.

State passes between steps by ``target_fixture``: ``kund``/``reservkund`` (who),
``dialog`` (the open dialog), ``forvantat`` (what the dialog holds and the
Kundkort should show after Spara), ``customer_card``, ``reservnummer``,
``nytt_nummer``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Dialog, expect
from pytest_bdd import given, parsers, then, when

from fixtures.identities import parse_identity
from fixtures.journal_data import JournalData
from fixtures.kontroll import KontrollClient
from fixtures.pu_data import (
    FIELD_WORDS,
    PuPerson,
    ReservKund,
    Uppgifter,
    i_morgon,
    reservkund,
    reservnummer_problems,
)
from fixtures.testdata import Kund, TestData
from pages.customer_card import CustomerCard
from pages.customer_dialog import (
    AddCustomerDialog,
    CustomerDialog,
    EditCustomerDialog,
    ReserveDialog,
)
from pages.search import SearchPage
from pages.shell import AppShell
from steps.actors import User


def optional(request: pytest.FixtureRequest, name: str) -> Any:
    """A fixture some scenarios set and others do not (``None`` when not set)."""
    try:
        return request.getfixturevalue(name)
    except pytest.FixtureLookupError:
        return None


# --- who is added or changed ---------------------------------------------------------------


@given("att det finns en ny kund som inte finns i journalen", target_fixture="kund")
def new_customer(journal_data: JournalData) -> Kund:
    return journal_data.ny_kund()


@given(
    "att det finns en ny kund med samordningsnummer som inte finns i journalen",
    target_fixture="kund",
)
def new_customer_samordning(journal_data: JournalData) -> Kund:
    return journal_data.ny_kund(samordning=True)


@given("att det finns en kund med reservnummer i journalen", target_fixture="reservkund")
def reserve_customer(kontroll: KontrollClient, testdata: TestData) -> ReservKund:
    customer = reservkund(testdata, with_number=True)
    kontroll.skapa_kunder([customer.som_seed()])
    return customer


@given("att det finns en annan kund i journalen", target_fixture="annan_kund")
def other_customer(kontroll: KontrollClient, testdata: TestData) -> Kund:
    other = testdata.kund()
    kontroll.skapa_kunder([other.som_seed()])
    return other


@dataclass(frozen=True)
class Subject:
    """The customer a scenario works on, whatever kind of number they have."""

    number_key: str  # the Kundkort label's key: "personnummer" or "reservnummer"
    number: str  # as the journal shows it
    born: str
    uppgifter: Uppgifter


def subject(request: pytest.FixtureRequest) -> Subject:
    reserve: ReservKund | None = optional(request, "reservkund")
    if reserve is not None:
        born = reserve.fodelsedatum.isoformat()
        return Subject("reservnummer", reserve.reservnummer, born, reserve.uppgifter)
    kund: Kund = request.getfixturevalue("kund")
    born = kund.nummer.born.isoformat()
    return Subject("personnummer", kund.nummer.visning, born, Uppgifter.fran_kund(kund))


# --- reaching the dialogs -------------------------------------------------------------------


def open_add_dialog(user: User, kund: Kund) -> AddCustomerDialog:
    search = AppShell(user.page).open_search().search(kund.nummer.tolv("-"))
    search.expect_offer_to_add()
    return search.add_customer()


@given("att hon har öppnat dialogen Lägg till kund för kunden", target_fixture="dialog")
def add_dialog_opened(user: User, kund: Kund) -> AddCustomerDialog:
    return open_add_dialog(user, kund)


@when("hon väljer Lägg till kund", target_fixture="dialog")
def choose_add(search_page: SearchPage) -> AddCustomerDialog:
    return search_page.add_customer()


@then("visas dialogen Lägg till kund med kundens personnummer")
def add_dialog_shows_number(dialog: CustomerDialog, kund: Kund) -> None:
    dialog.expect_open().expect_number(kund.nummer.visning)


@when("hon väljer Lägg till ny kund och Lägg till kund med reservnummer", target_fixture="dialog")
def choose_reserve(search_page: SearchPage) -> ReserveDialog:
    return search_page.add_new_customer().add_with_reservnummer()


@given("att hon har öppnat dialogen Lägg till kund med reservnummer", target_fixture="dialog")
def reserve_dialog_opened(user: User) -> ReserveDialog:
    return AppShell(user.page).open_search().add_new_customer().add_with_reservnummer()


@then("visas dialogen Lägg till kund med reservnummer")
def reserve_dialog_shown(dialog: ReserveDialog) -> None:
    dialog.expect_open()
    expect(dialog.field("fodelsedatum")).to_be_editable()
    dialog.expect_no_sex_chosen()


def open_card(user: User, number: str) -> CustomerCard:
    search = AppShell(user.page).open_search().search(number)
    return search.open_customer(number)


@given("att hon har öppnat kundkortet", target_fixture="customer_card")
def card_opened(request: pytest.FixtureRequest, user: User) -> CustomerCard:
    return open_card(user, subject(request).number)


@when("hon väljer Ändra personuppgifter", target_fixture="dialog")
def choose_edit(customer_card: CustomerCard) -> EditCustomerDialog:
    return customer_card.edit()


@given("att hon har öppnat dialogen Ändra kund för kunden", target_fixture="dialog")
def edit_dialog_opened(request: pytest.FixtureRequest, user: User) -> EditCustomerDialog:
    return open_card(user, subject(request).number).edit()


@then("visas dialogen Ändra kund med kundens sparade uppgifter")
def edit_dialog_prefilled(request: pytest.FixtureRequest, dialog: EditCustomerDialog) -> None:
    saved = subject(request)
    dialog.expect_open().expect_number(saved.number)
    dialog.expect_values(saved.uppgifter.falt())
    dialog.expect_contact_route(saved.uppgifter.kontaktvag)
    dialog.expect_consent(saved.uppgifter.samtycke)


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


def typed(kund: Kund, dialog: CustomerDialog) -> Uppgifter:
    """What the nurse types for ``kund``; the reservnummer dialog also wants birth date and sex."""
    uppgifter = Uppgifter.fran_kund(kund)
    if isinstance(dialog, ReserveDialog):
        kon = "Kvinna" if int(kund.nummer.serial[-1]) % 2 == 0 else "Man"
        uppgifter = uppgifter.med(fodelsedatum=kund.nummer.born.isoformat(), kon=kon)
    return uppgifter


def fill(dialog: CustomerDialog, uppgifter: Uppgifter) -> Uppgifter:
    values = uppgifter.falt()
    if isinstance(dialog, ReserveDialog):
        values["fodelsedatum"] = uppgifter.fodelsedatum
    dialog.fill(values)
    if isinstance(dialog, ReserveDialog) and uppgifter.kon:
        dialog.choose_sex(uppgifter.kon)
    dialog.choose_contact_route(uppgifter.kontaktvag)
    if uppgifter.samtycke:
        dialog.set_consent(True)
    return uppgifter


@when("hon fyller i kundens uppgifter", target_fixture="forvantat")
def fill_customer(dialog: CustomerDialog, kund: Kund) -> Uppgifter:
    return fill(dialog, typed(kund, dialog))


@when(
    parsers.re(r"hon fyller i kundens uppgifter med (?P<falt>\S+) (?P<varde>.+)"),
    target_fixture="forvantat",
)
def fill_customer_with(dialog: CustomerDialog, kund: Kund, falt: str, varde: str) -> Uppgifter:
    uppgifter = typed(kund, dialog).med(**{FIELD_WORDS[falt]: table_value(varde)})
    return fill(dialog, uppgifter)


@given("att hon har fyllt i kundens förnamn och efternamn", target_fixture="forvantat")
def names_typed(dialog: CustomerDialog, kund: Kund) -> Uppgifter:
    uppgifter = Uppgifter(fornamn=kund.fornamn, efternamn=kund.efternamn)
    dialog.fill({"fornamn": uppgifter.fornamn, "efternamn": uppgifter.efternamn})
    return uppgifter


@when("hon fyller i kundens övriga uppgifter", target_fixture="forvantat")
def rest_typed(dialog: CustomerDialog, kund: Kund) -> Uppgifter:
    return fill(dialog, Uppgifter.fran_kund(kund))


@when(parsers.re(r"hon väljer kontaktvägen (?P<vag>.+)"), target_fixture="forvantat")
def choose_route(dialog: CustomerDialog, forvantat: Uppgifter, vag: str) -> Uppgifter:
    dialog.choose_contact_route(vag)
    return forvantat.med(kontaktvag=vag)


@when("hon fyller i det som inte hämtades", target_fixture="forvantat")
def complete_by_hand(dialog: CustomerDialog, forvantat: Uppgifter, testdata: TestData) -> Uppgifter:
    # New values, not PU's unshared ones: what is typed must be what is saved.
    changes: dict[str, str] = {}
    if not forvantat.mobiltelefon:
        changes["mobiltelefon"] = testdata.telefon().som_sparat
    if not forvantat.epost:
        changes["epost"] = testdata.epost("handskriven")
    dialog.fill(changes)
    return forvantat.med(**changes)


@when("hon ändrar kundens adress och mobiltelefon", target_fixture="forvantat")
def change_address_and_phone(
    request: pytest.FixtureRequest, dialog: CustomerDialog, testdata: TestData
) -> Uppgifter:
    return change_address(request, dialog, testdata)


def change_address(
    request: pytest.FixtureRequest, dialog: CustomerDialog, testdata: TestData
) -> Uppgifter:
    elsewhere = testdata.kund()  # a fresh address and phone number
    changes = {
        "utdelningsadress": elsewhere.utdelningsadress,
        "postnummer": elsewhere.postnummer.replace(" ", ""),  # typed as five digits
        "ort": elsewhere.ort,
        "mobiltelefon": elsewhere.telefon.notation("internationellt"),
    }
    dialog.fill(changes)
    return subject(request).uppgifter.med(**changes)


@given("att hon har ändrat kundens adress och mobiltelefon", target_fixture="forvantat")
def address_changed(request: pytest.FixtureRequest, user: User, testdata: TestData) -> Uppgifter:
    dialog = open_card(user, subject(request).number).edit()
    changed = change_address(request, dialog, testdata)
    dialog.save().expect_saved()
    return changed


@when(parsers.re(r"hon ändrar (?P<falt>\S+) till (?P<varde>.+)"), target_fixture="forvantat")
def change_field(
    request: pytest.FixtureRequest, dialog: CustomerDialog, falt: str, varde: str
) -> Uppgifter:
    key = FIELD_WORDS[falt]
    value = table_value(varde)
    dialog.fill({key: value})
    return subject(request).uppgifter.med(**{key: value})


# --- PU -------------------------------------------------------------------------------------


@when("hon hämtar uppgifterna från PU-tjänsten", target_fixture="forvantat")
def fetch_from_pu(request: pytest.FixtureRequest, dialog: AddCustomerDialog) -> Uppgifter:
    before: Uppgifter = optional(request, "forvantat") or Uppgifter()
    dialog.fetch_from_pu()
    person: PuPerson | None = optional(request, "pu_person")
    answers = optional(request, "pu_lage") in (None, "normal")
    if person is None or not answers or person.svar != "hittad" or person.skyddad:
        return before  # nothing is filled (and nothing typed is lost)
    return person.hamtat(before)


@then("har namn och adress hämtats från PU-tjänsten")
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
    assert postnummer.replace(" ", "") == person.postnummer.replace(" ", ""), postnummer


@then(
    parsers.re(r"är mobiltelefonen (?P<mobil>hämtad|tom) och e-postadressen (?P<epost>hämtad|tom)")
)
def contact_fetched(dialog: CustomerDialog, pu_person: PuPerson, mobil: str, epost: str) -> None:
    person = pu_person.uppgifter
    dialog.expect_values(
        {
            "mobiltelefon": person.mobiltelefon if mobil == "hämtad" else "",
            "epost": person.epost if epost == "hämtad" else "",
        }
    )
    for key in ("mobiltelefon", "epost"):
        expect(dialog.field(key)).to_be_editable()


@then("får hon beskedet att personen inte finns i PU-tjänsten")
def pu_not_found(dialog: AddCustomerDialog) -> None:
    dialog.expect_pu_not_found()


@then("får hon beskedet att PU-tjänsten inte svarar")
def pu_unavailable(dialog: AddCustomerDialog) -> None:
    dialog.expect_pu_unavailable()


@then("finns allt hon fyllt i kvar")
def nothing_lost(dialog: CustomerDialog, forvantat: Uppgifter) -> None:
    values = forvantat.falt()
    if isinstance(dialog, ReserveDialog):
        values["fodelsedatum"] = forvantat.fodelsedatum
    dialog.expect_open().expect_values(values)


# --- the other choices in the dialog ----------------------------------------------------------


@then("är kontaktvägen Båda förvald")
def both_preselected(dialog: CustomerDialog) -> None:
    dialog.expect_contact_route("Båda")


@then("är kryssrutan för samtycke till erbjudanden inte markerad")
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
def save(dialog: CustomerDialog, script_dialogs: list[str]) -> CustomerCard:
    return dialog.save()


@when("hon avbryter")
def cancel(dialog: CustomerDialog) -> None:
    dialog.cancel()


@then("ser hon att kunden har sparats")
def saved(customer_card: CustomerCard) -> None:
    customer_card.expect_saved()


def expect_card(card: CustomerCard, who: Subject, shown: Uppgifter) -> None:
    card.expect_customer(shown.namn)
    card.expect_value(who.number_key, who.number)
    card.expect_value("födelsedatum", who.born)
    card.expect_value("adress", shown.adress)
    card.expect_value("mobiltelefon", shown.mobiltelefon)
    card.expect_value("e-post", shown.epost)
    card.expect_value("kontaktväg", shown.kontaktvag)
    card.expect_consent(shown.samtycke)


@then(
    parsers.re(
        r"visar kundkortet (?:det hon fyllde i|de ändrade uppgifterna"
        r"|uppgifterna från PU-tjänsten(?: och det hon fyllt i)?)"
    )
)
def card_shows_expected(
    request: pytest.FixtureRequest, customer_card: CustomerCard, forvantat: Uppgifter
) -> None:
    expect_card(customer_card, subject(request), forvantat)


@then(parsers.re(r"visar kundkortet kontaktvägen (?P<vag>.+)"))
def card_shows_route(customer_card: CustomerCard, vag: str) -> None:
    customer_card.expect_saved().expect_value("kontaktväg", vag)


@then("visar kundkortet att kunden inte samtycker till erbjudanden")
def card_no_consent(customer_card: CustomerCard) -> None:
    customer_card.expect_saved().expect_consent(False)


@then("har inget skript i uppgifterna körts")
def no_script_ran(customer_card: CustomerCard, script_dialogs: list[str]) -> None:
    customer_card.expect_saved()
    assert script_dialogs == [], f"sidan öppnade rutor: {script_dialogs}"


@then(parsers.re(r"stannar dialogen kvar med beskedet att (?P<problem>.+)"))
def dialog_stays_with(dialog: CustomerDialog, problem: str) -> None:
    dialog.expect_open().expect_problems_only([problem])


@then("får hon beskedet att personnumret redan finns")
def duplicate(dialog: AddCustomerDialog) -> None:
    dialog.expect_open().expect_duplicate()


def leave_dialog(dialog: CustomerDialog) -> None:
    # The dialog answered already (an alert is shown); is_visible does not wait.
    if dialog.dialog.is_visible():
        dialog.cancel()


@then("har kunden inte sparats")
def not_saved(user: User, dialog: CustomerDialog, kund: Kund) -> None:
    leave_dialog(dialog)
    AppShell(user.page).open_search().search(kund.nummer.tolv("-")).expect_offer_to_add()


@then("har ingen kund med kundens namn sparats")
def no_customer_by_name(user: User, dialog: CustomerDialog, kund: Kund) -> None:
    leave_dialog(dialog)
    AppShell(user.page).open_search().search(kund.efternamn).expect_no_customers_found()


@then("finns kunden bara en gång i journalen")
def only_once(user: User, dialog: CustomerDialog, kund: Kund) -> None:
    leave_dialog(dialog)
    search = AppShell(user.page).open_search().search(kund.nummer.tolv("-"))
    search.expect_only_customers([kund.nummer.visning])


@then("är kundens uppgifter oförändrade")
def unchanged(request: pytest.FixtureRequest, user: User, dialog: CustomerDialog) -> None:
    leave_dialog(dialog)
    who = subject(request)
    expect_card(open_card(user, who.number), who, who.uppgifter)


@given("att någon annan har lagt till kunden under tiden")
def added_meanwhile(kontroll: KontrollClient, kund: Kund) -> None:
    kontroll.skapa_kunder([kund.som_seed()])


@given("att hon har lagt till kunden", target_fixture="customer_card")
def customer_added(user: User, kund: Kund) -> CustomerCard:
    dialog = open_add_dialog(user, kund)
    fill(dialog, Uppgifter.fran_kund(kund))
    return dialog.save().expect_saved()


@when("hon söker upp kunden igen", target_fixture="customer_card")
def find_again(request: pytest.FixtureRequest, user: User) -> CustomerCard:
    return open_card(user, subject(request).number)


# --- reservnummer (§2.3) and replacing it (§2.4) -------------------------------------------


@then(
    "visar kundkortet ett giltigt reservnummer för kundens födelseår",
    target_fixture="reservnummer",
)
def card_shows_reservnummer(customer_card: CustomerCard, kund: Kund) -> str:
    number = customer_card.value("reservnummer")
    problems = reservnummer_problems(number, kund.nummer.born)
    assert not problems, problems
    return number


@then("visar kundkortet kundens födelsedatum och övriga uppgifter")
def card_shows_birth_date(
    customer_card: CustomerCard, forvantat: Uppgifter, reservnummer: str
) -> None:
    who = Subject("reservnummer", reservnummer, forvantat.fodelsedatum, forvantat)
    expect_card(customer_card, who, forvantat)


@given("att hon har lagt till kunden med reservnummer", target_fixture="reservnummer")
def reserve_added(user: User, kund: Kund) -> str:
    dialog = AppShell(user.page).open_search().add_new_customer().add_with_reservnummer()
    fill(dialog, typed(kund, dialog))
    card = dialog.save().expect_saved()
    number = card.value("reservnummer")
    assert not reservnummer_problems(number, kund.nummer.born), number
    return number


@when("hon söker efter kunden på reservnumret", target_fixture="search_page")
def search_reservnummer(user: User, reservnummer: str) -> SearchPage:
    return AppShell(user.page).open_search().search(reservnummer)


@then("hittar hon kunden med reservnumret")
def finds_reserve_customer(search_page: SearchPage, reservnummer: str, kund: Kund) -> None:
    search_page.expect_only_customers([reservnummer])
    search_page.expect_row(reservnummer, [kund.fornamn, kund.efternamn], kund.ort)


# Numbers typed into "Personnummer eller samordningsnummer", by the scenario's words.
def _replacement(words: str, request: pytest.FixtureRequest, testdata: TestData) -> str:
    if words == "kundens riktiga personnummer":
        return testdata.personnummer().tolv("-")
    if words == "kundens riktiga samordningsnummer":
        return testdata.samordningsnummer().tolv("-")
    if words == "den andra kundens personnummer":
        return request.getfixturevalue("annan_kund").nummer.tolv("-")
    if words == "ett personnummer med fel kontrollsiffra":
        return testdata.personnummer().med_fel_kontrollsiffra().tolv("-")
    if words == "ett reservnummer":
        # A reservnummer never replaces one: only a real number does.
        reserve: ReservKund = request.getfixturevalue("reservkund")
        return reserve.reservnummer
    return table_value(words)


@when(
    parsers.re(r"hon fyller i (?P<words>.+) i stället för reservnumret"),
    target_fixture="nytt_nummer",
)
def replace_reservnummer(
    request: pytest.FixtureRequest, dialog: EditCustomerDialog, testdata: TestData, words: str
) -> str:
    number = _replacement(words, request, testdata)
    dialog.replace_number(number)
    return number


@then("visar kundkortet det nya numret som personnummer")
def card_shows_new_number(customer_card: CustomerCard, nytt_nummer: str) -> None:
    customer_card.expect_saved()
    customer_card.expect_value("personnummer", parse_identity(nytt_nummer).display)
    customer_card.expect_no_value("reservnummer")


@then("har kunden kvar sitt reservnummer")
def keeps_reservnummer(user: User, dialog: CustomerDialog, reservkund: ReservKund) -> None:
    leave_dialog(dialog)
    card = open_card(user, reservkund.reservnummer)
    card.expect_value("reservnummer", reservkund.reservnummer)

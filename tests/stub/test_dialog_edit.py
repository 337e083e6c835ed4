"""§2.4 `Ändra kund`: prefilled, validated, stored; replacing a reservnummer."""

from __future__ import annotations

import pytest

from mvj_stub.config import StubConfig
from mvj_stub.server import start

from .conftest import (
    KEY,
    TOLVAN,
    Client,
    dialog_fields,
    logged_in_nurse,
    pu_person,
    seed,
    seed_pu,
)

RESERVE_CUSTOMER = {"nummer": "991981000010", "fornamn": "Mateo", "efternamn": "Rossi",
                    "fodelsedatum": "1981-06-14", "kon": "Man", "mobiltelefon": "070-1740613"}


def edit(nurse: Client, customer_id: int, **values: str):
    return nurse.post_form(f"/kunder/{customer_id}/andra",
                           {"atgard": "spara", **dialog_fields(**values)})


def test_dialog_is_prefilled(nurse: Client, journal) -> None:
    [tolvan] = seed(journal, TOLVAN)
    card = nurse.get(f"/kunder/{tolvan['id']}")
    assert f'action="/kunder/{tolvan["id"]}/andra"' in card.text
    reply = nurse.get(f"/kunder/{tolvan['id']}/andra")
    assert reply.status == 200
    assert reply.dialog_name() == "Ändra kund"
    assert reply.labelled_value("Personnummer") == "19121212-1212"
    assert reply.field("Förnamn") == "Tolvan"
    assert reply.field("Efternamn") == "Tolvansson"
    assert reply.field("Utdelningsadress") == "Storgatan 1"
    assert reply.field("Postnummer") == "123 45"
    assert reply.field("Ort") == "Stockholm"
    assert reply.field("Mobiltelefon") == "070-174 06 05"
    assert reply.field("E-post") == "Tolvan.Tolvansson@Example.se"
    assert reply.checked("kontaktvag") == ["SMS"]
    assert reply.checked("samtycke") == ["ja"]
    assert reply.field("Personnummer eller samordningsnummer") is None
    assert "Hämta från PU-tjänsten" not in reply.text


def test_save_stores_and_says_so(nurse: Client, journal) -> None:
    [tolvan] = seed(journal, TOLVAN)
    reply = edit(nurse, tolvan["id"], fornamn="Tolvan", efternamn="Tolvansson-Ek",
                 utdelningsadress="Nya gatan 2", postnummer="54321", ort="Åre",
                 mobiltelefon="", epost="ny@example.se", kontaktvag="E-post")
    assert reply.status == 303 and reply.location == f"/kunder/{tolvan['id']}?sparad=1"
    card = nurse.get(reply.location)
    assert card.by_role("status") == ["Kunden har sparats."]
    assert "<h1>Tolvan Tolvansson-Ek</h1>" in card.text
    assert card.labelled_value("Adress") == "Nya gatan 2, 543 21 Åre"
    assert card.labelled_value("Mobiltelefon") == ""
    assert card.labelled_value("Kontaktväg") == "E-post"
    assert card.labelled_value("Samtycke till erbjudanden") == "Nej"
    assert card.labelled_value("Födelsedatum") == "1912-12-12"
    assert nurse.get("/sok?q=ny@example.se").result_rows()[0][1] == "Tolvan Tolvansson-Ek"
    assert nurse.get("/sok?q=0701740605").by_role("status") == ["Inga kunder hittades."]


def test_avbryt_changes_nothing(nurse: Client, journal) -> None:
    [tolvan] = seed(journal, TOLVAN)
    reply = nurse.post_form(f"/kunder/{tolvan['id']}/andra/avbryt",
                            {"atgard": "avbryt", **dialog_fields(fornamn="Ändrad")})
    assert reply.status == 303 and reply.location == f"/kunder/{tolvan['id']}"
    assert journal.state.store.get_customer(tolvan["id"]).fornamn == "Tolvan"


def test_invalid_edit_keeps_typed_values(nurse: Client, journal) -> None:
    [tolvan] = seed(journal, TOLVAN)
    reply = edit(nurse, tolvan["id"], fornamn="", efternamn="Ny", epost="fel", ort="Byn")
    assert reply.status == 422
    assert reply.dialog_name() == "Ändra kund"
    assert reply.by_role("alert") == ["Förnamn: obligatoriskt.",
                                      "E-post: ange en giltig e-postadress."]
    assert (reply.field("Efternamn"), reply.field("E-post"), reply.field("Ort")) == (
        "Ny", "fel", "Byn")
    assert journal.state.store.get_customer(tolvan["id"]).efternamn == "Tolvansson"


def test_reservnummer_customer_has_the_number_field(nurse: Client, journal) -> None:
    [person] = seed(journal, RESERVE_CUSTOMER)
    reply = nurse.get(f"/kunder/{person['id']}/andra")
    assert reply.labelled_value("Reservnummer") == "991981000010"
    assert reply.field("Personnummer eller samordningsnummer") == ""
    unchanged = edit(nurse, person["id"], fornamn="Mateo", efternamn="Rossi Bianchi")
    assert unchanged.status == 303
    card = nurse.get(unchanged.location or "")
    assert card.labelled_value("Reservnummer") == "991981000010"
    assert card.labelled_value("Födelsedatum") == "1981-06-14"


@pytest.mark.parametrize("typed", ["19810614-1230", "810614-1230", "198106141230"])
def test_replacing_the_reservnummer(nurse: Client, journal, typed: str) -> None:
    [person] = seed(journal, RESERVE_CUSTOMER)
    reply = edit(nurse, person["id"], nytt_nummer=typed, fornamn="Mateo", efternamn="Rossi")
    assert reply.status == 303, reply.by_role("alert")
    card = nurse.get(reply.location or "")
    assert card.labelled_value("Personnummer") == "19810614-1230"
    assert card.labelled_value("Reservnummer") is None
    assert card.labelled_value("Födelsedatum") == "1981-06-14"
    assert nurse.get("/sok?q=991981000010").by_role("status") == [
        "Personnumret finns inte i MittVaccin Journal. Vill du lägga till kunden?"]
    assert nurse.get("/sok?q=198106141230").result_rows()[0][1] == "Mateo Rossi"


def test_replacing_with_a_samordningsnummer(nurse: Client, journal) -> None:
    [person] = seed(journal, RESERVE_CUSTOMER)
    reply = edit(nurse, person["id"], nytt_nummer="701063-2391", fornamn="Mateo",
                 efternamn="Rossi")
    assert reply.status == 303
    stored = journal.state.store.get_customer(person["id"])
    assert stored.nummer == "197010632391" and stored.fodelsedatum == "1970-10-03"


@pytest.mark.parametrize(("typed", "message"), [
    ("19121212-1212", "Personnummer eller samordningsnummer: finns redan hos en annan kund."),
    ("19121212-1213", "Personnummer eller samordningsnummer: ogiltigt nummer."),
    ("991945000023", "Personnummer eller samordningsnummer: ogiltigt nummer."),
    ("hej hopp", "Personnummer eller samordningsnummer: ogiltigt nummer."),
])
def test_replacing_is_refused(nurse: Client, journal, typed: str, message: str) -> None:
    [_tolvan, person] = seed(journal, TOLVAN, RESERVE_CUSTOMER)
    reply = edit(nurse, person["id"], nytt_nummer=typed, fornamn="Mateo", efternamn="")
    assert reply.status == 422
    assert reply.by_role("alert") == [message, "Efternamn: obligatoriskt."]
    assert reply.field("Personnummer eller samordningsnummer") == typed
    assert journal.state.store.get_customer(person["id"]).nummer == "991981000010"


def test_replacing_with_a_protected_persons_number_is_refused(nurse: Client, journal) -> None:
    # The record holds a name, address and phone: joining them to a protected person's
    # number would put that person's data on show in every view.
    seed_pu(journal, pu_person(nummer="197811221824", fornamn="Hemlig", efternamn="Person",
                               sekretessmarkering=True))
    [person] = seed(journal, RESERVE_CUSTOMER)
    reply = edit(nurse, person["id"], nytt_nummer="19781122-1824", fornamn="Mateo",
                 efternamn="Rossi")
    assert reply.status == 422
    assert reply.by_role("alert") == [
        "Personnummer eller samordningsnummer: personen har skyddad identitet – "
        "lägg till kunden via Sök kund."]
    assert journal.state.store.get_customer(person["id"]).nummer == "991981000010"
    assert "Hemlig" not in reply.text


def test_unknown_customer_is_404(nurse: Client, journal) -> None:
    assert nurse.get("/kunder/999/andra").status == 404
    assert edit(nurse, 999, fornamn="A", efternamn="B").status == 404


def test_edits_persist_across_a_restart(tmp_path) -> None:
    config = StubConfig(data_dir=tmp_path / "data", port=0, control=True, control_key=KEY,
                        example_data=False)
    first = start(config)
    try:
        [person] = seed(first, RESERVE_CUSTOMER)
        nurse = logged_in_nurse(first, tmp_path / "kort")
        assert edit(nurse, person["id"], nytt_nummer="198106141230", fornamn="Mateo",
                    efternamn="Rossi", ort="Ändrad ort").status == 303
    finally:
        first.stop()
    second = start(config)
    try:
        nurse = logged_in_nurse(second, tmp_path / "kort2")
        card = nurse.get(f"/kunder/{person['id']}")
        assert card.labelled_value("Personnummer") == "19810614-1230"
        assert card.labelled_value("Adress") == "Ändrad ort"
    finally:
        second.stop()

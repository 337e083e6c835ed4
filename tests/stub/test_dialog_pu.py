"""`Hämta från PU-tjänsten` in `Lägg till kund`: every PU answer, through the dialog."""

from __future__ import annotations

import time

import pytest

from mvj_stub.config import StubConfig
from mvj_stub.server import start

from .conftest import (
    KEY,
    PU_TIMEOUT_S,
    Client,
    control,
    dialog_fields,
    pu_person,
    seed_pu,
)

ADD = "/kunder/ny"
MSG_NOT_FOUND = "Personen finns inte i PU-tjänsten. Fyll i uppgifterna manuellt."
MSG_UNAVAILABLE = "PU-tjänsten svarar inte. Försök igen eller fyll i uppgifterna manuellt."
PERSONAL = ("Förnamn", "Efternamn", "Utdelningsadress", "Postnummer", "Ort", "Mobiltelefon",
            "E-post")


def fetch(nurse: Client, nummer: str = "191212121212", **typed: str):
    return nurse.post_form(f"{ADD}/hamta", {"nummer": nummer, "atgard": "hamta",
                                 **dialog_fields(**typed)})


@pytest.mark.parametrize(("shares", "mobile", "email"), [
    ({"delar_mobil": True, "delar_epost": True}, "070-1740605", "tolvan.tolvansson@example.se"),
    ({"delar_mobil": True, "delar_epost": False}, "070-1740605", "typad@example.se"),
    ({"delar_mobil": False, "delar_epost": True}, "070-174 06 99", "tolvan.tolvansson@example.se"),
    ({"delar_mobil": False, "delar_epost": False}, "070-174 06 99", "typad@example.se"),
])
def test_found_fills_name_address_and_only_shared_contacts(
        nurse: Client, journal, shares: dict[str, bool], mobile: str, email: str) -> None:
    seed_pu(journal, pu_person(**shares))
    reply = fetch(nurse, fornamn="Fel", efternamn="Namn", mobiltelefon="070-174 06 99",
                  epost="typad@example.se", kontaktvag="SMS", samtycke="ja")
    assert reply.status == 200
    assert reply.dialog_name() == "Lägg till kund"
    assert reply.by_role("alert") == []
    assert reply.by_role("status") == ["Uppgifterna har hämtats från PU-tjänsten."]
    assert reply.field("Förnamn") == "Tolvan"
    assert reply.field("Efternamn") == "Tolvansson"
    assert reply.field("Utdelningsadress") == "Provgatan 12"
    assert reply.field("Postnummer") == "123 45"
    assert reply.field("Ort") == "Exempelby"
    assert reply.field("Mobiltelefon") == mobile
    assert reply.field("E-post") == email
    assert reply.checked("kontaktvag") == ["SMS"] and reply.checked("samtycke") == ["ja"]
    assert journal.state.store.count_customers() == 0  # nothing saved before Spara
    saved = nurse.post_form(ADD, {**reply.form_values(), "atgard": "spara"})
    assert saved.status == 303
    card = nurse.get(saved.location or "")
    assert "<h1>Tolvan Tolvansson</h1>" in card.text
    assert card.labelled_value("Mobiltelefon") == mobile


def test_found_with_care_of_and_without_address(nurse: Client, journal) -> None:
    seed_pu(journal,
            pu_person(nummer="196207043156", fornamn="Bengt", efternamn="Åberg",
                      care_of="c/o Andersson", utdelningsadress="Lönngatan 21",
                      postnummer="45678", ort="Provköping", delar_mobil=False,
                      delar_epost=False),
            pu_person(nummer="197010632391", fornamn="Piotr", efternamn="Nowak",
                      utdelningsadress="", postnummer="0", ort="", delar_epost=False,
                      avliden=True))
    bengt = fetch(nurse, "196207043156")
    assert bengt.field("Utdelningsadress") == "c/o Andersson, Lönngatan 21"
    assert bengt.field("Postnummer") == "456 78"
    piotr = fetch(nurse, "197010632391", utdelningsadress="Typad väg 1", ort="Typby")
    assert piotr.field("Förnamn") == "Piotr"
    assert piotr.field("Utdelningsadress") == "Typad väg 1"  # PU has no address: kept
    assert piotr.field("Ort") == "Typby"
    assert "Enligt PU-tjänsten är personen avliden." in piotr.by_role("status")


def test_not_found_keeps_everything_typed(nurse: Client, journal) -> None:
    typed = {"fornamn": "Ada", "efternamn": "Ek", "postnummer": "111 22",
             "mobiltelefon": "070-1740620", "epost": "ada@example.se", "kontaktvag": "E-post"}
    reply = fetch(nurse, "194508121235", **typed, samtycke="ja")
    assert reply.by_role("alert") == [MSG_NOT_FOUND]
    form = reply.form_values()
    for key, value in typed.items():
        assert form[key] == value
    assert form["samtycke"] == "ja"
    for label in PERSONAL:
        assert not reply.field_disabled(label)


@pytest.mark.parametrize("how", ["lage", "person"])
def test_fault_keeps_everything_typed(nurse: Client, journal, how: str) -> None:
    if how == "lage":
        seed_pu(journal, pu_person())
        assert control(journal, "POST", "/_kontroll/pu/lage", {"lage": "fel"}).status == 200
    else:
        seed_pu(journal, pu_person(svar="fel"))
    reply = fetch(nurse, fornamn="Ada", efternamn="Ek", ort="Byn")
    assert reply.by_role("alert") == [MSG_UNAVAILABLE]
    assert (reply.field("Förnamn"), reply.field("Efternamn"), reply.field("Ort")) == (
        "Ada", "Ek", "Byn")
    saved = nurse.post_form(ADD, {**reply.form_values(), "atgard": "spara"})
    assert saved.status == 303  # manual entry works while PU is down


def test_slow_pu_times_out_quickly(nurse: Client, journal) -> None:
    seed_pu(journal, pu_person())
    assert control(journal, "POST", "/_kontroll/pu/lage", {"lage": "langsam"}).status == 200
    started = time.monotonic()
    reply = fetch(nurse, fornamn="Ada")
    elapsed = time.monotonic() - started
    assert reply.by_role("alert") == [MSG_UNAVAILABLE]
    assert reply.field("Förnamn") == "Ada"
    assert PU_TIMEOUT_S <= elapsed < PU_TIMEOUT_S + 1.5


def test_pu_url_is_in_the_ready_info(journal) -> None:
    info = journal.ready_info()
    assert info["pu_url"] == journal.pu.url and info["pu_url"].startswith("http://127.0.0.1:")


def test_pu_control_is_behind_the_control_guard(journal, tmp_path) -> None:
    assert control(journal, "GET", "/_kontroll/pu/lage", key=None).status == 403
    assert control(journal, "GET", "/_kontroll/pu/personer", key="fel").status == 403
    assert control(journal, "POST", "/_kontroll/pu/personer",
                   {"personer": [pu_person()]}, key=None).status == 403
    assert control(journal, "GET", "/_kontroll/pu/lage").json() == {"lage": "normal"}
    running = start(StubConfig(data_dir=tmp_path, port=0, example_data=False))
    try:
        assert control(running, "GET", "/_kontroll/pu/lage").status == 404
        assert control(running, "GET", "/_kontroll/pu/personer", key=KEY).status == 404
    finally:
        running.stop()


def test_reset_empties_pu(journal) -> None:
    seed_pu(journal, pu_person())
    assert control(journal, "POST", "/_kontroll/pu/lage", {"lage": "fel"}).status == 200
    assert control(journal, "POST", "/_kontroll/aterstall", {}).status == 200
    assert journal.pu.persons() == [] and journal.pu.mode.value == "normal"

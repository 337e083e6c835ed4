"""§2.3 `Lägg till kund med reservnummer`: the dialog and the numbers it assigns."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from mvj_stub.identity import Kind, luhn_check_digit, make_reservnummer, parse

from .conftest import Client, control, dialog_fields, seed

RESERVE = "/kunder/ny/reservnummer"


def save(nurse: Client, **values: str):
    fields = dialog_fields(fodelsedatum="1981-06-14", kon="Man", fornamn="Mateo",
                           efternamn="Rossi")
    fields.update(values)
    return nurse.post_form(RESERVE, {"atgard": "spara", **fields})


def test_lagg_till_ny_kund_offers_reservnummer(nurse: Client, journal) -> None:
    offer = nurse.get("/kunder/ny")
    assert offer.status == 200
    assert "Lägg till kund med reservnummer</button>" in offer.text
    reply = nurse.get(RESERVE)
    assert reply.dialog_name() == "Lägg till kund med reservnummer"
    for label in ("Födelsedatum", "Förnamn", "Efternamn", "Utdelningsadress", "Postnummer",
                  "Ort", "Mobiltelefon", "E-post"):
        assert reply.field(label) == "", label
    assert '<legend id="g-kon">Kön</legend>' in reply.text
    assert reply.checked("kon") == []  # no preselection
    assert reply.checked("kontaktvag") == ["Båda"]
    assert "Kunden samtycker till att dennes kontaktuppgifter" in reply.text
    assert "Hämta från PU-tjänsten" not in reply.text
    assert "Spara</button>" in reply.text and "Avbryt</button>" in reply.text


def test_save_assigns_a_reservnummer_and_opens_the_card(nurse: Client, journal) -> None:
    reply = save(nurse, mobiltelefon="070-1740613", kontaktvag="SMS")
    assert reply.status == 303
    card = nurse.get(reply.location or "")
    assert card.by_role("status") == ["Kunden har sparats."]
    assert card.labelled_value("Reservnummer") == "991981000010"  # Inera's example
    assert card.labelled_value("Födelsedatum") == "1981-06-14"
    assert card.labelled_value("Personnummer") is None
    assert "<h1>Mateo Rossi</h1>" in card.text
    assert nurse.get("/sok?q=991981000010").result_rows()[0][0] == "991981000010"


def test_serials_count_per_birth_year(nurse: Client, journal) -> None:
    seed(journal, {"nummer": "991945000023", "fornamn": "A", "efternamn": "B",
                   "fodelsedatum": "1945-01-01", "kon": "Okänt"})
    numbers = []
    for born in ("1945-03-03", "1945-12-31", "1981-01-01", "2024-02-29", "1945-05-05"):
        reply = save(nurse, fodelsedatum=born)
        assert reply.status == 303, reply.text
        numbers.append(nurse.get(reply.location or "").labelled_value("Reservnummer"))
    assert numbers == [make_reservnummer(1945, 3), make_reservnummer(1945, 4),
                       make_reservnummer(1981, 1), make_reservnummer(2024, 1),
                       make_reservnummer(1945, 5)]
    for number in numbers:
        assert number is not None and number.startswith("99") and len(number) == 12
        assert luhn_check_digit(number[4:11]) == int(number[11])
        assert parse(number, journal.state.clock.today()).kind is Kind.RESERVNUMMER


def test_inera_examples_validate() -> None:
    assert make_reservnummer(1981, 1) == "991981000010"
    assert make_reservnummer(1945, 2) == "991945000023"
    for example in ("991981000010", "991945000023"):
        assert luhn_check_digit(example[4:11]) == int(example[11])


def test_parallel_saves_get_different_numbers(client_for, journal) -> None:
    nurses = [client_for() for _ in range(6)]
    for nurse in nurses:
        nurse.login()
    replies: list[int] = []

    def add(nurse: Client) -> None:
        replies.append(save(nurse, fodelsedatum="1990-01-01").status)

    threads = [threading.Thread(target=add, args=(nurse,)) for nurse in nurses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert replies == [303] * 6
    numbers = {journal.state.store.get_customer(i).nummer for i in range(1, 7)}
    assert numbers == {make_reservnummer(1990, serial) for serial in range(1, 7)}


@pytest.mark.parametrize(("values", "messages"), [
    ({"fodelsedatum": "", "kon": ""}, ["Födelsedatum: obligatoriskt.", "Kön: obligatoriskt."]),
    ({"fodelsedatum": "14/6/1981"}, ["Födelsedatum: ange ett giltigt datum (ÅÅÅÅ-MM-DD)."]),
    ({"fodelsedatum": "1981-02-30"}, ["Födelsedatum: ange ett giltigt datum (ÅÅÅÅ-MM-DD)."]),
    ({"fodelsedatum": "2999-01-01"}, ["Födelsedatum: får inte vara i framtiden."]),
    ({"fornamn": "", "efternamn": "", "postnummer": "1", "mobiltelefon": "x", "epost": "y",
      "kon": ""},
     ["Förnamn: obligatoriskt.", "Efternamn: obligatoriskt.", "Postnummer: ange fem siffror.",
      "Mobiltelefon: ange ett svenskt telefonnummer.", "E-post: ange en giltig e-postadress.",
      "Kön: obligatoriskt."]),
])
def test_invalid_input_keeps_everything(nurse: Client, journal, values: dict[str, str],
                                        messages: list[str]) -> None:
    reply = save(nurse, ort="Byn", kontaktvag="E-post", samtycke="ja", **values)
    assert reply.status == 422
    assert reply.dialog_name() == "Lägg till kund med reservnummer"
    alerts = reply.by_role("alert")
    assert sorted(alerts) == sorted(messages)
    form = reply.form_values()
    assert form["ort"] == "Byn" and form["samtycke"] == "ja" and form["kontaktvag"] == "E-post"
    assert form["fodelsedatum"] == values.get("fodelsedatum", "1981-06-14")
    assert form.get("kon", "") == values.get("kon", "Man")
    assert journal.state.store.count_customers() == 0


def test_future_follows_the_stub_clock(client_for, journal) -> None:
    tomorrow = (journal.state.clock.today() + timedelta(days=1)).isoformat()
    nurse = client_for()
    nurse.login()
    assert save(nurse, fodelsedatum=tomorrow).by_role("alert") == [
        "Födelsedatum: får inte vara i framtiden."]
    assert control(journal, "POST", "/_kontroll/klocka",
                   {"framat_sekunder": 2 * 24 * 3600}).status == 200
    nurse = client_for()  # two days later: a new login
    nurse.login()
    assert save(nurse, fodelsedatum=tomorrow).status == 303


def test_avbryt_saves_nothing(nurse: Client, journal) -> None:
    reply = nurse.post_form(f"{RESERVE}/avbryt", {"atgard": "avbryt", **dialog_fields(fornamn="A")})
    assert reply.status == 303 and reply.location == "/sok"
    assert journal.state.store.count_customers() == 0

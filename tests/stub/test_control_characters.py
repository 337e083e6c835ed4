"""Control characters (C0 with tab/CR/LF, DEL, C1) are refused in every text the stub accepts.

Dialogs: one alert per offending field, typed values kept, nothing saved. Control
interface: 400, nothing changes. Search: an alert and no search. Each test puts the
character where trimming would hide it too (``strip()`` drops a trailing newline).
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from .conftest import TOLVAN, Client, control, dialog_fields, pu_person, seed

CONTROL = ["\x00", "\t", "\r", "\n", "\x1b", "\x7f", "\x85", "\x9f"]
TEXT_FIELDS = {
    "fornamn": "Förnamn", "efternamn": "Efternamn", "utdelningsadress": "Utdelningsadress",
    "postnummer": "Postnummer", "ort": "Ort", "mobiltelefon": "Mobiltelefon", "epost": "E-post",
}
VALID = {"fornamn": "Ada", "efternamn": "Ek", "utdelningsadress": "Gatan 1",
         "postnummer": "123 45", "ort": "Byn", "mobiltelefon": "070-174 06 11",
         "epost": "ada@example.se"}
NUMBER = "194508121235"
RESERVE_CUSTOMER = {"nummer": "991981000010", "fornamn": "Mateo", "efternamn": "Rossi",
                    "fodelsedatum": "1981-06-14", "kon": "Man"}


def forbidden(label: str) -> str:
    return f"{label}: otillåtna tecken."


# --- Lägg till kund ------------------------------------------------------------

@pytest.mark.parametrize("char", CONTROL, ids=repr)
def test_add_dialog_refuses_control_characters(nurse: Client, journal, char: str) -> None:
    typed = {**VALID, "fornamn": f"Ada{char}", "ort": f"{char}Byn"}
    reply = nurse.post_form("/kunder/ny", {"nummer": NUMBER, "atgard": "spara",
                                           **dialog_fields(**typed)})
    assert reply.status == 422
    assert reply.dialog_name() == "Lägg till kund"
    assert reply.by_role("alert") == [forbidden("Förnamn"), forbidden("Ort")]
    assert reply.field("Förnamn") == f"Ada{char}"  # kept exactly as typed
    assert reply.field("Ort") == f"{char}Byn"
    assert reply.field("Efternamn") == "Ek"
    assert journal.state.store.count_customers() == 0


@pytest.mark.parametrize("key", list(TEXT_FIELDS))
def test_every_text_field_of_the_add_dialog(nurse: Client, journal, key: str) -> None:
    typed = {**VALID, key: VALID[key] + "\n"}  # a trailing newline, which strip() hides
    reply = nurse.post_form("/kunder/ny", {"nummer": NUMBER, "atgard": "spara",
                                           **dialog_fields(**typed)})
    assert reply.status == 422
    assert reply.by_role("alert") == [forbidden(TEXT_FIELDS[key])]
    assert journal.state.store.count_customers() == 0


def test_tampered_hidden_number_is_refused(nurse: Client, journal) -> None:
    reply = nurse.post_form("/kunder/ny", {"nummer": NUMBER + "\n", "atgard": "spara",
                                           **dialog_fields(**VALID)})
    assert reply.status == 400
    assert nurse.get(f"/kunder/ny?nummer={NUMBER}%00").status == 400
    assert journal.state.store.count_customers() == 0


# --- Lägg till kund med reservnummer ---------------------------------------------

def test_reserve_dialog_refuses_control_characters(nurse: Client, journal) -> None:
    fields = dialog_fields(**{**VALID, "efternamn": "Ek\x00"}, fodelsedatum="1981-06-14\t",
                           kon="Man")
    reply = nurse.post_form("/kunder/ny/reservnummer", {"atgard": "spara", **fields})
    assert reply.status == 422
    assert reply.dialog_name() == "Lägg till kund med reservnummer"
    assert reply.by_role("alert") == [forbidden("Födelsedatum"), forbidden("Efternamn")]
    assert reply.field("Födelsedatum") == "1981-06-14\t"
    assert reply.field("Efternamn") == "Ek\x00"
    assert journal.state.store.count_customers() == 0


# --- Ändra kund ----------------------------------------------------------------

def test_edit_dialog_refuses_control_characters(nurse: Client, journal) -> None:
    [tolvan] = seed(journal, TOLVAN)
    reply = nurse.post_form(f"/kunder/{tolvan['id']}/andra", {
        "atgard": "spara", **dialog_fields(**{**VALID, "epost": "ny@example.se\r\n"})})
    assert reply.status == 422
    assert reply.dialog_name() == "Ändra kund"
    assert reply.by_role("alert") == [forbidden("E-post")]
    assert reply.field("Förnamn") == "Ada"
    stored = journal.state.store.get_customer(tolvan["id"])
    assert (stored.fornamn, stored.epost) == ("Tolvan", "Tolvan.Tolvansson@Example.se")


def test_new_number_field_refuses_control_characters(nurse: Client, journal) -> None:
    [person] = seed(journal, RESERVE_CUSTOMER)
    reply = nurse.post_form(f"/kunder/{person['id']}/andra", {
        "atgard": "spara", **dialog_fields(fornamn="Mateo", efternamn="Rossi"),
        "nytt_nummer": "19810614-1230\n"})
    assert reply.status == 422
    assert reply.by_role("alert") == [forbidden("Personnummer eller samordningsnummer")]
    assert reply.field("Personnummer eller samordningsnummer") == "19810614-1230\n"
    assert journal.state.store.get_customer(person["id"]).nummer == "991981000010"


# --- control interface -------------------------------------------------------

@pytest.mark.parametrize(("entry", "message"), [
    ({**TOLVAN, "fornamn": "Tol\x00van"}, "Kund 1: Förnamn: otillåtna tecken."),
    ({**TOLVAN, "ort": "Stockholm\x85"}, "Kund 1: Ort: otillåtna tecken."),
    ({**TOLVAN, "nummer": "19121212-1212\n"}, "Kund 1: Personnummer: otillåtna tecken."),
    ({**TOLVAN, "fodelsedatum": "\t1912-12-12"}, "Kund 1: Födelsedatum: otillåtna tecken."),
    ({**RESERVE_CUSTOMER, "fodelsedatum": "1981-06-14\x7f"},
     "Kund 1: Födelsedatum: otillåtna tecken."),
])
def test_control_customers_refuse_control_characters(journal, entry, message) -> None:
    reply = control(journal, "POST", "/_kontroll/kunder", {"kunder": [entry]})
    assert reply.status == 400
    assert reply.json()["fel"] == message
    assert journal.state.store.count_customers() == 0


@pytest.mark.parametrize(("overrides", "message"), [
    ({"fornamn": "Tol\nvan"}, "Person 1: fornamn: otillåtna tecken."),
    ({"utdelningsadress": "Provgatan 12\r"}, "Person 1: utdelningsadress: otillåtna tecken."),
    ({"nummer": "191212121212\t"}, "Person 1: nummer: otillåtna tecken."),
    ({"epost": "tolvan@example.se\x00"}, "Person 1: epost: otillåtna tecken."),
    ({"care_of": "\x9fc/o Ek"}, "Person 1: care_of: otillåtna tecken."),
])
def test_pu_persons_refuse_control_characters(journal, overrides, message) -> None:
    reply = control(journal, "POST", "/_kontroll/pu/personer",
                    {"personer": [pu_person(**overrides)]})
    assert reply.status == 400
    assert reply.json()["fel"] == message
    assert control(journal, "GET", "/_kontroll/pu/personer").json() == {"personer": []}


# --- search ----------------------------------------------------------------------

@pytest.mark.parametrize("query", ["Tolvan\x00", "\tTolvan", "Tolv\nan", "Tolvan\x85",
                                   "19121212-1212\r"], ids=repr)
def test_search_with_control_characters_never_searches(nurse: Client, journal,
                                                       query: str) -> None:
    seed(journal, TOLVAN)
    reply = nurse.get(f"/sok?q={quote(query)}")
    assert reply.status == 200
    assert reply.by_role("alert") == ["Sökordet innehåller otillåtna tecken."]
    assert reply.by_role("status") == []
    assert reply.result_rows() == []

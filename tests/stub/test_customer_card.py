"""The Kundkort: labelled read-only values in the contract's formats."""

from __future__ import annotations

import pytest

from .conftest import PROTECTED, TOLVAN, Client, dialog_fields, seed


def test_card_shows_every_value(nurse: Client, journal) -> None:
    [tolvan] = seed(journal, TOLVAN)
    reply = nurse.get(f"/kunder/{tolvan['id']}")
    assert reply.status == 200
    assert "<h1>Tolvan Tolvansson</h1>" in reply.text
    assert reply.labelled_value("Personnummer") == "19121212-1212"
    assert reply.labelled_value("Födelsedatum") == "1912-12-12"
    assert reply.labelled_value("Adress") == "Storgatan 1, 123 45 Stockholm"
    assert reply.labelled_value("Mobiltelefon") == "070-174 06 05"
    assert reply.labelled_value("E-post") == "Tolvan.Tolvansson@Example.se"
    assert reply.labelled_value("Kontaktväg") == "SMS"
    assert reply.labelled_value("Samtycke till erbjudanden") == "Ja"
    assert "Ändra personuppgifter</button>" in reply.text
    assert "disabled" not in reply.text.split("Ändra personuppgifter")[0].rsplit("<button", 1)[1]


def test_empty_values_are_empty_text(nurse: Client, journal) -> None:
    [person] = seed(journal, {"nummer": "198001010001", "fornamn": "Ada", "efternamn": "Ek"})
    reply = nurse.get(f"/kunder/{person['id']}")
    assert reply.labelled_value("Mobiltelefon") == ""
    assert reply.labelled_value("E-post") == ""
    assert reply.labelled_value("Adress") == ""
    assert reply.labelled_value("Kontaktväg") == "Båda"
    assert reply.labelled_value("Samtycke till erbjudanden") == "Nej"


def test_reservnummer_card(nurse: Client, journal) -> None:
    [person] = seed(journal, {"nummer": "991945000023", "fornamn": "Res", "efternamn": "Erv",
                              "fodelsedatum": "1945-02-03", "kon": "Kvinna"})
    reply = nurse.get(f"/kunder/{person['id']}")
    assert reply.labelled_value("Reservnummer") == "991945000023"
    assert reply.labelled_value("Personnummer") is None
    assert reply.labelled_value("Födelsedatum") == "1945-02-03"


def test_protected_card_shows_number_only(nurse: Client, journal) -> None:
    [person] = seed(journal, PROTECTED)
    reply = nurse.get(f"/kunder/{person['id']}")
    assert "<h1>Skyddad identitet</h1>" in reply.text
    assert "Inga uppgifter ska kompletteras manuellt." in reply.text
    assert reply.labelled_value("Personnummer") == "20170101-2393"
    assert reply.labelled_value("Adress") is None
    assert reply.labelled_value("Födelsedatum") is None
    assert "disabled" in reply.text.split("Ändra personuppgifter")[0].rsplit("<button", 1)[1]


def test_unknown_customer_is_404(nurse: Client, journal) -> None:
    assert nurse.get("/kunder/999").status == 404


def test_footer_shows_version(nurse: Client, journal) -> None:
    from mvj_stub import __version__

    assert f"MittVaccin Journal (stubb) version {__version__}" in nurse.get("/sok").text
    login_page = Client(journal).get("/")
    assert f"MittVaccin Journal (stubb) version {__version__}" in login_page.text


HUGE_IDS = [
    "99999999999999999999999",  # SQLite's INTEGER overflowed: used to be a 500
    str(2**63),  # one past the largest id SQLite can hold
    str(2**63 - 1),  # the largest it can hold; no such customer
    "9" * 5000,  # past Python's int-from-text limit as well
    "0",
]


@pytest.mark.parametrize("customer_id", HUGE_IDS, ids=lambda text: text[:25])
def test_out_of_range_id_is_404_never_500(nurse: Client, journal, customer_id: str) -> None:
    [tolvan] = seed(journal, TOLVAN)
    replies = {
        "kundkort": nurse.get(f"/kunder/{customer_id}"),
        "andra": nurse.get(f"/kunder/{customer_id}/andra"),
        "andra post": nurse.post_form(f"/kunder/{customer_id}/andra",
                                      {"atgard": "spara", **dialog_fields(fornamn="X",
                                                                          efternamn="Y")}),
    }
    for where, reply in replies.items():
        assert reply.status == 404, where
        assert "Sidan eller kunden finns inte." in reply.text, where
    assert journal.state.store.get_customer(tolvan["id"]).fornamn == "Tolvan"


def test_out_of_range_id_without_session_is_the_login_page(client_for, journal) -> None:
    reply = client_for(None).get("/kunder/99999999999999999999999")
    assert reply.status == 303 and reply.location == "/"

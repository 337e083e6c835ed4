"""§2.5 Skyddad identitet: the dialogs, and the privacy test over everything a user can reach."""

from __future__ import annotations

import json
from urllib.parse import quote

from mvj_stub.pu import Protected

from .conftest import Client, control, dialog_fields, pu_person, seed, seed_pu

ADD = "/kunder/ny"
SECRET_PERSON = pu_person(
    nummer="197811221824", fornamn="Linnea", efternamn="Hemligsson",
    utdelningsadress="Hemliga gränd 4", postnummer="567 89", ort="Doldaby",
    mobiltelefon="070-1740609", epost="linnea.hemligsson@example.se",
    sekretessmarkering=True)
SECRET_PERSON_2 = pu_person(
    nummer="199009094575", fornamn="Oskar", efternamn="Gömström",
    utdelningsadress="Skyddsvägen 9", postnummer="678 90", ort="Tystköping",
    mobiltelefon="070-1740610", epost="oskar.gomstrom@example.se",
    skyddad_folkbokforing=True)
SECRETS = (
    "Linnea", "Hemligsson", "Hemliga gränd", "567 89", "56789", "Doldaby", "070-1740609",
    "0701740609", "linnea.hemligsson",
    "Oskar", "Gömström", "Skyddsvägen", "678 90", "67890", "Tystköping", "070-1740610",
    "0701740610", "oskar.gomstrom",
)
PERSONAL = ("Förnamn", "Efternamn", "Utdelningsadress", "Postnummer", "Ort", "Mobiltelefon",
            "E-post")


def assert_no_secret(text: str, where: str) -> None:
    leaked = [secret for secret in SECRETS if secret.casefold() in text.casefold()]
    assert not leaked, f"{where}: {leaked}"


def test_fetch_for_a_protected_person_fills_nothing_and_locks_the_fields(
        nurse: Client, journal) -> None:
    seed_pu(journal, SECRET_PERSON)
    reply = nurse.post_form(f"{ADD}/hamta", {"nummer": "197811221824", "atgard": "hamta",
                                  **dialog_fields(fornamn="Typat", efternamn="Namn")})
    assert reply.status == 200
    assert reply.dialog_name() == "Lägg till kund"
    assert reply.labelled_value("Personnummer") == "19781122-1824"
    assert "<strong>Skyddad identitet</strong>" in reply.text
    assert "Inga uppgifter ska kompletteras manuellt." in reply.text
    for label in PERSONAL:
        assert reply.field(label) == "", label
        assert reply.field_disabled(label), label
    assert "Typat" not in reply.text  # typed data is dropped, not kept
    assert reply.checked("kontaktvag") == []
    # The dialog opened again in the same session remembers the protection.
    again = nurse.get(f"{ADD}?nummer=197811221824")
    assert all(again.field_disabled(label) for label in PERSONAL)


def test_saving_stores_number_and_protection_only(nurse: Client, journal) -> None:
    seed_pu(journal, SECRET_PERSON)
    nurse.post_form(f"{ADD}/hamta",
                    {"nummer": "197811221824", "atgard": "hamta", **dialog_fields()})
    # A tampered post with personal data must not un-protect or store anything personal.
    reply = nurse.post_form(ADD, {"nummer": "197811221824", "atgard": "spara",
                                  **dialog_fields(fornamn="Linnea", efternamn="Hemligsson",
                                                  mobiltelefon="070-1740609")})
    assert reply.status == 303
    card = nurse.get(reply.location or "")
    assert card.by_role("status") == ["Kunden har sparats."]
    assert "<h1>Skyddad identitet</h1>" in card.text
    assert card.labelled_value("Personnummer") == "19781122-1824"
    stored = journal.state.store.find_by_number("197811221824")
    assert stored is not None and stored.skyddad
    assert (stored.fornamn, stored.efternamn, stored.mobiltelefon) == (None, None, None)


def test_saving_without_fetch_still_asks_pu(client_for, journal) -> None:
    seed_pu(journal, SECRET_PERSON)
    nurse = client_for()
    nurse.login()
    reply = nurse.post_form(ADD, {"nummer": "197811221824", "atgard": "spara",
                                  **dialog_fields(fornamn="Linnea", efternamn="Hemligsson")})
    assert reply.status == 303
    stored = journal.state.store.find_by_number("197811221824")
    assert stored is not None and stored.skyddad and stored.fornamn is None


def test_edit_is_refused_for_a_protected_customer(nurse: Client, journal) -> None:
    [person] = seed(journal, {"nummer": "199009094575", "skyddad": True})
    card = nurse.get(f"/kunder/{person['id']}")
    button = card.text.split("Ändra personuppgifter</button>")[0].rsplit("<button", 1)[1]
    assert "disabled" in button
    for reply in (nurse.get(f"/kunder/{person['id']}/andra"),
                  nurse.post_form(f"/kunder/{person['id']}/andra",
                                  {"atgard": "spara", **dialog_fields(fornamn="X",
                                                                      efternamn="Y")})):
        assert reply.status == 403
        assert "Inga uppgifter ska kompletteras manuellt." in reply.text
        assert 'role="dialog"' not in reply.text
    assert journal.state.store.get_customer(person["id"]).fornamn is None


def test_privacy_nothing_of_a_protected_person_reaches_the_user(nurse: Client, journal) -> None:
    """THE privacy test: PU holds everything about two protected persons; no page,
    response, log line or journal file a user can reach shows any of it."""
    seed_pu(journal, SECRET_PERSON, SECRET_PERSON_2)
    texts: dict[str, str] = {}

    # One through the dialog (PU fetch + Spara), one through the control seed.
    texts["dialog"] = nurse.get(f"{ADD}?nummer=197811221824").text
    texts["hamta"] = nurse.post_form(f"{ADD}/hamta", {"nummer": "197811221824", "atgard": "hamta",
                                           **dialog_fields()}).text
    saved = nurse.post_form(ADD, {"nummer": "197811221824", "atgard": "spara",
                                  **dialog_fields()})
    texts["spara"] = saved.text
    seeded = control(journal, "POST", "/_kontroll/kunder",
                     {"kunder": [{"nummer": "199009094575", "skyddad": True}]})
    texts["kontroll-kunder"] = seeded.text
    ids = [int((saved.location or "").split("/")[2].split("?")[0]),
           seeded.json()["kunder"][0]["id"]]

    for number in ("197811221824", "7811221824", "19781122-1824", "199009094575",
                   "900909-4575"):
        texts[f"sok {number}"] = nurse.get(f"/sok?q={number}").text
    for query in ("Linnea", "Hemligsson", "Oskar", "Gömström", "070-1740609",
                  "0701740610", "linnea.hemligsson@example.se", "oskar.gomstrom@example.se"):
        reply = nurse.get(f"/sok?q={quote(query)}")
        assert reply.by_role("status") == ["Inga kunder hittades."], query
        texts[f"sok {query}"] = reply.text.replace(query, "")  # the echoed query itself
    for customer_id in ids:
        texts[f"kundkort {customer_id}"] = nurse.get(f"/kunder/{customer_id}").text
        texts[f"sparad {customer_id}"] = nurse.get(f"/kunder/{customer_id}?sparad=1").text
        texts[f"andra {customer_id}"] = nurse.get(f"/kunder/{customer_id}/andra").text
        texts[f"andra post {customer_id}"] = nurse.post_form(
            f"/kunder/{customer_id}/andra", {"atgard": "spara", **dialog_fields()}).text
    for number in ("197811221824", "199009094575"):
        texts[f"ny {number}"] = nurse.get(f"{ADD}?nummer={number}").text
        texts[f"hamta {number}"] = nurse.post_form(
            f"{ADD}/hamta", {"nummer": number, "atgard": "hamta", **dialog_fields()}).text
        texts[f"dubblett {number}"] = nurse.post_form(
            ADD, {"nummer": number, "atgard": "spara", **dialog_fields()}).text
    texts["json"] = nurse.request("GET", f"/kunder/{ids[0]}",
                                  headers={"Accept": "application/json"}).text
    texts["status"] = control(journal, "GET", "/_kontroll/status").text
    texts["pu lage"] = control(journal, "GET", "/_kontroll/pu/lage").text
    texts["ready"] = json.dumps(journal.ready_info(), ensure_ascii=False)
    client = journal.state.pu_client
    result = client.lookup("197811221824")
    assert result == Protected()
    texts["pu client"] = repr(result) + repr(vars(result))

    for where, text in texts.items():
        assert_no_secret(text, where)
    # Every view shows the text and the number.
    assert "Skyddad identitet" in texts["sok 197811221824"]
    assert "19781122-1824" in texts["sok 197811221824"]
    assert "<h1>Skyddad identitet</h1>" in texts[f"kundkort {ids[1]}"]
    assert "Skyddad identitet" in texts["hamta 199009094575"]
    assert "Personnumret finns redan i MittVaccin Journal." in texts["dubblett 197811221824"]

    # Files: the request log and the journal's database (WAL files included).
    data_dir = journal.config.data_dir
    log = journal.config.log_path.read_text(encoding="utf-8")
    assert "/kunder/" in log
    assert_no_secret(log, "stub.log")
    for path in data_dir.glob("journal.db*"):
        assert_no_secret(path.read_bytes().decode("utf-8", errors="replace"), path.name)

"""The keyboard in the stub's pages (WCAG 2.1.1, 2.4.3), without a browser.

Where the focus starts is the server's doing (``autofocus``): the first element of a
dialog when it opens, the first invalid field after a refused Spara, and — after
Avbryt or Escape — the button that opened the dialog, on its page as it was. What
journal.js does in the browser (Escape means Avbryt, Tab stays inside an open
dialog) rests on what the pages carry; the acceptance suite's keyboard scenarios
(``features/tillganglighet-tangentbord.feature``) drive it for real.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from mvj_stub.server import RunningStub

from .conftest import TOLVAN, Client, Reply, dialog_fields, export_cards, seed

ADD = "/kunder/ny"
RESERVE = "/kunder/ny/reservnummer"
NUMBER = "194508121235"
SHOWN = "19450812-1235"
RESERVE_CUSTOMER = {"nummer": "991981000010", "fornamn": "Mateo", "efternamn": "Rossi",
                    "fodelsedatum": "1981-06-14", "kon": "Man"}
QUESTION = "Personnumret finns inte i MittVaccin Journal. Vill du lägga till kunden?"
JOURNAL_JS = Path(__file__).parents[2] / "mvj_stub" / "static" / "journal.js"


def autofocused(reply: Reply) -> list[str]:
    """The elements that ask for the focus: a button by its text, a field by its name."""
    found = []
    for tag, attributes, rest in re.findall(
            r"<(button|input)\b([^>]*)>([^<]*)", reply.text):
        if re.search(r"\sautofocus(\s|$)", attributes) is None:
            continue
        if tag == "button":
            found.append(f"knappen {unescape(rest).strip()}")
        else:
            name = re.search(r'\bname="([^"]*)"', attributes)
            found.append(f"fältet {name[1] if name else '?'}")
    return found


def cancel_add(nurse: Client, number: str = NUMBER) -> Reply:
    return nurse.post_form(f"{ADD}/avbryt", {"nummer": number, "atgard": "avbryt",
                                           **dialog_fields()})


# --- a dialog opens with the focus on its first element -------------------------------------
def test_add_dialog_opens_on_the_pu_button(nurse: Client, journal) -> None:
    assert autofocused(nurse.get(f"{ADD}?nummer={NUMBER}")) == [
        "knappen Hämta från PU-tjänsten"]


def test_reserve_dialog_opens_on_the_birth_date(nurse: Client, journal) -> None:
    assert autofocused(nurse.get(RESERVE)) == ["fältet fodelsedatum"]


def test_edit_dialog_opens_on_the_first_field(nurse: Client, journal) -> None:
    tolvan, mateo = seed(journal, TOLVAN, RESERVE_CUSTOMER)
    assert autofocused(nurse.get(f"/kunder/{tolvan['id']}/andra")) == ["fältet fornamn"]
    # A reservnummer customer's dialog starts with the field for the real number.
    assert autofocused(nurse.get(f"/kunder/{mateo['id']}/andra")) == ["fältet nytt_nummer"]


def test_a_refused_save_puts_the_focus_on_the_first_invalid_field(
        nurse: Client, journal) -> None:
    reply = nurse.post_form(ADD, {"nummer": NUMBER, "atgard": "spara",
                                  **dialog_fields(fornamn="Ada", postnummer="1")})
    assert reply.status == 422
    assert autofocused(reply) == ["fältet efternamn"]  # and not the PU button as well


def test_the_dialog_carries_what_its_script_needs(nurse: Client, journal) -> None:
    reply = nurse.get(f"{ADD}?nummer={NUMBER}")
    dialog = reply.text[reply.text.index('role="dialog"'):]
    assert 'role="dialog" aria-modal="true"' in reply.text
    assert re.search(r'<button type="submit" name="atgard" value="avbryt"[^>]*>Avbryt<', dialog)
    script = JOURNAL_JS.read_text(encoding="utf-8")
    for needed in ("[aria-modal=true]", "button[name=atgard][value=avbryt]",
                   '"Escape"', '"Tab"', "wireDialog();"):
        assert needed in script, needed


# --- Avbryt (or Escape) returns to the opener -----------------------------------------------
def test_after_cancel_search_shows_the_question_again_with_focus_on_lagg_till_kund(
        nurse: Client, journal) -> None:
    reply = cancel_add(nurse)
    assert (reply.status, reply.location) == (303, "/sok")
    back = nurse.get("/sok")
    assert back.by_role("status") == [QUESTION]
    assert f'value="{SHOWN}"' in back.text  # the search field as it was
    assert autofocused(back) == ["knappen Lägg till kund"]
    # Once: Sök kund from the menu afterwards is the empty page, focus in the field.
    again = nurse.get("/sok")
    assert again.by_role("status") == [] and autofocused(again) == ["fältet q"]


def test_after_cancel_of_the_reserve_dialog_focus_is_on_lagg_till_ny_kund(
        nurse: Client, journal) -> None:
    reply = nurse.post_form(f"{RESERVE}/avbryt", {"atgard": "avbryt", **dialog_fields()})
    assert (reply.status, reply.location) == (303, "/sok")
    assert autofocused(nurse.get("/sok")) == ["knappen Lägg till ny kund"]


def test_after_cancel_of_andra_kund_focus_is_on_andra_personuppgifter(
        nurse: Client, journal) -> None:
    [tolvan] = seed(journal, TOLVAN)
    card = f"/kunder/{tolvan['id']}"
    assert autofocused(nurse.get(card)) == []  # an ordinary visit: no focus asked for
    reply = nurse.post_form(f"{card}/andra/avbryt", {"atgard": "avbryt", **dialog_fields()})
    assert (reply.status, reply.location) == (303, card)
    assert autofocused(nurse.get(card)) == ["knappen Ändra personuppgifter"]
    assert autofocused(nurse.get(card)) == []


def test_a_new_search_drops_the_return(nurse: Client, journal) -> None:
    cancel_add(nurse)
    searched = nurse.get("/sok?q=Tolvan")
    assert autofocused(searched) == ["fältet q"]
    assert nurse.get("/sok").by_role("status") == []


def test_a_number_added_meanwhile_leaves_the_focus_in_the_search_field(
        nurse: Client, journal) -> None:
    cancel_add(nurse, TOLVAN["nummer"].replace("-", ""))
    seed(journal, TOLVAN)  # a colleague added her in the meantime: no Lägg till kund
    back = nurse.get("/sok")
    assert back.result_rows()[0][1] == "Tolvan Tolvansson"
    assert autofocused(back) == ["fältet q"]


def test_the_return_belongs_to_the_session_that_cancelled(
        nurse: Client, client_for, journal) -> None:
    colleague = client_for()
    assert colleague.login().status == 303
    cancel_add(nurse)
    assert autofocused(colleague.get("/sok")) == ["fältet q"]
    assert autofocused(nurse.get("/sok")) == ["knappen Lägg till kund"]


# --- the result rows --------------------------------------------------------------------------
def test_every_result_row_has_a_link_to_the_kundkort(nurse: Client, journal) -> None:
    [tolvan] = seed(journal, TOLVAN)
    reply = nurse.get("/sok?q=Tolvansson")
    assert f'<a href="/kunder/{tolvan["id"]}">Tolvan Tolvansson</a>' in reply.text


# --- the single-page mode: the same server-rendered return -----------------------------------
@pytest.fixture
def json_nurse(json_journal: RunningStub, tmp_path_factory: pytest.TempPathFactory) -> Client:
    cards = export_cards(json_journal, tmp_path_factory.mktemp("tangentbord-kort"))
    client = Client(json_journal, cards["sjukskoterska"])
    assert client.post("/api/logga-in", {}).status == 200
    return client


def test_single_page_search_after_cancel_shows_the_question_with_focus(
        json_nurse: Client) -> None:
    assert cancel_add(json_nurse).location == "/sok"
    back = json_nurse.get("/sok")
    assert back.by_role("status") == [QUESTION]
    assert autofocused(back) == ["knappen Lägg till kund"]
    # The JSON search answer never asks for the focus: the field keeps it.
    answer = json_nurse.post("/api/sok", {"q": NUMBER}, headers={"Accept": "text/html"})
    assert answer.by_role("status") == [QUESTION] and autofocused(answer) == []

"""``--json-api``: POST /api/logga-in and POST /api/sok over HTTPS, without a browser.

The browser side (journal.js) is in ``test_json_api_browser.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mvj_stub.server import RunningStub

from .conftest import (
    PROTECTED,
    TOLVAN,
    Client,
    control,
    export_cards,
    seed,
)

LOGGED_IN = "Inloggad som Sara Sjöberg (SE2321000016-SJS1)"
NO_CARD = "Inget giltigt SITHS-kort hittades."
NOT_FOUND_NUMBER = "Personnumret finns inte i MittVaccin Journal. Vill du lägga till kunden?"


@pytest.fixture(scope="module")
def cards(json_stub: RunningStub, tmp_path_factory: pytest.TempPathFactory
          ) -> dict[str, tuple[Path, Path]]:
    return export_cards(json_stub, tmp_path_factory.mktemp("json-kort"))


@pytest.fixture
def browser_for(json_journal: RunningStub, cards: dict[str, tuple[Path, Path]]):
    def make(card: str | None = "sjukskoterska") -> Client:
        return Client(json_journal, cards[card] if card else None)

    return make


def api_login(client: Client, body: Any = None) -> Any:
    return client.post("/api/logga-in", {} if body is None else body)


@pytest.fixture
def json_nurse(browser_for) -> Client:
    client = browser_for()
    assert api_login(client).status == 200
    return client


def api_search(client: Client, text: str) -> Any:
    return client.post("/api/sok", {"q": text}, headers={"Accept": "text/html"})


def test_ready_info_names_the_mode(json_stub: RunningStub, stub: RunningStub) -> None:
    assert json_stub.ready_info()["json_api"] is True
    assert stub.ready_info()["json_api"] is False


def test_login_answers_json_and_sets_the_session(browser_for) -> None:
    client = browser_for()
    reply = api_login(client)
    assert reply.status == 200 and reply.json() == {"adress": "/sok"}
    assert reply.headers["Content-Type"].startswith("application/json")
    cookie = next(c for c in reply.headers.get_all("Set-Cookie")
                  if c.startswith("mvj_session="))
    assert all(flag in cookie.lower() for flag in ("httponly", "secure", "samesite=lax"))
    assert LOGGED_IN in client.get("/sok").text


@pytest.mark.parametrize(("card", "text"), [
    (None, NO_CARD), ("utgangen", NO_CARD), ("fel-utfardare", NO_CARD),
    ("utan-behorighet", "Behörighet saknas för SE2321000016-OBH1."),
])
def test_login_refusals_are_the_contracts_texts(browser_for, card, text) -> None:
    client = browser_for(card)
    reply = api_login(client)
    assert reply.status == 403 and reply.json() == {"fel": text}
    assert "mvj_session" not in client.cookies


def test_login_after_inactivity_says_close_the_browser(json_nurse: Client) -> None:
    json_nurse.get("/utloggad/inaktivitet")
    reply = api_login(json_nurse)
    assert reply.status == 403
    assert reply.json() == {
        "fel": "Stäng webbläsaren (alla flikar) och öppna den igen för att logga in."}


@pytest.mark.parametrize("body", [[], {"hsa_id": "SE2321000016-SJS1"}, "{}"])
def test_login_wants_an_empty_json_object(browser_for, body) -> None:
    client = browser_for()
    reply = api_login(client, body)
    assert reply.status == 400 and reply.json() == {"fel": "Felaktig begäran."}
    assert "mvj_session" not in client.cookies


def test_login_is_not_a_plain_form_post(browser_for) -> None:
    # A cross-site form can post text/plain or a form, never application/json.
    client = browser_for()
    reply = client.request("POST", "/api/logga-in", None,
                           {"Content-Type": "text/plain", "Content-Length": "2"})
    assert reply.status == 400
    assert "mvj_session" not in client.cookies


def test_search_answers_the_results_region(json_nurse: Client, json_journal: RunningStub) -> None:
    [tolvan, _protected] = seed(json_journal, TOLVAN, PROTECTED)
    reply = api_search(json_nurse, "19121212-1212")
    assert reply.status == 200 and reply.headers["Content-Type"].startswith("text/html")
    assert reply.result_rows() == [["19121212-1212", "Tolvan Tolvansson",
                                    "Storgatan 1, 123 45 Stockholm"]]
    assert "<caption>Sökresultat</caption>" in reply.text
    assert f'data-href="/kunder/{tolvan["id"]}"' in reply.text
    assert "<html" not in reply.text and LOGGED_IN not in reply.text  # a fragment only
    # The same markup as the server-rendered page's results.
    page = json_nurse.get("/sok?q=19121212-1212").text
    assert reply.text.strip() in page
    assert api_search(json_nurse, "20170101-2393").result_rows() == [
        ["20170101-2393", "Skyddad identitet", ""]]


@pytest.mark.parametrize(("text", "role", "message"), [
    ("Tol", "alert", "Ange minst fyra tecken."),
    ("19121212-1213", "alert", "Ogiltigt personnummer."),
    ("Ingen Alls", "status", "Inga kunder hittades."),
    ("20170101-2385", "status", NOT_FOUND_NUMBER),
    ("Tolvan\n", "alert", "Sökordet innehåller otillåtna tecken."),
])
def test_search_messages(json_nurse: Client, json_journal: RunningStub, text, role,
                         message) -> None:
    seed(json_journal, TOLVAN)
    reply = api_search(json_nurse, text)
    assert reply.status == 200
    assert reply.by_role(role) == [message]
    assert reply.result_rows() == []


def test_no_hit_offers_the_add_dialog(json_nurse: Client) -> None:
    reply = api_search(json_nurse, "20170101-2385")
    assert 'action="/kunder/ny"' in reply.text
    assert 'name="nummer" value="201701012385"' in reply.text
    assert "Lägg till kund</button>" in reply.text


def test_search_needs_a_session(browser_for, json_journal: RunningStub) -> None:
    seed(json_journal, TOLVAN)
    reply = api_search(browser_for(), "Tolvan")
    assert reply.status == 401 and reply.json() == {"fel": "Inte inloggad.",
                                                     "orsak": "utloggad"}


def test_search_after_inactivity_says_so(json_nurse: Client, json_journal: RunningStub) -> None:
    assert control(json_journal, "POST", "/_kontroll/klocka",
                   {"framat_sekunder": 45 * 60}).status == 200
    reply = api_search(json_nurse, "Tolvan")
    assert reply.status == 401 and reply.json()["orsak"] == "inaktivitet"
    assert json_nurse.cookies.get("mvj_inaktivitet") == "1"


@pytest.mark.parametrize("body", [{}, {"q": 1234}, {"q": "Tolvan", "extra": 1}, ["Tolvan"]])
def test_search_bad_body_is_400(json_nurse: Client, body) -> None:
    reply = json_nurse.post("/api/sok", body)
    assert reply.status == 400 and reply.json() == {"fel": "Felaktig begäran."}


def test_pages_carry_the_hooks_for_journal_js(json_nurse: Client, browser_for) -> None:
    login_page = browser_for(None).get("/").text
    assert 'data-json-inloggning="/api/logga-in"' in login_page
    assert "<script>" in login_page  # the login is a fetch: the script is needed
    search_page = json_nurse.get("/sok").text
    assert 'data-json-sok="/api/sok"' in search_page
    assert '<div id="sokresultat">' in search_page


def test_form_login_and_get_search_still_work(browser_for, json_journal: RunningStub) -> None:
    seed(json_journal, TOLVAN)
    client = browser_for()
    assert client.login().status == 303
    assert client.get("/sok?q=Tolvan").result_rows()[0][1] == "Tolvan Tolvansson"


# --- without --json-api nothing of this exists ---------------------------------

def test_without_the_flag_there_is_no_api(journal: RunningStub, client_for, nurse) -> None:
    anonymous = client_for("sjukskoterska")
    reply = anonymous.post("/api/logga-in", {})
    assert reply.status == 303 and reply.location == "/"  # an unknown page, as ever
    assert "mvj_session" not in anonymous.cookies
    assert nurse.post("/api/sok", {"q": "Tolvan"}).status == 404
    login_page = client_for(None).get("/").text
    assert "data-json" not in login_page and "<script" not in login_page
    assert "data-json-sok=" not in nurse.get("/sok").text


def test_request_log_has_no_query(json_nurse: Client, json_journal: RunningStub) -> None:
    api_search(json_nurse, "Tolvansson")
    log = json_journal.config.log_path.read_text(encoding="utf-8")
    assert "POST /api/sok 200" in log and "Tolvansson" not in log
    assert json.dumps({"q": "Tolvansson"}) not in log

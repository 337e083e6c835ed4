"""§1: SITHS cards, sessions and the 45-minute inactivity rule, on the stub's clock."""

from __future__ import annotations

import re

import pytest

from .conftest import TOLVAN, Client, control, dialog_fields, seed

LIMIT = 45 * 60
LOGGED_IN = "Inloggad som Sara Sjöberg (SE2321000016-SJS1)"
CLOSE_BROWSER = "Stäng webbläsaren (alla flikar) och öppna den igen för att logga in."
INACTIVITY_TEXT = f"Du har loggats ut efter 45 minuters inaktivitet. {CLOSE_BROWSER}"


def freeze(stub) -> None:
    assert control(stub, "POST", "/_kontroll/klocka", {"frys": True}).status == 200


def forward(stub, seconds: float) -> None:
    reply = control(stub, "POST", "/_kontroll/klocka", {"framat_sekunder": seconds})
    assert reply.status == 200, reply.text


# --- cards ------------------------------------------------------------------

def test_login_page(client_for) -> None:
    reply = client_for(None).get("/")
    assert reply.status == 200
    assert "<h1>Logga in i MittVaccin Journal</h1>" in reply.text
    assert "Logga in med SITHS-kort</button>" in reply.text


def test_authorised_card_logs_in(client_for) -> None:
    client = client_for("sjukskoterska")
    reply = client.login()
    assert reply.status == 303 and reply.location == "/sok"
    page = client.get("/sok")
    assert LOGGED_IN in page.text
    assert "Logga ut</button>" in page.text
    assert "Kunder</button>" in page.text and 'role="menuitem"' in page.text


def test_second_nurse(client_for) -> None:
    client = client_for("sjukskoterska2")
    client.login()
    assert "Inloggad som Per Persson (SE2321000016-SJS2)" in client.get("/sok").text


def test_no_card(client_for) -> None:
    reply = client_for(None).login()
    assert reply.by_role("alert") == ["Inget giltigt SITHS-kort hittades."]


def test_card_from_foreign_ca_reaches_the_app_and_is_refused(client_for) -> None:
    reply = client_for("fel-utfardare").login()
    assert reply.by_role("alert") == ["Inget giltigt SITHS-kort hittades."]


def test_expired_card_reaches_the_app_and_is_refused(client_for) -> None:
    reply = client_for("utgangen").login()
    assert reply.by_role("alert") == ["Inget giltigt SITHS-kort hittades."]


def test_card_without_access(client_for) -> None:
    reply = client_for("utan-behorighet").login()
    assert reply.by_role("alert") == ["Behörighet saknas för SE2321000016-OBH1."]


def test_card_validity_follows_the_stubs_clock(client_for, journal) -> None:
    forward(journal, 20 * 365 * 24 * 3600)  # past every card's validity
    reply = client_for("sjukskoterska").login()
    assert reply.by_role("alert") == ["Inget giltigt SITHS-kort hittades."]


def test_a_login_with_another_card_leaves_the_first_session_alone(client_for) -> None:
    """Card B logging in with A's session cookie sent along (a shared computer, a stolen
    cookie) gets a session of its own; A stays logged in."""
    sara = client_for("sjukskoterska")
    sara.login()
    per = client_for("sjukskoterska2")
    per.cookies.update(sara.cookies)
    assert per.login().status == 303
    assert per.cookies["mvj_session"] != sara.cookies["mvj_session"]
    assert "Inloggad som Per Persson" in per.get("/sok").text
    assert LOGGED_IN in sara.get("/sok").text


def test_a_new_login_with_the_same_card_ends_the_old_session(client_for) -> None:
    sara = client_for("sjukskoterska")
    sara.login()
    old = dict(sara.cookies)
    sara.login()
    again = client_for("sjukskoterska")
    again.cookies.update(old)
    assert LOGGED_IN not in again.get("/sok").text


# --- no session, no data ----------------------------------------------------

def test_pages_need_a_session(client_for, journal) -> None:
    [tolvan] = seed(journal, TOLVAN)
    anonymous = client_for("sjukskoterska")  # a card, but not logged in
    for path in ("/sok?q=Tolvan", f"/kunder/{tolvan['id']}", "/kunder/ny", "/okand"):
        reply = anonymous.get(path)
        assert reply.status == 303 and reply.location == "/", path
        assert "Tolvan" not in reply.text
    heartbeat = anonymous.post("/aktivitet")
    assert heartbeat.status == 401
    assert anonymous.request("GET", "/sok", headers={"Accept": "application/json"}).status == 401


def test_manual_logout(nurse: Client) -> None:
    reply = nurse.post("/logga-ut")
    assert reply.status == 303 and reply.location == "/utloggad"
    assert "<h1>Du är utloggad</h1>" in nurse.get("/utloggad").text
    assert nurse.get("/sok").status == 303
    # no inactivity marker: the same client_for may log in again
    assert nurse.login().status == 303
    assert LOGGED_IN in nurse.get("/sok").text


def test_old_cookie_is_dead_after_logout(nurse: Client, client_for) -> None:
    stolen = dict(nurse.cookies)
    nurse.post("/logga-ut")
    replay = client_for(None)
    replay.cookies.update(stolen)
    assert replay.get("/sok").status == 303


# --- inactivity -------------------------------------------------------------

def test_44_59_still_logged_in(nurse: Client, journal) -> None:
    freeze(journal)
    nurse.get("/sok")
    forward(journal, LIMIT - 1)
    reply = nurse.get("/sok")
    assert reply.status == 200 and LOGGED_IN in reply.text


def test_45_00_logged_out_on_the_server(nurse: Client, journal) -> None:
    freeze(journal)
    nurse.get("/sok")
    forward(journal, LIMIT)
    reply = nurse.get("/sok?q=Tolvan")
    assert "<h1>Du har loggats ut</h1>" in reply.text
    assert INACTIVITY_TEXT in reply.text
    assert LOGGED_IN not in reply.text
    assert "mvj_session" not in nurse.cookies
    assert nurse.get("/sok").status == 303


def test_navigation_resets(nurse: Client, journal) -> None:
    freeze(journal)
    nurse.get("/sok")
    forward(journal, LIMIT - 60)
    assert LOGGED_IN in nurse.get("/sok").text
    forward(journal, LIMIT - 60)
    assert LOGGED_IN in nurse.get("/sok").text


def test_heartbeat_resets(nurse: Client, journal) -> None:
    freeze(journal)
    nurse.get("/sok")
    forward(journal, LIMIT - 10)
    assert nurse.post("/aktivitet").status == 204
    forward(journal, LIMIT - 10)
    assert LOGGED_IN in nurse.get("/sok").text


def test_heartbeat_after_expiry_says_inactivity(nurse: Client, journal) -> None:
    freeze(journal)
    nurse.get("/sok")
    forward(journal, LIMIT)
    reply = nurse.post("/aktivitet")
    assert reply.status == 401
    assert reply.json()["orsak"] == "inaktivitet"


def test_browser_timer_logout_ends_the_session(nurse: Client, client_for) -> None:
    cookies = dict(nurse.cookies)
    reply = nurse.get("/utloggad/inaktivitet")
    assert "<h1>Du har loggats ut</h1>" in reply.text and INACTIVITY_TEXT in reply.text
    assert nurse.cookies.get("mvj_inaktivitet") == "1"
    # The same card in a jar without the marker: only the server can refuse it now.
    replay = client_for("sjukskoterska")
    replay.cookies.update(cookies)
    after = replay.get("/sok")  # the server session is gone too
    assert "<h1>Du har loggats ut</h1>" in after.text and LOGGED_IN not in after.text


def test_marker_is_a_browser_session_cookie(nurse: Client, journal) -> None:
    freeze(journal)
    nurse.get("/sok")
    forward(journal, LIMIT)
    reply = nurse.get("/sok")
    marker = [c for c in reply.headers.get_all("Set-Cookie") if c.startswith("mvj_inaktivitet=")]
    assert marker and "expires" not in marker[0].lower() and "max-age" not in marker[0].lower()
    assert "secure" in marker[0].lower() and "httponly" in marker[0].lower()


def test_no_relogin_in_the_same_browser_after_inactivity(nurse: Client, journal,
                                                          client_for) -> None:
    freeze(journal)
    nurse.get("/sok")
    forward(journal, LIMIT)
    nurse.get("/sok")
    reply = nurse.login()
    assert reply.by_role("alert") == [CLOSE_BROWSER]
    assert nurse.get("/sok").status == 303
    fresh = client_for("sjukskoterska")
    assert fresh.login().status == 303
    assert LOGGED_IN in fresh.get("/sok").text


def test_session_cookie_flags(client_for) -> None:
    reply = client_for("sjukskoterska").login()
    cookie = next(c for c in reply.headers.get_all("Set-Cookie") if c.startswith("mvj_session="))
    lowered = cookie.lower()
    assert "httponly" in lowered and "secure" in lowered and "samesite=lax" in lowered


def test_request_log_has_no_query_strings(nurse: Client, journal) -> None:
    nurse.get("/sok?q=Tolvansson")
    log = journal.config.log_path.read_text(encoding="utf-8")
    assert "GET /sok 200" in log
    assert "Tolvansson" not in log and "?" not in log


@pytest.mark.parametrize("path", ["/kunder/19121212-1212", "/sok/121212%201212",
                                  "/x/1912.12.12-1212", "/x/991981000010"])
def test_request_log_masks_identity_numbers_in_paths(nurse: Client, journal, path: str) -> None:
    nurse.get(path)
    last = journal.config.log_path.read_text(encoding="utf-8").splitlines()[-1]
    assert "[nummer]" in last and "1212" not in last and "000010" not in last, last


LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ /\S* \d{3}$")


def test_request_log_cannot_be_forged(client_for, journal) -> None:
    """Decoded paths carry CR, LF and other breaks: each request stays one log line."""
    log = journal.config.log_path
    before = log.read_text(encoding="utf-8").splitlines()
    paths = ["/sok%0A2026-01-01%2000:00:00,000%20GET%20/forged%20200", "/sok%0D%0Aforged",
             "/%00forged", "/sok%C2%85forged", "/sok%E2%80%A8forged", "/sok%0Bforged",
             "/sok%5Cx0aforged"]
    anonymous = client_for(None)  # no card, no session: anyone can send these
    for path in paths:
        anonymous.get(path)
    after = log.read_text(encoding="utf-8").splitlines()  # splits on \x85, \u2028 … too
    new = after[len(before):]
    assert len(new) == len(paths), new
    assert all(LOG_LINE.match(line) for line in new), new
    assert "GET /sok\\x0a2026-01-01\\x2000:00:00,000\\x20GET" in new[0]
    assert "GET /sok\\x0d\\x0aforged" in new[1]
    assert "GET /\\x00forged" in new[2]
    assert "GET /sok\\x85forged" in new[3] and "GET /sok\\u2028forged" in new[4]
    assert "GET /sok\\x5cx0aforged" in new[6]  # a typed "\x0a" cannot pass for an escape


# --- the session is bound to the card that logged in ---------------------------

@pytest.mark.parametrize("card", [None, "utgangen", "fel-utfardare", "sjukskoterska2"],
                         ids=["inget kort", "utgånget kort", "annan utfärdare",
                              "annan persons kort"])
def test_cookie_without_its_card_is_not_logged_in(nurse: Client, journal, client_for,
                                                  card: str | None) -> None:
    [tolvan] = seed(journal, TOLVAN)
    thief = client_for(card)
    thief.cookies.update(nurse.cookies)
    for path in ("/sok?q=Tolvan", "/sok?q=19121212-1212", f"/kunder/{tolvan['id']}",
                 f"/kunder/{tolvan['id']}/andra", "/kunder/ny?nummer=191212121212"):
        reply = thief.get(path)
        assert reply.status == 303 and reply.location == "/", path
        assert "Tolvan" not in reply.text and "1212" not in reply.text, path
    assert "<h1>Logga in i MittVaccin Journal</h1>" in thief.get("/").text
    assert thief.post("/aktivitet").status == 401
    assert thief.request("GET", f"/kunder/{tolvan['id']}",
                         headers={"Accept": "application/json"}).status == 401
    edit = thief.post_form(f"/kunder/{tolvan['id']}/andra",
                           {"atgard": "spara", **dialog_fields(fornamn="Stulen",
                                                               efternamn="Kaka")})
    assert edit.status == 303 and edit.location == "/"
    assert thief.post("/logga-ut").status == 303
    thief.get("/utloggad/inaktivitet")
    # The owner, with the card, is still logged in and nothing was changed.
    assert LOGGED_IN in nurse.get("/sok").text
    assert journal.state.store.get_customer(tolvan["id"]).fornamn == "Tolvan"


def test_the_same_card_in_another_jar_keeps_the_session(nurse: Client, client_for) -> None:
    # The binding is to the card, not to a connection: the owner's next request may come
    # over any new TLS connection, as it does from a browser.
    same_card = client_for("sjukskoterska")
    same_card.cookies.update(nurse.cookies)
    assert LOGGED_IN in same_card.get("/sok").text


def test_session_from_before_cards_were_bound_is_not_logged_in(
        nurse: Client, journal) -> None:
    # A database from an older stub holds sessions without a fingerprint: none is valid.
    with journal.state.store.connect() as connection:
        connection.execute("UPDATE sessioner SET kort_sha256 = NULL")
    reply = nurse.get("/sok")
    assert reply.status == 303 and reply.location == "/"

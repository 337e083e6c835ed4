"""§1: SITHS cards, sessions and the 45-minute inactivity rule, on the stub's clock."""

from __future__ import annotations

from .conftest import TOLVAN, Client, control, seed

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
    replay = client_for(None)
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

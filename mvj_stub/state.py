"""What every request of the journal shares: the running stub's state and the session.

A leaf on purpose: it imports no route module, so every route module can import
it without a cycle.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography import x509
from flask import Flask, current_app, g

from mvj_stub.clock import StubClock
from mvj_stub.config import StubConfig
from mvj_stub.pki import Pki
from mvj_stub.pu.client import PuClient
from mvj_stub.pu_memory import PuMemory
from mvj_stub.store import Session, Store

SESSION_COOKIE = "mvj_session"
# Set by an inactivity logout, without an expiry: it lives as long as the browser
# session, which is exactly the "close the browser (all tabs)" rule of the routine.
INACTIVITY_MARKER_COOKIE = "mvj_inaktivitet"

_EXTENSION_KEY = "mvj"


@dataclass
class StubState:
    """Everything a request needs; one per running stub."""

    config: StubConfig
    clock: StubClock
    store: Store
    pki: Pki
    ca_certificate: x509.Certificate
    request_log: logging.Logger
    # Called by POST /_kontroll/aterstall after the journal's own data is wiped
    # (the PU component registers its reset here).
    reset_hooks: list[Callable[[], None]] = field(default_factory=list)
    # The journal's PU client; None = PU-tjänsten is not there (it "does not answer").
    pu_client: PuClient | None = None
    # What PU said about protection, per session and number (numbers and flags only).
    pu_memory: PuMemory = field(default_factory=PuMemory)


def attach_state(app: Flask, stub: StubState) -> None:
    app.extensions[_EXTENSION_KEY] = stub


def state() -> StubState:
    """The stub serving the current request."""
    stub: StubState = current_app.extensions[_EXTENSION_KEY]
    return stub


def set_current_session(session: Session, token: str) -> None:
    """Called by the guard once the request's session is checked (card, activity)."""
    g.user = session
    g.token = token


def current_session() -> Session | None:
    """The checked session of this request; None on public pages."""
    session: Session | None = g.get("user")
    return session


def current_token() -> str:
    """The checked session's cookie value; only on pages that need a session."""
    token: str = g.token
    return token

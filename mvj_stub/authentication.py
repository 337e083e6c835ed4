"""The card check of a login (routine §1), shared by the form login and the JSON login."""

from __future__ import annotations

import secrets

from flask import request

from mvj_stub.breaks import broken
from mvj_stub.cards import check_card
from mvj_stub.sessions import (
    MSG_CLOSE_BROWSER,
    bound_session,
    card_fingerprint,
    peer_certificate,
)
from mvj_stub.state import INACTIVITY_MARKER_COOKIE, SESSION_COOKIE, state

MSG_NO_CARD = "Inget giltigt SITHS-kort hittades."


def msg_no_access(hsa_id: str) -> str:
    return f"Behörighet saknas för {hsa_id}."


class LoginRefused(Exception):
    """The card (or the browser) may not log in; ``text`` is the contract's alert."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def log_in() -> str:
    """Check the card as §1 says and start a session bound to it: the new token.

    One function for both logins, so both refuse alike.
    """
    stub = state()
    if request.cookies.get(INACTIVITY_MARKER_COOKIE) and not broken("relogin-in-same-browser"):
        raise LoginRefused(MSG_CLOSE_BROWSER)
    der = peer_certificate()
    holder = check_card(der, stub.ca_certificate, stub.clock.now(),
                        check_issuer=not broken("unknown-issuer-accepted"),
                        check_dates=not broken("expired-card-accepted"))
    if holder is None or der is None:
        raise LoginRefused(MSG_NO_CARD)
    if not stub.store.has_access(holder.hsa_id) and not broken("unauthorised-hsa-id-let-in"):
        raise LoginRefused(msg_no_access(holder.hsa_id))
    old = request.cookies.get(SESSION_COOKIE)
    now = stub.clock.timestamp()
    # A new login in the same browser ends that browser's session, but only if it is
    # this card's: someone else's cookie sent along (a stolen one, a shared computer)
    # must not log its owner out. Their session is left alone; this login gets its own.
    if old and bound_session(old) is not None:
        stub.store.end_session(old, "ny inloggning", now)
    token = secrets.token_urlsafe(32)
    stub.store.create_session(token, holder.hsa_id, holder.name, now, card_fingerprint(der))
    return token

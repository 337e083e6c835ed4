"""Sessions bound to a SITHS card: the card of a request, the session cookie, inactivity.

A session is bound to the SITHS card that logged in: every request that needs
one must come with the same client certificate, or it is not logged in.
"""

from __future__ import annotations

import hashlib
import hmac
import ssl

from flask import Response, render_template, request

from mvj_stub.breaks import broken
from mvj_stub.state import INACTIVITY_MARKER_COOKIE, SESSION_COOKIE, state
from mvj_stub.store import Session

MSG_CLOSE_BROWSER = "Stäng webbläsaren (alla flikar) och öppna den igen för att logga in."
MSG_INACTIVITY = f"Du har loggats ut efter 45 minuters inaktivitet. {MSG_CLOSE_BROWSER}"


def peer_certificate() -> bytes | None:
    """This request's client certificate (DER); None without one."""
    sock = request.environ.get("werkzeug.socket")
    if not isinstance(sock, ssl.SSLSocket):
        return None
    try:
        return sock.getpeercert(binary_form=True)
    except (ValueError, OSError):
        return None


def card_fingerprint(der: bytes) -> str:
    """SHA-256 (hex) of a card's certificate (DER): what a session is bound to."""
    return hashlib.sha256(der).hexdigest()


def bound_session(token: str | None) -> Session | None:
    """The cookie's session, if this request carries the card that logged it in.

    A cookie alone is not enough: replayed without the card, or with another one
    (expired, another issuer's, another person's), it is no session at all. The
    session itself is left alone, so its owner stays logged in.
    """
    if not token:
        return None
    session = state().store.get_session(token)
    if session is None or session.card_sha256 is None:
        return None
    if broken("session-not-bound-to-card"):
        return session
    der = peer_certificate()
    if der is None or not hmac.compare_digest(card_fingerprint(der), session.card_sha256):
        return None
    return session


BROKEN_EXTRA_SECONDS = 5 * 60  # logout-after-50-minutes: five minutes too late


def inactivity_seconds() -> int:
    """The inactivity limit (45 minutes), for the server and the page's own timer alike."""
    limit = state().config.inactivity_seconds
    return limit + BROKEN_EXTRA_SECONDS if broken("logout-after-50-minutes") else limit


def is_idle(session: Session, now: float) -> bool:
    """True when, at ``now``, the session has had no activity for the limit (45 min)."""
    return now - session.last_active >= inactivity_seconds()


def set_session_cookie(response: Response, token: str) -> None:
    response.set_cookie(SESSION_COOKIE, token, secure=True, httponly=True,
                        samesite="Lax", path="/")


def delete_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True,
                           samesite="Lax")


def inactivity_page() -> Response:
    return Response(render_template("inaktiv.html", text=MSG_INACTIVITY), status=200)


def end_idle_session(response: Response) -> Response:
    """The page's own 45-minute timer fired: end the session it belongs to, whatever the
    server's last activity says. Only with the session's own card: a stolen cookie
    must not log its owner out."""
    stub = state()
    token = request.cookies.get(SESSION_COOKIE)
    if token and bound_session(token) is not None:
        stub.store.end_session(token, "inaktivitet", stub.clock.timestamp())
        mark_inactivity_logout(response)
    return response


def mark_inactivity_logout(response: Response) -> None:
    """The session cookie goes; the marker that asks for a new browser comes."""
    response.set_cookie(INACTIVITY_MARKER_COOKIE, "1", secure=True, httponly=True,
                        samesite="Lax", path="/")
    delete_session_cookie(response)

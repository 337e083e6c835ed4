"""The journal's web application (Flask): login, sessions, Sök kund and the Kundkort.

A session is bound to the SITHS card that logged in: every request that needs
one must come with the same client certificate, or it is not logged in. With
``json_api`` the login and the search also answer JSON posts (``/api/…``), the
way a single-page journal talks to its server.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography import x509
from flask import Flask, Response, abort, g, jsonify, redirect, render_template, request
from werkzeug.routing import BaseConverter

from mvj_stub import __version__
from mvj_stub.cards import check_card
from mvj_stub.characters import escape_for_log
from mvj_stub.clock import StubClock
from mvj_stub.config import StubConfig
from mvj_stub.pki import Pki
from mvj_stub.pu.client import PuClient
from mvj_stub.search import Outcome, search
from mvj_stub.store import Session, Store

SESSION_COOKIE = "mvj_session"
# Set by an inactivity logout, without an expiry: it lives as long as the browser
# session, which is exactly the "close the browser (all tabs)" rule of the routine.
INACTIVITY_MARKER_COOKIE = "mvj_inaktivitet"

MSG_NO_CARD = "Inget giltigt SITHS-kort hittades."
MSG_CLOSE_BROWSER = "Stäng webbläsaren (alla flikar) och öppna den igen för att logga in."
MSG_INACTIVITY = f"Du har loggats ut efter 45 minuters inaktivitet. {MSG_CLOSE_BROWSER}"


def msg_no_access(hsa_id: str) -> str:
    return f"Behörighet saknas för {hsa_id}."


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
    pu_memory: PuMemory = field(default_factory=lambda: PuMemory())


class PuMemory:
    """Server-side record of PU's protection answers, per session (token hash) and number.

    The dialogs decide protection from this record, never from anything the
    browser sends back. It holds 12-digit numbers and booleans, nothing personal.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._answers: dict[str, dict[str, bool]] = {}

    def remember(self, session_key: str, nummer: str, protected: bool) -> None:
        with self._lock:
            self._answers.setdefault(session_key, {})[nummer] = protected

    def protected(self, session_key: str, nummer: str) -> bool | None:
        """True/False as PU last answered in this session; None when it never did."""
        with self._lock:
            return self._answers.get(session_key, {}).get(nummer)

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()


# Endpoints that need no session. Everything else does.
PUBLIC_ENDPOINTS = frozenset({
    "static", "login_page", "login", "api_login", "logged_out", "inactivity_logout",
})
CONTROL_PREFIX = "/_kontroll"
API_PREFIX = "/api"
MSG_BAD_REQUEST = "Felaktig begäran."


class CustomerIdConverter(BaseConverter):
    """``<kundid:…>``: at most 19 ASCII digits; longer is no route at all (404).

    Werkzeug's ``int`` takes any length (and non-ASCII digits), and a number past
    SQLite's 64 bits made the store fail with 500. The range (1 … 2**63-1) is the
    store's to check (``MAX_ID``): a converter that refused here would turn a POST
    into 405, because werkzeug matches the GET rule's method before converting.
    """

    regex = r"[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: object) -> str:
        return str(value)


def state() -> StubState:
    from flask import current_app

    return current_app.extensions["mvj"]


def create_app(stub: StubState) -> Flask:
    app = Flask(__name__)
    app.url_map.converters["kundid"] = CustomerIdConverter
    app.extensions["mvj"] = stub
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from mvj_stub.control import blueprint as control_blueprint

    app.register_blueprint(control_blueprint)
    stub.reset_hooks.append(stub.pu_memory.clear)

    @app.context_processor
    def _template_globals() -> dict[str, object]:
        return {"version": __version__, "user": g.get("user"), "config": stub.config}

    app.before_request(_guard)
    app.after_request(_finish)
    _routes(app)
    if stub.config.json_api:
        _api_routes(app)
    return app


# --- session handling -------------------------------------------------------

def _wants_json() -> bool:
    return (
        request.path == "/aktivitet"
        or request.path.startswith(CONTROL_PREFIX + "/")
        # Only in JSON mode: without it, /api/… is just an unknown page, as it always was.
        or (request.path.startswith(API_PREFIX + "/") and state().config.json_api)
        or request.accept_mimetypes.best == "application/json"
    )


def _card_fingerprint() -> str | None:
    """SHA-256 (hex) of this request's client certificate (DER); None without one."""
    der = _peer_certificate()
    return hashlib.sha256(der).hexdigest() if der else None


def _bound_session(token: str | None) -> Session | None:
    """The cookie's session, if this request carries the card that logged it in.

    A cookie alone is not enough: replayed without the card, or with another one
    (expired, another issuer's, another person's), it is no session at all. The
    session itself is left alone, so its owner stays logged in.
    """
    if not token:
        return None
    session = state().store.get_session(token)
    if session is None or session.kort_sha256 is None:
        return None
    fingerprint = _card_fingerprint()
    if fingerprint is None or not hmac.compare_digest(fingerprint, session.kort_sha256):
        return None
    return session


def _guard() -> Response | None:
    if request.path == CONTROL_PREFIX or request.path.startswith(CONTROL_PREFIX + "/"):
        from mvj_stub.control import guard

        return guard()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    stub = state()
    token = request.cookies.get(SESSION_COOKIE)
    session = _bound_session(token)
    if token is None or session is None or (
        not session.active and session.orsak != "inaktivitet"
    ):
        if _wants_json():
            return _json_error("Inte inloggad.", 401, orsak="utloggad")
        return redirect("/", code=303)  # the login page; nothing of the request leaks
    now = stub.clock.timestamp()
    if not session.active or now - session.senast_aktiv >= stub.config.inactivity_seconds:
        stub.store.end_session(token, "inaktivitet", now)
        if _wants_json():
            response = _json_error("Utloggad efter inaktivitet.", 401, orsak="inaktivitet")
        else:
            response = _inactivity_page()
        _mark_inactivity_logout(response)
        return response
    stub.store.touch_session(token, now)
    g.user = session
    g.token = token
    return None


def _json_error(message: str, status: int, **extra: str) -> Response:
    response = jsonify({"fel": message, **extra})
    response.status_code = status
    return response


def _inactivity_page() -> Response:
    return Response(render_template("inaktiv.html", text=MSG_INACTIVITY), status=200)


def _mark_inactivity_logout(response: Response) -> None:
    response.set_cookie(INACTIVITY_MARKER_COOKIE, "1", secure=True, httponly=True,
                        samesite="Lax", path="/")
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True,
                           samesite="Lax")


def _finish(response: Response) -> Response:
    if response.mimetype == "text/html" or response.mimetype == "application/json":
        response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'"
    )
    response.headers["Referrer-Policy"] = "no-referrer"
    # Method, path without the query string, status: never personal data. The path is
    # decoded (%0A is a newline): escaped, so every request is exactly one line and no
    # request can write a line of its own.
    state().request_log.info("%s %s %s", escape_for_log(request.method),
                             escape_for_log(request.path), response.status_code)
    return response


def _peer_certificate() -> bytes | None:
    sock = request.environ.get("werkzeug.socket")
    if not isinstance(sock, ssl.SSLSocket):
        return None
    try:
        return sock.getpeercert(binary_form=True)
    except (ValueError, OSError):
        return None


# --- pages ------------------------------------------------------------------

def _routes(app: Flask) -> None:
    @app.get("/")
    def login_page() -> Response | str:
        stub = state()
        session = _bound_session(request.cookies.get(SESSION_COOKIE))
        if session is not None and session.active and (
            stub.clock.timestamp() - session.senast_aktiv < stub.config.inactivity_seconds
        ):
            return redirect("/sok", code=303)
        return render_template("login.html")

    @app.post("/logga-in")
    def login() -> Response | tuple[str, int]:
        try:
            token = _log_in()
        except LoginRefused as refused:
            return render_template("login.html", fel=refused.text), 403
        response = redirect("/sok", code=303)
        _set_session_cookie(response, token)
        return response

    @app.post("/logga-ut")
    def logout() -> Response:
        stub = state()
        stub.store.end_session(g.token, "manuell", stub.clock.timestamp())
        response = redirect("/utloggad", code=303)
        response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True,
                               samesite="Lax")
        return response

    @app.get("/utloggad")
    def logged_out() -> str:
        return render_template("utloggad.html")

    @app.get("/utloggad/inaktivitet")
    def inactivity_logout() -> Response:
        # The browser's own 45-minute timer sends the user here: trust it and end
        # the session, whatever the server's last-activity says.
        # Only with the session's own card: a stolen cookie must not log its owner out.
        stub = state()
        response = _inactivity_page()
        token = request.cookies.get(SESSION_COOKIE)
        if token and _bound_session(token) is not None:
            stub.store.end_session(token, "inaktivitet", stub.clock.timestamp())
            _mark_inactivity_logout(response)
        return response

    @app.post("/aktivitet")
    def heartbeat() -> Response:
        # The guard has already recorded the activity.
        return Response(status=204)

    @app.get("/sok")
    def search_page() -> str:
        stub = state()
        query = request.args.get("q", "")
        result = search(stub.store, query, stub.clock.today())
        return render_template("sok.html", q=query, result=result, Outcome=Outcome)

    @app.get("/kunder/<kundid:customer_id>")
    def customer_card(customer_id: int) -> str:
        customer = state().store.get_customer(customer_id)
        if customer is None:
            abort(404)
        # Set by the dialogs' redirect after a save (post/redirect/get).
        saved = request.args.get("sparad") == "1"
        return render_template("kundkort.html", kund=customer, sparad=saved)

    from mvj_stub.dialogs import register_dialogs

    register_dialogs(app)

    @app.errorhandler(400)
    def bad_request(_error: Exception) -> tuple[Response | str, int]:
        if _wants_json():
            return _json_error(MSG_BAD_REQUEST, 400), 400
        return render_template("fel.html", rubrik="Det gick inte",
                               text="Begäran kunde inte tolkas."), 400

    @app.errorhandler(403)
    def forbidden(_error: Exception) -> tuple[Response | str, int]:
        # Only the dialog `Ändra kund` of a protected customer ends here (§2.5).
        if _wants_json():
            return _json_error("Inga uppgifter ska kompletteras manuellt.", 403), 403
        return render_template("fel.html", rubrik="Skyddad identitet",
                               text="Inga uppgifter ska kompletteras manuellt."), 403

    @app.errorhandler(404)
    def not_found(_error: Exception) -> tuple[Response | str, int]:
        if _wants_json():
            return _json_error("Finns inte.", 404), 404
        return render_template("fel.html", rubrik="Sidan finns inte",
                               text="Sidan eller kunden finns inte."), 404

    @app.errorhandler(405)
    def not_allowed(_error: Exception) -> tuple[Response | str, int]:
        if _wants_json():
            return _json_error("Metoden stöds inte.", 405), 405
        return render_template("fel.html", rubrik="Det gick inte",
                               text="Metoden stöds inte här."), 405


class LoginRefused(Exception):
    """The card (or the browser) may not log in; ``text`` is the contract's alert."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _log_in() -> str:
    """Check the card as §1 says and start a session bound to it: the new token.

    Shared by the form login and the JSON login, so both refuse alike.
    """
    stub = state()
    if request.cookies.get(INACTIVITY_MARKER_COOKIE):
        raise LoginRefused(MSG_CLOSE_BROWSER)
    der = _peer_certificate()
    holder = check_card(der, stub.ca_certificate, stub.clock.now())
    if holder is None or der is None:
        raise LoginRefused(MSG_NO_CARD)
    if not stub.store.has_access(holder.hsa_id):
        raise LoginRefused(msg_no_access(holder.hsa_id))
    old = request.cookies.get(SESSION_COOKIE)
    now = stub.clock.timestamp()
    if old:
        stub.store.end_session(old, "ny inloggning", now)
    token = secrets.token_urlsafe(32)
    stub.store.create_session(token, holder.hsa_id, holder.name, now,
                              hashlib.sha256(der).hexdigest())
    return token


def _set_session_cookie(response: Response, token: str) -> None:
    response.set_cookie(SESSION_COOKIE, token, secure=True, httponly=True,
                        samesite="Lax", path="/")


def _json_object() -> dict[str, object] | None:
    """The request's JSON object, or None. Only ``application/json`` counts: a plain
    cross-site form cannot send it without the browser asking the stub first (CORS)."""
    if not request.is_json:
        return None
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


def _api_routes(app: Flask) -> None:
    """``--json-api``: login and search as JSON posts, so no personnummer is in a URL."""

    @app.post(f"{API_PREFIX}/logga-in")
    def api_login() -> Response:
        if _json_object() != {}:
            return _json_error(MSG_BAD_REQUEST, 400)
        try:
            token = _log_in()
        except LoginRefused as refused:
            return _json_error(refused.text, 403)
        response = jsonify({"adress": "/sok"})
        _set_session_cookie(response, token)
        return response

    @app.post(f"{API_PREFIX}/sok")
    def api_search() -> Response | str:
        # The answer is the results region of the search page, the very markup the
        # server-rendered page has, so the page looks the same either way.
        body = _json_object()
        if body is None or set(body) != {"q"} or not isinstance(body["q"], str):
            return _json_error(MSG_BAD_REQUEST, 400)
        stub = state()
        result = search(stub.store, body["q"], stub.clock.today())
        return render_template("_sokresultat.html", result=result, Outcome=Outcome)


def current_session() -> Session | None:
    return g.get("user")

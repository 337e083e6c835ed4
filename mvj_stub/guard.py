"""Who may make a request: runs before every request of the journal.

Control paths (``/_kontroll…``) need the control key; decided by path, not by
blueprint, so routes that other components add there (PU-tjänsten's) and unknown
control paths are covered too. Everything else needs a session bound to the
card, unless its endpoint is public.
"""

from __future__ import annotations

import hmac

from flask import Response, redirect, request

from mvj_stub.breaks import broken
from mvj_stub.responses import is_control_path, json_error, wants_json
from mvj_stub.sessions import bound_session, inactivity_page, is_idle, mark_inactivity_logout
from mvj_stub.state import SESSION_COOKIE, set_current_session, state

KEY_HEADER = "X-Kontroll-Nyckel"

# Endpoints that need no session (blueprint.function). Everything else does.
PUBLIC_ENDPOINTS = frozenset({
    "static",
    "login.login_page",
    "login.form_login",
    "login.logged_out",
    "login.inactivity_logout",
    "api.login",
    "api.idle_logout",
})


def guard() -> Response | None:
    if is_control_path(request.path):
        return _control_guard()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    return _session_guard()


def _control_guard() -> Response | None:
    """404 while the control interface is off; 403 without the right key."""
    config = state().config
    if not config.control or not config.control_key:
        return json_error("Finns inte.", 404)
    given = request.headers.get(KEY_HEADER, "")
    if not hmac.compare_digest(given.encode("utf-8"), config.control_key.encode("utf-8")):
        return json_error("Fel eller saknad kontrollnyckel (X-Kontroll-Nyckel).", 403)
    return None


def _session_guard() -> Response | None:
    stub = state()
    token = request.cookies.get(SESSION_COOKIE)
    session = bound_session(token)
    if token is None or session is None or (
        not session.active and session.end_reason != "inaktivitet"
    ):
        if request.endpoint == "customers.search_page" and broken(
                "search-page-open-without-login"):
            return None  # only the anonymous visitor: a logged-in one is checked as ever
        if wants_json():
            return json_error("Inte inloggad.", 401, orsak="utloggad")
        return redirect("/", code=303)  # the login page; nothing of the request leaks
    now = stub.clock.timestamp()
    if not session.active or is_idle(session, now):
        stub.store.end_session(token, "inaktivitet", now)
        if wants_json():
            response = json_error("Utloggad efter inaktivitet.", 401, orsak="inaktivitet")
        else:
            response = inactivity_page()
        mark_inactivity_logout(response)
        return response
    if not broken("activity-does-not-extend-session"):
        stub.store.touch_session(token, now)
    set_current_session(session, token)
    return None

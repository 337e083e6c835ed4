"""Login and logout pages: the login page, form login, logout, the logged-out pages,
the inactivity logout and the page script's activity ping."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request

from mvj_stub.authentication import LoginRefused, log_in
from mvj_stub.responses import ACTIVITY_PATH, INACTIVITY_PAGE
from mvj_stub.sessions import (
    bound_session,
    delete_session_cookie,
    end_idle_session,
    inactivity_page,
    is_idle,
    set_session_cookie,
)
from mvj_stub.state import SESSION_COOKIE, current_token, state

blueprint = Blueprint("login", __name__)


@blueprint.get("/")
def login_page() -> Response | str:
    stub = state()
    session = bound_session(request.cookies.get(SESSION_COOKIE))
    if session is not None and session.active and not is_idle(session, stub.clock.timestamp()):
        return redirect("/sok", code=303)
    return render_template("login.html")


@blueprint.post("/logga-in")
def form_login() -> Response | tuple[str, int]:
    try:
        token = log_in()
    except LoginRefused as refused:
        return render_template("login.html", error=refused.text), 403
    response = redirect("/sok", code=303)
    set_session_cookie(response, token)
    return response


@blueprint.post("/logga-ut")
def logout() -> Response:
    stub = state()
    stub.store.end_session(current_token(), "manuell", stub.clock.timestamp())
    response = redirect("/utloggad", code=303)
    delete_session_cookie(response)
    return response


@blueprint.get("/utloggad")
def logged_out() -> str:
    return render_template("utloggad.html")


@blueprint.get(INACTIVITY_PAGE)
def inactivity_logout() -> Response:
    # The browser's own 45-minute timer sends the user here: trust it and end
    # the session, whatever the server's last-activity says.
    return end_idle_session(inactivity_page())


@blueprint.post(ACTIVITY_PATH)
def heartbeat() -> Response:
    # The guard has already recorded the activity.
    return Response(status=204)

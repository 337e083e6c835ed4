"""``--json-api``: login, search and the idle logout as JSON posts, so no personnummer
is in a URL.

The way a single-page journal talks to its server. Registered only in JSON mode:
without it, ``/api/…`` is no page at all. The page's own 45-minute timer ends the
session with ``POST /api/inaktivitet``: a call the journal makes while the user
(and the suite) does nothing, which a test team declares as a read.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request

from mvj_stub.authentication import LoginRefused, log_in
from mvj_stub.responses import API_PREFIX, INACTIVITY_PAGE, MSG_BAD_REQUEST, json_error
from mvj_stub.search import Outcome, search
from mvj_stub.sessions import end_idle_session, set_session_cookie
from mvj_stub.state import state

blueprint = Blueprint("api", __name__, url_prefix=API_PREFIX)


def _json_object() -> dict[str, object] | None:
    """The request's JSON object, or None. Only ``application/json`` counts: a plain
    cross-site form cannot send it without the browser asking the stub first (CORS)."""
    if not request.is_json:
        return None
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


@blueprint.post("/logga-in")
def login() -> Response:
    if _json_object() != {}:
        return json_error(MSG_BAD_REQUEST, 400)
    try:
        token = log_in()
    except LoginRefused as refused:
        return json_error(refused.text, 403)
    response = jsonify({"adress": "/sok"})
    set_session_cookie(response, token)
    return response


@blueprint.post("/sok")
def search_results() -> Response | str:
    # The answer is the results region of the search page, the very markup the
    # server-rendered page has, so the page looks the same either way.
    body = _json_object()
    if body is None or set(body) != {"q"} or not isinstance(body["q"], str):
        return json_error(MSG_BAD_REQUEST, 400)
    stub = state()
    result = search(stub.store, body["q"], stub.clock.today())
    return render_template("_sokresultat.html", result=result, Outcome=Outcome)


@blueprint.post("/inaktivitet")
def idle_logout() -> Response:
    # Public, like GET /utloggad/inaktivitet: the timer's word ends the session even when
    # the server has ended it already; the page then shows the inactivity page.
    if _json_object() != {}:
        return json_error(MSG_BAD_REQUEST, 400)
    return end_idle_session(jsonify({"adress": INACTIVITY_PAGE}))

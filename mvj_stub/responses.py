"""JSON or HTML: how the journal tells which answer a request wants, and its JSON errors."""

from __future__ import annotations

from flask import Response, jsonify, request

from mvj_stub.state import state

CONTROL_PREFIX = "/_kontroll"
API_PREFIX = "/api"
# The page script's activity ping (journal.js posts here; it always wants JSON).
ACTIVITY_PATH = "/aktivitet"
# Where the page goes when its 45-minute timer fires (and, in JSON mode, the answer to
# the timer's own POST /api/inaktivitet says so).
INACTIVITY_PAGE = "/utloggad/inaktivitet"
MSG_BAD_REQUEST = "Felaktig begäran."


def is_control_path(path: str) -> bool:
    return path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/")


def wants_json() -> bool:
    return (
        request.path == ACTIVITY_PATH
        or request.path.startswith(CONTROL_PREFIX + "/")
        # Only in JSON mode: without it, /api/… is just an unknown page, as it always was.
        or (request.path.startswith(API_PREFIX + "/") and state().config.json_api)
        or request.accept_mimetypes.best == "application/json"
    )


def json_error(message: str, status: int, **extra: str) -> Response:
    response = jsonify({"fel": message, **extra})
    response.status_code = status
    return response

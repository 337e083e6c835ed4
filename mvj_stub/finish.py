"""Runs after every request: security headers, and one line in the request log."""

from __future__ import annotations

from flask import Response, request

from mvj_stub.assets import content_security_policy
from mvj_stub.characters import escape_for_log, mask_numbers
from mvj_stub.state import state


def finish_response(response: Response) -> Response:
    if response.mimetype == "text/html" or response.mimetype == "application/json":
        response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = content_security_policy()
    response.headers["Referrer-Policy"] = "no-referrer"
    # Method, path without the query string, status: never personal data (a number in
    # a path is masked). The path is decoded (%0A is a newline): escaped, so every
    # request is exactly one line and no request can write a line of its own.
    state().request_log.info("%s %s %s", escape_for_log(request.method),
                             escape_for_log(mask_numbers(request.path)),
                             response.status_code)
    return response

"""The journal's error pages (and JSON errors, for requests that want JSON)."""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from mvj_stub.responses import MSG_BAD_REQUEST, json_error, wants_json

blueprint = Blueprint("errors", __name__)


def _answer(status: int, json_text: str, heading: str, text: str) -> tuple[Response | str, int]:
    if wants_json():
        return json_error(json_text, status), status
    return render_template("fel.html", heading=heading, text=text), status


@blueprint.app_errorhandler(400)
def bad_request(_error: Exception) -> tuple[Response | str, int]:
    return _answer(400, MSG_BAD_REQUEST, "Det gick inte", "Begäran kunde inte tolkas.")


@blueprint.app_errorhandler(403)
def forbidden(_error: Exception) -> tuple[Response | str, int]:
    # Only the dialog `Ändra kund` of a protected customer ends here (§2.5).
    return _answer(403, "Inga uppgifter ska kompletteras manuellt.", "Skyddad identitet",
                  "Inga uppgifter ska kompletteras manuellt.")


@blueprint.app_errorhandler(404)
def not_found(_error: Exception) -> tuple[Response | str, int]:
    return _answer(404, "Finns inte.", "Sidan finns inte", "Sidan eller kunden finns inte.")


@blueprint.app_errorhandler(405)
def not_allowed(_error: Exception) -> tuple[Response | str, int]:
    return _answer(405, "Metoden stöds inte.", "Det gick inte", "Metoden stöds inte här.")

"""The control interface under ``/_kontroll/``: for tests and trainers, never for users.

Off unless the stub runs with ``--kontroll`` (then every path answers 404).
Every request needs the header ``X-Kontroll-Nyckel``; a missing or wrong key
gives 403. Bad input gives 400 with a Swedish message and changes nothing.
"""

from __future__ import annotations

import hmac
import math
from typing import Any

from flask import Blueprint, Response, jsonify, request

from mvj_stub.store import DuplicateNumber
from mvj_stub.validation import ValidationError, parse_customer

KEY_HEADER = "X-Kontroll-Nyckel"
MSG_DUPLICATE = "Personnumret finns redan i MittVaccin Journal."

blueprint = Blueprint("kontroll", __name__, url_prefix="/_kontroll")


def _state() -> Any:
    from mvj_stub.app import state

    return state()


def error(message: str, status: int) -> Response:
    response = jsonify({"fel": message})
    response.status_code = status
    return response


def guard() -> Response | None:
    """Run before every ``/_kontroll`` request (also for routes other components add)."""
    config = _state().config
    if not config.kontroll or not config.kontroll_nyckel:
        return error("Finns inte.", 404)
    given = request.headers.get(KEY_HEADER, "")
    if not hmac.compare_digest(given.encode("utf-8"), config.kontroll_nyckel.encode("utf-8")):
        return error("Fel eller saknad kontrollnyckel (X-Kontroll-Nyckel).", 403)
    return None


def json_body() -> dict[str, Any] | Response:
    """The JSON object in the request, or a 400 response to return."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return error("Ange en JSON-kropp som är ett objekt.", 400)
    return body


def clock_json() -> dict[str, Any]:
    clock = _state().clock
    return {"klocka": clock.now().isoformat(), "fryst": clock.frozen}


@blueprint.get("/status")
def status() -> Response:
    stub = _state()
    return jsonify({**clock_json(), "kunder": stub.store.count_customers()})


@blueprint.post("/aterstall")
def reset() -> Response:
    stub = _state()
    stub.store.wipe()
    for hook in stub.reset_hooks:
        hook()
    stub.clock.reset()
    return jsonify({**clock_json(), "kunder": 0})


@blueprint.post("/klocka")
def clock() -> Response:
    body = json_body()
    if isinstance(body, Response):
        return body
    clock = _state().clock
    allowed = {"framat_sekunder", "frys", "aterstall"}
    if len(body) != 1 or not set(body) <= allowed:
        return error(
            "Ange exakt ett av fälten framat_sekunder, frys eller aterstall.", 400
        )
    if "framat_sekunder" in body:
        seconds = body["framat_sekunder"]
        if (isinstance(seconds, bool) or not isinstance(seconds, int | float)
                or not math.isfinite(seconds) or seconds < 0):
            return error("framat_sekunder: ange ett tal som är 0 eller större.", 400)
        clock.advance(float(seconds))
    elif "frys" in body:
        if not isinstance(body["frys"], bool):
            return error("frys: ange true eller false.", 400)
        clock.freeze(body["frys"])
    else:
        if body["aterstall"] is not True:
            return error("aterstall: ange true.", 400)
        clock.reset()
    return jsonify(clock_json())


@blueprint.post("/kunder")
def seed_customers() -> Response:
    body = json_body()
    if isinstance(body, Response):
        return body
    stub = _state()
    entries = body.get("kunder")
    if set(body) != {"kunder"} or not isinstance(entries, list):
        return error("Ange {\"kunder\": [ … ]}.", 400)
    today = stub.clock.today()
    problems: list[str] = []
    parsed = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(f"Kund {index}: ange ett objekt.")
            continue
        try:
            customer = parse_customer(entry, today)
        except ValidationError as invalid:
            problems += [f"Kund {index}: {message}" for message in invalid.messages]
            continue
        if customer.nummer in seen:
            problems.append(f"Kund {index}: samma nummer som kund {seen[customer.nummer]}.")
            continue
        seen[customer.nummer] = index
        parsed.append(customer)
    if problems:
        return error(" ".join(problems), 400)
    try:
        added = stub.store.add_customers(parsed, stub.clock.timestamp())
    except DuplicateNumber as duplicate:
        return error(f"Kund {seen[duplicate.nummer]}: {MSG_DUPLICATE}", 400)
    return jsonify({"kunder": [{"id": c.id, "nummer": c.nummer} for c in added]})

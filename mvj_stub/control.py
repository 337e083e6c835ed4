"""The control interface under ``/_kontroll/``: for tests and trainers, never for users.

Off unless the stub runs with ``--control`` (then every path answers 404).
Every request needs the header ``X-Kontroll-Nyckel``; a missing or wrong key
gives 403 (both checked in ``mvj_stub.guard``). Bad input gives 400 with a
Swedish message and changes nothing.
"""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, Response, jsonify, request

from mvj_stub.responses import CONTROL_PREFIX, json_error
from mvj_stub.state import state
from mvj_stub.store import DuplicateNumber
from mvj_stub.validation import ValidationError, parse_customer

MSG_DUPLICATE = "Personnumret finns redan i MittVaccin Journal."

blueprint = Blueprint("control", __name__, url_prefix=CONTROL_PREFIX)


def json_body() -> dict[str, Any] | Response:
    """The JSON object in the request, or a 400 response to return."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return json_error("Ange en JSON-kropp som är ett objekt.", 400)
    return body


def clock_json() -> dict[str, Any]:
    clock = state().clock
    return {"klocka": clock.now().isoformat(), "fryst": clock.frozen}


@blueprint.get("/status")
def status() -> Response:
    stub = state()
    return jsonify({**clock_json(), "kunder": stub.store.count_customers()})


@blueprint.post("/aterstall")
def reset() -> Response:
    stub = state()
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
    clock = state().clock
    allowed = {"framat_sekunder", "frys", "aterstall"}
    if len(body) != 1 or not set(body) <= allowed:
        return json_error(
            "Ange exakt ett av fälten framat_sekunder, frys eller aterstall.", 400
        )
    if "framat_sekunder" in body:
        seconds = body["framat_sekunder"]
        if (isinstance(seconds, bool) or not isinstance(seconds, int | float)
                or not math.isfinite(seconds) or seconds < 0):
            return json_error("framat_sekunder: ange ett tal som är 0 eller större.", 400)
        clock.advance(float(seconds))
    elif "frys" in body:
        if not isinstance(body["frys"], bool):
            return json_error("frys: ange true eller false.", 400)
        clock.freeze(body["frys"])
    else:
        if body["aterstall"] is not True:
            return json_error("aterstall: ange true.", 400)
        clock.reset()
    return jsonify(clock_json())


@blueprint.post("/kunder")
def seed_customers() -> Response:
    body = json_body()
    if isinstance(body, Response):
        return body
    stub = state()
    entries = body.get("kunder")
    if set(body) != {"kunder"} or not isinstance(entries, list):
        return json_error("Ange {\"kunder\": [ … ]}.", 400)
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
        return json_error(" ".join(problems), 400)
    try:
        added = stub.store.add_customers(parsed, stub.clock.timestamp())
    except DuplicateNumber as duplicate:
        return json_error(f"Kund {seen[duplicate.number]}: {MSG_DUPLICATE}", 400)
    return jsonify({"kunder": [{"id": c.id, "nummer": c.nummer} for c in added]})

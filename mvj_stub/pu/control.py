"""Control routes for PU-tjänsten, mounted in the stub's control interface.

The blueprint has no guard of its own: the stub's control layer protects
every ``/_kontroll`` route (secret header, 404 when disabled). Register with
``register_pu_control(app, component)``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from mvj_stub.pu.component import PuComponent
from mvj_stub.pu.model import PuControlError

EXTENSION_KEY = "mvj_pu"

pu_control_blueprint = Blueprint("pu_control", __name__, url_prefix="/_kontroll/pu")


def register_pu_control(app: Flask, component: PuComponent) -> None:
    """Mount the PU control routes on ``app``, serving ``component``."""
    app.extensions[EXTENSION_KEY] = component
    app.register_blueprint(pu_control_blueprint)


def _component() -> PuComponent:
    return current_app.extensions[EXTENSION_KEY]  # type: ignore[no-any-return]


def _refused(error: PuControlError) -> ResponseReturnValue:
    return jsonify({"fel": " ".join(error.messages), "detaljer": error.messages}), 400


def _body() -> dict[str, Any] | None:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


@pu_control_blueprint.post("/personer")
def seed() -> ResponseReturnValue:
    body = _body()
    if body is None or "personer" not in body:
        return _refused(PuControlError(['Ange JSON {"personer": [...]}.']))
    try:
        numbers = _component().seed_persons(body["personer"])
    except PuControlError as error:
        return _refused(error)
    return jsonify({"personer": [{"nummer": number} for number in numbers]})


@pu_control_blueprint.get("/personer")
def list_persons() -> ResponseReturnValue:
    return jsonify({"personer": [person.to_json() for person in _component().persons()]})


@pu_control_blueprint.get("/personer/<number>")
def get_person(number: str) -> ResponseReturnValue:
    person = _component().get_person(number)
    if person is None:
        return jsonify({"fel": "Personen finns inte i PU-tjänstens register."}), 404
    return jsonify(person.to_json())


@pu_control_blueprint.get("/lage")
def get_mode() -> ResponseReturnValue:
    return jsonify({"lage": _component().mode.value})


@pu_control_blueprint.post("/lage")
def set_mode() -> ResponseReturnValue:
    body = _body()
    try:
        mode = _component().set_mode(body.get("lage") if body else None)
    except PuControlError as error:
        return _refused(error)
    return jsonify({"lage": mode.value})


@pu_control_blueprint.post("/aterstall")
def reset() -> ResponseReturnValue:
    body = _body() or {}
    default_seed = body.get("standardpersoner", False)
    if not isinstance(default_seed, bool):
        return _refused(PuControlError(["standardpersoner: måste vara true eller false."]))
    _component().reset(default_seed=default_seed)
    return jsonify({"lage": _component().mode.value, "personer": len(_component().persons())})

"""The journal's web application (Flask): wires the route groups, the guard and the hooks.

Each route group is a blueprint of its own module (``login``, ``customers``,
``dialogs``, ``api``, ``control``, ``errors``, and PU-tjänsten's control routes);
they share only ``mvj_stub.state`` and the helpers beside it, never each other.
With ``json_api`` the login and the search also answer JSON posts (``/api/…``),
the way a single-page journal talks to its server.
"""

from __future__ import annotations

from flask import Flask, request

from mvj_stub import __version__, api, control, customers, dialogs, errors, login
from mvj_stub.assets import register_assets
from mvj_stub.breaks import CONFIG_KEY as BREAKS_KEY
from mvj_stub.breaks import broken
from mvj_stub.converters import CustomerIdConverter
from mvj_stub.finish import finish_response
from mvj_stub.guard import guard
from mvj_stub.pu.component import PuComponent
from mvj_stub.pu.control import register_pu_control
from mvj_stub.responses import is_control_path
from mvj_stub.sessions import inactivity_seconds
from mvj_stub.state import StubState, attach_state, current_session


def create_app(stub: StubState, pu: PuComponent | None = None) -> Flask:
    """The journal for ``stub``; with ``pu``, PU-tjänsten's control routes too (if on)."""
    app = Flask(__name__)
    app.url_map.converters["kundid"] = CustomerIdConverter
    attach_state(app, stub)
    # The rules this stub breaks (--break), read by mvj_stub.breaks.broken(); never
    # changed after start.
    app.config[BREAKS_KEY] = stub.config.breaks
    app.jinja_env.globals["broken"] = broken  # for the rules that live in a template
    register_assets(app)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    stub.reset_hooks.append(stub.pu_memory.clear)

    @app.context_processor
    def _template_globals() -> dict[str, object]:
        return {"version": __version__, "user": current_session(), "config": stub.config,
                "inactivity_ms": inactivity_seconds() * 1000}

    latency = stub.config.latency
    if latency is not None:
        # First, as a server's time to answer comes before anything it decides.
        app.before_request(lambda: None if is_control_path(request.path) else latency.pause())
    # The guard covers every route, also those a component adds under /_kontroll/.
    app.before_request(guard)
    app.after_request(finish_response)

    for blueprint in (login.blueprint, customers.blueprint, dialogs.blueprint,
                      control.blueprint, errors.blueprint):
        app.register_blueprint(blueprint)
    if stub.config.json_api:
        app.register_blueprint(api.blueprint)
    if stub.config.control and pu is not None:
        # Under /_kontroll/: the control guard (key header, 404 when off) covers it.
        register_pu_control(app, pu)
    return app

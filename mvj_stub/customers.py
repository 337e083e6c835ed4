"""Sök kund and the Kundkort."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from mvj_stub.search import Outcome, search
from mvj_stub.state import state

blueprint = Blueprint("customers", __name__)


@blueprint.get("/sok")
def search_page() -> str:
    stub = state()
    query = request.args.get("q", "")
    result = search(stub.store, query, stub.clock.today())
    return render_template("sok.html", query=query, result=result, Outcome=Outcome)


@blueprint.get("/kunder/<kundid:customer_id>")
def customer_card(customer_id: int) -> str:
    customer = state().store.get_customer(customer_id)
    if customer is None:
        abort(404)
    # Set by the dialogs' redirect after a save (post/redirect/get).
    saved = request.args.get("sparad") == "1"
    return render_template("kundkort.html", customer=customer, saved=saved)

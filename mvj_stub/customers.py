"""Sök kund and the Kundkort."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from mvj_stub.breaks import broken
from mvj_stub.search import Opener, Outcome, Return, returns_of, search
from mvj_stub.state import current_session, state

blueprint = Blueprint("customers", __name__)


def _returned() -> Return | None:
    """What a dialog cancelled just before left for this page (taken: shown once)."""
    session = current_session()
    if session is None:  # only in a stub that breaks search-page-open-without-login
        return None
    return returns_of(current_app.extensions).take(session.token_hash)


@blueprint.get("/sok")
def search_page() -> str:
    stub = state()
    back = _returned()
    query = request.args.get("q", "")
    focus = ""  # the button that gets the focus instead of the search field
    if "q" not in request.args and back is not None:
        # Back from a cancelled dialog: the page as it was, focus on the button that
        # opened the dialog (a new search drops the return).
        if back.opener is Opener.ADD_CUSTOMER:
            query, focus = back.query, back.opener.value
        elif back.opener is Opener.ADD_NEW_CUSTOMER:
            focus = back.opener.value
    result = search(stub.store, query, stub.clock.today())
    if focus == Opener.ADD_CUSTOMER and result.outcome is not Outcome.NUMBER_NOT_FOUND:
        focus = ""  # the number has been added meanwhile: no Lägg till kund to return to
    return render_template("sok.html", query=query, result=result, Outcome=Outcome,
                           focus=focus)


@blueprint.get("/kunder/<kundid:customer_id>")
def customer_card(customer_id: int) -> str:
    customer = state().store.get_customer(customer_id)
    if customer is None:
        abort(404)
    back = _returned()
    # Set by the dialogs' redirect after a save (post/redirect/get).
    saved = request.args.get("sparad") == "1"
    # Back from Ändra kund (Avbryt, Escape): focus on Ändra personuppgifter again.
    focus_edit = (back is not None and back.opener is Opener.EDIT
                  and back.customer_id == customer.id
                  and (not customer.skyddad or broken("protected-edit-enabled")))
    return render_template("kundkort.html", customer=customer, saved=saved,
                           focus_edit=focus_edit)

"""The customer dialogs: `Lägg till kund` (§2.2), `Lägg till kund med reservnummer` (§2.3)
and `Ändra kund` (§2.4), server-rendered.

The form and its rendering are in ``mvj_stub.dialog_form``. Each button posts to a
path of its own: Spara to the dialog's address, Hämta från PU-tjänsten to
``<address>/hamta`` and Avbryt (also Escape, by journal.js) to ``<address>/avbryt``.
Only Spara writes: the other two are calls a test team can declare as reads in its
profile (``lasande_anrop``), which the live wire guard lets through read-only. Avbryt
leads back to the page the dialog was opened from, which shows itself as it was with
the focus on the button that opened it (``mvj_stub.search.Returns``).

Protection (§2.5) is decided on the server (``mvj_stub.pu_lookup``), and
checked with PU again on `Spara` when PU has not answered for the number in
this session. Saving a protected person stores the number and the protection only.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request

from mvj_stub.breaks import broken
from mvj_stub.characters import has_control_characters
from mvj_stub.dialog_form import (
    MSG_NEW_NUMBER_CHARACTERS,
    MSG_NEW_NUMBER_INVALID,
    MSG_NEW_NUMBER_PROTECTED,
    MSG_NEW_NUMBER_TAKEN,
    DialogView,
    FormValues,
    blank_form,
    fill_from_pu,
    place_messages,
    render_dialog,
)
from mvj_stub.identity import IdentityNumber, InvalidIdentityNumber, Kind, make_reservnummer
from mvj_stub.identity import parse as parse_identity
from mvj_stub.model import Customer, CustomerData
from mvj_stub.pu.client import Found, NotFound, Protected
from mvj_stub.pu_lookup import known_protection, lookup
from mvj_stub.search import Opener, Return, returns_of
from mvj_stub.state import current_session, state
from mvj_stub.store import DuplicateNumber
from mvj_stub.validation import (
    ValidationError,
    parse_customer,
    validate_birth_date,
    validate_person_fields,
    validate_sex,
)

TITLE_ADD = "Lägg till kund"
TITLE_RESERVE = "Lägg till kund med reservnummer"
TITLE_EDIT = "Ändra kund"

MSG_PU_NOT_FOUND = "Personen finns inte i PU-tjänsten. Fyll i uppgifterna manuellt."
MSG_PU_UNAVAILABLE = "PU-tjänsten svarar inte. Försök igen eller fyll i uppgifterna manuellt."
MSG_PU_FILLED = "Uppgifterna har hämtats från PU-tjänsten."
MSG_PU_DECEASED = "Enligt PU-tjänsten är personen avliden."
MSG_DUPLICATE = "Personnumret finns redan i MittVaccin Journal."

blueprint = Blueprint("dialogs", __name__)


@blueprint.get("/kunder/ny")
def add_customer() -> tuple[str, int] | str:
    text = request.args.get("nummer")
    if text is None:
        return render_template("ny_kund.html")
    number = _number_for_add(text)
    protected = known_protection(number.digits) is True
    return render_dialog(_add_view(number, blank_form(), protected=protected))


@blueprint.post("/kunder/ny")
def add_customer_post() -> tuple[str, int] | Response:
    number = _number_for_add(request.form.get("nummer"))
    values = FormValues.from_form(request.form)
    if _cancel_posted_to_save("cancel-saves"):
        # The broken rule: Avbryt posts what was typed to Spara's address, which saves it.
        _add_save(number, values)
        return _cancelled("/sok", Return(Opener.ADD_CUSTOMER, query=number.display))
    return _add_save(number, values)


@blueprint.post("/kunder/ny/hamta")
def add_customer_fetch() -> tuple[str, int]:
    return _add_fetch(_number_for_add(request.form.get("nummer")),
                      FormValues.from_form(request.form))  # fmt: skip


@blueprint.post("/kunder/ny/avbryt")
def add_customer_cancel() -> Response:
    number = _number_for_add(request.form.get("nummer"))
    return _cancelled("/sok", Return(Opener.ADD_CUSTOMER, query=number.display))


@blueprint.get("/kunder/ny/reservnummer")
def add_reserve() -> tuple[str, int]:
    return render_dialog(_reserve_view(blank_form()))


@blueprint.post("/kunder/ny/reservnummer")
def add_reserve_post() -> tuple[str, int] | Response:
    _only_spara()
    return _reserve_save(FormValues.from_form(request.form))


@blueprint.post("/kunder/ny/reservnummer/avbryt")
def add_reserve_cancel() -> Response:
    return _cancelled("/sok", Return(Opener.ADD_NEW_CUSTOMER))


@blueprint.get("/kunder/<kundid:customer_id>/andra")
def edit_customer(customer_id: int) -> tuple[str, int]:
    customer = _editable(customer_id)
    values = FormValues.from_customer(customer)
    if broken("edit-dialog-drops-email"):
        values = replace(values, epost="")
    return render_dialog(_edit_view(customer, values))


@blueprint.post("/kunder/<kundid:customer_id>/andra")
def edit_customer_post(customer_id: int) -> tuple[str, int] | Response:
    customer = _editable(customer_id)
    if _cancel_posted_to_save("edit-cancel-saves"):
        # The broken rule: Avbryt posts the changes to Spara's address, which saves them.
        _edit_save(customer, FormValues.from_form(request.form))
        return _edit_cancelled(customer)
    return _edit_save(customer, FormValues.from_form(request.form))


@blueprint.post("/kunder/<kundid:customer_id>/andra/avbryt")
def edit_customer_cancel(customer_id: int) -> Response:
    return _edit_cancelled(_editable(customer_id))


def _edit_cancelled(customer: Customer) -> Response:
    return _cancelled(f"/kunder/{customer.id}", Return(Opener.EDIT, customer_id=customer.id))


def _only_spara() -> None:
    """Spara's address takes Spara (the button, or Enter in a field) and nothing else."""
    if request.form.get("atgard", "spara") != "spara":
        abort(400)


def _cancel_posted_to_save(rule: str) -> bool:
    """Avbryt sent to Spara's address: only a stub that breaks ``rule`` renders it so;
    any other button pressed there than Spara is refused."""
    if broken(rule) and request.form.get("atgard") == "avbryt":
        return True
    _only_spara()
    return False


def _saved(customer_id: int) -> Response:
    return redirect(f"/kunder/{customer_id}?sparad=1", code=303)


def _cancelled(page: str, back: Return) -> Response:
    """Avbryt (or Escape, journal.js): back to the page the dialog was opened from, which
    shows itself as it was with the focus on the button that opened the dialog."""
    session = current_session()
    assert session is not None  # the dialogs are never public: the guard set it
    returns_of(current_app.extensions).leave(session.token_hash, back)
    return redirect(page, code=303)


def _number_for_add(text: str | None) -> IdentityNumber:
    """The personnummer/samordningsnummer a `Lägg till kund` dialog is for, or 400."""
    if not text or has_control_characters(text):
        abort(400)  # the hidden field of a dialog the stub rendered: tampered with
    try:
        number = parse_identity(text, state().clock.today())
    except (InvalidIdentityNumber, ValueError):
        abort(400)
    if number.kind is Kind.RESERVNUMMER:
        abort(400)  # reservnummer are assigned by the journal, never typed in
    return number


# --- §2.2 Lägg till kund ------------------------------------------------------

def _add_view(number: IdentityNumber, values: FormValues, **extra: Any) -> DialogView:
    return DialogView(title=TITLE_ADD, action="/kunder/ny", values=values, number=number,
                      pu_button=True, cancel_action=_cancel_action("/kunder/ny", "cancel-saves"),
                      **extra)


def _cancel_action(action: str, rule: str) -> str:
    """Where Avbryt posts: its own address, or Spara's in a stub that breaks ``rule``."""
    return action if broken(rule) else f"{action}/avbryt"


def _add_fetch(number: IdentityNumber, values: FormValues) -> tuple[str, int]:
    if number.kind is Kind.SAMORDNINGSNUMMER and broken("samordningsnummer-not-fetched"):
        return render_dialog(_add_view(number, values, alerts=(MSG_PU_NOT_FOUND,)))
    result = lookup(number.digits)
    if isinstance(result, Protected):
        # Fills nothing; whatever was typed is dropped: nothing is completed by hand.
        return render_dialog(_add_view(number, FormValues(), protected=True))
    if isinstance(result, Found):
        statuses = [MSG_PU_FILLED]
        if result.avliden:
            statuses.append(MSG_PU_DECEASED)
        return render_dialog(_add_view(number, fill_from_pu(values, result),
                                       statuses=tuple(statuses)))
    if isinstance(result, NotFound):
        return render_dialog(_add_view(number, values, alerts=(MSG_PU_NOT_FOUND,)))
    if broken("pu-unavailable-loses-input"):
        values = blank_form()
    return render_dialog(_add_view(number, values, alerts=(MSG_PU_UNAVAILABLE,)))


def _add_save(number: IdentityNumber, values: FormValues) -> tuple[str, int] | Response:
    stub = state()
    protected = known_protection(number.digits)
    if protected is None:
        # PU has not answered for this number in this session: ask it now. If it still
        # does not answer, the data typed by hand is saved.
        protected = isinstance(lookup(number.digits), Protected)
    if protected:
        customer = CustomerData(nummer=number.digits, nummertyp=number.kind, skyddad=True)
        try:
            added = stub.store.add_customer(customer, stub.clock.timestamp())
        except DuplicateNumber:
            return render_dialog(_add_view(number, FormValues(), protected=True,
                                           alerts=(MSG_DUPLICATE,)), 422)
        return _saved(added.id)
    fields = {**values.customer_fields(), "nummer": number.digits}
    try:
        customer = parse_customer(fields, stub.clock.today())
    except ValidationError as invalid:
        field_errors, rest = place_messages(invalid.messages)
        view = _add_view(number, values, field_errors=field_errors, alerts=rest)
        return render_dialog(view, 422)
    if broken("names-rewritten"):
        customer = replace(customer, fornamn=(customer.fornamn or "").title(),
                           efternamn=(customer.efternamn or "").title())
    try:
        added = stub.store.add_customer(customer, stub.clock.timestamp())
    except DuplicateNumber:
        if broken("duplicate-saved"):
            existing = stub.store.find_by_number(customer.nummer)
            assert existing is not None  # the store just said the number is taken
            stub.store.update_customer(existing.id, customer, stub.clock.timestamp())
            return _saved(existing.id)
        return render_dialog(_add_view(number, values, alerts=(MSG_DUPLICATE,)), 422)
    return _saved(added.id)


# --- §2.3 Lägg till kund med reservnummer ------------------------------------------

def _reserve_view(values: FormValues, **extra: Any) -> DialogView:
    return DialogView(title=TITLE_RESERVE, action="/kunder/ny/reservnummer", values=values,
                      number=None, reserve_fields=True, **extra)


def _reserve_save(values: FormValues) -> tuple[str, int] | Response:
    stub = state()
    today = stub.clock.today()
    problems = validate_birth_date(values.fodelsedatum, today)
    problems += validate_person_fields(values.customer_fields())
    problems += validate_sex(values.kon)
    if problems:
        field_errors, rest = place_messages(problems)
        view = _reserve_view(values, field_errors=field_errors, alerts=rest)
        return render_dialog(view, 422)
    birth_date = values.fodelsedatum.strip()
    # Empty only in a stub that breaks reserve-without-birth-date.
    year = int(birth_date[:4]) if birth_date else today.year
    fields = {**values.customer_fields(), "nummer": make_reservnummer(year, 1),
              "fodelsedatum": birth_date, "kon": values.kon}
    customer = parse_customer(fields, today)  # valid: checked above
    added = stub.store.add_reserve_customer(customer, year, stub.clock.timestamp())
    return _saved(added.id)


# --- §2.4 Ändra kund ----------------------------------------------------------

def _editable(customer_id: int) -> Customer:
    customer = state().store.get_customer(customer_id)
    if customer is None:
        abort(404)
    if customer.skyddad and not broken("protected-edit-enabled"):
        abort(403)  # Inga uppgifter ska kompletteras manuellt.
    return customer


def _edit_view(customer: Customer, values: FormValues, **extra: Any) -> DialogView:
    is_reserve = customer.nummertyp is Kind.RESERVNUMMER
    number = IdentityNumber(customer.nummertyp, customer.nummer, None)
    action = f"/kunder/{customer.id}/andra"
    return DialogView(title=TITLE_EDIT, action=action, values=values,
                      number=number, number_label=customer.number_label,
                      new_number_field=is_reserve,
                      cancel_action=_cancel_action(action, "edit-cancel-saves"), **extra)


def _edit_save(customer: Customer, values: FormValues) -> tuple[str, int] | Response:
    stub = state()
    today = stub.clock.today()
    fields: dict[str, Any] = {**values.customer_fields(), "nummer": customer.nummer,
                              "kon": customer.kon}
    number_problems: list[str] = []
    if customer.nummertyp is Kind.RESERVNUMMER:
        fields["fodelsedatum"] = customer.fodelsedatum
        new_text = values.nytt_nummer.strip()
        if has_control_characters(values.nytt_nummer):
            number_problems.append(MSG_NEW_NUMBER_CHARACTERS)
        elif new_text:
            try:
                new_number = parse_identity(new_text, today)
            except (InvalidIdentityNumber, ValueError):
                new_number = None
            if new_number is None or new_number.kind is Kind.RESERVNUMMER:
                number_problems.append(MSG_NEW_NUMBER_INVALID)
            else:
                holder = stub.store.find_by_number(new_number.digits)
                if holder is not None and holder.id != customer.id:
                    number_problems.append(MSG_NEW_NUMBER_TAKEN)
                elif isinstance(lookup(new_number.digits), Protected):
                    number_problems.append(MSG_NEW_NUMBER_PROTECTED)
                elif not broken("reservnummer-not-replaced"):
                    # The real number carries the birth date and the sex.
                    fields.update(nummer=new_number.digits, fodelsedatum=None, kon=None)
    try:
        updated = parse_customer(fields, today)
        problems = number_problems
    except ValidationError as invalid:
        updated = None
        problems = number_problems + invalid.messages
    if problems or updated is None:
        field_errors, rest = place_messages(problems)
        view = _edit_view(customer, values, field_errors=field_errors, alerts=rest)
        return render_dialog(view, 422)
    try:
        if not broken("edit-not-saved"):
            stub.store.update_customer(customer.id, updated, stub.clock.timestamp())
    except DuplicateNumber:
        return render_dialog(_edit_view(customer, values, field_errors={
            "nytt_nummer": MSG_NEW_NUMBER_TAKEN}), 422)
    return _saved(customer.id)

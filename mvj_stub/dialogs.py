"""The customer dialogs: `Lägg till kund` (§2.2), `Lägg till kund med reservnummer` (§2.3)
and `Ändra kund` (§2.4), server-rendered.

Every dialog is a page whose main content is a ``role=dialog`` element; its
form posts everything back, so nothing typed is lost on a validation error or a
failed PU call. The submit button pressed is the ``atgard`` field:
``hamta`` (PU), ``spara`` or ``avbryt``.

Protection (§2.5) is decided on the server: from PU's answer, remembered per
session and number (``PuMemory``), and checked with PU again on `Spara` when
PU has not answered for the number in this session. A protected person's
dialog renders no personal field values at all, and saving stores the number
and the protection only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from flask import Flask, Response, abort, g, redirect, render_template, request

from mvj_stub.characters import forbidden_characters, has_control_characters
from mvj_stub.identity import IdentityNumber, InvalidIdentityNumber, Kind, make_reservnummer
from mvj_stub.identity import parse as parse_identity
from mvj_stub.model import PROTECTED_TEXT, Customer, CustomerData
from mvj_stub.pu.client import Found, NotFound, Protected, PuResult, Unavailable, UnavailableReason
from mvj_stub.store import DuplicateNumber
from mvj_stub.validation import (
    LABELS,
    ValidationError,
    parse_customer,
    validate_birth_date,
    validate_kon,
    validate_person_fields,
)

TITLE_ADD = "Lägg till kund"
TITLE_RESERVE = "Lägg till kund med reservnummer"
TITLE_EDIT = "Ändra kund"

MSG_PU_NOT_FOUND = "Personen finns inte i PU-tjänsten. Fyll i uppgifterna manuellt."
MSG_PU_UNAVAILABLE = "PU-tjänsten svarar inte. Försök igen eller fyll i uppgifterna manuellt."
MSG_PU_FILLED = "Uppgifterna har hämtats från PU-tjänsten."
MSG_PU_DECEASED = "Enligt PU-tjänsten är personen avliden."
MSG_DUPLICATE = "Personnumret finns redan i MittVaccin Journal."
MSG_SAVED = "Kunden har sparats."
MSG_NO_MANUAL = "Inga uppgifter ska kompletteras manuellt."
NEW_NUMBER_LABEL = "Personnummer eller samordningsnummer"
MSG_NEW_NUMBER_INVALID = f"{NEW_NUMBER_LABEL}: ogiltigt nummer."
MSG_NEW_NUMBER_TAKEN = f"{NEW_NUMBER_LABEL}: finns redan hos en annan kund."
MSG_NEW_NUMBER_CHARACTERS = forbidden_characters(NEW_NUMBER_LABEL)
# Not in the contract: a protected person's number must never be joined to the name,
# address and contact data a reservnummer record holds (routine §2.5, domain.md).
MSG_NEW_NUMBER_PROTECTED = (
    f"{NEW_NUMBER_LABEL}: personen har skyddad identitet – lägg till kunden via Sök kund."
)
CONSENT_LABEL = (
    "Kunden samtycker till att dennes kontaktuppgifter används vid utskick av erbjudanden"
)
CONSENT_HINT_REGION = "Används endast av privata vårdgivare – ska inte markeras av regionen."

_TEXT_KEYS = ("fornamn", "efternamn", "utdelningsadress", "postnummer", "ort",
              "mobiltelefon", "epost")
# Field key → the label its messages start with, for placing each alert at its field.
_MESSAGE_FIELDS = {**{key: LABELS[key] for key in (*_TEXT_KEYS, "fodelsedatum", "kon",
                                                   "kontaktvag")},
                   "nytt_nummer": NEW_NUMBER_LABEL}


@dataclass
class FormValues:
    """What the dialog's fields hold, exactly as typed (echoed back untouched)."""

    fornamn: str = ""
    efternamn: str = ""
    utdelningsadress: str = ""
    postnummer: str = ""
    ort: str = ""
    mobiltelefon: str = ""
    epost: str = ""
    kontaktvag: str = "Båda"
    samtycke: bool = False
    fodelsedatum: str = ""
    kon: str = ""
    nytt_nummer: str = ""

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> FormValues:
        text = {key: form.get(key, "") for key in (*_TEXT_KEYS, "fodelsedatum", "kon",
                                                   "nytt_nummer")}
        return cls(**text, kontaktvag=form.get("kontaktvag", ""),
                   samtycke=form.get("samtycke") == "ja")

    @classmethod
    def from_customer(cls, customer: Customer) -> FormValues:
        return cls(
            fornamn=customer.fornamn or "",
            efternamn=customer.efternamn or "",
            utdelningsadress=customer.utdelningsadress or "",
            postnummer=customer.postnummer or "",
            ort=customer.ort or "",
            mobiltelefon=customer.mobiltelefon or "",
            epost=customer.epost or "",
            kontaktvag=customer.kontaktvag or "Båda",
            samtycke=customer.samtycke,
            fodelsedatum=customer.fodelsedatum or "",
            kon=customer.kon or "",
        )

    def customer_fields(self) -> dict[str, Any]:
        """The control-interface CUSTOMER fields (without ``nummer``) for validation."""
        fields: dict[str, Any] = {key: getattr(self, key) for key in _TEXT_KEYS}
        fields["kontaktvag"] = self.kontaktvag or None
        fields["samtycke"] = self.samtycke
        return fields


@dataclass
class DialogView:
    """Everything the dialog template shows."""

    title: str
    action: str
    values: FormValues
    number: IdentityNumber | None = None  # shown read-only (add/edit)
    number_label: str = "Personnummer"
    pu_button: bool = False
    reserve_fields: bool = False  # Födelsedatum and Kön (§2.3)
    new_number_field: bool = False  # Ändra kund of a reservnummer customer (§2.4)
    protected: bool = False
    statuses: tuple[str, ...] = ()
    alerts: tuple[str, ...] = ()  # not about one field
    field_errors: dict[str, str] | None = None


def _session_key() -> str:
    return str(g.user.token_hash)


def _state() -> Any:
    from mvj_stub.app import state

    return state()


def _render(view: DialogView, status: int = 200) -> tuple[str, int]:
    config = _state().config
    errors = view.field_errors or {}
    first_invalid = next((key for key in _MESSAGE_FIELDS if key in errors), None)
    return render_template(
        "kunddialog.html",
        d=view,
        v=view.values if not view.protected else FormValues(),
        fel=errors,
        forsta_fel=first_invalid,
        consent_label=CONSENT_LABEL,
        consent_hint=CONSENT_HINT_REGION if config.vardgivartyp == "region" else "",
        protected_text=PROTECTED_TEXT,
        no_manual_text=MSG_NO_MANUAL,
        new_number_label=NEW_NUMBER_LABEL,
    ), status


def _place(messages: list[str]) -> tuple[dict[str, str], tuple[str, ...]]:
    """Messages for one field go to that field (the first one wins); the rest to the top."""
    by_field: dict[str, str] = {}
    rest: list[str] = []
    for message in messages:
        key = next((key for key, label in _MESSAGE_FIELDS.items()
                    if message.startswith(f"{label}:")), None)
        if key is not None and key not in by_field:
            by_field[key] = message
        else:
            rest.append(message)
    return by_field, tuple(rest)


def _saved(customer_id: int) -> Response:
    return redirect(f"/kunder/{customer_id}?sparad=1", code=303)


def _number_for_add(text: str | None) -> IdentityNumber:
    """The personnummer/samordningsnummer a `Lägg till kund` dialog is for, or 400."""
    if not text or has_control_characters(text):
        abort(400)  # the hidden field of a dialog the stub rendered: tampered with
    try:
        number = parse_identity(text, _state().clock.today())
    except (InvalidIdentityNumber, ValueError):
        abort(400)
    if number.kind is Kind.RESERVNUMMER:
        abort(400)  # reservnummer are assigned by the journal, never typed in
    return number


def _lookup(nummer: str) -> PuResult:
    client = _state().pu_client
    if client is None:
        return Unavailable(UnavailableReason.FEL, "ingen PU-tjänst")
    result: PuResult = client.lookup(nummer)
    if isinstance(result, Protected):
        _state().pu_memory.remember(_session_key(), nummer, True)
    elif isinstance(result, Found | NotFound):
        _state().pu_memory.remember(_session_key(), nummer, False)
    return result


def _fill_from_pu(values: FormValues, person: Found) -> FormValues:
    """Name and address from PU; mobile and e-mail only what the person shares from 1177."""
    filled = replace(values, fornamn=person.fornamn, efternamn=person.efternamn)
    if person.utdelningsadress or person.postnummer or person.ort or person.care_of:
        street = ", ".join(part for part in (person.care_of, person.utdelningsadress) if part)
        filled = replace(filled, utdelningsadress=street, postnummer=person.postnummer,
                         ort=person.ort)
    if person.mobiltelefon is not None:
        filled = replace(filled, mobiltelefon=person.mobiltelefon)
    if person.epost is not None:
        filled = replace(filled, epost=person.epost)
    return filled


def register_dialogs(app: Flask) -> None:
    @app.get("/kunder/ny")
    def add_customer() -> tuple[str, int] | str:
        text = request.args.get("nummer")
        if text is None:
            return render_template("ny_kund.html")
        number = _number_for_add(text)
        protected = _state().pu_memory.protected(_session_key(), number.digits) is True
        return _render(_add_view(number, FormValues(), protected=protected))

    @app.post("/kunder/ny")
    def add_customer_post() -> tuple[str, int] | Response:
        number = _number_for_add(request.form.get("nummer"))
        action = request.form.get("atgard")
        if action == "avbryt":
            return redirect("/sok", code=303)
        values = FormValues.from_form(request.form)
        if action == "hamta":
            return _add_fetch(number, values)
        if action == "spara":
            return _add_save(number, values)
        abort(400)

    @app.get("/kunder/ny/reservnummer")
    def add_reserve() -> tuple[str, int]:
        return _render(_reserve_view(FormValues()))

    @app.post("/kunder/ny/reservnummer")
    def add_reserve_post() -> tuple[str, int] | Response:
        action = request.form.get("atgard")
        if action == "avbryt":
            return redirect("/sok", code=303)
        if action != "spara":
            abort(400)
        return _reserve_save(FormValues.from_form(request.form))

    @app.get("/kunder/<kundid:customer_id>/andra")
    def edit_customer(customer_id: int) -> tuple[str, int]:
        customer = _editable(customer_id)
        return _render(_edit_view(customer, FormValues.from_customer(customer)))

    @app.post("/kunder/<kundid:customer_id>/andra")
    def edit_customer_post(customer_id: int) -> tuple[str, int] | Response:
        customer = _editable(customer_id)
        action = request.form.get("atgard")
        if action == "avbryt":
            return redirect(f"/kunder/{customer.id}", code=303)
        if action != "spara":
            abort(400)
        return _edit_save(customer, FormValues.from_form(request.form))


# --- §2.2 Lägg till kund ------------------------------------------------------

def _add_view(number: IdentityNumber, values: FormValues, **extra: Any) -> DialogView:
    return DialogView(title=TITLE_ADD, action="/kunder/ny", values=values, number=number,
                      pu_button=True, **extra)


def _add_fetch(number: IdentityNumber, values: FormValues) -> tuple[str, int]:
    result = _lookup(number.digits)
    if isinstance(result, Protected):
        # Fills nothing; whatever was typed is dropped: nothing is completed by hand.
        return _render(_add_view(number, FormValues(), protected=True))
    if isinstance(result, Found):
        statuses = [MSG_PU_FILLED]
        if result.avliden:
            statuses.append(MSG_PU_DECEASED)
        return _render(_add_view(number, _fill_from_pu(values, result),
                                 statuses=tuple(statuses)))
    if isinstance(result, NotFound):
        return _render(_add_view(number, values, alerts=(MSG_PU_NOT_FOUND,)))
    return _render(_add_view(number, values, alerts=(MSG_PU_UNAVAILABLE,)))


def _add_save(number: IdentityNumber, values: FormValues) -> tuple[str, int] | Response:
    stub = _state()
    protected = stub.pu_memory.protected(_session_key(), number.digits)
    if protected is None:
        # PU has not answered for this number in this session: ask it now. If it still
        # does not answer, the data typed by hand is saved.
        protected = isinstance(_lookup(number.digits), Protected)
    if protected:
        customer = CustomerData(nummer=number.digits, nummertyp=number.kind, skyddad=True)
        try:
            added = stub.store.add_customer(customer, stub.clock.timestamp())
        except DuplicateNumber:
            return _render(_add_view(number, FormValues(), protected=True,
                                     alerts=(MSG_DUPLICATE,)), 422)
        return _saved(added.id)
    fields = {**values.customer_fields(), "nummer": number.digits}
    try:
        customer = parse_customer(fields, stub.clock.today())
    except ValidationError as invalid:
        field_errors, rest = _place(invalid.messages)
        return _render(_add_view(number, values, field_errors=field_errors, alerts=rest), 422)
    try:
        added = stub.store.add_customer(customer, stub.clock.timestamp())
    except DuplicateNumber:
        return _render(_add_view(number, values, alerts=(MSG_DUPLICATE,)), 422)
    return _saved(added.id)


# --- §2.3 Lägg till kund med reservnummer ------------------------------------------

def _reserve_view(values: FormValues, **extra: Any) -> DialogView:
    return DialogView(title=TITLE_RESERVE, action="/kunder/ny/reservnummer", values=values,
                      number=None, reserve_fields=True, **extra)


def _reserve_save(values: FormValues) -> tuple[str, int] | Response:
    stub = _state()
    today = stub.clock.today()
    problems = validate_birth_date(values.fodelsedatum, today)
    problems += validate_person_fields(values.customer_fields())
    problems += validate_kon(values.kon)
    if problems:
        field_errors, rest = _place(problems)
        return _render(_reserve_view(values, field_errors=field_errors, alerts=rest), 422)
    birth_date = values.fodelsedatum.strip()
    year = int(birth_date[:4])
    fields = {**values.customer_fields(), "nummer": make_reservnummer(year, 1),
              "fodelsedatum": birth_date, "kon": values.kon}
    customer = parse_customer(fields, today)  # valid: checked above
    added = stub.store.add_reserve_customer(customer, year, stub.clock.timestamp())
    return _saved(added.id)


# --- §2.4 Ändra kund ----------------------------------------------------------

def _editable(customer_id: int) -> Customer:
    customer = _state().store.get_customer(customer_id)
    if customer is None:
        abort(404)
    if customer.skyddad:
        abort(403)  # Inga uppgifter ska kompletteras manuellt.
    return customer


def _edit_view(customer: Customer, values: FormValues, **extra: Any) -> DialogView:
    is_reserve = customer.nummertyp is Kind.RESERVNUMMER
    number = IdentityNumber(customer.nummertyp, customer.nummer, None)
    return DialogView(title=TITLE_EDIT, action=f"/kunder/{customer.id}/andra", values=values,
                      number=number, number_label=customer.nummer_label,
                      new_number_field=is_reserve, **extra)


def _edit_save(customer: Customer, values: FormValues) -> tuple[str, int] | Response:
    stub = _state()
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
                holder = stub.store.find_by_nummer(new_number.digits)
                if holder is not None and holder.id != customer.id:
                    number_problems.append(MSG_NEW_NUMBER_TAKEN)
                elif isinstance(_lookup(new_number.digits), Protected):
                    number_problems.append(MSG_NEW_NUMBER_PROTECTED)
                else:
                    # The real number carries the birth date and the sex.
                    fields.update(nummer=new_number.digits, fodelsedatum=None, kon=None)
    try:
        updated = parse_customer(fields, today)
        problems = number_problems
    except ValidationError as invalid:
        updated = None
        problems = number_problems + invalid.messages
    if problems or updated is None:
        field_errors, rest = _place(problems)
        return _render(_edit_view(customer, values, field_errors=field_errors, alerts=rest), 422)
    try:
        stub.store.update_customer(customer.id, updated, stub.clock.timestamp())
    except DuplicateNumber:
        return _render(_edit_view(customer, values, field_errors={
            "nytt_nummer": MSG_NEW_NUMBER_TAKEN}), 422)
    return _saved(customer.id)

"""The customer dialogs' form: what its fields hold, what it shows, and rendering it.

Every dialog is a page whose main content is a ``role=dialog`` element; its
form posts everything back, so nothing typed is lost on a validation error or a
failed PU call. A protected person's dialog renders no personal field values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from flask import render_template

from mvj_stub.breaks import broken
from mvj_stub.characters import forbidden_characters
from mvj_stub.identity import IdentityNumber
from mvj_stub.model import PROTECTED_TEXT, Customer
from mvj_stub.pu.client import Found
from mvj_stub.state import state
from mvj_stub.validation import LABELS

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
    """What the dialog's fields hold, exactly as typed (echoed back untouched).

    The attribute names are the form's field names (``name=…`` in the page).
    """

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


def blank_form() -> FormValues:
    """A new dialog's fields: empty, Båda as the contact route, consent not ticked (§2.2)."""
    values = FormValues()
    if broken("default-contact-route-sms"):
        values = replace(values, kontaktvag="SMS")
    if broken("consent-preticked"):
        values = replace(values, samtycke=True)
    return values


@dataclass
class DialogView:
    """Everything the dialog template shows."""

    title: str
    action: str  # where Spara posts; Hämta från PU posts to <action>/hamta
    values: FormValues
    # Where Avbryt posts: <action>/avbryt, a call of its own that saves nothing, so a
    # test team can declare it a read (only a stub breaking the rule points it at Spara's).
    cancel_action: str = ""
    number: IdentityNumber | None = None  # shown read-only (add/edit)
    number_label: str = "Personnummer"
    pu_button: bool = False
    reserve_fields: bool = False  # Födelsedatum and Kön (§2.3)
    new_number_field: bool = False  # Ändra kund of a reservnummer customer (§2.4)
    protected: bool = False
    statuses: tuple[str, ...] = ()
    alerts: tuple[str, ...] = ()  # not about one field
    field_errors: dict[str, str] | None = None


def render_dialog(view: DialogView, status: int = 200) -> tuple[str, int]:
    config = state().config
    errors = view.field_errors or {}
    first_invalid = next((key for key in _MESSAGE_FIELDS if key in errors), None)
    return render_template(
        "kunddialog.html",
        d=view,
        v=view.values if not view.protected else FormValues(),
        errors=errors,
        first_error=first_invalid,
        # A protected person's fields take no input (§2.5: nothing completed by hand).
        locked=view.protected and not broken("protected-fields-enabled"),
        consent_label=CONSENT_LABEL,
        consent_hint=CONSENT_HINT_REGION if config.provider_type == "region" else "",
        protected_text=PROTECTED_TEXT,
        no_manual_text=MSG_NO_MANUAL,
        new_number_label=NEW_NUMBER_LABEL,
    ), status


def place_messages(messages: list[str]) -> tuple[dict[str, str], tuple[str, ...]]:
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


def fill_from_pu(values: FormValues, person: Found) -> FormValues:
    """Name and address from PU; mobile and e-mail only what the person shares from 1177."""
    filled = replace(values, fornamn=person.fornamn, efternamn=person.efternamn)
    has_address = person.utdelningsadress or person.postnummer or person.ort or person.care_of
    if has_address and not broken("pu-drops-address"):
        street = ", ".join(part for part in (person.care_of, person.utdelningsadress) if part)
        filled = replace(filled, utdelningsadress=street, postnummer=person.postnummer,
                         ort=person.ort)
    if broken("pu-skips-shared-contact"):
        return filled
    if person.mobiltelefon is not None:
        filled = replace(filled, mobiltelefon=person.mobiltelefon)
    if person.epost is not None:
        filled = replace(filled, epost=person.epost)
    return filled

"""Validation of customer fields, with the journal's Swedish messages.

Pure functions, no I/O: the control interface (seeding) and the dialogs use
the same rules. Messages follow the contract's style ``<Fält>: <problem>.``,
e.g. ``Förnamn: obligatoriskt.``. A text with a control character is refused
outright (``Förnamn: otillåtna tecken.``), before trimming could hide it.

Field keys are the control interface's ascii keys: ``nummer``, ``fornamn``,
``efternamn``, ``utdelningsadress``, ``postnummer``, ``ort``,
``mobiltelefon``, ``epost``, ``kontaktvag``, ``samtycke``, ``skyddad``,
``fodelsedatum``, ``kon``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from mvj_stub.breaks import broken
from mvj_stub.characters import forbidden_characters, has_control_characters
from mvj_stub.contact import normalize_email, normalize_phone
from mvj_stub.identity import InvalidIdentityNumber, Kind, parse
from mvj_stub.model import CONTACT_CHANNELS, SEXES, CustomerData

LABELS: dict[str, str] = {
    "nummer": "Personnummer",
    "fornamn": "Förnamn",
    "efternamn": "Efternamn",
    "utdelningsadress": "Utdelningsadress",
    "postnummer": "Postnummer",
    "ort": "Ort",
    "mobiltelefon": "Mobiltelefon",
    "epost": "E-post",
    "kontaktvag": "Kontaktväg",
    "samtycke": "Samtycke till erbjudanden",
    "skyddad": "Skyddad identitet",
    "fodelsedatum": "Födelsedatum",
    "kon": "Kön",
}
TEXT_FIELDS = ("fornamn", "efternamn", "utdelningsadress", "postnummer", "ort",
               "mobiltelefon", "epost")
PERSONAL_FIELDS = (*TEXT_FIELDS, "kontaktvag", "samtycke", "fodelsedatum", "kon")

REQUIRED = "obligatoriskt."
MSG_POSTAL_CODE = "Postnummer: ange fem siffror."
MSG_MOBILE = "Mobiltelefon: ange ett svenskt telefonnummer."
MSG_EMAIL = "E-post: ange en giltig e-postadress."
MSG_NUMBER = "Personnummer: ogiltigt nummer."
MSG_BIRTH_DATE_FORMAT = "Födelsedatum: ange ett giltigt datum (ÅÅÅÅ-MM-DD)."
MSG_BIRTH_DATE_FUTURE = "Födelsedatum: får inte vara i framtiden."
MSG_CONTACT_CHANNEL = "Kontaktväg: välj SMS, E-post eller Båda."
MSG_SEX = "Kön: välj Kvinna, Man eller Okänt."
# The longest text the journal accepts in one field (names, address, contact).
MAX_LENGTH = 200

_POSTAL_CODE = re.compile(r"^(\d{3}) ?(\d{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ValidationError(ValueError):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


def required(label: str) -> str:
    return f"{label}: {REQUIRED}"


def normalize_postal_code(text: str) -> str | None:
    """``NNN NN`` from ``NNN NN`` or ``NNNNN``; ``None`` if it is neither."""
    match = _POSTAL_CODE.match(text.strip())
    return f"{match[1]} {match[2]}" if match else None


def _has_control(value: Any) -> bool:
    return isinstance(value, str) and has_control_characters(value)


def _text(fields: Mapping[str, Any], key: str, problems: list[str]) -> str:
    value = fields.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{LABELS[key]}: ange text.")
        return ""
    return value.strip()


def too_long(label: str) -> str:
    return f"{label}: högst {MAX_LENGTH} tecken."


def _required_names() -> tuple[str, ...]:
    if broken("surname-not-required"):
        return ("fornamn",)
    return ("fornamn", "efternamn")


def _checked_formats(checks: Mapping[str, Any]) -> set[str]:
    if broken("bad-postnummer-saved"):
        return set(checks) - {"postnummer"}
    return set(checks)


def validate_person_fields(fields: Mapping[str, Any]) -> list[str]:
    """Names, address and contact fields as in the dialogs (§2.2): one message per problem.

    Messages come in the dialog's field order; a field with a control character gets
    only that message, a field longer than ``MAX_LENGTH`` only the length message.
    """
    problems: list[str] = []
    values = {key: _text(fields, key, problems) for key in TEXT_FIELDS}
    checks = {
        "postnummer": (lambda v: normalize_postal_code(v) is not None, MSG_POSTAL_CODE),
        "mobiltelefon": (lambda v: normalize_phone(v) is not None, MSG_MOBILE),
        "epost": (lambda v: normalize_email(v) is not None, MSG_EMAIL),
    }
    for key in TEXT_FIELDS:
        value = values[key]
        if _has_control(fields.get(key)):
            problems.append(forbidden_characters(LABELS[key]))
        elif len(value) > MAX_LENGTH:
            problems.append(too_long(LABELS[key]))
        elif key in _required_names() and not value:
            problems.append(required(LABELS[key]))
        elif key in _checked_formats(checks) and value and not checks[key][0](value):
            problems.append(checks[key][1])
    kontaktvag = fields.get("kontaktvag")
    if kontaktvag is not None and kontaktvag not in CONTACT_CHANNELS:
        problems.append(MSG_CONTACT_CHANNEL)
    samtycke = fields.get("samtycke")
    if samtycke is not None and not isinstance(samtycke, bool):
        problems.append("Samtycke till erbjudanden: ange true eller false.")
    return problems


def validate_birth_date(text: str | None, today: date) -> list[str]:
    """Födelsedatum as in §2.3: required, a real ÅÅÅÅ-MM-DD date, not in the future."""
    if _has_control(text):
        return [forbidden_characters(LABELS["fodelsedatum"])]
    if text is None or not str(text).strip():
        return [] if broken("reserve-without-birth-date") else [required("Födelsedatum")]
    candidate = str(text).strip()
    if not _DATE.match(candidate):
        return [MSG_BIRTH_DATE_FORMAT]
    try:
        born = date.fromisoformat(candidate)
    except ValueError:
        return [MSG_BIRTH_DATE_FORMAT]
    if born > today:
        return [MSG_BIRTH_DATE_FUTURE]
    return []


def validate_sex(value: Any) -> list[str]:
    if value is None or value == "":
        return [required("Kön")]
    return [] if value in SEXES else [MSG_SEX]


def parse_customer(fields: Mapping[str, Any], today: date) -> CustomerData:
    """A control-interface CUSTOMER → ``CustomerData``; raises ``ValidationError``."""
    problems: list[str] = []
    for key in fields:
        if key not in LABELS:
            problems.append(f"Okänt fält: {key}.")
    skyddad = fields.get("skyddad", False)
    if not isinstance(skyddad, bool):
        problems.append("Skyddad identitet: ange true eller false.")
        skyddad = False

    raw_number = fields.get("nummer")
    identity = None
    if _has_control(raw_number):
        problems.append(forbidden_characters(LABELS["nummer"]))
    elif not isinstance(raw_number, str) or not raw_number.strip():
        problems.append(required("Personnummer"))
    else:
        try:
            identity = parse(raw_number, today)
        except (InvalidIdentityNumber, ValueError):
            problems.append(MSG_NUMBER)

    if skyddad:
        for key in PERSONAL_FIELDS:
            value = fields.get(key)
            if value not in (None, "", False):
                problems.append(
                    f"{LABELS[key]}: får inte anges för en kund med skyddad identitet."
                )
        if identity is not None and identity.kind is Kind.RESERVNUMMER:
            problems.append("Skyddad identitet: kan inte ha reservnummer.")
        if problems:
            raise ValidationError(problems)
        assert identity is not None
        return CustomerData(nummer=identity.digits, nummertyp=identity.kind, skyddad=True)

    problems += validate_person_fields(fields)
    fodelsedatum: str | None = None
    kon = fields.get("kon")
    if identity is not None and identity.kind is Kind.RESERVNUMMER:
        birth_problems = validate_birth_date(fields.get("fodelsedatum"), today)
        problems += birth_problems
        if not birth_problems and str(fields.get("fodelsedatum") or "").strip():
            fodelsedatum = str(fields["fodelsedatum"]).strip()
            if fodelsedatum[:4] != identity.digits[2:6]:
                problems.append("Födelsedatum: stämmer inte med reservnumret.")
        problems += validate_sex(kon)
    elif identity is not None:
        assert identity.birth_date is not None
        fodelsedatum = identity.birth_date.isoformat()
        given = fields.get("fodelsedatum")
        if _has_control(given):
            problems.append(forbidden_characters(LABELS["fodelsedatum"]))
        elif given not in (None, "") and str(given).strip() != fodelsedatum:
            problems.append("Födelsedatum: stämmer inte med personnumret.")
        if kon in (None, ""):
            kon = "Man" if int(identity.digits[10]) % 2 else "Kvinna"
        else:
            problems += validate_sex(kon)
    if problems:
        raise ValidationError(problems)
    assert identity is not None

    values = {key: str(fields.get(key) or "").strip() for key in TEXT_FIELDS}
    return CustomerData(
        nummer=identity.digits,
        nummertyp=identity.kind,
        skyddad=False,
        fodelsedatum=fodelsedatum,
        fornamn=values["fornamn"],
        efternamn=values["efternamn"],
        utdelningsadress=values["utdelningsadress"] or None,
        postnummer=_stored_postal_code(values["postnummer"]),
        ort=values["ort"] or None,
        mobiltelefon=values["mobiltelefon"] or None,
        mobiltelefon_norm=normalize_phone(values["mobiltelefon"]) if values["mobiltelefon"]
        else None,
        epost=values["epost"] or None,
        epost_norm=normalize_email(values["epost"]) if values["epost"] else None,
        kontaktvag=fields.get("kontaktvag") or "Båda",
        samtycke=bool(fields.get("samtycke", False)),
        kon=kon,
    )


def _stored_postal_code(text: str) -> str | None:
    if not text:
        return None
    if broken("bad-postnummer-saved"):
        return normalize_postal_code(text) or text  # the unchecked text, as typed
    return normalize_postal_code(text)

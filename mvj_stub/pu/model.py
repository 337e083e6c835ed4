"""The persons PU-tjänsten knows, and how a seed request is validated.

A ``PuPerson`` is the stub's register entry: everything PU holds about a
person plus the person's 1177 choices and how the stub should answer for
them (``svar``). Validation is all-or-nothing and speaks Swedish, because its
messages go straight back to whoever seeds the stub (tests or trainers).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Any

from mvj_stub.characters import FORBIDDEN, has_control_characters
from mvj_stub.contact import is_mobile, normalize_email, normalize_phone
from mvj_stub.identity import Kind, parse

# PTS reserves 070-1740605 … 070-1740699 for fiction; the stub refuses anything else
# so that no real person's number ends up in test data.
_FICTIONAL_MOBILES = range(701740605, 701740700)
_FICTIONAL_EMAIL_DOMAINS = ("example.se", "example.com")
_POSTAL_CODE = re.compile(r"^\d{3} ?\d{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Answer(StrEnum):
    """How the PU service answers for one person (``svar``; the values are the wire words)."""

    FOUND = "hittad"  # normal answer with the person
    MISSING = "saknas"  # empty answer: "not found"
    FAULT = "fel"  # HTTP 500 fault
    SLOW = "langsam"  # answers only after the slow delay


class Mode(StrEnum):
    """Global mode (``lage``) of the PU service; anything but NORMAL overrides every person."""

    NORMAL = "normal"
    FAULT = "fel"
    SLOW = "langsam"


class Sex(StrEnum):
    """``kon`` as PU and the journal write it."""

    FEMALE = "Kvinna"
    MALE = "Man"
    UNKNOWN = "Okänt"


@dataclass(frozen=True)
class PuPerson:
    nummer: str  # 12 digits, personnummer or samordningsnummer
    fornamn: str
    efternamn: str
    kon: Sex
    fodelsedatum: str  # ÅÅÅÅ-MM-DD
    care_of: str = ""
    utdelningsadress: str = ""
    postnummer: str = "0"  # five digits, or "0" when PU has none
    ort: str = ""
    avliden: bool = False  # deregistration reason AV
    sekretessmarkering: bool = False  # protectedPersonIndicator
    skyddad_folkbokforing: bool = False  # protectedPopulationRecord
    mobiltelefon: str = ""  # registered in 1177
    epost: str = ""  # registered in 1177
    delar_mobil: bool = False  # the person shares the mobile number with healthcare
    delar_epost: bool = False  # the person shares the e-mail address with healthcare
    svar: Answer = Answer.FOUND

    @property
    def skyddad(self) -> bool:
        return self.sekretessmarkering or self.skyddad_folkbokforing

    def to_json(self) -> dict[str, Any]:
        """The control-interface form (Swedish ascii keys), as accepted by ``validate_persons``."""
        data = asdict(self)
        data["kon"] = str(self.kon)
        data["svar"] = str(self.svar)
        return data

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def loads(cls, text: str) -> PuPerson:
        data = json.loads(text)
        data["kon"] = Sex(data["kon"])
        data["svar"] = Answer(data["svar"])
        return cls(**data)


FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in fields(PuPerson))
_TEXT_FIELDS = ("fornamn", "efternamn", "care_of", "utdelningsadress", "ort")
_FLAG_FIELDS = (
    "avliden",
    "sekretessmarkering",
    "skyddad_folkbokforing",
    "delar_mobil",
    "delar_epost",
)


class PuControlError(ValueError):
    """A control request was refused; ``messages`` holds one Swedish line per problem."""

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


class PuSeedError(PuControlError):
    """A seed request was refused as a whole; nothing was stored."""


def parse_mode(value: object) -> Mode:
    if isinstance(value, str) and value in {m.value for m in Mode}:
        return Mode(value)
    raise PuControlError(["lage: ange normal, fel eller langsam."])


def sex_from_number(digits12: str) -> Sex:
    """The 9th digit of the 10-digit form: odd for men, even for women."""
    return Sex.MALE if int(digits12[10]) % 2 else Sex.FEMALE


def validate_persons(items: object, today: date | None = None) -> list[PuPerson]:
    """Validate a whole seed request; raise ``PuSeedError`` listing every problem."""
    today = today or date.today()
    if not isinstance(items, list) or not items:
        raise PuSeedError(["personer: ange en lista med minst en person."])
    messages: list[str] = []
    persons: list[PuPerson] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items, start=1):
        prefix = f"Person {index}"
        if not isinstance(item, Mapping):
            messages.append(f"{prefix}: måste vara ett objekt.")
            continue
        person, problems = _validate_one(item, today)
        messages.extend(f"{prefix}: {problem}" for problem in problems)
        if person is None:
            continue
        if person.nummer in seen:
            first = seen[person.nummer]
            messages.append(
                f"{prefix}: nummer: {person.nummer} förekommer redan som person {first}."
            )
            continue
        seen[person.nummer] = index
        persons.append(person)
    if messages:
        raise PuSeedError(messages)
    return persons


def _validate_one(item: Mapping[str, Any], today: date) -> tuple[PuPerson | None, list[str]]:
    problems: list[str] = [f"{key}: okänt fält." for key in item if key not in FIELD_NAMES]
    # A control character in any text refuses the person at once, one line per field:
    # the other checks trim their input and could let a trailing newline pass.
    forbidden = [f"{key}: {FORBIDDEN}" for key, value in item.items()
                 if isinstance(value, str) and has_control_characters(value)]
    if forbidden:
        return None, problems + forbidden
    values: dict[str, Any] = {}

    raw_number = item.get("nummer")
    number_date: date | None = None
    if not isinstance(raw_number, str) or not raw_number.strip():
        problems.append("nummer: obligatoriskt.")
    else:
        try:
            identity = parse(raw_number, today)
        except ValueError:
            identity = None
        if identity is None or identity.kind is Kind.RESERVNUMMER:
            problems.append(
                f"nummer: {raw_number} är inte ett giltigt personnummer eller samordningsnummer."
            )
        else:
            values["nummer"] = identity.digits
            number_date = identity.birth_date

    for key in _TEXT_FIELDS:
        raw = item.get(key, "")
        if not isinstance(raw, str):
            problems.append(f"{key}: måste vara text.")
            continue
        values[key] = raw.strip()
    for key in ("fornamn", "efternamn"):
        if key in values and not values[key]:
            problems.append(f"{key}: obligatoriskt.")

    for key in _FLAG_FIELDS:
        raw = item.get(key, False)
        if not isinstance(raw, bool):
            problems.append(f"{key}: måste vara true eller false.")
            continue
        values[key] = raw

    raw_sex = item.get("kon")
    if raw_sex is None:
        if "nummer" in values:
            values["kon"] = sex_from_number(values["nummer"])
    elif raw_sex in {k.value for k in Sex}:
        values["kon"] = Sex(raw_sex)
    else:
        problems.append("kon: ange Kvinna, Man eller Okänt.")

    raw_birth = item.get("fodelsedatum")
    if raw_birth is None:
        if number_date is not None:
            values["fodelsedatum"] = number_date.isoformat()
    elif not isinstance(raw_birth, str) or not _DATE.match(raw_birth):
        problems.append("fodelsedatum: ange ett giltigt datum (ÅÅÅÅ-MM-DD).")
    else:
        try:
            born = date.fromisoformat(raw_birth)
        except ValueError:
            problems.append("fodelsedatum: ange ett giltigt datum (ÅÅÅÅ-MM-DD).")
        else:
            if number_date is not None and born != number_date:
                problems.append("fodelsedatum: stämmer inte med numret.")
            values["fodelsedatum"] = born.isoformat()

    raw_post = item.get("postnummer", "0")
    if not isinstance(raw_post, str):
        problems.append("postnummer: måste vara text.")
    elif raw_post.strip() in ("", "0"):
        values["postnummer"] = "0"
    elif _POSTAL_CODE.match(raw_post.strip()):
        values["postnummer"] = raw_post.replace(" ", "").strip()
    else:
        problems.append('postnummer: ange fem siffror (eller "0" när adress saknas).')

    raw_mobile = item.get("mobiltelefon", "")
    if not isinstance(raw_mobile, str):
        problems.append("mobiltelefon: måste vara text.")
    elif raw_mobile.strip():
        national = normalize_phone(raw_mobile)
        if national is None or not is_mobile(national):
            problems.append("mobiltelefon: ange ett svenskt mobilnummer.")
        elif int(national) not in _FICTIONAL_MOBILES:
            problems.append("mobiltelefon: använd ett fiktivt nummer, 070-1740605 – 070-1740699.")
        else:
            values["mobiltelefon"] = raw_mobile.strip()
    else:
        values["mobiltelefon"] = ""

    raw_email = item.get("epost", "")
    if not isinstance(raw_email, str):
        problems.append("epost: måste vara text.")
    elif raw_email.strip():
        email = normalize_email(raw_email)
        if email is None:
            problems.append("epost: ange en giltig e-postadress.")
        elif email.rsplit("@", 1)[1] not in _FICTIONAL_EMAIL_DOMAINS:
            problems.append("epost: använd en adress under example.se eller example.com.")
        else:
            values["epost"] = raw_email.strip()
    else:
        values["epost"] = ""

    if values.get("delar_mobil") and values.get("mobiltelefon") == "":
        problems.append("delar_mobil: kräver ett mobiltelefonnummer.")
    if values.get("delar_epost") and values.get("epost") == "":
        problems.append("delar_epost: kräver en e-postadress.")

    raw_answer = item.get("svar", Answer.FOUND.value)
    if raw_answer in {s.value for s in Answer}:
        values["svar"] = Answer(raw_answer)
    else:
        problems.append("svar: ange hittad, saknas, fel eller langsam.")

    if problems:
        return None, problems
    return PuPerson(**values), []

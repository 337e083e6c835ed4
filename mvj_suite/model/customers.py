"""Test data for §2.2–§2.5: PU-tjänsten's persons and customers with a reservnummer.

Built on ``mvj_suite.model.testdata`` (unique numbers, names, fictional phones,
example.se addresses per worker), so every scenario makes its own people and
never meets another scenario's. PU persons are seeded through the stub's
control interface as the JSON documented in docs/pu-tjansten.md. Reservnummer
are checked with the suite's own code (``mvj_suite.model.identities``), not the
stub's, so the journal cannot pass by sharing a bug with its test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from mvj_suite.model.details import CONTROL_KEYS, CustomerDetails, Described
from mvj_suite.model.identities import IdentityError, luhn, parse_identity
from mvj_suite.model.testdata import Customer, IdentityNumber, TestData

# What a person shares from 1177 with healthcare: the feature files' words -> the profile's
# `delar` -> (mobile, e-mail).
SHARING_WORDS = {
    "både mobil och e-post": "bada",
    "bara mobil": "mobil",
    "bara e-post": "epost",
    "ingenting": "inget",
}
SHARES = {
    "bada": (True, True), "mobil": (True, False), "epost": (False, True), "inget": (False, False),
}  # fmt: skip
SHARING = {words: SHARES[key] for words, key in SHARING_WORDS.items()}
PU_ANSWERS = ("hittad", "saknas", "fel", "langsam")
PU_MODES = ("normal", "fel", "langsam")


@dataclass(frozen=True)
class PuPerson:
    """A person in PU-tjänsten: folkbokföring, 1177 contact data and how PU answers."""

    number: IdentityNumber
    details: CustomerDetails  # mobile and e-mail as registered in 1177, shared or not
    shares_mobile: bool = False
    shares_email: bool = False
    sekretessmarkering: bool = False
    skyddad_folkbokforing: bool = False
    deceased: bool = False
    answer: str = "hittad"

    @property
    def protected(self) -> bool:
        return self.sekretessmarkering or self.skyddad_folkbokforing

    def as_control_data(self) -> dict[str, Any]:
        """PU_PERSON for ``POST /_kontroll/pu/personer``."""
        if self.answer not in PU_ANSWERS:
            raise ValueError(f"okänt svar '{self.answer}' (finns: {', '.join(PU_ANSWERS)})")
        u = self.details
        # PU refuses a sharing flag without the value, so unregistered data is left out.
        left_out = {key for key in ("mobile", "email") if not getattr(u, key)}
        return {
            "nummer": self.number.display,
            **{CONTROL_KEYS[k]: v for k, v in u.text_values().items() if k not in left_out},
            "avliden": self.deceased,
            "sekretessmarkering": self.sekretessmarkering,
            "skyddad_folkbokforing": self.skyddad_folkbokforing,
            "delar_mobil": self.shares_mobile and bool(u.mobile),
            "delar_epost": self.shares_email and bool(u.email),
            "svar": self.answer,
        }

    def fetched(self, typed: CustomerDetails | None = None) -> CustomerDetails:
        """What ``Hämta från PU-tjänsten`` leaves in the dialog over ``typed``.

        Name and address come from PU; mobile and e-mail only when shared — what
        is not shared keeps what was typed (empty if nothing was).
        """
        typed = typed or CustomerDetails()
        u = self.details
        contact = {
            "mobile": u.mobile if self.shares_mobile else typed.mobile,
            "email": u.email if self.shares_email else typed.email,
        }
        return typed.updated(**(u.text_values() | contact))


@dataclass(frozen=True)
class ReserveCustomer(Described):
    """A customer without a known number: the journal gives them a reservnummer."""

    details: CustomerDetails
    birth_date: date
    sex: str
    reservnummer: str = ""  # known once saved (or when seeded)

    @property
    def pu_key(self) -> str | None:
        """None: without a known number there is nothing PU could be asked about."""
        return None

    def typed(self) -> CustomerDetails:
        """What the nurse types in Lägg till kund med reservnummer."""
        return replace(super().typed(), birth_date=self.birth_date.isoformat(), sex=self.sex)

    def with_reservnummer(self, reservnummer: str) -> ReserveCustomer:
        return replace(self, reservnummer=reservnummer)

    def as_control_data(self) -> dict[str, Any]:
        if not self.reservnummer:
            raise ValueError("en reservnummerkund utan reservnummer kan inte läggas in")
        return {
            "nummer": self.reservnummer,
            **self.details.control_values(),
            "fodelsedatum": self.birth_date.isoformat(),
            "kon": self.sex,
        }


def pu_person(
    customer: Customer,
    sharing: str = "både mobil och e-post",
    *,
    sekretessmarkering: bool = False,
    skyddad_folkbokforing: bool = False,
    deceased: bool = False,
    answer: str = "hittad",
) -> PuPerson:
    """PU's record of ``kund``; ``delning`` is a key of ``SHARING``."""
    try:
        mobile, email = SHARING[sharing]
    except KeyError:
        raise ValueError(f"okänd delning '{sharing}' (finns: {', '.join(SHARING)})") from None
    # PU keeps 1177's numbers in the compact notation; the journal shows them as PU gives them.
    details = customer.details.updated(mobile=customer.phone.render("hyphen"))
    flags = (sekretessmarkering, skyddad_folkbokforing, deceased)
    return PuPerson(customer.number, details, mobile, email, *flags, answer)


def make_reserve_customer(testdata: TestData, *, with_number: bool = False) -> ReserveCustomer:
    """A new customer whose number is unknown; ``with_number`` gives one ready for seeding.

    No identity number is made (the birth date and sex are drawn on their own), so
    this works on a live target too, where generated numbers are refused.
    """
    details, born = testdata.details(), testdata.birth_date()
    number = make_reservnummer(born.year, testdata.reservnummer_serial()) if with_number else ""
    return ReserveCustomer(details, born, testdata.sex(), number)


def make_reservnummer(year: int, serial: int) -> str:
    """``99ÅÅÅÅNNNNNC``: Luhn over ``ÅÅNNNNN`` (the format the journal documents)."""
    body = f"{year % 100:02d}{serial:05d}"
    return f"99{year:04d}{serial:05d}{luhn(body)}"


def reservnummer_problems(text: str, birth_date: date | None = None) -> list[str]:
    """Why ``text`` is not a valid reservnummer (for that birth date); empty when it is."""
    if not re.fullmatch(r"\d{12}", text):
        return [f"'{text}' är inte tolv siffror"]
    try:
        identity = parse_identity(text)
    except IdentityError as error:
        return [f"'{text}' är ogiltigt ({error})"]
    if identity.kind != "reservnummer":
        return [f"'{text}' är ett {identity.kind}, inget reservnummer"]
    if birth_date is not None and text[2:6] != f"{birth_date.year:04d}":
        return [f"'{text}' har inte födelseåret {birth_date.year}"]
    return []


def invalid_reservnummer(valid: str) -> str:
    """``valid`` with a wrong check digit."""
    return f"{valid[:-1]}{(int(valid[-1]) + 1) % 10}"

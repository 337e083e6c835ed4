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

from mvj_suite.model.details import CONTROL_KEYS, CustomerDetails
from mvj_suite.model.identities import IdentityError, luhn, parse_identity
from mvj_suite.model.testdata import Customer, IdentityNumber, TestData

# What a person shares from 1177 with healthcare, in the feature files' words.
SHARING = {
    "både mobil och e-post": (True, True),
    "bara mobil": (True, False),
    "bara e-post": (False, True),
    "ingenting": (False, False),
}
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
        person: dict[str, Any] = {
            "nummer": self.number.display,
            "fornamn": u.first_name,
            "efternamn": u.last_name,
            "utdelningsadress": u.street_address,
            "postnummer": u.postcode,
            "ort": u.city,
            "avliden": self.deceased,
            "sekretessmarkering": self.sekretessmarkering,
            "skyddad_folkbokforing": self.skyddad_folkbokforing,
            "delar_mobil": self.shares_mobile and bool(u.mobile),
            "delar_epost": self.shares_email and bool(u.email),
            "svar": self.answer,
        }
        # PU refuses a sharing flag without the value, so unregistered data is left out.
        if u.mobile:
            person["mobiltelefon"] = u.mobile
        if u.email:
            person["epost"] = u.email
        return person

    def fetched(self, typed: CustomerDetails | None = None) -> CustomerDetails:
        """What ``Hämta från PU-tjänsten`` leaves in the dialog over ``typed``.

        Name and address come from PU; mobile and e-mail only when shared — what
        is not shared keeps what was typed (empty if nothing was).
        """
        typed = typed or CustomerDetails()
        u = self.details
        return typed.updated(
            first_name=u.first_name,
            last_name=u.last_name,
            street_address=u.street_address,
            postcode=u.postcode,
            city=u.city,
            mobile=u.mobile if self.shares_mobile else typed.mobile,
            email=u.email if self.shares_email else typed.email,
        )


@dataclass(frozen=True)
class ReserveCustomer:
    """A customer without a known number: the journal gives them a reservnummer."""

    details: CustomerDetails
    birth_date: date
    sex: str
    reservnummer: str = ""  # known once saved (or when seeded)

    @property
    def first_name(self) -> str:
        return self.details.first_name

    @property
    def last_name(self) -> str:
        return self.details.last_name

    @property
    def city(self) -> str:
        return self.details.city

    @property
    def street_address(self) -> str:
        return self.details.street_address

    @property
    def pu_key(self) -> str | None:
        """None: without a known number there is nothing PU could be asked about."""
        return None

    def typed(self) -> CustomerDetails:
        """What the nurse types in Lägg till kund med reservnummer."""
        return self.details.updated(birth_date=self.birth_date.isoformat(), sex=self.sex)

    def with_reservnummer(self, reservnummer: str) -> ReserveCustomer:
        return replace(self, reservnummer=reservnummer)

    def as_control_data(self) -> dict[str, Any]:
        if not self.reservnummer:
            raise ValueError("en reservnummerkund utan reservnummer kan inte läggas in")
        return {
            "nummer": self.reservnummer,
            **{CONTROL_KEYS[key]: value for key, value in self.details.text_values().items()},
            "kontaktvag": self.details.contact_route,
            "samtycke": self.details.consent,
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
    return PuPerson(
        number=customer.number,
        details=details,
        shares_mobile=mobile,
        shares_email=email,
        sekretessmarkering=sekretessmarkering,
        skyddad_folkbokforing=skyddad_folkbokforing,
        deceased=deceased,
        answer=answer,
    )


def make_reserve_customer(testdata: TestData, *, with_number: bool = False) -> ReserveCustomer:
    """A new customer whose number is unknown; ``with_number`` gives one ready for seeding.

    No identity number is made (the birth date and sex are drawn on their own), so
    this works on a live target too, where generated numbers are refused.
    """
    first_name, last_name = testdata.first_name(), testdata.last_name()
    street_address, postcode, city = testdata.address()
    details = CustomerDetails(
        first_name=first_name,
        last_name=last_name,
        street_address=street_address,
        postcode=postcode,
        city=city,
        mobile=testdata.phone().as_saved,
        email=testdata.email(f"{first_name}.{last_name}"),
    )
    born = testdata.birth_date()
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

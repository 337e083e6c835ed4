"""A test-data profile's people as the suite's own model: customers, PU records, numbers.

On a live target every person a scenario uses comes from the profile; these
functions turn a profile entry into the ``Kund``/``PuPerson``/``ReservKund``
the steps work with, so steps never see where a person came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from mvj_suite.model.customers import PuPerson, ReserveCustomer
from mvj_suite.model.details import CARD_FIELDS, PROFILE_KEYS, CustomerDetails, national_digits
from mvj_suite.model.identities import parse_identity
from mvj_suite.model.profile import ProfilePerson
from mvj_suite.model.testdata import Customer, IdentityNumber, Phone


def number_from(text: str) -> IdentityNumber:
    """A profile's personnummer or samordningsnummer as the suite's ``Nummer``."""
    identity = parse_identity(text)
    if identity.kind == "reservnummer":
        raise ValueError(f"{text} är ett reservnummer")
    digits = identity.digits
    day = int(digits[6:8])
    samordning = day > 60
    born = date(int(digits[:4]), int(digits[4:6]), day - 60 if samordning else day)
    return IdentityNumber(born, digits[8:11], int(digits[11]), samordning)


@dataclass(frozen=True)
class ProfilePhone(Phone):
    """A profile's mobile number: renderings from its digits, shown as the profile wrote it."""

    visas: str = ""

    @property
    def as_saved(self) -> str:
        return self.visas


@dataclass(frozen=True)
class MissingPhone(Phone):
    """The profile's customer has no mobile number: scenarios searching on one skip."""

    @property
    def as_saved(self) -> str:
        return ""

    def render(self, style: str) -> str:
        pytest.skip("Testdataprofilens kund saknar mobiltelefon.")

    @property
    def partial_number(self) -> str:
        pytest.skip("Testdataprofilens kund saknar mobiltelefon.")


def phone_from(text: str) -> Phone:
    digits = national_digits(text)
    if len(digits) != 10 or not digits.startswith("07"):
        return MissingPhone(0)
    return ProfilePhone(int(digits[3:]), digits[:3], visas=text)


def unknown_fields(person: ProfilePerson) -> frozenset[str]:
    """The Kundkort fields the profile leaves out: unknown, never empty."""
    return frozenset(name for name in CARD_FIELDS if not person.stated(PROFILE_KEYS[name]))


def customer_from(person: ProfilePerson, protected: bool = False) -> Customer:
    return Customer(
        number=number_from(person.number),
        first_name=person.first_name,
        last_name=person.last_name,
        street_address=person.street_address,
        postcode=person.postcode,
        city=person.city,
        phone=phone_from(person.mobile) if person.mobile else MissingPhone(0),
        email=person.email,
        contact_route=person.contact_route or "Båda",
        consent=person.consent == "ja",
        protected=protected,
        unknown=unknown_fields(person),
        origin=person.entry,
    )


def pu_person_from(person: ProfilePerson) -> PuPerson:
    """What PU holds for a profile person: the profile's values and what they share
    (a person whose sharing the profile leaves out is asked for by no scenario that
    depends on it: mvj_suite.model.person_needs)."""
    return PuPerson(
        number=number_from(person.number),
        details=details_from(person),
        shares_mobile=person.shares in ("mobil", "bada"),
        shares_email=person.shares in ("epost", "bada"),
        sekretessmarkering=person.protection == "sekretessmarkering",
        skyddad_folkbokforing=person.protection == "skyddad_folkbokforing",
    )


def details_from(person: ProfilePerson) -> CustomerDetails:
    """A profile person's card fields (what the Kundkort shows); what it leaves out is
    unknown."""
    unknown = unknown_fields(person)
    return CustomerDetails(
        first_name=person.first_name,
        last_name=person.last_name,
        street_address=person.street_address,
        postcode=person.postcode,
        city=person.city,
        mobile=person.mobile,
        email=person.email,
        contact_route=person.contact_route or "Båda",
        consent=person.consent == "ja",
        unknown=unknown,
        origin=person.entry,
        from_profile=CARD_FIELDS - unknown,
    )


def reserve_customer_from(person: ProfilePerson) -> ReserveCustomer:
    return ReserveCustomer(
        details=details_from(person),
        birth_date=date.fromisoformat(person.birth_date),
        sex=person.sex,
        reservnummer=parse_identity(person.number).digits,
    )


def completeness(person: ProfilePerson) -> int:
    """How many Kundkort fields the profile states: the fullest fitting person is
    chosen, so that a scenario checks as much as it can."""
    return len(CARD_FIELDS) - len(unknown_fields(person))

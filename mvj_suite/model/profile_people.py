"""A test-data profile's people as the suite's own model: customers, PU records, numbers.

On a live target every person a scenario uses comes from the profile; these
functions turn a profile entry into the ``Customer``/``PuPerson``/``ReserveCustomer``
the steps work with, so steps never see where a person came from. An entry is read
once, into ``CustomerDetails`` (``details_from``); each of them is built on that.
"""

from __future__ import annotations

from datetime import date

import pytest

from mvj_suite.model.customers import SHARES, PuPerson, ReserveCustomer
from mvj_suite.model.details import CARD_FIELDS, PROFILE_KEYS, CustomerDetails, is_mobile
from mvj_suite.model.identities import parse_identity
from mvj_suite.model.profile import ProfilePerson
from mvj_suite.model.testdata import Customer, IdentityNumber, Phone


def number_from(text: str) -> IdentityNumber:
    """A profile's personnummer or samordningsnummer as the suite's ``IdentityNumber``."""
    identity = parse_identity(text)
    if identity.kind == "reservnummer":
        raise ValueError(f"{text} är ett reservnummer")
    digits = identity.digits
    day = int(digits[6:8])
    samordning = day > 60
    born = date(int(digits[:4]), int(digits[4:6]), day - 60 if samordning else day)
    return IdentityNumber(born, digits[8:11], int(digits[11]), samordning)


class MissingPhone(Phone):
    """The profile's customer has no mobile number: scenarios searching on one skip."""

    def render(self, style: str) -> str:
        pytest.skip("Testdataprofilens kund saknar mobiltelefon.")

    @property
    def partial_number(self) -> str:
        pytest.skip("Testdataprofilens kund saknar mobiltelefon.")


def unknown_fields(person: ProfilePerson) -> frozenset[str]:
    """The Kundkort fields the profile leaves out: unknown, never empty."""
    return frozenset(name for name in CARD_FIELDS if not person.stated(PROFILE_KEYS[name]))


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


def customer_from(person: ProfilePerson, protected: bool = False) -> Customer:
    phone = Phone.of(person.mobile) if is_mobile(person.mobile) else MissingPhone(0)
    return Customer(number_from(person.number), details_from(person), phone, protected)


def pu_person_from(person: ProfilePerson) -> PuPerson:
    """What PU holds for a profile person: the profile's values and what they share
    (a person whose sharing the profile leaves out is asked for by no scenario that
    depends on it: mvj_suite.model.person_needs)."""
    shares_mobile, shares_email = SHARES.get(person.shares, (False, False))
    return PuPerson(
        number=number_from(person.number),
        details=details_from(person),
        shares_mobile=shares_mobile,
        shares_email=shares_email,
        sekretessmarkering=person.protection == "sekretessmarkering",
        skyddad_folkbokforing=person.protection == "skyddad_folkbokforing",
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

"""A test-data profile's people as the suite's own model: customers, PU records, numbers.

On a live target every person a scenario uses comes from the profile; these
functions turn a profile entry into the ``Kund``/``PuPerson``/``ReservKund``
the steps work with, so steps never see where a person came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from suite.model.customers import PuPerson, ReservKund, Uppgifter
from suite.model.identities import parse_identity
from suite.model.profile import ProfilePerson
from suite.model.testdata import Kund, Nummer, Telefon

UNKNOWN_FIELDS = "_ej_i_profilen"  # Kund.extra key: card fields the profile does not give

def nummer_fran(text: str) -> Nummer:
    """A profile's personnummer or samordningsnummer as the suite's ``Nummer``."""
    identity = parse_identity(text)
    if identity.kind == "reservnummer":
        raise ValueError(f"{text} är ett reservnummer")
    digits = identity.digits
    day = int(digits[6:8])
    samordning = day > 60
    born = date(int(digits[:4]), int(digits[4:6]), day - 60 if samordning else day)
    return Nummer(born, digits[8:11], int(digits[11]), samordning)

@dataclass(frozen=True)
class ProfilTelefon(Telefon):
    """A profile's mobile number: notations from its digits, shown as the profile wrote it."""

    visas: str = ""

    @property
    def som_sparat(self) -> str:
        return self.visas

@dataclass(frozen=True)
class SaknadTelefon(Telefon):
    """The profile's customer has no mobile number: scenarios searching on one skip."""

    @property
    def som_sparat(self) -> str:
        return ""

    def notation(self, name: str) -> str:
        pytest.skip("Testdataprofilens kund saknar mobiltelefon.")

    @property
    def del_av_numret(self) -> str:
        pytest.skip("Testdataprofilens kund saknar mobiltelefon.")

def telefon_fran(text: str) -> Telefon:
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits.startswith("46"):
        digits = "0" + digits[2:]
    if len(digits) != 10 or not digits.startswith("07"):
        return SaknadTelefon(0)
    return ProfilTelefon(int(digits[3:]), digits[:3], visas=text)

def kund_fran(person: ProfilePerson, skyddad: bool = False) -> Kund:
    unknown = tuple(
        name
        for name, value in (("kontaktväg", person.kontaktvag), ("samtycke", person.samtycke))
        if not value
    )
    return Kund(
        nummer=nummer_fran(person.nummer),
        fornamn=person.fornamn,
        efternamn=person.efternamn,
        utdelningsadress=person.utdelningsadress,
        postnummer=person.postnummer,
        ort=person.ort,
        telefon=telefon_fran(person.mobiltelefon) if person.mobiltelefon else SaknadTelefon(0),
        epost=person.epost,
        kontaktvag=person.kontaktvag or "Båda",
        samtycke=person.samtycke == "ja",
        skyddad=skyddad,
        extra={UNKNOWN_FIELDS: unknown} if unknown else {},
    )

def pu_person_fran(person: ProfilePerson) -> PuPerson:
    """What PU holds for a profile person: the profile's values and what they share."""
    return PuPerson(
        nummer=nummer_fran(person.nummer),
        uppgifter=uppgifter_fran(person),
        delar_mobil=person.delar in ("mobil", "bada"),
        delar_epost=person.delar in ("epost", "bada"),
        sekretessmarkering=person.skydd == "sekretessmarkering",
        skyddad_folkbokforing=person.skydd == "skyddad_folkbokforing",
    )

def uppgifter_fran(person: ProfilePerson) -> Uppgifter:
    """A profile person's card fields (what the Kundkort shows)."""
    return Uppgifter(
        fornamn=person.fornamn,
        efternamn=person.efternamn,
        utdelningsadress=person.utdelningsadress,
        postnummer=person.postnummer,
        ort=person.ort,
        mobiltelefon=person.mobiltelefon,
        epost=person.epost,
        kontaktvag=person.kontaktvag or "Båda",
        samtycke=person.samtycke == "ja",
    )

def reservkund_fran(person: ProfilePerson) -> ReservKund:
    return ReservKund(
        uppgifter=uppgifter_fran(person),
        fodelsedatum=date.fromisoformat(person.fodelsedatum),
        kon=person.kon,
        reservnummer=parse_identity(person.nummer).digits,
    )

def unknown_card_fields(kund: Kund) -> tuple[str, ...]:
    """Kundkort fields a scenario cannot check because the profile does not give them."""
    return tuple(kund.extra.get(UNKNOWN_FIELDS, ()))

def has_aao(person: ProfilePerson) -> bool:
    return any(letter in person.efternamn.lower() for letter in "åäö")

def completeness(person: ProfilePerson) -> int:
    fields = (person.utdelningsadress, person.postnummer, person.ort, person.mobiltelefon,
              person.epost, person.kontaktvag, person.samtycke)  # fmt: skip
    return sum(bool(value) for value in fields)

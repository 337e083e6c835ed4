"""The journal's customer record, as stored and as shown."""

from __future__ import annotations

from dataclasses import dataclass

from mvj_stub.identity import Kind

CONTACT_CHANNELS = ("SMS", "E-post", "Båda")
SEXES = ("Kvinna", "Man", "Okänt")
PROTECTED_TEXT = "Skyddad identitet"


@dataclass(frozen=True)
class CustomerData:
    """A validated customer, ready to be stored.

    A protected customer (``skyddad``) carries the number only: every personal
    field is ``None``, so nothing personal can ever be stored or shown.
    """

    nummer: str  # 12 characters
    nummertyp: Kind
    skyddad: bool = False
    fodelsedatum: str | None = None  # ÅÅÅÅ-MM-DD
    fornamn: str | None = None
    efternamn: str | None = None
    utdelningsadress: str | None = None
    postnummer: str | None = None  # "NNN NN"
    ort: str | None = None
    mobiltelefon: str | None = None  # as typed
    mobiltelefon_norm: str | None = None  # national digits, for search
    epost: str | None = None  # as typed
    epost_norm: str | None = None  # case-folded, for search
    kontaktvag: str | None = None  # SMS | E-post | Båda
    samtycke: bool = False
    kon: str | None = None  # Kvinna | Man | Okänt


@dataclass(frozen=True)
class Customer(CustomerData):
    id: int = 0

    @property
    def display_number(self) -> str:
        if self.nummertyp is Kind.RESERVNUMMER:
            return self.nummer
        return f"{self.nummer[:8]}-{self.nummer[8:]}"

    @property
    def number_label(self) -> str:
        return "Reservnummer" if self.nummertyp is Kind.RESERVNUMMER else "Personnummer"

    @property
    def name(self) -> str:
        if self.skyddad:
            return PROTECTED_TEXT
        return " ".join(part for part in (self.fornamn, self.efternamn) if part)

    @property
    def address(self) -> str:
        """``<Utdelningsadress>, <NNN NN> <Ort>``; empty for a protected customer."""
        if self.skyddad:
            return ""
        place = " ".join(part for part in (self.postnummer, self.ort) if part)
        return ", ".join(part for part in (self.utdelningsadress, place) if part)

    @property
    def consent_text(self) -> str:
        return "Ja" if self.samtycke else "Nej"

"""Test data that each scenario creates for itself.

Identity numbers are generated here with the suite's own Luhn code — not the
stub's — so a bug in the journal's number handling cannot hide behind the
same bug in the test data. Every value is unique per worker: scenarios never
depend on, or collide with, data from another scenario. Telephone numbers
come only from PTS's fictional range 070-1740605…070-1740699 and e-mail only
from the reserved domain example.se.
"""

from __future__ import annotations

import random
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, TypeVar

from faker import Faker
from faker.providers.person.sv_SE import Provider as SwedishNames

from mvj_suite.model.details import CustomerDetails, Described, national_digits
from mvj_suite.model.identities import luhn
from mvj_suite.model.identity_text import numbers_in

PHONE_FIRST = 1740605  # 070-1740605 … 070-1740699 (PTS: for fiction and tests)
PHONE_LAST = 1740699
# Written without separators, ten of them are a valid samordningsnummer too (070174-0607:
# day 74 is the 14th). A journal that sends a mobile number as bare digits would then
# send "an identity number the profile does not know", and the wire guard would stop a
# correct journal. The suite makes up only the other 85.
PHONE_SUBSCRIBERS = tuple(
    number for number in range(PHONE_FIRST, PHONE_LAST + 1)
    if not numbers_in(f"070{number:07d}")
)

# Surnames as Swedish makes them: two words of the landscape in one (Sjö + berg,
# Lind + ström). Every name the suite makes has å, ä or ö; the parts are common, the
# combinations mostly not a family anyone is known by.
_FIRST_PARTS = (
    "Sjö", "Åker", "Björk", "Löv", "Ström", "Näs", "Hög", "Bäck", "Sköld", "Ängs",
    "Öst", "Älv", "Rön", "Törn", "Kärr", "Hägg", "Häll", "Lönn", "Grön", "Skär",
    "Fjäll", "Ås", "Berg", "Lind", "Ek", "Gran", "Hag", "Dahl", "Holm", "Sand",
    "Fors", "Wall", "Lund", "Nord", "Sten", "Vik", "Alm", "Ask", "Hed", "Ljung",
)  # fmt: skip
_LAST_PARTS = (
    "berg", "lund", "gren", "qvist", "dahl", "holm", "blad", "sten", "mark", "vall",
    "strand", "borg", "stedt", "hammar", "by", "ling", "ström", "näs", "bäck", "gård",
    "fält", "ås", "löf", "sköld",
)  # fmt: skip
_SHORTEST_SURNAME = 6  # "en del av efternamnet" is four letters: a part, not the name


def _inner_aao(name: str) -> bool:
    """An å, ä or ö inside the name, not only its capital (the search for a part of the
    surname "med å, ä eller ö" takes it from inside)."""
    return any(letter in "åäö" for letter in name[1:])


class RandomNumberRefused(RuntimeError):
    """A generated identity number was asked for on a live target."""


_REFUSAL: list[str] = []  # set once per process by mvj_suite.live.plugin on a live target


def refuse_random_numbers(reason: str) -> None:
    """From now on, generating an identity number raises ``RandomNumberRefused``."""
    _REFUSAL[:] = [reason]


@dataclass(frozen=True)
class IdentityNumber:
    """A personnummer or samordningsnummer; ``born`` is the real birth date."""

    born: date
    serial: str  # three digits
    check: int
    samordning: bool = False

    @property
    def _date6(self) -> str:
        return f"{self.born:%y%m}{self.born.day + (60 if self.samordning else 0):02d}"

    def twelve(self, separator: str = "") -> str:
        """12 digits: ``ÅÅÅÅMMDDNNNC`` or with a separator ``ÅÅÅÅMMDD-NNNC``."""
        return f"{self.born.year:04d}{self._date6[2:]}{separator}{self.serial}{self.check}"

    def ten(self, separator: str | None = None) -> str:
        """10 digits; the separator defaults to ``-`` (``+`` from the 100th year)."""
        if separator is None:
            separator = "+" if age(self.born) >= 100 else "-"
        return f"{self._date6}{separator}{self.serial}{self.check}"

    @property
    def display(self) -> str:
        """How the journal shows it: ``ÅÅÅÅMMDD-NNNN``."""
        return self.twelve("-")

    def with_wrong_check_digit(self) -> IdentityNumber:
        return replace(self, check=(self.check + 1) % 10)


def age(born: date, today: date | None = None) -> int:
    today = today or date.today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@dataclass(frozen=True)
class Phone:
    """One fictional mobile number, renderable in the notations people type."""

    subscriber: int  # 1740605…1740699
    prefix: str = "070"  # a test profile's mobile numbers may have another prefix

    @classmethod
    def of(cls, text: str) -> Phone:
        """A mobile number as written (``070-174 06 05``, ``+46 70 174 06 05`` …)."""
        digits = national_digits(text)
        return cls(int(digits[3:]), digits[:3])

    def render(self, style: str) -> str:
        """The number as a person writes it: ``compact`` 0701740605, ``spaced``
        070 174 06 05, ``hyphen`` 070-1740605, ``hyphen_spaced`` 070-174 06 05,
        ``international`` +46 70 174 06 05, ``international_compact`` +46701740605."""
        digits = f"{self.prefix}{self.subscriber:07d}"
        grouped = f"{digits[3:6]} {digits[6:8]} {digits[8:]}"  # 174 06 05
        renderings = {
            "compact": digits,
            "spaced": f"{digits[:3]} {grouped}",
            "hyphen": f"{digits[:3]}-{digits[3:]}",
            "hyphen_spaced": f"{digits[:3]}-{grouped}",
            "international": f"+46 {digits[1:3]} {grouped}",
            "international_compact": f"+46{digits[1:]}",
        }
        return renderings[style]

    @property
    def as_saved(self) -> str:
        return self.render("hyphen_spaced")

    @property
    def partial_number(self) -> str:
        """A partial number (the last six digits) — must not find anyone."""
        return f"{self.subscriber}"[-6:]


@dataclass(frozen=True)
class Customer(Described):
    """Someone with a personnummer or samordningsnummer: ``first_name`` … from ``details``
    (the Kundkort's), ``phone`` the mobile number there in every notation."""

    number: IdentityNumber
    details: CustomerDetails
    phone: Phone
    protected: bool = False

    @property
    def pu_key(self) -> str | None:
        """How PU-tjänsten knows them: the 12 digits."""
        return self.number.twelve()

    def as_control_data(self) -> dict[str, Any]:
        """The control interface's CUSTOMER object."""
        if self.protected:
            return {"nummer": self.number.display, "skyddad": True}
        return {"nummer": self.number.display, **self.details.control_values(), "skyddad": False}


T = TypeVar("T")


def _fresh(make: Callable[[], T], used: set[T]) -> T:
    """``make()`` until it gives a value not in ``used``; ``used`` then holds it too."""
    while (value := make()) in used:
        pass
    used.add(value)
    return value


class TestData:
    """Per-worker source of unique identities, names, phones and e-mail addresses."""

    __test__ = False  # not a pytest test class despite the name

    def __init__(self, seed: int | None = None) -> None:
        self._random = random.Random(seed if seed is not None else secrets.randbits(64))
        self._faker = Faker("sv_SE")
        self._faker.seed_instance(self._random.randrange(2**32))
        self._numbers: set[IdentityNumber] = set()
        self._surnames: set[str] = set()
        self._phones: list[int] = []
        self._emails: set[str] = set()
        self._reserve_serials: set[int] = set()
        self._two_part_names = sorted(
            first + last for first in _FIRST_PARTS for last in _LAST_PARTS
            if first.lower() != last and len(first + last) >= _SHORTEST_SURNAME
            and _inner_aao(first + last)
        )  # fmt: skip
        self._random.shuffle(self._two_part_names)  # a seed reproduces them too

    def birth_date(self, over_hundred: bool = False) -> date:
        """A birth date on its own: no identity number is made, so it is fine on live too."""
        # Adults born 1940–2005: an unambiguous century for the 10-digit forms. People
        # over a hundred (born 1915–1924) are written with "+" in the 10-digit form.
        start, end = (
            (date(1915, 1, 1), date(1924, 12, 31))
            if over_hundred
            else (date(1940, 1, 1), date(2005, 12, 31))
        )
        return start + timedelta(days=self._random.randrange((end - start).days))

    def sex(self) -> str:
        return self._random.choice(("Kvinna", "Man", "Okänt"))

    def reservnummer_serial(self) -> int:
        """A unique serial for a reservnummer the stub is seeded with (never typed live)."""
        if _REFUSAL:
            raise RandomNumberRefused(_REFUSAL[0])
        # Far above the serials the journal assigns itself (it counts from 1).
        return _fresh(lambda: self._random.randrange(50_000, 100_000), self._reserve_serials)

    def number(self, samordning: bool = False, over_hundred: bool = False) -> IdentityNumber:
        if _REFUSAL:
            # A random but valid number may belong to a real person: never on live.
            raise RandomNumberRefused(_REFUSAL[0])

        def make() -> IdentityNumber:
            born = self.birth_date(over_hundred)
            serial = f"{self._random.randrange(1, 1000):03d}"  # 000 is no födelsenummer
            day = born.day + (60 if samordning else 0)
            return IdentityNumber(born, serial, luhn(f"{born:%y%m}{day:02d}{serial}"), samordning)

        return _fresh(make, self._numbers)

    def personnummer(self) -> IdentityNumber:
        return self.number(samordning=False)

    def samordningsnummer(self) -> IdentityNumber:
        return self.number(samordning=True)

    def last_name(self) -> str:
        """A believable surname with å, ä or ö that no other scenario uses, and that is
        no part of another: a search for it, or for a part of it, finds this scenario's
        customers only. Two parts (``Björkqvist``, ``Lindström``) until they run out –
        several hundred per worker – then three (``Lövaskberg``)."""
        while self._two_part_names:
            name = self._two_part_names.pop()
            if self._new_surname(name):
                return name
        while True:
            first, middle = self._random.sample(_FIRST_PARTS, 2)
            name = first + middle.lower() + self._random.choice(_LAST_PARTS)
            if _inner_aao(name) and self._new_surname(name):
                return name

    def _new_surname(self, name: str) -> bool:
        """Take ``name`` unless it is, holds or is part of a surname already used."""
        lower = name.lower()
        if any(lower in other.lower() or other.lower() in lower for other in self._surnames):
            return False
        self._surnames.add(name)
        return True

    def first_name(self) -> str:
        first_name = self._faker.first_name()
        while len(first_name) < 4:  # a name search needs four characters
            first_name = self._faker.first_name()
        return first_name

    def address(self) -> tuple[str, str, str]:
        """(utdelningsadress, postnummer as ``NNN NN``, ort)."""
        postcode = f"{self._random.randrange(100, 999)} {self._random.randrange(100):02d}"
        return self._faker.street_address(), postcode, self._faker.city()

    def phone(self) -> Phone:
        # 85 numbers only: hand them out without repetition, then start a new round.
        if not self._phones:
            self._phones = list(PHONE_SUBSCRIBERS)
            self._random.shuffle(self._phones)
        return Phone(self._phones.pop())

    def email(self, hint: str = "kund") -> str:
        # From the generator's own random source: a seed reproduces the e-mails too,
        # and each worker's unseeded generator starts somewhere else.
        name = _plain(hint, keep=".")
        return _fresh(lambda: f"{name}.{self._random.getrandbits(32):08x}@example.se", self._emails)

    def details(self) -> CustomerDetails:
        """A fictional person's name, address, mobile number and e-mail address."""
        first_name, last_name = self.first_name(), self.last_name()
        address, mobile = self.address(), self.phone().as_saved
        email = self.email(f"{first_name}.{last_name}")
        return CustomerDetails(first_name, last_name, *address, mobile, email)

    def customer(
        self, *, samordning: bool = False, protected: bool = False, over_hundred: bool = False
    ) -> Customer:
        number = self.number(samordning=samordning, over_hundred=over_hundred)
        return self.customer_with_number(number, protected=protected)

    def customer_with_number(self, number: IdentityNumber, *, protected: bool = False) -> Customer:
        """Fictional details around a given number (on live: one from the test profile)."""
        details = self.details()
        return Customer(number, details, Phone.of(details.mobile), protected)


def _plain(text: str, keep: str = "") -> str:
    """``"Bergström"`` → ``"bergstrom"``: an e-mail local part without diacritics."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded if ch.isalnum() or ch in keep)


# --- believable data for training videos -----------------------------------------------------

class BelievableTestData(TestData):
    """Test data that looks like ordinary Swedes on screen, for training videos.

    Nurses watching a walkthrough should see "Sofia Bergström, Skolvägen 12", not the
    suite's own made-up compounds ("Rönqvist") or hex e-mail suffixes. Everything that keeps
    scenarios apart stays: every surname is used once per worker and never inside another
    (a search for one finds no other customer), and a name with å, ä or ö comes first, as
    the suite's own surnames always have one. Uniqueness of e-mail addresses lives in a
    two-digit number, as people's own addresses often have one. When the list of real
    surnames runs out (a very long run), the suite's invented surnames take over.
    """

    __test__ = False

    def __init__(self, seed: int | None = None) -> None:
        super().__init__(seed)
        surnames = sorted(set(SwedishNames.last_names))
        self._random.shuffle(surnames)  # a seed reproduces them, as every other value
        # Names with å, ä or ö first: "en del av kundens efternamn med å, ä eller ö" needs one.
        self._believable_surnames = sorted(
            surnames, key=lambda name: not any(ch in name.lower() for ch in "åäö")
        )
        self._recent_name: tuple[str, str] | None = None

    def last_name(self) -> str:
        while self._believable_surnames:
            name = self._believable_surnames.pop(0)
            if self._new_surname(name):
                return name
        return super().last_name()

    def address(self) -> tuple[str, str, str]:
        _, postcode, city = super().address()
        # Street numbers as Swedish addresses have them: mostly low, never 0 or with a leading
        # zero (Faker's "Furuvägen 085" gives a fictional address away at a glance).
        street = f"{self._faker.street_name()} {self._random.randrange(1, 60)}"
        return street, postcode, city

    def email(self, hint: str = "kund") -> str:
        first, _, last = hint.partition(".")
        if last:
            self._recent_name = (first, last)
        elif self._recent_name is not None:
            # A step's own hint ("handskriven") is no name: the address a nurse types for
            # the scenario's person is built from that person's name.
            first, last = self._recent_name
        else:
            first, last = self.first_name(), self._faker.last_name()
        local = f"{_plain(first)}.{_plain(last)}"
        for _ in range(200):
            address = f"{local}{self._random.randrange(10, 100)}@example.se"
            if address not in self._emails:
                self._emails.add(address)
                return address
        return super().email(hint)  # a hundred namesakes: the suite's own form keeps it unique


def make_testdata(believable: bool, seed: int | None = None) -> TestData:
    """The worker's generator: believable names for walkthroughs, the suite's own otherwise."""
    return BelievableTestData(seed) if believable else TestData(seed)

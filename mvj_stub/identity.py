"""Swedish identity numbers as the journal understands them.

Personnummer and samordningsnummer (day + 60) with the Luhn check digit, and
the stub's reservnummer format (Region Stockholm: ``99yyyyNNNNNC``, Luhn over
``yyNNNNN``). Everything is normalised to twelve characters, which is also
what the store keys customers on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from mvj_stub.breaks import broken

_IDENTITY_SHAPE = re.compile(r"^(?P<date>\d{6}|\d{8})(?P<sep>[-+]?)(?P<tail>\d{4})$")
_RESERVNUMMER_SHAPE = re.compile(r"^99(?P<year>\d{4})(?P<serial>\d{5})(?P<check>\d)$")


class Kind(StrEnum):
    PERSONNUMMER = "personnummer"
    SAMORDNINGSNUMMER = "samordningsnummer"
    RESERVNUMMER = "reservnummer"


@dataclass(frozen=True)
class IdentityNumber:
    kind: Kind
    digits: str  # always 12 characters
    birth_date: date | None

    @property
    def display(self) -> str:
        """``ÅÅÅÅMMDD-NNNN`` for personnummer/samordningsnummer, reservnummer as is."""
        if self.kind is Kind.RESERVNUMMER:
            return self.digits
        return f"{self.digits[:8]}-{self.digits[8:]}"


class InvalidIdentityNumber(ValueError):
    """The text has the shape of an identity number but is not a valid one."""


def luhn_check_digit(digits: str) -> int:
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def looks_like_identity_number(text: str) -> bool:
    """Digits of identity-number length, optionally with ``-``/``+``."""
    compact = text.strip()
    return bool(_IDENTITY_SHAPE.match(compact) or _RESERVNUMMER_SHAPE.match(compact))


def parse(text: str, today: date) -> IdentityNumber:
    """Parse a personnummer, samordningsnummer or reservnummer.

    Raises ``InvalidIdentityNumber`` for a string of the right shape whose date
    or check digit is wrong, and ``ValueError`` for anything else.
    """
    compact = text.strip()
    reserv = _RESERVNUMMER_SHAPE.match(compact)
    if reserv:
        return _parse_reservnummer(reserv)
    match = _IDENTITY_SHAPE.match(compact)
    if not match:
        raise ValueError(f"inte ett identitetsnummer: {text!r}")
    date_part, separator, tail = match["date"], match["sep"], match["tail"]
    if len(date_part) == 8:
        full_year = int(date_part[:4])
        short = date_part[2:]
    else:
        short = date_part
        full_year = _century_for(short, separator, today)
    month, day = int(short[2:4]), int(short[4:6])
    kind = Kind.PERSONNUMMER
    if day > 60:
        kind = Kind.SAMORDNINGSNUMMER
        day -= 60
    try:
        born = date(full_year, month, day)
    except ValueError as error:
        raise InvalidIdentityNumber(f"ogiltigt datum i {text!r}") from error
    if born > today:
        raise InvalidIdentityNumber(f"födelsedatum i framtiden i {text!r}")
    if luhn_check_digit(short + tail[:3]) != int(tail[3]) and not broken(
            "invalid-personnummer-accepted"):
        raise InvalidIdentityNumber(f"fel kontrollsiffra i {text!r}")
    return IdentityNumber(kind, f"{full_year:04d}{short[2:]}{tail}", born)


def _century_for(short: str, separator: str, today: date) -> int:
    """The latest century that puts the date in the past; ``+`` one earlier."""
    yy = int(short[:2])
    year = (today.year // 100) * 100 + yy
    month, day = int(short[2:4]), int(short[4:6]) % 60 or 1
    try:
        candidate = date(year, month, day)
    except ValueError:
        candidate = date(year, min(max(month, 1), 12), 1)
    if candidate > today:
        year -= 100
    if separator == "+" and not broken("plus-sign-ignored"):
        year -= 100
    return year


def _parse_reservnummer(match: re.Match[str]) -> IdentityNumber:
    year, serial, check = match["year"], match["serial"], int(match["check"])
    if luhn_check_digit(year[2:] + serial) != check:
        raise InvalidIdentityNumber(f"fel kontrollsiffra i reservnummer {match.string!r}")
    return IdentityNumber(Kind.RESERVNUMMER, match.string, None)


def make_reservnummer(birth_year: int, serial: int) -> str:
    """The stub's reservnummer: ``99`` + birth year + 5-digit serial + Luhn digit."""
    if not 0 <= serial <= 99_999:
        raise ValueError("serienumret måste vara 0–99999")
    body = f"{birth_year:04d}"[2:] + f"{serial:05d}"
    return f"99{birth_year:04d}{serial:05d}{luhn_check_digit(body)}"

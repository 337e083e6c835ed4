"""How a scenario table names the ways a nurse writes a number or a telephone number.

The Gherkin's words are read here, in steps/, and nowhere else: the model renders
numbers by English names (``IdentityNumber.twelve("-")``, ``Phone.render("hyphen")``).
"""

from __future__ import annotations

from collections.abc import Callable

from mvj_suite.model.testdata import IdentityNumber

NUMBER: dict[str, Callable[[IdentityNumber], str]] = {
    "12 siffror": lambda number: number.twelve(),
    "12 siffror med bindestreck": lambda number: number.twelve("-"),
    "10 siffror": lambda number: number.ten(""),
    "10 siffror med bindestreck": lambda number: number.ten(),
    "10 siffror med plustecken": lambda number: number.ten("+"),
}
# A bare 07XXXXXXXX also has a personnummer's shape; the contract lets a journal read it
# either way, so no scenario types "sammanskrivet".
PHONE: dict[str, str] = {
    "sammanskrivet": "compact",
    "med mellanslag": "spaced",
    "med bindestreck": "hyphen",
    "med bindestreck och mellanslag": "hyphen_spaced",
    "internationellt": "international",
    "internationellt sammanskrivet": "international_compact",
}


def _known(table: dict[str, object], words: str) -> str:
    if words not in table:
        raise ValueError(f"okänt skrivsätt '{words}' (finns: {', '.join(table)})")
    return words


def number_notation(words: str) -> Callable[[IdentityNumber], str]:
    """A converter for pytest-bdd: ``12 siffror med bindestreck`` → how to write it."""
    return NUMBER[_known(NUMBER, words)]


def phone_notation(words: str) -> str:
    """A converter for pytest-bdd: ``med bindestreck`` → ``Phone.render``'s style."""
    return PHONE[_known(PHONE, words)]


def ten_digits(words: str) -> bool:
    """A ten-digit notation names the person only if they are under a hundred ("-")."""
    return words.startswith("10 siffror") and "plustecken" not in words

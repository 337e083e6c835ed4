"""A failure that comes from the test-data profile, told apart from a broken routine rule.

On a live journal a customer the scenario reads is known only through the
profile. When the page shows something else than the profile states, either
the journal broke a rule or the profile is out of date — and people are edited,
environments reset. The suite cannot tell which, so it says what it knows: the
profile entry and field disagree with the journal. ``ProfileDataMismatch`` is
raised with that message; the sign-off recognises it (``data_problem_of``) and
reports it as a test-data problem, never as a rule of the routine that failed.

The message names entry and field only: no values, since failure texts go into
artefacts and profile values are personal data of test persons.
"""

from __future__ import annotations

import re

MISMATCH_HEAD = "Testdataprofilen stämmer inte med journalen"
_PROBLEM = re.compile(re.escape(MISMATCH_HEAD) + r" i (?P<entry>\w+\[\d+\]), fält (?P<field>\w+)")


class ProfileDataMismatch(AssertionError):
    """A value from the test-data profile is not what the journal shows; ``where`` is what
    showed the difference ("Kundkortet", "dialogen Ändra kund" …)."""

    def __init__(self, entry: str, field: str, where: str) -> None:
        self.entry = entry
        self.field = field
        super().__init__(
            f"{MISMATCH_HEAD} i {entry}, fält {field}: {where} visar inte det profilen anger – "
            "rätta profilen eller testmiljön (./mvj profile check visar skillnaden); "
            "det är inget brott mot rutinen"
        )


def data_problem_of(message: str) -> str:
    """``"kunder[2], fält mobiltelefon"`` when ``message`` is such a failure, else ""."""
    match = _PROBLEM.search(message)
    return f"{match['entry']}, fält {match['field']}" if match else ""

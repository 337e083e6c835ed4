"""The run's words in the terminal: a line per scenario, the block for a failed one and
the closing count, with numbers and times as Swedish writes them. Pure code, no pytest."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mvj_suite.core.output import decimal, duration

# pytest's words in its closing count, as (one, several) in Swedish.
COUNT_WORDS = {
    "passed": ("godkänt", "godkända"), "failed": ("fallerat", "fallerade"),
    "skipped": ("överhoppat", "överhoppade"), "deselected": ("bortvalt", "bortvalda"),
    "xfailed": ("förväntat fel", "förväntade fel"),
    "xpassed": ("oväntat godkänt", "oväntat godkända"),
    "warning": ("varning", "varningar"), "warnings": ("varning", "varningar"),
    "error": ("fel", "fel"), "errors": ("fel", "fel"),
    "rerun": ("omkörning", "omkörningar"),
}  # fmt: skip
NOTHING_RAN = "inga scenarier kördes"
_COUNT = re.compile(r"^(\d+) (\w+)$")


def swedish_count(text: str) -> str:
    """One part of pytest's closing count in Swedish: ``3 failed`` → ``3 fallerade``."""
    if text.strip() == "no tests ran":
        return NOTHING_RAN
    match = _COUNT.match(text.strip())
    if not match or match[2] not in COUNT_WORDS:
        return text
    one, several = COUNT_WORDS[match[2]]
    return f"{match[1]} {one if match[1] == '1' else several}"


def closing_line(parts: list[str], seconds: float) -> str:
    """``3 fallerade, 7 godkända, 126 bortvalda, 3 omkörningar på 45,8 s``."""
    counts = [swedish_count(part) for part in parts] or [NOTHING_RAN]
    return f"{', '.join(counts)} på {duration(seconds)}"


def counter(done: int | None, total: int) -> str:
    """``[ 7/136]``; an attempt that is not the scenario's last has no number yet."""
    width = len(str(total))
    if done is None:
        return " " * (width * 2 + 3)
    return f"[{done:>{width}}/{total}]"


@dataclass
class Failure:
    """What the Swedish block shows about one failed scenario."""

    section: str
    scenario: str
    step: str
    expected: str
    actual: str
    message: str
    person: str
    artefacts: str
    data_problem: str = ""  # "kunder[2], fält mobiltelefon": the profile, not the routine
    element: str = ""  # "knappen «Ändra personuppgifter»": what the failed check looked at
    transient: str = ""  # "tidsgränsen gick ut": a failure that can be flaky


def failure_block(failure: Failure, hint: bool = True) -> list[str]:
    """The Swedish block for one failed scenario: each field it has, under its label.
    ``hint``: pytest's own detail is not shown, so say how to get it."""
    data = failure.data_problem and (f"{failure.data_problem} – profilen och journalen skiljer "
                                     "sig, inget brott mot rutinen (./mvj profile check)")
    error = None
    if not (failure.expected or failure.actual):
        error = (f"{failure.transient} – {failure.message}" if failure.transient
                 else failure.message)
    fields = {
        "Avsnitt": failure.section, "Steg": failure.step or None,
        "Element": failure.element or None,
        "Väntat": failure.expected or None, "Faktiskt": failure.actual or None,
        "Fel": error, "Testdata": data or None, "Person": failure.person or None,
        "Artefakter": failure.artefacts or None,
    }
    shown = [f"    {label + ':':<13}{value}" for label, value in fields.items()
             if value is not None]
    return [f"✗ {failure.scenario}", *shown, *(["    (hela felet: kör om med -v)"] if hint else [])]


__all__ = ["Failure", "closing_line", "counter", "decimal", "duration", "failure_block",
           "swedish_count"]

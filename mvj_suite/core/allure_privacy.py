"""Allure results without personal data, for runs against a real journal.

allure-pytest-bdd records every argument of a step function as a step
parameter: ``kund = Kund(fornamn='Karin', …)``, ``journal_data = …``. On a
live target only the Gherkin arguments may stay (the words the feature file
wrote, e.g. ``delning = 'bara mobil'``), and any identity number in a name,
a parameter or a failure message is masked. ``scrub_result`` does that to an
Allure ``TestResult`` before it is written; ``mvj_suite.live.privacy_hooks`` hooks it
into Allure on live.

``leaks`` is the check: it reads written results and names the profile values
found in them — run over a whole live run by ``./mvj live-against-stub``
(``python -m mvj_suite.core.allure_privacy``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from mvj_suite.model.identities import IdentityError, parse_identity
from mvj_suite.model.profile import SECTIONS, Profile, ProfileError, load_profile

MASK = "[identitetsnummer]"
# Anything shaped like an identity number is masked, valid or not: a wrong check
# digit is a typo of someone's number.
_NUMBER_SHAPE = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{8}|\d{6})[-+\s\u2010-\u2015\u2212]?\d{4}(?![0-9A-Za-z])"
)


def mask(text: str | None) -> str | None:
    return _NUMBER_SHAPE.sub(MASK, text) if text else text


def _is_gherkin_argument(value: str | None, step_name: str) -> bool:
    """A step argument parsed from the step's own text (not a fixture's repr)."""
    text = value or ""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]  # Allure's represent() writes strings with their quotes
    return bool(text) and text in step_name


def _steps(container: Any) -> Iterator[Any]:
    for step in getattr(container, "steps", None) or []:
        yield step
        yield from _steps(step)


def _scrub_details(holder: Any) -> None:
    details = getattr(holder, "statusDetails", None)
    if details is not None:
        details.message = mask(details.message)
        details.trace = mask(details.trace)


def scrub_result(result: Any) -> None:
    """Keep only Gherkin arguments as step parameters; mask identity numbers."""
    result.name = mask(result.name)
    for parameter in getattr(result, "parameters", None) or []:
        parameter.value = mask(parameter.value)
    _scrub_details(result)
    for step in _steps(result):
        step.parameters = [
            parameter
            for parameter in step.parameters or []
            if _is_gherkin_argument(parameter.value, step.name or "")
        ]
        for parameter in step.parameters:
            parameter.value = mask(parameter.value)
        step.name = mask(step.name)
        _scrub_details(step)


# --- the check over written results ---------------------------------------------------
def _profile_values(profile: Profile, suite_text: str = "") -> tuple[set[str], set[str]]:
    """(identity numbers as 12 digits, other personal values) of every profile person.

    A value that is a word of the suite's own feature files (``suite_text``) is left
    out: a scenario's example "Zoë-Åsa Ängel-Müller" is the suite's, not Åsa's.
    """
    people = [person for section in SECTIONS for person in profile.section(section)]
    numbers = {parse_identity(person.number).digits for person in people}
    values = set()
    for person in people:
        for value in (person.first_name, person.last_name, person.street_address, person.email):
            if len(value) >= 3:
                values.add(value)
        digits = "".join(ch for ch in person.mobile if ch.isdigit())
        if len(digits) >= 8:
            values.add(digits)
            if digits.startswith("0"):
                values.add("46" + digits[1:])  # +46 70 …
    own = {value for value in values if _value_pattern(value).search(suite_text)}
    return numbers, values - own


def leaks(results_dir: Path, profile: Profile, suite_text: str = "") -> list[str]:
    """Profile values found in Allure's result files, as "<file>: <what>" (never the value
    itself, which may be a real person's); ``suite_text``: the feature files' text."""
    numbers, values = _profile_values(profile, suite_text)
    patterns = [_value_pattern(value) for value in sorted(values)]
    found: list[str] = []
    # Results and text attachments (the accessibility check's, for one); images are
    # masked where they are taken (mvj_suite.core.privacy).
    files = [*results_dir.glob("*.json"), *results_dir.glob("*.txt")]
    for path in sorted(files):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _NUMBER_SHAPE.finditer(text):
            try:
                if parse_identity(re.sub(r"\s", "", match.group())).digits in numbers:
                    found.append(f"{path.name}: ett identitetsnummer ur profilen")
            except IdentityError:
                continue
        if any(pattern.search(text) for pattern in patterns):
            found.append(f"{path.name}: en personuppgift ur profilen")
    return sorted(set(found))


def _value_pattern(value: str) -> re.Pattern[str]:
    """A whole word; a phone number in any notation (its digits, spaces or dashes between)."""
    if value.isdigit():
        return re.compile(r"(?<!\d)" + r"[\s-]?".join(value) + r"(?!\d)")
    return re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.allure_privacy",
        description="Kontrollerar att Allure-resultat inte innehåller testdataprofilens "
        "personuppgifter.",
    )
    parser.add_argument("results", type=Path, help="katalogen med Allure-resultat")
    parser.add_argument(
        "--profile", "--profil", type=Path, required=True, help="testdataprofilen (YAML)"
    )
    parser.add_argument(
        "--features", type=Path, default=Path("features"),
        help="svitens feature-filer: deras egna ord räknas inte som personuppgifter",
    )  # fmt: skip
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        profile = load_profile(args.profile)
    except ProfileError as error:
        print(error, file=sys.stderr)
        return 2
    if not args.results.is_dir():
        print(f"Katalogen {args.results} finns inte.", file=sys.stderr)
        return 2
    suite_text = "\n".join(path.read_text(encoding="utf-8")
                           for path in sorted(args.features.glob("*.feature")))  # fmt: skip
    found = leaks(args.results, profile, suite_text)
    if found:
        print(f"Allure-resultaten innehåller personuppgifter ({len(found)} filer/fynd):",
              file=sys.stderr)  # fmt: skip
        for line in found[:20]:
            print(f"  - {line}", file=sys.stderr)
        return 1
    files = len([*args.results.glob("*.json"), *args.results.glob("*.txt")])
    print(f"Inga personuppgifter ur profilen i {files} Allure-filer.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Test-data profile: the identities that exist in a target journal.

A live journal cannot be seeded, and random identity numbers may belong to
real people, so on a live target every number the suite types comes from a
YAML profile that the test team maintains. The schema is documented in
``docs/testdataprofil.md``; ``profiles/stubb.yaml`` describes the bundled
stub's seed data. Validation reports every problem, one line each, so that a
broken profile stops the run before any browser starts.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mvj_suite.model.accessibility import KnownIssue, parse_known_issues
from mvj_suite.model.dates import iso_date
from mvj_suite.model.declared_reads import DeclarationError, DeclaredReads, parse_declaration
from mvj_suite.model.details import PROFILE_KEYS
from mvj_suite.model.identities import IdentityError, parse_identity

_POSTCODE = re.compile(r"^\d{3} ?\d{2}$")
_HSA_ID = re.compile(r"^SE\d{10}-[0-9A-Za-z]+$")
# A person's keys that take one of a few words (each is optional).
_CHOICES = {
    "delar": ("bada", "epost", "inget", "mobil"),
    "kontaktvag": ("SMS", "E-post", "Båda"),
    "samtycke": ("ja", "nej"),
    "skydd": ("sekretessmarkering", "skyddad_folkbokforing"),
    "kon": ("Kvinna", "Man", "Okänt"),
}
# The optional extra test cards, by the profile's key. Each exists to show one rule of
# §1 on a real journal; without it that scenario is skipped with the reason.
CARD_ROLES: dict[str, str] = {
    "utan_behorighet": "ett giltigt kort vars HSA-id saknar behörighet",
    "utgangen": "ett kort som har gått ut",
    "fel_utfardare": "ett kort från en utfärdare som journalen inte litar på",
    # Without it, "a colleague" uses the main card in a second browser.
    "kollega": "ett kort för en andra användare med behörighet",
}
DEFAULT_PASSPHRASE_VARIABLE = "MVJ_SITHS_PASSPHRASE"
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


class ProfileError(Exception):
    """The profile cannot be used; ``problems`` has one Swedish line each."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"Testdataprofilen {path} går inte att använda:\n{lines}")


@dataclass(frozen=True)
class ProfilePerson:
    """A person the target knows: a customer in the journal or a person in PU."""

    number: str
    first_name: str = ""
    last_name: str = ""
    street_address: str = ""
    postcode: str = ""
    city: str = ""
    mobile: str = ""
    email: str = ""
    birth_date: str = ""
    # What the person shares from 1177 (PU persons only); "" = the profile does not say,
    # which is unknown, never "nothing": `delar: inget` says that.
    shares: str = ""
    contact_route: str = ""  # SMS | E-post | Båda, as the Kundkort shows it ("" = not given)
    consent: str = ""  # "ja" | "nej" ("" = not given)
    sex: str = ""  # Kvinna | Man | Okänt (reservnummer customers)
    protection: str = ""  # sekretessmarkering | skyddad_folkbokforing ("" = either)
    entry: str = ""  # where the profile has it: "kunder[2]" (for messages about the data)

    def stated(self, key: str) -> bool:
        """Whether the profile gives the field ``key`` (a profile key: "epost" …)."""
        return bool(getattr(self, PERSON_KEYS[key]))


@dataclass(frozen=True)
class ProfileCard:
    """An extra SITHS test card: a file, and the variable that holds its passphrase."""

    role: str  # a key of CARD_ROLES
    path: Path
    passphrase_variable: str = DEFAULT_PASSPHRASE_VARIABLE


@dataclass(frozen=True)
class Profile:
    path: Path
    login_name: str
    login_hsa_id: str
    customers: tuple[ProfilePerson, ...]
    protected_customers: tuple[ProfilePerson, ...]
    reserve_customers: tuple[ProfilePerson, ...]
    pu_people: tuple[ProfilePerson, ...]
    pu_protected: tuple[ProfilePerson, ...]
    pu_samordningsnummer: tuple[ProfilePerson, ...]
    not_in_pu: tuple[ProfilePerson, ...]
    numbers: frozenset[str] = field(default=frozenset())
    cards: Mapping[str, ProfileCard] = field(default_factory=dict)
    # Accessibility violations the team accepts for a while (``tillganglighet``).
    known_issues: tuple[KnownIssue, ...] = ()
    # The non-GET calls the team declares as reads (``lasande_anrop``): the only ones
    # the wire guard lets through without --allow-writes.
    declared_reads: DeclaredReads = field(default_factory=DeclaredReads)

    def section(self, name: str) -> tuple[ProfilePerson, ...]:
        """A list of people by the profile file's name for it (``ej_i_pu`` …)."""
        people: tuple[ProfilePerson, ...] = getattr(self, SECTIONS[name][0])
        return people


# The profile file is written by test teams in the routine's words; the model is in
# English. Section -> (Profile attribute, the keys each entry must have).
_NAMED = ("nummer", "fornamn", "efternamn")
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "kunder": ("customers", _NAMED),
    "skyddade_kunder": ("protected_customers", ("nummer",)),
    "reservnummerkunder": ("reserve_customers", (*_NAMED, "fodelsedatum")),
    "pu_personer": ("pu_people", _NAMED),
    "pu_skyddade": ("pu_protected", ("nummer",)),
    "samordningsnummer_i_pu": ("pu_samordningsnummer", _NAMED),
    "ej_i_pu": ("not_in_pu", ("nummer",)),
}
# A person's key -> ProfilePerson field (the Kundkort's are named as CustomerDetails').
PERSON_KEYS: dict[str, str] = {
    "nummer": "number",
    **{key: name for name, key in PROFILE_KEYS.items()},
    "delar": "shares",
    "skydd": "protection",
}


def load_profile(path: Path, env: Mapping[str, str] | None = None) -> Profile:
    """Read and validate a profile; raise ``ProfileError`` listing every problem.

    ``env`` (default: the process's) expands ``${VAR}`` in card paths and must hold
    each card's passphrase variable.
    """
    env = os.environ if env is None else env
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ProfileError(path, [f"filen kan inte läsas ({error.strerror})"]) from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" på rad {mark.line + 1}" if mark else ""
        raise ProfileError(path, [f"ogiltig YAML{where}"]) from None
    if not isinstance(raw, dict):
        raise ProfileError(path, ["profilen ska vara en YAML-mappning på översta nivån"])

    problems: list[str] = []
    unknown = set(raw) - {"version", "beskrivning", "inloggning", "kort", "tillganglighet",
                          "lasande_anrop", *SECTIONS}
    problems += [f"okänd nyckel '{key}'" for key in sorted(unknown)]
    if raw.get("version") != 1:
        problems.append("'version' ska vara 1")

    login = raw.get("inloggning")
    if not isinstance(login, dict):
        problems.append("'inloggning' saknas (namn och hsa_id för kortets innehavare)")
        login = {}
    name = str(login.get("namn") or "").strip()
    hsa_id = str(login.get("hsa_id") or "").strip()
    if not name:
        problems.append("inloggning.namn saknas")
    if not _HSA_ID.match(hsa_id):
        problems.append(f"inloggning.hsa_id '{hsa_id}' är inget HSA-id (SE<10 siffror>-<id>)")

    people: dict[str, tuple[ProfilePerson, ...]] = {}
    seen: dict[str, str] = {}
    for section, (attribute, required) in SECTIONS.items():
        people[attribute] = tuple(_people(raw.get(section, []), section, required, seen, problems))
    if not people["customers"]:
        problems.append("'kunder' måste ha minst en befintlig kund")
    cards = _cards(raw.get("kort", {}), path.parent, env, problems)
    known_issues = parse_known_issues(raw.get("tillganglighet"), problems)
    declared_reads = _declared_reads(raw.get("lasande_anrop", []), problems)

    if problems:
        raise ProfileError(path, problems)
    return Profile(
        path=path,
        login_name=name,
        login_hsa_id=hsa_id,
        numbers=frozenset(seen),
        cards=cards,
        known_issues=known_issues,
        declared_reads=declared_reads,
        **people,
    )


def _people(
    entries: Any,
    section: str,
    required: tuple[str, ...],
    seen: dict[str, str],
    problems: list[str],
) -> list[ProfilePerson]:
    if not isinstance(entries, list):
        problems.append(f"'{section}' ska vara en lista")
        return []
    people: list[ProfilePerson] = []
    for index, entry in enumerate(entries, start=1):
        where = f"{section}[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: ska vara en mappning")
            continue
        unknown = set(entry) - set(PERSON_KEYS)
        problems += [f"{where}: okänt fält '{key}'" for key in sorted(unknown)]
        values = {key: _scalar(value) for key, value in entry.items() if value is not None}
        missing = [key for key in required if not values.get(key)]
        problems += [f"{where}: '{key}' saknas" for key in missing]
        number = values.get("nummer", "")
        if number:
            problems += _check_number(where, section, number, seen)
        postcode = values.get("postnummer", "")
        if postcode and not _POSTCODE.match(postcode):
            problems.append(f"{where}: postnummer '{postcode}' ska vara fem siffror")
        for key, allowed in _CHOICES.items():
            if key in values and values[key] not in allowed:
                two = len(allowed) == 2
                words = " eller ".join(allowed) if two else "en av " + ", ".join(allowed)
                problems.append(f"{where}: '{key}' ska vara {words}")
        birth = values.get("fodelsedatum", "")
        if birth and iso_date(birth) is None:
            problems.append(f"{where}: fodelsedatum '{birth}' ska vara ÅÅÅÅ-MM-DD")
        if not unknown and not missing:
            people.append(
                ProfilePerson(
                    **{PERSON_KEYS[key]: value for key, value in values.items()}, entry=where
                )
            )
    return people


def _declared_reads(raw: Any, problems: list[str]) -> DeclaredReads:
    if not isinstance(raw, list):
        problems.append("'lasande_anrop' ska vara en lista, till exempel ['POST /api/sok']")
        return DeclaredReads()
    entries = []
    for index, entry in enumerate(raw, start=1):
        try:
            entries.append(parse_declaration(str(entry)))
        except DeclarationError as error:
            problems.append(f"lasande_anrop[{index}]: {error}")
    return DeclaredReads(tuple(entries))


def _cards(
    raw: Any, folder: Path, env: Mapping[str, str], problems: list[str]
) -> dict[str, ProfileCard]:
    if not isinstance(raw, dict):
        problems.append("'kort' ska vara en mappning (utan_behorighet, utgangen, …)")
        return {}
    cards: dict[str, ProfileCard] = {}
    for role, entry in raw.items():
        where = f"kort.{role}"
        if role not in CARD_ROLES:
            problems.append(f"okänt kort '{where}' (finns: {', '.join(CARD_ROLES)})")
            continue
        if not isinstance(entry, dict) or not entry.get("fil"):
            problems.append(f"{where}: 'fil' saknas (sökvägen till kortets PKCS#12-fil)")
            continue
        unknown = set(entry) - {"fil", "losenord_variabel"}
        problems += [f"{where}: okänt fält '{key}'" for key in sorted(unknown)]
        variable = str(entry.get("losenord_variabel") or DEFAULT_PASSPHRASE_VARIABLE)
        if not env.get(variable):
            problems.append(f"{where}: miljövariabeln {variable} med kortets lösenord är inte satt")
        try:
            path = _card_path(str(entry["fil"]), folder, env)
        except KeyError as missing:
            problems.append(f"{where}: miljövariabeln {missing.args[0]} i 'fil' är inte satt")
            continue
        if not path.is_file():
            problems.append(f"{where}: filen {path} finns inte")
            continue
        if not unknown:
            cards[role] = ProfileCard(role, path, variable)
    return cards


def _card_path(text: str, folder: Path, env: Mapping[str, str]) -> Path:
    """``${VAR}``/``$VAR`` and ``~`` expanded; relative to the profile's folder."""

    def value(match: re.Match[str]) -> str:
        name = match[1] or match[2]
        if not env.get(name):
            raise KeyError(name)
        return env[name]

    return (folder / Path(_VARIABLE.sub(value, text)).expanduser()).resolve()


def _scalar(value: Any) -> str:
    # YAML reads ja/nej-like words and dates as bool/date; the profile means text.
    return ("ja" if value else "nej") if isinstance(value, bool) else str(value).strip()


def _check_number(where: str, section: str, number: str, seen: dict[str, str]) -> list[str]:
    try:
        identity = parse_identity(number)
    except IdentityError as error:
        return [f"{where}: nummer '{number}' är ogiltigt ({error})"]
    problems = []
    wants_reserv = section == "reservnummerkunder"
    if wants_reserv != (identity.kind == "reservnummer"):
        kind = "ett reservnummer" if wants_reserv else "ett person- eller samordningsnummer"
        problems.append(f"{where}: nummer '{number}' ska vara {kind}")
    if section == "samordningsnummer_i_pu" and identity.kind != "samordningsnummer":
        problems.append(f"{where}: nummer '{number}' är inget samordningsnummer")
    if identity.digits in seen:
        problems.append(f"{where}: nummer '{number}' finns redan i {seen[identity.digits]}")
    seen[identity.digits] = where
    return problems

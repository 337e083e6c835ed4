"""``./mvj profile check``'s judgement: the profile against what the journal showed.

Pure functions over what the browser read (``mvj_suite.live.profile_probe``):

- ``compare_card``: each field a profile entry states against the Kundkort,
  one ``Difference`` per field that disagrees (fields left out are unknown and
  not compared);
- ``draft_fields``: what the Kundkort shows that the entry leaves out, as the
  profile's keys and values, for ``--draft``;
- ``coverage``: what the selected scenarios need of the profile and nobody
  in it meets (``mvj_suite.model.person_needs``, ``mvj_suite.model.pools``): what is
  missing for a full sign-off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from mvj_suite.model.details import national_digits
from mvj_suite.model.person_needs import Requirement, fill_hint, fits, requirements_of
from mvj_suite.model.pools import PoolNeed, fill_for, needs_of
from mvj_suite.model.profile import Profile, ProfilePerson

_ADDRESS = re.compile(r"^(?P<street>.*), (?P<postcode>\d{3} ?\d{2}) (?P<city>.+)$")
CONSENT = {"ja": "Ja", "nej": "Nej"}


@dataclass(frozen=True)
class Difference:
    entry: str  # "kunder[2]"
    field: str  # the profile's key: "mobiltelefon"
    profile: str
    journal: str


@dataclass(frozen=True)
class CardRead:
    """What one Kundkort showed: its heading and its labelled values (CARD_LABELS keys)."""

    heading_matches: bool  # the heading is the entry's "förnamn efternamn"
    values: Mapping[str, str]


@dataclass
class EntryCheck:
    """One customer entry of the profile against the journal."""

    person: ProfilePerson
    section: str
    found: bool = True
    differences: list[Difference] = field(default_factory=list)
    draft: dict[str, str] = field(default_factory=dict)  # fields the Kundkort adds


@dataclass
class ProbeResult:
    """What the browser read: the login, every customer entry, the pools."""

    login_difference: str  # "" when the journal shows the profile's user
    entries: list[EntryCheck]
    pool_customers: list[ProfilePerson]  # pool people who are customers already
    pool_checked: int
    calls: str  # the non-GET calls the journal made, as the preflight lists them

    @property
    def mismatches(self) -> int:
        differences = sum(len(entry.differences) for entry in self.entries)
        return differences + len(self.pool_customers) + bool(self.login_difference)


def split_address(text: str) -> tuple[str, str, str] | None:
    """``"Ekstigen 7, 345 67 Exempelby"`` → its three parts (the street may hold ", ")."""
    match = _ADDRESS.match(text.strip())
    if not match:
        return None
    digits = match["postcode"].replace(" ", "")
    return match["street"], f"{digits[:3]} {digits[3:]}", match["city"]


def compare_card(person: ProfilePerson, card: CardRead, reserve: bool = False) -> list[Difference]:
    """Each stated field that the Kundkort does not show as the profile states it."""
    found: list[Difference] = []

    def differ(key: str, stated: str, shown: str) -> None:
        found.append(Difference(person.entry, key, stated, shown))

    if not card.heading_matches:
        differ("fornamn/efternamn", f"{person.first_name} {person.last_name}",
               "en annan rubrik på Kundkortet")  # fmt: skip
    values = card.values
    address = values.get("address", "")
    parts = split_address(address)
    stated_parts = (("utdelningsadress", person.street_address, 0),
                    ("postnummer", person.postcode, 1), ("ort", person.city, 2))  # fmt: skip
    for key, stated, index in stated_parts:
        if not stated:
            continue
        shown = parts[index] if parts else address
        same = (shown.replace(" ", "") == stated.replace(" ", "")) if index == 1 else (
            shown == stated)
        if not same:
            differ(key, stated, shown or "(tomt)")
    if person.mobile and national_digits(values.get("mobile", "")) != national_digits(
        person.mobile
    ):
        differ("mobiltelefon", person.mobile, values.get("mobile", "") or "(tomt)")
    if person.email and values.get("email", "").casefold() != person.email.casefold():
        differ("epost", person.email, values.get("email", "") or "(tomt)")
    if person.contact_route and values.get("contact_route", "") != person.contact_route:
        differ("kontaktvag", person.contact_route, values.get("contact_route", "") or "(tomt)")
    if person.consent and values.get("consent", "") != CONSENT[person.consent]:
        differ("samtycke", person.consent, values.get("consent", "") or "(tomt)")
    if reserve and person.birth_date and values.get("birth_date", "") != person.birth_date:
        differ("fodelsedatum", person.birth_date, values.get("birth_date", "") or "(tomt)")
    return found


def draft_fields(person: ProfilePerson, card: CardRead) -> dict[str, str]:
    """The profile keys the Kundkort shows a value for and the entry leaves out."""
    values = card.values
    shown: dict[str, str] = {}
    parts = split_address(values.get("address", ""))
    if parts:
        shown.update(zip(("utdelningsadress", "postnummer", "ort"), parts, strict=True))
    shown["mobiltelefon"] = values.get("mobile", "")
    shown["epost"] = values.get("email", "")
    shown["kontaktvag"] = values.get("contact_route", "")
    consent = values.get("consent", "")
    shown["samtycke"] = next((key for key, text in CONSENT.items() if text == consent), "")
    return {key: value for key, value in shown.items() if value and not person.stated(key)}


def draft_yaml(drafts: Mapping[str, list[tuple[ProfilePerson, dict[str, str]]]]) -> list[str]:
    """YAML lines to paste: per section, each entry's number and the fields it lacks."""
    lines = ["# Fält som Kundkortet visar och profilen saknar – klistra in under respektive "
             "post (kontrollera först att de stämmer med testpersonen):"]  # fmt: skip
    for section, entries in drafts.items():
        entries = [(person, fields) for person, fields in entries if fields]
        if not entries:
            continue
        lines.append(f"{section}:")
        for person, fields in entries:
            lines.append(f"  - nummer: {_quoted(person.number)}  # {person.entry}")
            lines += [f"    {key}: {_quoted(value)}" for key, value in fields.items()]
    if len(lines) == 1:
        lines.append("# (inget att lägga till: profilen anger allt som Kundkortet visar)")
    return lines


def _quoted(value: str) -> str:
    # Numbers of digits only (a reservnummer) and texts YAML would read otherwise.
    if value.isdigit() or value.lower() in ("yes", "no", "on", "off", "true", "false"):
        return f'"{value}"'
    return value


# --- what the selected scenarios need that nobody in the profile meets ----------------------
@dataclass
class Gap:
    where: str  # "'kunder' med ett förnamn på minst fyra tecken" or a pool need's label
    fill: str  # what to fill in: the profile fields, or the pool
    scenarios: list[tuple[str, bool]] = field(default_factory=list)  # (name, writes)


@dataclass(frozen=True)
class ScenarioNeeds:
    name: str
    steps: tuple[str, ...]
    writes: bool


def coverage(profile: Profile, scenarios: Iterable[ScenarioNeeds]) -> list[Gap]:
    """Per need nobody in the profile meets: the scenarios it keeps from running."""
    gaps: dict[str, Gap] = {}
    for scenario in scenarios:
        for requirement in requirements_of(scenario.steps):
            if not _anyone(profile, requirement):
                section = requirement.section
                fill = f"lägg till någon i '{section}'"
                if requirement.keys:
                    fill = fill_hint(section, requirement.keys, profile.section(section))
                gap = gaps.setdefault(requirement.label, Gap(requirement.label, fill))
                gap.scenarios.append((scenario.name, scenario.writes))
        for need in needs_of(scenario.steps):
            if not _anyone_in_pool(profile, need):
                gap = gaps.setdefault(need.label, Gap(need.label, fill_for(profile, need)))
                gap.scenarios.append((scenario.name, scenario.writes))
    return sorted(gaps.values(), key=lambda gap: gap.where)


def _anyone(profile: Profile, requirement: Requirement) -> bool:
    return any(fits(person, requirement.keys) for person in profile.section(requirement.section))


def _anyone_in_pool(profile: Profile, need: PoolNeed) -> bool:
    return any(need.matches(person) for person in profile.section(need.pool))

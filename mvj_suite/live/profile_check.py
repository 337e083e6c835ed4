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

import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from mvj_suite.model.details import national_digits
from mvj_suite.model.person_needs import Requirement, fill_hint, fits, requirements_of
from mvj_suite.model.pools import POOLS, fill_for, needs_of
from mvj_suite.model.profile import PERSON_KEYS, Profile, ProfilePerson

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
    pools: tuple[str, ...] = POOLS  # the pools checked: those the selection takes from

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


# How the Kundkort may show what a profile key states and still agree: a phone number
# in any notation, an e-mail address in any case, consent as the card words it.
_SAME: dict[str, Callable[[str, str], bool]] = {
    "utdelningsadress": operator.eq,
    "postnummer": lambda stated, shown: shown.replace(" ", "") == stated.replace(" ", ""),
    "ort": operator.eq,
    "mobiltelefon": lambda stated, shown: national_digits(shown) == national_digits(stated),
    "epost": lambda stated, shown: shown.casefold() == stated.casefold(),
    "kontaktvag": operator.eq,
    "samtycke": lambda stated, shown: shown == CONSENT[stated],
    "fodelsedatum": operator.eq,  # shown only for a reservnummer
}
_ADDRESS_KEYS = ("utdelningsadress", "postnummer", "ort")


def _shown(values: Mapping[str, str], address_parts: tuple[str, ...]) -> dict[str, str]:
    """What the Kundkort shows, by profile key."""
    shown = dict(zip(_ADDRESS_KEYS, address_parts, strict=True))
    return shown | {key: values.get(PERSON_KEYS[key], "") for key in _SAME if key not in shown}


def compare_card(person: ProfilePerson, card: CardRead, reserve: bool = False) -> list[Difference]:
    """Each stated field that the Kundkort does not show as the profile states it."""
    found: list[Difference] = []
    if not card.heading_matches:
        found.append(Difference(person.entry, "fornamn/efternamn",
                                f"{person.first_name} {person.last_name}",
                                "en annan rubrik på Kundkortet"))  # fmt: skip
    address = card.values.get("address", "")
    shown = _shown(card.values, split_address(address) or (address,) * 3)
    for key, same in _SAME.items():
        stated = getattr(person, PERSON_KEYS[key])
        if stated and (reserve or key != "fodelsedatum") and not same(stated, shown[key]):
            found.append(Difference(person.entry, key, stated, shown[key] or "(tomt)"))
    return found


def draft_fields(person: ProfilePerson, card: CardRead) -> dict[str, str]:
    """The profile keys the Kundkort shows a value for and the entry leaves out."""
    shown = _shown(card.values, split_address(card.values.get("address", "")) or ("",) * 3)
    del shown["fodelsedatum"]
    shown["samtycke"] = next((key for key, text in CONSENT.items() if text == shown["samtycke"]),
                             "")  # fmt: skip
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
        unmet = [(need.label, _fill(profile, need)) for need in requirements_of(scenario.steps)
                 if not any(fits(p, need.keys) for p in profile.section(need.section))]
        unmet += [(need.label, fill_for(profile, need)) for need in needs_of(scenario.steps)
                  if not any(need.matches(p) for p in profile.section(need.pool))]  # fmt: skip
        for label, fill in unmet:
            gap = gaps.setdefault(label, Gap(label, fill))
            gap.scenarios.append((scenario.name, scenario.writes))
    return sorted(gaps.values(), key=lambda gap: gap.where)


def _fill(profile: Profile, requirement: Requirement) -> str:
    if not requirement.keys:
        return f"lägg till någon i '{requirement.section}'"
    return fill_hint(requirement.section, requirement.keys, profile.section(requirement.section))

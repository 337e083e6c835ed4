"""What a scenario needs of its person, so that a live profile person who fits is chosen.

A real test environment has customers called Eva, Bo and Åsa, entries the team
filled in only partly, and PU persons whose 1177 sharing nobody wrote down. A
scenario that searches on a first name needs one of four letters or more; one
that checks what PU fetched needs the profile to state the address. Each such
need is a ``PersonNeed`` with a Swedish label and the profile fields that
satisfy it.

Step modules declare, next to their step definitions, which step texts bring
which needs (``person_step``); a scenario's needs are then known from its
Gherkin alone (``needs_of_steps``), before it runs: the data layer picks a
person who meets every one, the pool budget counts them, and ``./mvj profile
check`` reports what the profile lacks. The needs are about "kunden", the
person the scenario is about.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from mvj_suite.model.customers import SHARES
from mvj_suite.model.details import is_mobile
from mvj_suite.model.identities import IdentityError, parse_identity
from mvj_suite.model.profile import ProfilePerson
from mvj_suite.model.profile_people import number_from
from mvj_suite.model.testdata import age


@dataclass(frozen=True)
class PersonNeed:
    key: str  # stable, for the run's shared needs file and the budget
    label: str  # Swedish: "ett förnamn på minst fyra tecken"
    short: str  # in the budget's one line: "förnamn ≥ 4 tecken"
    fields: tuple[str, ...]  # the profile keys that satisfy it ("fornamn", …)
    fits: Callable[[ProfilePerson], bool] = field(compare=False, repr=False)
    # "nummer": judged on every profile person; "uppgifter": only where the scenario uses
    # the profile's own details (not for ej_i_pu, whose details the suite makes up).
    scope: str = "uppgifter"


def _letters(text: str) -> int:
    return len(text.strip())


def kind_of(person: ProfilePerson) -> str:
    """personnummer, samordningsnummer or reservnummer ("" for a number that is none)."""
    try:
        return parse_identity(person.number).kind
    except IdentityError:
        return ""


def _age(person: ProfilePerson) -> int:
    """Age from the number (0 for a reservnummer: it holds no birth date)."""
    if kind_of(person) not in ("personnummer", "samordningsnummer"):
        return 0
    return age(number_from(person.number).born)


def _shared_stated(person: ProfilePerson) -> bool:
    if person.shares not in SHARES:
        return False
    mobile, email = SHARES[person.shares]
    return (not mobile or bool(person.mobile)) and (not email or bool(person.email))


def _aao_surname(person: ProfilePerson) -> bool:
    name = person.last_name
    return _letters(name) >= 4 and any(letter in name.lower() for letter in "åäö")


_NEEDS = (
    PersonNeed("personnummer", "ett personnummer", "personnummer", ("nummer",),
               lambda p: kind_of(p) == "personnummer", scope="nummer"),
    PersonNeed("samordningsnummer", "ett samordningsnummer", "samordningsnummer", ("nummer",),
               lambda p: kind_of(p) == "samordningsnummer", scope="nummer"),
    PersonNeed("under_hundra", "under hundra år (tiosiffriga skrivsätt med bindestreck)",
               "under 100 år", ("nummer",), lambda p: _age(p) < 100, scope="nummer"),
    PersonNeed("over_hundra", "över hundra år", "över 100 år", ("nummer",),
               lambda p: _age(p) >= 100, scope="nummer"),
    PersonNeed("fornamn_fyra", "ett förnamn på minst fyra tecken (kortare söks inte)",
               "förnamn ≥ 4 tecken", ("fornamn",), lambda p: _letters(p.first_name) >= 4),
    PersonNeed("efternamn_tre", "ett efternamn på minst tre bokstäver",
               "efternamn ≥ 3 tecken", ("efternamn",), lambda p: _letters(p.last_name) >= 3),
    PersonNeed("efternamn_fyra", "ett efternamn på minst fyra tecken (kortare söks inte)",
               "efternamn ≥ 4 tecken", ("efternamn",), lambda p: _letters(p.last_name) >= 4),
    PersonNeed("efternamn_aao", "å, ä eller ö i ett efternamn på minst fyra tecken",
               "å/ä/ö i efternamnet", ("efternamn",), _aao_surname),
    PersonNeed("namn", "förnamn och efternamn", "namn", ("fornamn", "efternamn"),
               lambda p: bool(p.first_name and p.last_name)),
    PersonNeed("mobil", "ett svenskt mobilnummer", "mobiltelefon", ("mobiltelefon",),
               lambda p: is_mobile(p.mobile)),
    PersonNeed("epost", "en e-postadress", "e-post", ("epost",), lambda p: bool(p.email)),
    PersonNeed("adress", "en adress (utdelningsadress, postnummer och ort)", "adress",
               ("utdelningsadress", "postnummer", "ort"),
               lambda p: bool(p.street_address and p.postcode and p.city)),
    PersonNeed("delar", "vad personen delar från 1177, med det delade värdet",
               "delar med värden", ("delar", "mobiltelefon", "epost"), _shared_stated),
)  # fmt: skip
NEEDS: dict[str, PersonNeed] = {need.key: need for need in _NEEDS}


def need(key: str) -> PersonNeed:
    try:
        return NEEDS[key]
    except KeyError:
        raise ValueError(f"okänt behov '{key}' (finns: {', '.join(NEEDS)})") from None


def fits(person: ProfilePerson, keys: Iterable[str]) -> bool:
    return all(need(key).fits(person) for key in keys)


def number_scope(keys: Iterable[str]) -> tuple[str, ...]:
    """The needs a person with made-up details must still meet (kind and age)."""
    return tuple(sorted(key for key in keys if need(key).scope == "nummer"))


def describe(keys: Iterable[str]) -> str:
    """``"ett förnamn på minst fyra tecken och en e-postadress"``."""
    labels = [need(key).label for key in sorted(keys)]
    return ", ".join(labels[:-1]) + " och " + labels[-1] if len(labels) > 1 else "".join(labels)


def brief(keys: Iterable[str]) -> str:
    """``"förnamn ≥ 4 tecken, e-post"``: the needs in a budget line."""
    return ", ".join(need(key).short for key in sorted(keys))


def profile_fields(keys: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(name for key in sorted(keys) for name in need(key).fields))


def fill_hint(section: str, keys: Iterable[str], people: Iterable[ProfilePerson] = ()) -> str:
    """What to fill in: for the entry closest to fitting, only what it lacks."""
    keys = sorted(keys)
    # The entry that lacks the fewest needs, and those needs (first in profile order).
    ranked = [(person, [key for key in keys if not need(key).fits(person)]) for person in people]
    near = min(ranked, key=lambda pair: len(pair[1]), default=None)
    if near is None or not near[1] or not near[0].entry:
        return f"fyll i {profile_fields(keys)} för någon i '{section}'"
    person, lacking = near
    return (f"närmast är {person.entry}, som saknar {describe(lacking)}: fyll i "
            f"{profile_fields(lacking)} där, eller lägg till någon")  # fmt: skip


def skip_line(section: str, keys: Iterable[str], people: Iterable[ProfilePerson] = ()) -> str:
    """The one line a scenario is skipped with when nobody in ``section`` fits; with the
    section's ``people``, it names the entry closest to fitting and what it lacks."""
    keys = tuple(keys)
    if not keys:
        return f"Testdataprofilen har ingen person i '{section}' – fyll på den."
    return (
        f"Testdataprofilen har ingen person i '{section}' med {describe(keys)} – "
        f"{fill_hint(section, keys, people)}."
    )


# --- which step texts bring which needs -------------------------------------------------------
_NEED_STEPS: list[tuple[re.Pattern[str], tuple[str, ...]]] = []


def person_step(pattern: str, *keys: str) -> str:
    """Declare that a step whose text matches ``pattern`` needs ``keys`` of "kunden".

    Returns ``pattern``, so a step module writes it once, as with ``pool_step``.
    A step text may match several declarations; their needs add up.
    """
    for key in keys:
        need(key)  # a typo fails at import, not in a live run
    _NEED_STEPS.append((re.compile(pattern), keys))
    return pattern


def needs_of_steps(steps: Iterable[str]) -> frozenset[str]:
    """The needs of the scenario's person, from every step of the scenario."""
    found: set[str] = set()
    for text in steps:
        for pattern, keys in _NEED_STEPS:
            if pattern.fullmatch(text):
                found.update(keys)
    return frozenset(found)


# --- where "kunden" comes from: the profile sections read as they are ------------------------
# (pattern, the profile section a live run reads the person from, what the step itself
# asks (kind, age), whether it brings "kunden" (else another person, with its keys only))
_SOURCE_STEPS: list[tuple[re.Pattern[str], str, tuple[str, ...], bool]] = []


@dataclass(frozen=True)
class Requirement:
    """One person a scenario reads from a profile section, and what they must meet."""

    section: str
    keys: frozenset[str]

    @property
    def label(self) -> str:
        return f"'{self.section}'" + (f" med {describe(self.keys)}" if self.keys else "")


def source_step(pattern: str, section: str, *keys: str, person: bool = True) -> str:
    """Declare that a step whose text matches ``pattern`` reads a person from the
    profile's ``section`` (``kunder`` …) meeting ``keys``, plus, when it brings "kunden",
    everything the scenario's other steps need of her. Returns ``pattern``."""
    for key in keys:
        need(key)
    _SOURCE_STEPS.append((re.compile(pattern), section, keys, person))
    return pattern


def requirements_of(steps: Iterable[str]) -> list[Requirement]:
    """The profile people a scenario reads (not the pools: mvj_suite.model.pools)."""
    steps = tuple(steps)
    scenario_needs = needs_of_steps(steps)
    found: list[Requirement] = []
    for text in steps:
        for pattern, section, keys, person in _SOURCE_STEPS:
            if pattern.fullmatch(text):
                wanted = {*keys, *(scenario_needs if person else ())}
                found.append(Requirement(section, frozenset(wanted)))
                break
    return found

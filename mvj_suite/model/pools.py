"""The test-data profile's pools: who a scenario takes, and whether there are enough.

A live journal cannot be seeded, so scenarios that add a customer take a
person from one of the profile's pools (``ej_i_pu``, ``pu_personer``,
``pu_skyddade``, ``samordningsnummer_i_pu``). Three things live here:

- ``PoolNeed``: what a step asks for (a pool and a filter: kind of number,
  what the person shares from 1177, the kind of protection).
- ``LivePools``: hands out each person once per run. Claims are files created
  with ``O_EXCL`` in a folder the whole run shares, so pytest-xdist workers
  never take the same person and none is left idle by a static split.
- The budget: every step that takes from a pool is registered with its
  pattern (``pool_step``), so the needs of the selected scenarios are known
  from their Gherkin before anything runs; ``budget`` compares them with the
  profile, and a shortfall stops the run with one line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from mvj_suite.model.identities import parse_identity
from mvj_suite.model.person_needs import (
    brief,
    fill_hint,
    fits,
    kind_of,
    needs_of_steps,
    number_scope,
    skip_line,
)
from mvj_suite.model.profile import Profile, ProfilePerson

POOLS = ("ej_i_pu", "pu_personer", "pu_skyddade", "samordningsnummer_i_pu")
PROTECTION_WORDS = {
    "sekretessmarkering": "sekretessmarkering",
    "skyddad folkbokföring": "skyddad_folkbokforing",
}


@dataclass(frozen=True)
class PoolNeed:
    """One person from ``pool`` that fits the filter ("" = any)."""

    pool: str
    kind: str = ""  # personnummer | samordningsnummer
    shares: str = ""  # mobil | epost | bada | inget
    protection: str = ""  # sekretessmarkering | skyddad_folkbokforing
    # What the scenario needs of the person (mvj_suite.model.person_needs keys, sorted).
    requires: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.pool not in POOLS:
            raise ValueError(f"okänd pott '{self.pool}' (finns: {', '.join(POOLS)})")

    def matches(self, person: ProfilePerson) -> bool:
        return (
            (not self.kind or kind_of(person) == self.kind)
            and (not self.shares or person.shares == self.shares)
            # A protected person whose profile entry leaves out the kind fits either kind.
            and (not self.protection or person.protection in ("", self.protection))
            and fits(person, self.requires)
        )

    def exact(self, person: ProfilePerson) -> bool:
        """The entry names this need's filter itself (preferred over one that fits any)."""
        return not self.protection or person.protection == self.protection

    @property
    def label(self) -> str:
        sharing = f"delar {self.shares}" if self.shares else ""
        parts = (self.kind, sharing, self.protection, brief(self.requires))
        details = [value for value in parts if value]
        return self.pool + (f" ({', '.join(details)})" if details else "")

    def for_number(self, *, ten_digits: bool) -> PoolNeed:
        """A number typed in a ten-digit notation names its person only under a hundred."""
        return replace(self, requires=("under_hundra",)) if ten_digits else self

    def for_person(self, needs: Iterable[str]) -> PoolNeed:
        """This need with what the scenario needs of its person: all of it where the
        scenario uses PU's record from the profile, kind and age where the suite makes
        the details up (``ej_i_pu``)."""
        keys = number_scope(needs) if self.pool == "ej_i_pu" else tuple(sorted(set(needs)))
        return replace(self, requires=keys)


# --- which steps take from a pool ---------------------------------------------------------
# (pattern, the need of a match, whether the step brings "kunden": her needs are added)
_POOL_STEPS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], PoolNeed], bool]] = []


def pool_step(
    pattern: str,
    need: PoolNeed | Callable[[re.Match[str]], PoolNeed],
    *,
    person: bool = True,
) -> str:
    """Declare that a step whose text matches ``pattern`` takes one person as ``need``;
    ``person=False`` for a step that only takes a number (not the scenario's person).

    Returns ``pattern``, so a step module writes it once::

        @given(pool_step("att det finns en ny kund …", PoolNeed("ej_i_pu", kind=…)))
    """
    make = need if callable(need) else (lambda _match, fixed=need: fixed)
    _POOL_STEPS.append((re.compile(pattern), make, person))
    return pattern


def needs_of(steps: Iterable[str]) -> list[PoolNeed]:
    """The pool needs of a scenario, from its steps' texts, each with what the
    scenario needs of its person where the step brings that person."""
    steps = tuple(steps)
    person_needs = needs_of_steps(steps)
    needs: list[PoolNeed] = []
    for text in steps:
        for pattern, need, person in _POOL_STEPS:
            if match := pattern.fullmatch(text):
                needs.append(need(match).for_person(person_needs) if person else need(match))
                break
    return needs


# --- handing out people ---------------------------------------------------------------------
def fitting(profile: Profile, need: PoolNeed) -> list[ProfilePerson]:
    """The pool's people who fit ``need``: those whose entry names its filter first, in
    profile order otherwise."""
    people = [person for person in profile.section(need.pool) if need.matches(person)]
    return sorted(people, key=lambda person: not need.exact(person))


class LivePools:
    """Each pool person at most once per run, across every xdist worker."""

    def __init__(self, profile: Profile, claims_dir: Path) -> None:
        self.profile = profile
        self.claims_dir = claims_dir
        claims_dir.mkdir(parents=True, exist_ok=True)

    def take(self, need: PoolNeed) -> ProfilePerson:
        """Claim the next free person for ``need``; skip the scenario when none is left."""
        candidates = fitting(self.profile, need)
        if not candidates:
            pytest.skip(_nobody_fits(self.profile, need))
        for person in candidates:
            if self._claim(person.number):
                return person
        pytest.skip(
            f"Testdataprofilen har inga fler {need.label} för den här körningen – "
            "fyll på potten eller återställ testmiljön."
        )

    def _claim(self, number: str) -> bool:
        try:  # O_CREAT | O_EXCL: one worker creates it, every other one finds it there
            (self.claims_dir / parse_identity(number).digits).touch(exist_ok=False)
        except FileExistsError:
            return False
        return True


def near_misses(profile: Profile, need: PoolNeed) -> list[ProfilePerson]:
    """The pool's people who fit its own filter but not what the scenario needs."""
    plain = replace(need, requires=())
    return [person for person in profile.section(need.pool) if plain.matches(person)]


def fill_for(profile: Profile, need: PoolNeed) -> str:
    """What to do when nobody in the pool fits ``need``: what the entry closest to
    fitting lacks, or a person to add."""
    near = near_misses(profile, need)
    if need.requires and near:
        return fill_hint(need.pool, need.requires, near)
    return f"lägg till en sådan person i '{need.pool}'"


def _nobody_fits(profile: Profile, need: PoolNeed) -> str:
    """Why no entry of the pool fits: the pool's own filter, or what the scenario needs."""
    plain = replace(need, requires=())
    near = near_misses(profile, need)
    if need.requires and near:
        return skip_line(plain.label, need.requires, near)
    return f"Testdataprofilen har ingen {plain.label} – fyll på potten i profilen."


# --- the budget -----------------------------------------------------------------------------
@dataclass(frozen=True)
class BudgetLine:
    need: PoolNeed
    needed: int  # by the selected scenarios that will run
    consumed: int  # of those, taken by scenarios that write (gone after the run)
    available: int  # entries of the profile that fit
    short: int  # how many more the profile must hold


def budget(
    profile: Profile, needed: Mapping[PoolNeed, int], consumed: Mapping[PoolNeed, int]
) -> list[BudgetLine]:
    """Each need against the profile, simulating how ``LivePools.take`` hands people out.

    Needs are served most constrained first, each preferring entries that name its
    filter, so an entry that fits several needs (a protected person without ``skydd``)
    is left for the need that has nothing else.
    """
    taken: set[str] = set()
    lines: dict[PoolNeed, BudgetLine] = {}
    for need in sorted(needed, key=lambda n: (len(fitting(profile, n)), n.label)):
        candidates = fitting(profile, need)
        free = [person for person in candidates if person.number not in taken]
        served = free[: needed[need]]
        taken.update(person.number for person in served)
        lines[need] = BudgetLine(
            need=need,
            needed=needed[need],
            consumed=consumed.get(need, 0),
            available=len(candidates),
            short=needed[need] - len(served),
        )
    return [lines[need] for need in sorted(lines, key=lambda n: n.label)]


def count_needs(scenarios: Iterable[tuple[Iterable[str], bool]]) -> tuple[Counter, Counter]:
    """(needed, consumed) from (steps, writes) per scenario that will run."""
    needed: Counter[PoolNeed] = Counter()
    consumed: Counter[PoolNeed] = Counter()
    for steps, writes in scenarios:
        for need in needs_of(steps):
            needed[need] += 1
            if writes:
                consumed[need] += 1
    return needed, consumed


def missing_lines(lines: Iterable[BudgetLine]) -> list[BudgetLine]:
    """Needs nobody in the profile fits: their scenarios are skipped with the reason."""
    return [line for line in lines if line.needed and not line.available]


def shortage_message(lines: Iterable[BudgetLine]) -> str | None:
    """One Swedish line naming every pool that holds fitting people, but too few; None
    when all suffice. (A need nobody fits is no shortage: its scenarios are skipped,
    each with the reason, as a team without such a person expects.)"""
    short = [line for line in lines if line.short > 0 and line.available]
    if not short:
        return None
    parts = [f"{line.need.label}: behövs {line.needed}, profilen har {line.available}"
             for line in short]  # fmt: skip
    return (
        "Testdataprofilen räcker inte för de valda scenarierna – "
        + "; ".join(parts)
        + " (fyll på potterna i profilen eller välj färre scenarier)."
    )


def summary_line(lines: Iterable[BudgetLine]) -> str:
    """What the selected scenarios take, for the terminal: one line."""
    parts = [
        f"{line.need.label} {line.needed} av {line.available}"
        + (f" (förbrukar {line.consumed})" if line.consumed else "")
        + (" – ingen passar, scenarierna hoppas över" if line.needed and not line.available
           else "")
        for line in lines
    ]
    return "Testdata ur profilens potter: " + ("; ".join(parts) if parts else "inga")

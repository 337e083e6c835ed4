"""The profile's pools: matching, claims shared by workers, and the budget before a run."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from mvj_suite.model import pools
from mvj_suite.model.pools import (
    LivePools,
    PoolNeed,
    budget,
    count_needs,
    missing_lines,
    needs_of,
    pool_step,
    shortage_message,
    summary_line,
)
from mvj_suite.model.profile import Profile, ProfilePerson

from .stub_profile import load_stub_profile

SEKRETESS = PoolNeed("pu_skyddade", protection="sekretessmarkering")
FOLKBOKFORING = PoolNeed("pu_skyddade", protection="skyddad_folkbokforing")


def _profile(**pools: tuple[ProfilePerson, ...]) -> Profile:
    return replace(load_stub_profile(), **pools)


def _person(number: str, **fields: str) -> ProfilePerson:
    return ProfilePerson(number=number, **fields)


def test_needs_filter_by_kind_sharing_and_protection() -> None:
    personnummer, samordning = _person("19121212-1212"), _person("19701063-2391")
    assert PoolNeed("ej_i_pu", kind="personnummer").matches(personnummer)
    assert not PoolNeed("ej_i_pu", kind="personnummer").matches(samordning)
    assert PoolNeed("pu_personer", shares="mobil").matches(_person("19121212-1212", shares="mobil"))
    assert not PoolNeed("pu_personer", shares="mobil").matches(personnummer)  # delar: inget
    either = _person("19900909-4575")  # a protected person whose entry names no kind
    assert SEKRETESS.matches(either) and FOLKBOKFORING.matches(either)
    named = _person("19900909-4575", protection="skyddad_folkbokforing")
    assert FOLKBOKFORING.matches(named) and not SEKRETESS.matches(named)
    with pytest.raises(ValueError, match="okänd pott"):
        PoolNeed("kunder")


def test_two_workers_never_take_the_same_person(tmp_path: Path) -> None:
    """Claims are files in the run's shared folder: what one worker took, no other gets."""
    profile = load_stub_profile()
    need = PoolNeed("ej_i_pu", kind="personnummer")
    available = sum(need.matches(p) for p in profile.not_in_pu)
    gw0, gw1 = LivePools(profile, tmp_path), LivePools(profile, tmp_path)
    taken = [(gw0 if n % 2 else gw1).take(need).number for n in range(available)]
    assert len(set(taken)) == available
    with pytest.raises(pytest.skip.Exception, match="inga fler ej_i_pu"):
        gw0.take(need)


def test_an_entry_that_fits_any_protection_is_taken_last(tmp_path: Path) -> None:
    either = _person("19900909-4575")
    named = _person("19781122-1824", protection="sekretessmarkering")
    pools = LivePools(_profile(pu_protected=(either, named)), tmp_path)
    assert pools.take(SEKRETESS) == named  # though "either" comes first in the profile
    assert pools.take(FOLKBOKFORING) == either


def test_budget_serves_the_most_constrained_need_first() -> None:
    either = _person("19900909-4575")
    named = _person("19781122-1824", protection="sekretessmarkering")
    profile = _profile(pu_protected=(either, named))
    lines = budget(profile, Counter({SEKRETESS: 1, FOLKBOKFORING: 1}), Counter())
    assert [line.short for line in lines] == [0, 0]
    lines = budget(profile, Counter({SEKRETESS: 2, FOLKBOKFORING: 1}), Counter({SEKRETESS: 2}))
    by_need = {line.need: line for line in lines}
    assert by_need[SEKRETESS].short + by_need[FOLKBOKFORING].short == 1
    assert by_need[SEKRETESS].consumed == 2 and by_need[SEKRETESS].available == 2


def test_a_shortfall_is_one_line_naming_every_short_pool() -> None:
    profile = _profile(
        pu_people=(_person("19620704-3156", shares="epost"),),
        pu_samordningsnummer=(_person("19701063-2391"),),
    )
    needed = Counter({
        PoolNeed("pu_personer", shares="epost"): 2,
        PoolNeed("samordningsnummer_i_pu"): 2,
        PoolNeed("ej_i_pu", kind="personnummer"): 1,
    })  # fmt: skip
    message = shortage_message(budget(profile, needed, Counter()))
    assert message is not None and "\n" not in message
    assert "pu_personer (delar epost): behövs 2, profilen har 1" in message
    assert "samordningsnummer_i_pu: behövs 2, profilen har 1" in message
    assert "ej_i_pu" not in message  # that pool suffices
    assert shortage_message(budget(load_stub_profile(), Counter(), Counter())) is None
    assert summary_line([]).endswith("inga")


def test_a_need_nobody_fits_is_no_shortage_its_scenarios_skip(tmp_path: Path) -> None:
    """A team without such a person gets skips with the reason, not a stopped run."""
    profile = _profile(pu_samordningsnummer=(_person("19701063-2391", first_name="Piotr",
                                                      last_name="Nowak"),))  # fmt: skip
    need = PoolNeed("samordningsnummer_i_pu").for_person({"adress", "delar"})
    lines = budget(profile, Counter({need: 1}), Counter())
    assert shortage_message(lines) is None
    assert missing_lines(lines) == lines
    assert "ingen passar, scenarierna hoppas över" in summary_line(lines)
    with pytest.raises(pytest.skip.Exception) as skipped:
        LivePools(profile, tmp_path).take(need)
    reason = str(skipped.value)
    assert "'samordningsnummer_i_pu' med en adress" in reason, reason
    assert "fyll i" in reason and "delar" in reason, reason


def test_steps_declare_what_they_take(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pools, "_POOL_STEPS", [])  # the suite's own steps stay as they are
    pattern = pool_step(r"att det finns (?P<antal>\d+) testpersoner ur provpotten",
                        lambda match: PoolNeed("ej_i_pu", kind="samordningsnummer"))  # fmt: skip
    assert pattern.startswith("att det finns")
    needs = needs_of(["att sjuksköterskan Sara är inloggad",
                      "att det finns 3 testpersoner ur provpotten"])  # fmt: skip
    assert needs == [PoolNeed("ej_i_pu", kind="samordningsnummer")]
    needed, consumed = count_needs([
        (["att det finns 1 testpersoner ur provpotten"], True),
        (["att det finns 2 testpersoner ur provpotten"], False),
    ])  # fmt: skip
    need = PoolNeed("ej_i_pu", kind="samordningsnummer")
    assert needed[need] == 2 and consumed[need] == 1

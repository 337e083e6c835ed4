"""The terminal of a suite run: ``[n/N]`` on every scenario line, the Swedish failure block
with the element the check looked at – whatever ``-q``/``-v`` are given – and a Swedish
closing line instead of pytest's."""

from __future__ import annotations

import re

import pytest

from mvj_suite.progress.text import (
    closing_line,
    counter,
    decimal,
    duration,
    swedish_count,
)
from tests.reports.conftest import RULE_STEPS as STEPS
from tests.reports.conftest import SyntheticSuite

FEATURE = """# language: sv
@rutin-2.5
Egenskap: Skyddad identitet
  Scenario: Sökträffen visar Skyddad identitet
    Givet att allt är förberett
    Så lyckas det

  Scenario: Kundkortet går inte att ändra
    Givet att allt är förberett
    Så går knappen inte att använda

  Scenario: Ibland långsam
    Givet att allt är förberett
    Så svarar journalen andra gången

  Scenario: Bortvald
    Givet att allt är förberett
    Så lyckas det
"""

BLOCK = [
    "✗ Kundkortet går inte att ändra",
    "    Avsnitt:     2.5 Patient med skyddad identitet",
    "    Steg:        Så går knappen inte att använda",
    "    Element:     knappen «Ändra personuppgifter»",
    "    Väntat:      går inte att använda",
    "    Faktiskt:    går att använda",
]


def _run(suite: SyntheticSuite, *args: str) -> str:
    suite.file("steps/test_steps.py", STEPS)
    suite.file("features/skydd.feature", FEATURE)
    result = suite.run("--reruns=1", "-k", "not bortvald", *args, "steps")
    assert result.ret == 1, result.stdout[-3000:]
    return result.stdout


def test_each_scenario_line_counts_the_selected_scenarios(suite: SyntheticSuite) -> None:
    out = _run(suite)
    lines = [line for line in out.splitlines() if re.match(r"^(\[\d/3\]|\s{5}) [✓✗↻]", line)]
    assert [line[:5] for line in lines] == ["[1/3]", "[2/3]", "     ", "[3/3]"], out
    assert "✓ 2.5  Sökträffen visar Skyddad identitet (godkänt, 0,0 s)" in lines[0]
    # The rerun is an attempt, not a finished scenario: no number, and why it is rerun.
    assert re.search(r"↻ 2\.5  Ibland långsam \(körs om: tidsgränsen gick ut, \d+,\d s\)",
                     lines[2])
    assert "[3/3] ✓ 2.5  Ibland långsam" in lines[3]


@pytest.mark.parametrize("flags", [(), ("-q",), ("-qq",), ("-v",), ("-q", "-v"), ("-v", "-q"),
                                   ("-vv", "-q"), ("-q", "-v", "-n", "2")])
def test_the_block_survives_every_q_and_v(suite: SyntheticSuite, flags: tuple[str, ...]) -> None:
    out = _run(suite, *flags)
    lines = out.splitlines()
    start = lines.index(BLOCK[0])
    assert lines[start:start + len(BLOCK)] == BLOCK, out
    traceback = "raise JournalCheckFailed(" in out
    # -v asks for pytest's own detail: then the tracebacks, however many -q beside it.
    assert traceback == ("-v" in flags or "-vv" in flags), out
    assert ("(hela felet: kör om med -v)" in out) != traceback
    assert "instabila scenarier" in out and "  Ibland långsam: tidsgränsen gick ut" in out


def test_the_closing_line_is_swedish(suite: SyntheticSuite) -> None:
    out = _run(suite)
    last = out.strip().splitlines()[-1]
    assert re.fullmatch(r"=+ 1 fallerat, 2 godkända, 1 bortvalt, 1 omkörning på \d+,\d s =+",
                        last), last
    assert not re.search(r"\b(passed|failed|deselected|rerun)\b", out), out
    assert "[100%]" not in out and "short test summary" not in out


def test_numbers_and_times_as_swedish_writes_them() -> None:
    assert decimal(8.84) == "8,8"
    assert duration(8.84) == "8,8 s"
    assert duration(277.4) == "4 min 37 s"
    assert duration(3725) == "1 h 2 min"
    assert swedish_count("1 passed") == "1 godkänt"
    assert swedish_count("136 passed") == "136 godkända"
    assert swedish_count("2 warnings") == "2 varningar"
    assert swedish_count("3 subtests passed") == "3 subtests passed"  # unknown: as it is
    assert closing_line([], 1.0) == "inga scenarier kördes på 1,0 s"
    assert counter(7, 136) == "[  7/136]" and counter(None, 136) == " " * 9

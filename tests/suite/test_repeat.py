"""``mvj repeat``: the flake table, and a bad count stopped with one Swedish line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from mvj_suite.core.output import CommandError
from mvj_suite.repeat import command as repeat_cli
from mvj_suite.repeat.table import (
    FAILED,
    FLAKY,
    MISSING,
    PASSED,
    SKIPPED,
    RunSummary,
    markdown,
    rows,
    unstable,
)


def _scenario(name: str, outcome: str, flaky: bool = False, reason: str = "") -> dict:
    return {
        "nodeid": f"steps/test_rutinen.py::test_{name}",
        "name": name,
        "outcome": outcome,
        "flaky": flaky,
        "reason": reason,
        "failed_step": "Så visas kunden" if reason else "",
    }


def _run(number: int, folder: Path, *scenarios: dict) -> RunSummary:
    return RunSummary(number, 0, 1.0, folder / f"k{number}", list(scenarios))


def test_a_scenario_is_listed_when_any_run_did_not_pass_it(tmp_path: Path) -> None:
    (tmp_path / "k2" / "artefakter" / "test_b").mkdir(parents=True)
    runs = [
        _run(
            1,
            tmp_path,
            _scenario("a", "passed"),
            _scenario("b", "passed"),
            _scenario("c", "skipped"),
        ),
        _run(
            2,
            tmp_path,
            _scenario("a", "passed"),
            _scenario("b", "failed", reason="för sent"),
            _scenario("c", "skipped"),
        ),
        _run(
            3,
            tmp_path,
            _scenario("a", "passed"),
            _scenario("b", "failed", flaky=True, reason="instabilt – …"),
            _scenario("c", "skipped"),
        ),
    ]
    table = rows(runs, lambda nodeid: nodeid.split("::")[-1])
    bad = unstable(table)
    assert [row.name for row in bad] == ["b"]  # a always passed; c always skipped
    b = bad[0]
    assert b.outcomes == [PASSED, FAILED, FLAKY]
    assert b.first_failure == "körning 2: steg: Så visas kunden – för sent"
    assert b.artefacts == str(tmp_path / "k2" / "artefakter" / "test_b")
    text = markdown(runs, table, "./mvj repeat 3")
    assert "**1 inte godkända varje gång**" in text and "1 överhoppade i varje körning" in text
    assert "| b | 1 godkänt, 1 fallerat, 1 instabilt | `✓✗~` |" in text


def test_a_scenario_missing_from_a_run_is_not_a_pass(tmp_path: Path) -> None:
    runs = [
        _run(1, tmp_path, _scenario("a", "passed")),
        _run(2, tmp_path),
        _run(3, tmp_path, _scenario("a", "passed")),
    ]
    [row] = rows(runs, str)
    assert row.outcomes == [PASSED, MISSING, PASSED]
    assert unstable([row]) == [row]


def test_mixed_skips_are_listed_but_constant_skips_are_not(tmp_path: Path) -> None:
    runs = [
        _run(1, tmp_path, _scenario("a", "skipped")),
        _run(2, tmp_path, _scenario("a", "passed")),
    ]
    [row] = rows(runs, str)
    assert row.outcomes == [SKIPPED, PASSED] and unstable([row]) == [row]


def test_all_green_says_zero(tmp_path: Path) -> None:
    runs = [_run(n, tmp_path, _scenario("a", "passed")) for n in (1, 2)]
    text = markdown(runs, rows(runs, str), "./mvj repeat 2")
    assert "**0 inte godkända varje gång**" in text
    assert "0 instabila" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "ange antalet körningar"),
        (["tio"], "'tio' är inget antal"),
        (["0"], "1–1000"),
        (["-n", "2"], "'-n' är inget antal"),
    ],
)
def test_a_bad_count_is_one_swedish_line(args: list[str], message: str) -> None:
    with pytest.raises(CommandError) as error:
        repeat_cli.parse(args)
    assert message in str(error.value) and error.value.code == 2


def test_each_run_gets_its_folder_and_the_table_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    seen: list[list[str]] = []

    def fake_pytest(args: Sequence[str]) -> int:
        # What a run of the suite leaves: its sign-off, and artefacts of a failure.
        seen.append(list(args))
        folder = Path(next(a for a in args if a.startswith("--signoff-dir=")).split("=", 1)[1])
        folder.mkdir(parents=True, exist_ok=True)
        failing = len(seen) == 2
        scenario = _scenario(
            "a", "failed" if failing else "passed", reason="fel" if failing else ""
        )
        (folder / "signoff.json").write_text(json.dumps({"scenarios": [scenario]}), "utf-8")
        if failing:  # into the folder the run was given for them
            artefacts = next(a for a in args if a.startswith("--artifacts-dir="))
            (Path(artefacts.split("=", 1)[1]) / "test_a").mkdir(parents=True)
        return 1 if failing else 0

    code = repeat_cli.repeat(["3", "-m", "rutin-2.1"], fake_pytest)
    assert code == 1
    assert [args[:2] for args in seen] == [["-m", "rutin-2.1"]] * 3
    table = (repeat_cli.OUT / "tabell.md").read_text("utf-8")
    assert "körning 2: steg: Så visas kunden – fel" in table
    assert str(repeat_cli.OUT / "korning-02" / "artefakter" / "test_a") in table
    data = json.loads((repeat_cli.OUT / "upprepning.json").read_text("utf-8"))
    assert [run["exit_code"] for run in data["runs"]] == [0, 1, 0]
    assert data["unstable"][0]["outcomes"] == [PASSED, FAILED, PASSED]


def test_a_run_that_ended_badly_is_not_green_even_without_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    def nothing_collected(args: Sequence[str]) -> int:
        folder = Path(next(a for a in args if a.startswith("--signoff-dir=")).split("=", 1)[1])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "signoff.json").write_text(json.dumps({"scenarios": []}), "utf-8")
        return 5  # pytest: no tests collected

    assert repeat_cli.repeat(["2"], nothing_collected) == 1

"""The flake table of ``mvj repeat``: every scenario that did not pass every time.

Input: one entry per run — the run's ``signoff.json`` scenarios (or nothing, when
the run broke off before writing it). A scenario is listed when any run failed it,
passed it only on a rerun (instabilt), or skipped it in some runs and not in
others; one that every run skipped (only the stub can show it, say) is counted
apart, since repeating cannot make it flaky.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mvj_suite.model import outcomes

PASSED, FAILED, FLAKY, SKIPPED, MISSING = "godkänt", "fallerat", "instabilt", "överhoppat", "saknas"
_SYMBOL = {PASSED: "✓", FAILED: "✗", FLAKY: "~", SKIPPED: "–", MISSING: "?"}


@dataclass
class RunSummary:
    number: int
    exit_code: int
    seconds: float
    folder: Path
    scenarios: list[dict[str, Any]] | None  # None: no signoff.json (the run broke off)


@dataclass
class ScenarioRow:
    nodeid: str
    name: str
    outcomes: list[str] = field(default_factory=list)  # one per run, in order
    first_failure: str = ""  # "körning 3: <reason>"
    artefacts: str = ""  # the first failure's folder, when it kept one

    @property
    def always_passed(self) -> bool:
        return all(outcome == PASSED for outcome in self.outcomes)

    @property
    def always_skipped(self) -> bool:
        return all(outcome == SKIPPED for outcome in self.outcomes)

    def counts(self) -> str:
        order = (PASSED, FAILED, FLAKY, SKIPPED, MISSING)
        return ", ".join(f"{self.outcomes.count(o)} {o}" for o in order if o in self.outcomes)

    def sequence(self) -> str:
        return "".join(_SYMBOL[outcome] for outcome in self.outcomes)


def outcome_of(scenario: dict[str, Any]) -> str:
    if scenario.get("outcome") == outcomes.PASSED:
        return PASSED
    if scenario.get("outcome") == outcomes.FAILED:
        return FLAKY if scenario.get("flaky") else FAILED
    return SKIPPED


def read_run(folder: Path) -> list[dict[str, Any]] | None:
    path = folder / "signoff.json"
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return list(data.get("scenarios", []))


def rows(runs: list[RunSummary], artefact_folder: Any) -> list[ScenarioRow]:
    """One row per scenario seen in any run; ``artefact_folder(nodeid)`` names its folder."""
    table: dict[str, ScenarioRow] = {}
    for index, run in enumerate(runs):
        for scenario in run.scenarios or []:
            nodeid = str(scenario["nodeid"])
            row = table.setdefault(nodeid, ScenarioRow(nodeid, str(scenario.get("name", nodeid))))
            row.outcomes += [MISSING] * (index - len(row.outcomes))  # runs it was absent from
            outcome = outcome_of(scenario)
            row.outcomes.append(outcome)
            if outcome in (FAILED, FLAKY) and not row.first_failure:
                step = scenario.get("failed_step") or ""
                reason = " – ".join(
                    part
                    for part in (f"steg: {step}" if step else "", str(scenario.get("reason", "")))
                    if part
                )
                row.first_failure = f"körning {run.number}: {reason}"
                folder = run.folder / "artefakter" / artefact_folder(nodeid)
                if folder.is_dir():
                    row.artefacts = str(folder)
    for row in table.values():
        row.outcomes += [MISSING] * (len(runs) - len(row.outcomes))
    return sorted(table.values(), key=lambda row: row.nodeid)


def unstable(all_rows: list[ScenarioRow]) -> list[ScenarioRow]:
    return [row for row in all_rows if not row.always_passed and not row.always_skipped]


def broken_runs(runs: list[RunSummary]) -> list[RunSummary]:
    return [run for run in runs if run.scenarios is None]


def markdown(runs: list[RunSummary], all_rows: list[ScenarioRow], command: str) -> str:
    bad = unstable(all_rows)
    skipped = sum(row.always_skipped for row in all_rows)
    lines = [
        "# Upprepade körningar – scenarier som inte godkändes varje gång",
        "",
        f"Kommando: `{command}`",
        "",
        f"{len(runs)} körningar, {len(all_rows)} scenarier, "
        f"**{len(bad)} inte godkända varje gång**"
        + (f", {skipped} överhoppade i varje körning" if skipped else "")
        + ".",
        "",
        "| Körning | Slutkod | Tid |",
        "|---|---|---|",
        *(
            f"| {run.number} | {run.exit_code}"
            + (" (avbruten, ingen signoff.json)" if run.scenarios is None else "")
            + f" | {run.seconds:.1f} s |"
            for run in runs
        ),
        "",
    ]
    if not bad:
        lines.append("Alla scenarier godkändes i varje körning (0 instabila).")
        return "\n".join(lines) + "\n"
    lines += [
        f"Utfall per körning: {_SYMBOL[PASSED]} godkänt, {_SYMBOL[FAILED]} fallerat, "
        f"{_SYMBOL[FLAKY]} instabilt (godkänt först vid omkörning), {_SYMBOL[SKIPPED]} "
        f"överhoppat, {_SYMBOL[MISSING]} saknas.",
        "",
        "| Scenario | Utfall | Per körning | Första felet | Artefakter |",
        "|---|---|---|---|---|",
    ]
    for row in bad:
        cells = (
            row.name,
            row.counts(),
            f"`{row.sequence()}`",
            row.first_failure,
            row.artefacts or "–",
        )
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")

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

from mvj_suite.core.templates import templates
from mvj_suite.model import outcomes

PASSED, FAILED, FLAKY, SKIPPED, MISSING = "godkänt", "fallerat", "instabilt", "överhoppat", "saknas"
_SYMBOL = {PASSED: "✓", FAILED: "✗", FLAKY: "~", SKIPPED: "–", MISSING: "?"}
_TEMPLATES = templates("mvj_suite.repeat")


@dataclass
class RunSummary:
    number: int
    exit_code: int
    seconds: float
    folder: Path
    scenarios: list[dict[str, Any]] | None  # None: no signoff.json (the run broke off)

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "exit_code": self.exit_code,
                "seconds": round(self.seconds, 1), "complete": self.scenarios is not None}


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
    return list(json.loads(path.read_text(encoding="utf-8")).get("scenarios", []))


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
                step = scenario.get("failed_step")
                reason = (step and f"steg: {step}", str(scenario.get("reason", "")))
                row.first_failure = f"körning {run.number}: {' – '.join(filter(None, reason))}"
                folder = run.folder / "artefakter" / artefact_folder(nodeid)
                if folder.is_dir():
                    row.artefacts = str(folder)
    for row in table.values():
        row.outcomes += [MISSING] * (len(runs) - len(row.outcomes))
    return sorted(table.values(), key=lambda row: row.nodeid)


def unstable(all_rows: list[ScenarioRow]) -> list[ScenarioRow]:
    return [row for row in all_rows if not row.always_passed and not row.always_skipped]


def markdown(runs: list[RunSummary], all_rows: list[ScenarioRow], command: str) -> str:
    view = {
        "command": command, "runs": runs, "total": len(all_rows), "bad": unstable(all_rows),
        "skipped": sum(row.always_skipped for row in all_rows),
        "symbols": _SYMBOL,
    }
    return _TEMPLATES.get_template("table.md.j2").render(v=view)

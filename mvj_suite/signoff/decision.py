"""The sign-off's "Beslut" block: who decided what, when, and in which CI run.

Filled from CI variables (``MVJ_APPROVER``, ``MVJ_DECISION``, ``MVJ_DECISION_DATE``
and the run's page), else left blank to be filled in by hand, on paper or in a
ticket. The decision never changes the verdict. ``mvj_suite.signoff.render``
draws the block from ``decision_rows``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass
class Decision:
    """The board's decision: filled from CI variables, else left blank for pen or ticket."""

    approver: str = ""
    decision: str = ""
    date: str = ""
    ci_link: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Decision:
        data = data or {}
        return cls(**{k: str(data[k]) for k in cls.__dataclass_fields__ if data.get(k)})


APPROVER_ENV, DECISION_ENV, DECISION_DATE_ENV = "MVJ_APPROVER", "MVJ_DECISION", "MVJ_DECISION_DATE"


def decision_from_env(env: Mapping[str, str]) -> Decision:
    """``MVJ_APPROVER``, ``MVJ_DECISION``, ``MVJ_DECISION_DATE`` and the CI run's page."""
    return Decision(
        approver=env.get(APPROVER_ENV, "").strip(),
        decision=env.get(DECISION_ENV, "").strip(),
        date=env.get(DECISION_DATE_ENV, "").strip(),
        ci_link=ci_run_link(env),
    )


def ci_run_link(env: Mapping[str, str]) -> str:
    """The page of this CI run: GitHub Actions' run, GitLab's pipeline; "" elsewhere."""
    server, repository, run = (
        env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY"), env.get("GITHUB_RUN_ID")
    )
    if server and repository and run:
        return f"{server}/{repository}/actions/runs/{run}"
    return env.get("CI_PIPELINE_URL", "")


def merge_decisions(decisions: Iterable[Decision]) -> Decision:
    """Per field the first one given (shards of one CI run share their variables)."""
    merged = Decision()
    for decision in decisions:
        for name in Decision.__dataclass_fields__:
            if not getattr(merged, name) and getattr(decision, name):
                setattr(merged, name, getattr(decision, name))
    return merged


BLANK = "…" * 16  # a line to fill in by hand, on paper or in a ticket
DECISION_HEADING = "Beslut"
DECISION_VARIABLES = (DECISION_ENV, APPROVER_ENV, DECISION_DATE_ENV)
DECISION_NOTE = (
    "Fylls i av den som beslutar – på papper, i ärendet eller av CI med {0}, {1} och {2}. "
    "Beslutet påverkar inte beskedet ovan."
)


def decision_rows(decision: Decision) -> list[tuple[str, str, str]]:
    """(label, text, link) per line of the Beslut block; "" text is a blank line."""
    return [
        ("Beslut", decision.decision, ""),
        ("Beslutat av", decision.approver, ""),
        ("Datum", decision.date, ""),
        ("CI-körning", decision.ci_link, decision.ci_link),
        ("Underskrift", "", ""),  # a signature is never a CI variable
    ]

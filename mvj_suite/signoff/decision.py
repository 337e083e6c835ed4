"""The sign-off's "Beslut" block: who decided what, when, and in which CI run.

Filled from CI variables (``MVJ_APPROVER``, ``MVJ_DECISION``, ``MVJ_DECISION_DATE``
and the run's page), else left blank to be filled in by hand, on paper or in a
ticket. The decision never changes the verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

APPROVER_ENV, DECISION_ENV, DECISION_DATE_ENV = "MVJ_APPROVER", "MVJ_DECISION", "MVJ_DECISION_DATE"
BLANK = "…" * 16  # a line to fill in by hand, on paper or in a ticket
DECISION_HEADING = "Beslut"
DECISION_VARIABLES = (DECISION_ENV, APPROVER_ENV, DECISION_DATE_ENV)
DECISION_NOTE = (
    "Fylls i av den som beslutar – på papper, i ärendet eller av CI med {0}, {1} och {2}. "
    "Beslutet påverkar inte beskedet ovan."
)


@dataclass
class Decision:
    approver: str = ""
    decision: str = ""
    date: str = ""
    ci_link: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Decision:
        data = data or {}
        return cls(**{k: str(data[k]) for k in cls.__dataclass_fields__ if data.get(k)})


def decision_from_env(env: Mapping[str, str]) -> Decision:
    """``MVJ_APPROVER``, ``MVJ_DECISION``, ``MVJ_DECISION_DATE`` and the CI run's page:
    GitHub Actions' run, GitLab's pipeline, none elsewhere."""
    server, repository, run = (
        env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY"), env.get("GITHUB_RUN_ID")
    )
    github = f"{server}/{repository}/actions/runs/{run}" if server and repository and run else ""
    return Decision(
        approver=env.get(APPROVER_ENV, "").strip(),
        decision=env.get(DECISION_ENV, "").strip(),
        date=env.get(DECISION_DATE_ENV, "").strip(),
        ci_link=github or env.get("CI_PIPELINE_URL", ""),
    )


def merge_decisions(decisions: Iterable[Decision]) -> Decision:
    """Per field the first one given (shards of one CI run share their variables)."""
    decisions = list(decisions)
    return Decision(**{f.name: next((v for d in decisions if (v := getattr(d, f.name))), "")
                       for f in fields(Decision)})


def decision_view(decision: Decision) -> dict[str, Any]:
    """The Beslut block: its rows are (label, text, link); "" text is a blank line."""
    return {
        "heading": DECISION_HEADING,
        "blank": BLANK,
        "note": DECISION_NOTE.format(*DECISION_VARIABLES),
        "note_md": DECISION_NOTE.format(*(f"`{name}`" for name in DECISION_VARIABLES)),
        "rows": [
            ("Beslut", decision.decision, ""),
            ("Beslutat av", decision.approver, ""),
            ("Datum", decision.date, ""),
            ("CI-körning", decision.ci_link, decision.ci_link),
            ("Underskrift", "", ""),  # a signature is never a CI variable
        ],
    }

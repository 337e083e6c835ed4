"""Where the sign-off shows things, and in which order.

Rows stand in the feature file's order with failures first (:func:`report_order`), each
with an id of its own (:func:`row_anchor`); the reasons for EJ GODKÄND come in one order
everywhere – failures, the run's errors, test data, accessibility, gaps – and each part
of a reason links to the row or section it names (:class:`Reason`). The verdict
(``mvj_suite.signoff.model``) builds them; the reports render them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from mvj_suite.model.outcomes import FAILED

UNASSIGNED_ANCHOR = "utan-avsnitt"
EXTRA_ANCHOR = "extra"
A11Y_ANCHOR = "tillganglighet"


class Placed(Protocol):
    """What a scenario's place needs (``ScenarioResult`` has it)."""

    @property
    def nodeid(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def location(self) -> str: ...
    @property
    def example(self) -> int: ...


P = TypeVar("P", bound=Placed)


def feature_order(scenario: Placed) -> tuple[str, int, int, str]:
    """Where the scenario stands in its feature file (an older signoff.json without a
    location: by nodeid)."""
    file, _, line = scenario.location.rpartition(":")
    return (file, int(line) if line.isdigit() else 0, scenario.example, scenario.nodeid)


def report_order(scenarios: Iterable[P]) -> list[P]:
    """Failures first, each group in the feature file's order."""
    return sorted(scenarios, key=lambda s: (s.outcome != FAILED, feature_order(s)))


def row_anchor(scope: str, nodeid: str) -> str:
    """The id of a scenario's row in the report: its table's (a section's anchor …) and
    its nodeid's, stable from run to run; a scenario in two sections has a row in each."""
    return f"{scope}--{hashlib.md5(nodeid.encode()).hexdigest()[:10]}"


def unknown_section_anchor(section_id: str) -> str:
    return "okant-avsnitt-" + section_id.replace(".", "-")


@dataclass(frozen=True)
class Reason:
    """A reason for EJ GODKÄND, in parts: each part's text and the anchor in the report
    where what it names is shown (a scenario's row, a section), "" for plain text."""

    parts: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts)


# The order of the reasons, everywhere they are shown: what failed before what is missing.
FAILURE, RUN_ERROR, DATA, ACCESSIBILITY, GAP = range(5)


@dataclass
class Reasons:
    """The reasons as the verdict finds them, handed out in the order above."""

    found: list[tuple[int, Reason]] = field(default_factory=list)

    def add(self, kind: int, *parts: tuple[str, str]) -> None:
        self.found.append((kind, Reason(tuple(parts))))

    def ordered(self) -> list[Reason]:
        return [reason for _, reason in sorted(self.found, key=lambda kind_reason: kind_reason[0])]

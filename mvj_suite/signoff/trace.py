"""The traceability matrix: each sentence of the routine → the scenarios that prove it →
their outcome → their evidence.

The sentences are the routine's document's (``mvj_suite.model.requirements``); a scenario
names the ones it proves with ``@krav-<id>`` (stored as ``ScenarioResult.requirements``).
The matrix judges nothing of its own – the routine's verdict stays per section
(``mvj_suite.signoff.model``) – it shows, sentence by sentence, what this run proved:

- GODKÄNT / FALLERAT / TESTDATAFEL as its scenarios that ran against the journal;
- EJ PRÖVAT HÄR: it has scenarios, none ran against this journal (each skip's reason);
- UTANFÖR URVALET: a run limited by ``-m``/``-k`` (or a shard) had none of its scenarios;
- EJ TÄCKT: no scenario names it in a run of the whole suite – a gap;
- EJ PRÖVBAR: the document says why the sentence has no testable rule.

Outside the routine (``@extra-sakerhet``, ``@tillganglighet``) nothing is traced.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from mvj_suite.model.outcomes import FAILED, PASSED, SKIPPED
from mvj_suite.model.requirements import Requirement, requirements_or_problem
from mvj_suite.model.routine import ROUTINE_DOC
from mvj_suite.signoff.anchors import feature_order, report_order
from mvj_suite.signoff.model import (
    SECTION_DATA,
    SECTION_FAILED,
    SECTION_GAP,
    SECTION_OK,
    SECTION_OUTSIDE,
    RunRecord,
    ScenarioResult,
)
from mvj_suite.signoff.text import plural

TRACE_OK, TRACE_FAILED, TRACE_DATA = SECTION_OK, SECTION_FAILED, SECTION_DATA
TRACE_NOT_RUN = "EJ PRÖVAT HÄR"
TRACE_OUTSIDE, TRACE_GAP = SECTION_OUTSIDE, SECTION_GAP
TRACE_UNTESTABLE = "EJ PRÖVBAR"
# The summary's words, in the order it counts them.
STATUS_WORDS: tuple[tuple[str, str, str], ...] = (
    (TRACE_OK, "godkänd", "godkända"),
    (TRACE_FAILED, "fallerad", "fallerade"),
    (TRACE_DATA, "med testdatafel", "med testdatafel"),
    (TRACE_NOT_RUN, "ej prövad här", "ej prövade här"),
    (TRACE_OUTSIDE, "utanför urvalet", "utanför urvalet"),
    (TRACE_GAP, "ej täckt", "ej täckta"),
)
STUB_ONLY_WORDS = "verifieras bara mot stubben"
STUB_ONLY = "stub_only"  # a skipped row only the stub can show, counted apart
OUTCOME_WORDS = {PASSED: ("godkänt", "godkända"), FAILED: ("fallerat", "fallerade"),
                 SKIPPED: ("överhoppat", "överhoppade")}  # fmt: skip


@dataclass
class ScenarioGroup:
    """One scenario that names the sentence – an outline with all its example rows."""

    name: str
    scenarios: list[ScenarioResult]

    @property
    def failed(self) -> bool:
        return any(s.outcome == FAILED for s in self.scenarios)

    @property
    def outcome_text(self) -> str:
        """``godkänt``, or the rows counted by outcome (failures first); a skip because
        only the stub can show the rule says so."""
        kinds = Counter(STUB_ONLY if s.stub_only else s.outcome for s in self.scenarios)
        if len(self.scenarios) == 1:
            [kind] = kinds
            return STUB_ONLY_WORDS if kind == STUB_ONLY else OUTCOME_WORDS[kind][0]
        parts = [plural(kinds[o], *OUTCOME_WORDS[o]) for o in (FAILED, PASSED, SKIPPED) if kinds[o]]
        if kinds[STUB_ONLY]:
            parts.append(f"{kinds[STUB_ONLY]} {STUB_ONLY_WORDS}")
        return ", ".join(parts)


@dataclass
class RequirementTrace:
    requirement: Requirement
    groups: list[ScenarioGroup]
    status: str
    note: str

    @property
    def scenarios(self) -> list[ScenarioResult]:
        return [s for group in self.groups for s in group.scenarios]


@dataclass
class Matrix:
    rows: list[RequirementTrace]
    # Ids named by scenarios that no sentence of the routine has, with those scenarios.
    unknown: dict[str, list[ScenarioResult]] = field(default_factory=dict)
    problem: str = ""  # the routine's document could not be read
    # Some scenario of the run names a sentence (an older signoff.json: none does).
    traced: bool = True

    def counts(self) -> dict[str, int]:
        counts = Counter(row.status for row in self.rows)
        statuses = [status for status, _, _ in STATUS_WORDS] + [TRACE_UNTESTABLE]
        return {status: counts[status] for status in statuses}

    @property
    def uncovered(self) -> list[RequirementTrace]:
        return [row for row in self.rows if row.status == TRACE_GAP]

    def summary(self) -> str:
        """One line: the sentences by status; "ej täckta" always, the done-when number."""
        if self.problem:
            return f"Spårbarhet: {self.problem}"
        counts = self.counts()
        testable = len(self.rows) - counts[TRACE_UNTESTABLE]
        parts = [plural(counts[status], one, many) for status, one, many in STATUS_WORDS
                 if counts[status] or status == TRACE_GAP]
        text = (f"Spårbarhet: {plural(testable, 'prövbar mening', 'prövbara meningar')} i "
                f"rutinen – {', '.join(parts)}")
        if counts[TRACE_UNTESTABLE]:
            text += "; " + plural(counts[TRACE_UNTESTABLE], "mening", "meningar") + (
                " utan prövbar regel (skälet i rutinens text)")
        if self.unknown:
            text += f"; okända krav-id i scenarierna: {', '.join(sorted(self.unknown))}"
        return text

    def to_json(self, allure_page: Any) -> dict[str, Any]:
        """For readers of signoff.json (derived, not read back); ``allure_page(s)`` gives a
        scenario's Allure link or ""."""
        return {
            "source": ROUTINE_DOC,
            "problem": self.problem,
            "counts": self.counts(),
            "requirements": [{
                "id": row.requirement.id,
                "section": row.requirement.section,
                "sentence": row.requirement.sentence,
                "untestable": row.requirement.untestable,
                "status": row.status,
                "note": row.note,
                "scenarios": [{"nodeid": s.nodeid, "name": s.name, "outcome": s.outcome,
                               "stub_only": s.stub_only, "allure_page": allure_page(s)}
                              for s in row.scenarios],
            } for row in self.rows],
            "unknown": {key: [s.nodeid for s in scenarios]
                        for key, scenarios in sorted(self.unknown.items())},
        }


def _groups(scenarios: list[ScenarioResult]) -> list[ScenarioGroup]:
    """By scenario (an outline's rows together), failures first, then the feature order."""
    grouped: dict[str, list[ScenarioResult]] = {}
    for scenario in sorted(scenarios, key=feature_order):
        grouped.setdefault(scenario.location or scenario.nodeid, []).append(scenario)
    groups = [ScenarioGroup(rows[0].template_name if len(rows) > 1 and rows[0].template_name
                            else rows[0].name, report_order(rows)) for rows in grouped.values()]
    return sorted(groups, key=lambda g: not g.failed)  # stable: the feature order stays


def _not_run_note(scenarios: list[ScenarioResult]) -> str:
    """Why none ran here: each skip's reason once, with how many it kept out."""
    stub_only = sum(s.stub_only for s in scenarios)
    reasons = Counter((s.reason or "inget skäl angivet").rstrip(".") for s in scenarios
                      if not s.stub_only)
    parts = [f"{plural(n, 'överhoppat', 'överhoppade')}: {reason}" for reason, n in reasons.items()]
    if stub_only:
        parts.append(f"{stub_only} {STUB_ONLY_WORDS}")
    return "inget av scenarierna kördes mot den här journalen – " + "; ".join(parts)


def _trace(requirement: Requirement, scenarios: list[ScenarioResult], limited_to: str
           ) -> RequirementTrace:
    groups = _groups(scenarios)
    if not requirement.testable:
        return RequirementTrace(requirement, groups, TRACE_UNTESTABLE, requirement.untestable)
    if not scenarios:
        if limited_to:
            return RequirementTrace(requirement, groups, TRACE_OUTSIDE,
                                    f"inget av dess scenarier ingick i urvalet: {limited_to}")
        return RequirementTrace(requirement, groups, TRACE_GAP,
                                "inget scenario prövar meningen – täckningslucka")
    failed = [s for s in scenarios if s.outcome == FAILED]
    ran = [s for s in scenarios if s.ran]
    stub_only = sum(s.stub_only for s in scenarios)
    tail = f"; {stub_only} {STUB_ONLY_WORDS}" if stub_only and ran else ""
    if any(not s.data_problem for s in failed):
        note = f"{len(failed)} av {plural(len(ran), 'prövat scenario', 'prövade scenarier')} "
        return RequirementTrace(requirement, groups, TRACE_FAILED, note + "fallerade" + tail)
    if failed:
        return RequirementTrace(requirement, groups, TRACE_DATA,
                                "kunde inte bedömas – testdataprofilen stämmer inte med journalen")
    if ran:
        note = plural(len(ran), "scenario godkänt", "scenarier godkända") + tail
        return RequirementTrace(requirement, groups, TRACE_OK, note)
    return RequirementTrace(requirement, groups, TRACE_NOT_RUN, _not_run_note(scenarios))


def build_matrix(record: RunRecord, requirements: tuple[Requirement, ...] | None = None
                 ) -> Matrix:
    """The matrix of ``record`` over the routine's sentences (read from its document when
    ``requirements`` is None)."""
    problem = ""
    if requirements is None:
        requirements, problem = requirements_or_problem()
    routine = [s for s in record.scenarios if not s.extra and not s.a11y]
    named: dict[str, list[ScenarioResult]] = {}
    for scenario in routine:
        for requirement_id in scenario.requirements:
            named.setdefault(requirement_id, []).append(scenario)
    limited_to = record.limited_to
    rows = [_trace(r, named.pop(r.id, []), limited_to) for r in requirements]
    traced = any(s.requirements for s in routine) or not routine
    return Matrix(rows, named, problem, traced)

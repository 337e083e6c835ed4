"""The sign-off's data model and the routine's verdict on it.

What one run (or a merge of shards) knows — ``RunRecord`` with its scenarios
(``ScenarioResult``) and an optional comparison — as stored in ``signoff.json``,
and ``judge``, which gives the routine's verdict. The two live together because
the stored record carries its verdict (``RunRecord.to_json``).

Verdict rules (see docs/rapporter.md): ``GODKÄND`` only when every section of
the routine has at least one scenario that ran against this journal (passed
or failed) and no scenario failed anywhere, and the run itself had no errors.
A heading section (2 Hantera patient) is covered through its subsections.
A scenario skipped because only the stub can show its rule is listed as
"verifieras bara mot stubben": it does not on its own block the verdict, and
it does not count as run. A run limited by ``-m``/``-k`` (or a shard) says which
sections it left out – "utanför urvalet" – rather than calling them gaps one by one.

The reasons come in one order everywhere (terminal, reports, Allure's "Skäl"): failures
first, then the run's own errors, test-data problems, accessibility with its gate, and
coverage gaps last; each reason links to the rows it names (``mvj_suite.signoff.anchors``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

from mvj_suite.model.accessibility import ViewScan
from mvj_suite.model.outcomes import FAILED, PASSED, SKIPPED
from mvj_suite.model.routine import ROUTINE, Section
from mvj_suite.signoff import accessibility as a11y
from mvj_suite.signoff.anchors import (
    A11Y_ANCHOR,
    ACCESSIBILITY,
    DATA,
    FAILURE,
    GAP,
    RUN_ERROR,
    UNASSIGNED_ANCHOR,
    Reason,
    Reasons,
    report_order,
    row_anchor,
    unknown_section_anchor,
)
from mvj_suite.signoff.decision import Decision
from mvj_suite.signoff.detection import DetectionNote
from mvj_suite.signoff.reasons import plain_reason_of_stored
from mvj_suite.signoff.text import missing_shards, plural, shard_ranges

FORMAT_VERSION = 1
APPROVED_TEXT, REJECTED_TEXT = "GODKÄND", "EJ GODKÄND"
UNKNOWN = "okänd"

OUTCOME_TEXT = {PASSED: "godkänt", FAILED: "fallerat", SKIPPED: "överhoppat"}
SECTION_OK, SECTION_FAILED, SECTION_GAP = "GODKÄNT", "FALLERAT", "EJ TÄCKT"
# Every failure came from the test-data profile (mvj_suite.model.data_problems): the rule
# could not be judged against this journal, which is no broken rule either.
SECTION_DATA = "TESTDATAFEL"
# A run limited by -m/-k (or a shard) that has no scenario of the section: not a gap in the
# suite, the selection left it out.
SECTION_OUTSIDE = "UTANFÖR URVALET"
# A heading (2 Hantera patient) has no behaviour of its own: its status points to
# the subsections ("se 2.1–2.5") instead of claiming a result with no scenarios.
SECTION_POINTER_PREFIX = "se "
MAX_NAMES_IN_REASON = 5

RELEASE_FIELDS: tuple[tuple[str, str], ...] = (
    ("target", "Mål"),
    ("base_url", "Bas-URL"),
    ("journal_version", "Journalversion"),
    ("browser", "Webbläsare"),
    ("wire_guard", "Skydd på tråden"),
    ("suite_commit", "Sviten (commit)"),
    ("started", "Start"),
    ("finished", "Slut"),
)

# The verdict is a release decision only against a journal under test, never against the
# suite's own stub: then the reports say this instead (mvj_suite.signoff.render).
STUB_TARGET = "stub"
STUB_LABEL = "Sviten mot stubbjournalen – inget releasebeslut"

# Where ``./mvj report`` (mvj_suite.allure.html, its --out) puts the Allure page,
# relative to the folder the suite runs in; a scenario's page is ``#testresult/<id>``.
ALLURE_REPORT_PAGE = Path("reports/allure-rapport/index.html")


@dataclass
class ScenarioResult:
    nodeid: str
    name: str
    feature: str = ""
    sections: list[str] = field(default_factory=list)
    outcome: str = SKIPPED
    reason: str = ""
    failed_step: str = ""
    # The failed step failed on an assertion about the journal (not a fixture or timeout).
    failed_on_assertion: bool = False
    duration: float = 0.0
    # Skipped because only the bundled stub can show the rule (a live target).
    stub_only: bool = False
    # An extra check outside the routine (@extra-sakerhet): shown apart, not judged.
    extra: bool = False
    # Passed only on a rerun: counted as failed, its reason the first failure's.
    flaky: bool = False
    # A failure in one Swedish sentence (mvj_suite.signoff.reasons); ``reason`` keeps the
    # technical message. Empty in a signoff.json written before it existed.
    plain_reason: str = ""
    # Failure artefacts, relative to the sign-off's folder (mvj_suite.core.artefacts).
    screenshots: list[str] = field(default_factory=list)
    traces: list[str] = field(default_factory=list)
    # The ``uuid`` inside allure-pytest-bdd's result file of the attempt shown.
    allure_uuid: str = ""
    # An accessibility check outside the routine (@tillganglighet): in its own part.
    a11y: bool = False
    # The views axe-core looked at during the scenario (ViewScan.to_json each).
    accessibility: list[dict[str, Any]] = field(default_factory=list)
    # A failure because the test-data profile disagrees with the journal: the entry and
    # field ("kunder[2], fält mobiltelefon"); not a broken rule of the routine.
    data_problem: str = ""
    # The routine's sentences it proves (@krav-<id>, mvj_suite.model.requirements).
    requirements: list[str] = field(default_factory=list)
    # "features/<file>.feature:<line>" and the example row: the feature file's order.
    location: str = ""
    example: int = 0
    # The outline's name (without the example row's values); "" for a plain scenario.
    template_name: str = ""
    # Videos of the scenario (--video), relative to the sign-off's folder like the others.
    videos: list[str] = field(default_factory=list)

    @property
    def ran(self) -> bool:
        return self.outcome in (PASSED, FAILED)

    @property
    def not_run(self) -> bool:
        """Skipped for a reason other than "only the stub can show it"."""
        return self.outcome == SKIPPED and not self.stub_only

    @property
    def plain(self) -> str:
        """The Swedish sentence of a failure, also for an older signoff.json."""
        if self.outcome != FAILED:
            return ""
        return self.plain_reason or plain_reason_of_stored(self.reason)

    def moved(self, move: Callable[[str], str]) -> ScenarioResult:
        """The scenario with its artefact links moved (made relative to another folder)."""
        return replace(self, screenshots=[move(p) for p in self.screenshots],
                       traces=[move(p) for p in self.traces],
                       videos=[move(p) for p in self.videos])

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScenarioResult:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def allure_page(report: str, uuid: str) -> str:
    """The link to one result in the Allure HTML report.

    Allure 3 names a test result by the MD5 of the result file's ``uuid``
    (``@allurereport/core``: ``id: md5(raw.uuid)``), and its classic page routes
    ``#testresult/<id>`` to that result – every attempt of a rerun has its own.
    """
    return f"{report}#testresult/{hashlib.md5(uuid.encode()).hexdigest()}"


@dataclass
class ScenarioRef:
    """A scenario named in a comparison: enough to find it in either report."""

    nodeid: str
    name: str
    feature: str = ""
    outcome: str = ""

    @classmethod
    def of(cls, scenario: ScenarioResult) -> ScenarioRef:
        return cls(scenario.nodeid, scenario.name, scenario.feature, scenario.outcome)


@dataclass
class Comparison:
    """This sign-off against an earlier one (``--compare-with``)."""

    file: str
    verdict: str  # the earlier sign-off's verdict text
    release: dict[str, str] = field(default_factory=dict)  # compare.PREVIOUS_FIELDS of it
    new_failures: list[ScenarioRef] = field(default_factory=list)
    fixed: list[ScenarioRef] = field(default_factory=list)
    added: list[ScenarioRef] = field(default_factory=list)
    removed: list[ScenarioRef] = field(default_factory=list)
    still_failing: int = 0

    GROUPS: ClassVar[tuple[str, ...]] = ("new_failures", "fixed", "added", "removed")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Comparison:
        return cls(
            file=str(data.get("file", "")),
            verdict=str(data.get("verdict", "")),
            release=dict(data.get("release") or {}),
            still_failing=int(data.get("still_failing", 0)),
            **{name: [ScenarioRef(**ref) for ref in data.get(name) or []] for name in cls.GROUPS},
        )


@dataclass
class RunRecord:
    """Everything one run (or a merge of shards) knows; stored as signoff.json."""

    scenarios: list[ScenarioResult] = field(default_factory=list)
    release: dict[str, str] = field(default_factory=dict)
    run_errors: list[str] = field(default_factory=list)
    shards: list[str] = field(default_factory=list)  # e.g. ["1/3", "2/3"]; [] = full run
    selection: str = ""  # -m / -k expression, if any
    # The latest ./mvj mutation result for this suite commit (or why there is none),
    # and the path of its HTML report relative to the sign-off's folder.
    detection: DetectionNote | None = None
    detection_link: str = ""
    # The Allure HTML report relative to the sign-off's folder; "" when Allure was off.
    allure_report: str = ""
    decision: Decision = field(default_factory=Decision)
    comparison: Comparison | None = None
    # How accessibility was checked (rule set, gate, the target's known issues).
    accessibility: a11y.Setup = field(default_factory=a11y.Setup)

    @property
    def limited_to(self) -> str:
        """What limited the run to a part of the suite ("" = the whole suite ran): its
        ``-m``/``-k`` selection, or the shards present when some are missing."""
        if self.selection:
            return self.selection
        if self.shards and missing_shards(self.shards):
            return f"delkörning {shard_ranges(self.shards)}"
        return ""

    @property
    def against_stub(self) -> bool:
        """Ran (in part) against the suite's own stub: no release decision."""
        targets = str(self.release.get("target") or "").split(" / ")
        return STUB_TARGET in (t.strip() for t in targets)

    def to_json(self) -> dict[str, Any]:
        verdict = judge(self)
        detection = self.detection
        return {
            "format": FORMAT_VERSION,
            "routine": {
                "number": ROUTINE.number,
                "revision": ROUTINE.revision,
                "title": ROUTINE.title,
            },
            "release": self.release,
            "shards": self.shards,
            "selection": self.selection,
            "run_errors": self.run_errors,
            "detection": {**asdict(detection), "link": self.detection_link} if detection else None,
            "allure_report": self.allure_report,
            "decision": asdict(self.decision),
            "comparison": asdict(self.comparison) if self.comparison else None,
            "accessibility": verdict.accessibility.to_json(),
            "scenarios": [self._scenario_json(s) for s in self.scenarios],
            "verdict": {**verdict.to_json(), **self._verdict_label(verdict)},
        }

    def _verdict_label(self, verdict: Verdict) -> dict[str, Any]:
        """What the verdict is: a release decision, or the suite against its stub."""
        if not self.against_stub:
            return {"release_decision": True, "label": verdict.text}
        outcome = "gick igenom" if verdict.approved else "gick inte igenom"
        return {"release_decision": False, "label": f"{STUB_LABEL}: {outcome}"}

    def _scenario_json(self, scenario: ScenarioResult) -> dict[str, Any]:
        data = asdict(scenario)
        if self.allure_report and scenario.allure_uuid:
            # For readers of the JSON; derived, so it is not read back.
            data["allure_page"] = allure_page(self.allure_report, scenario.allure_uuid)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunRecord:
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"okänt format {data.get('format')!r} (väntade {FORMAT_VERSION})")
        detection = data.get("detection")
        return cls(
            scenarios=[ScenarioResult.from_dict(s) for s in data.get("scenarios", [])],
            release=dict(data.get("release", {})),
            run_errors=list(data.get("run_errors", [])),
            shards=list(data.get("shards", [])),
            selection=str(data.get("selection", "")),
            detection=DetectionNote.from_json(detection) if detection else None,
            detection_link=str((detection or {}).get("link", "")),
            allure_report=str(data.get("allure_report", "")),
            decision=Decision.from_json(data.get("decision")),
            comparison=Comparison.from_json(data["comparison"]) if data.get("comparison") else None,
            accessibility=a11y.Setup.from_json(data.get("accessibility")),
        )

    @classmethod
    def read(cls, path: Path) -> tuple[RunRecord, dict[str, Any]]:
        """A stored signoff.json, and its data as stored (with the verdict it gave)."""
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("ingen godkännanderapport")
        return cls.from_json(data), data


@dataclass
class SectionVerdict:
    section: Section
    scenarios: list[ScenarioResult]
    status: str
    note: str

    @property
    def is_pointer(self) -> bool:
        """A heading whose status is its subsections' (no result of its own)."""
        return self.status.startswith(SECTION_POINTER_PREFIX)

    @property
    def stub_only(self) -> list[ScenarioResult]:
        return [s for s in self.scenarios if s.stub_only]

    @property
    def not_run(self) -> list[ScenarioResult]:
        return [s for s in self.scenarios if s.not_run]

    def coverage(self) -> dict[str, int]:
        """What ran of its scenarios: signoff.json's coverage and the report's overview."""
        return {
            "ran": sum(s.ran for s in self.scenarios),
            "passed": sum(s.outcome == PASSED for s in self.scenarios),
            "failed": sum(s.outcome == FAILED for s in self.scenarios),
            "stub_only": len(self.stub_only),
            "not_run": len(self.not_run),
        }


@dataclass
class Verdict:
    approved: bool
    sections: list[SectionVerdict]
    reasons: list[str]
    unassigned: list[ScenarioResult]  # no @rutin-… tag
    unknown: dict[str, list[ScenarioResult]]  # @rutin-<id> not in the routine
    extra: list[ScenarioResult]  # outside the verdict
    # Accessibility: its own part, in the verdict only with --a11y-gate.
    accessibility: a11y.Part
    # The reasons with their links, in the same order as ``reasons``.
    linked_reasons: list[Reason] = field(default_factory=list)

    @property
    def text(self) -> str:
        return APPROVED_TEXT if self.approved else REJECTED_TEXT

    def extra_counts(self) -> dict[str, int]:
        return {o: sum(s.outcome == o for s in self.extra) for o in (PASSED, FAILED, SKIPPED)}

    def to_json(self) -> dict[str, Any]:
        return {
            "approved": self.approved,
            "text": self.text,
            "reasons": self.reasons,
            "sections": {sv.section.id: sv.status for sv in self.sections},
            "coverage": {
                sv.section.id: sv.coverage() for sv in self.sections if not sv.section.is_heading
            },
            "extra": self.extra_counts(),
        }


def _names(named: list[list[tuple[str, str]]], more: tuple[str, str] = ("", "")
           ) -> list[tuple[str, str]]:
    """Named things (each in parts) joined with "; ", at most MAX_NAMES_IN_REASON."""
    parts: list[tuple[str, str]] = []
    for index, name in enumerate(named[:MAX_NAMES_IN_REASON]):
        parts += [("; ", "")] * bool(index) + name
    rest = len(named) - MAX_NAMES_IN_REASON
    if rest > 0:
        parts += [(f" och {rest} till", ""), more]
    return [part for part in parts if part[0]]


def _failed_names(scenarios: list[ScenarioResult], scope: str) -> list[tuple[str, str]]:
    named = [[(f"»{s.name}«", row_anchor(scope, s.nodeid))]
             + [(" (instabilt)", "")] * s.flaky
             for s in report_order(scenarios) if s.outcome == FAILED]
    return _names(named, (" (se avsnittet nedan)", scope))


def _failed(section: Section, failed: list[ScenarioResult], reasons: Reasons) -> str:
    note = plural(len(failed), "scenario fallerade", "scenarier fallerade")
    reasons.add(FAILURE, (f"Avsnitt {section.label}", section.anchor), (f": {note}: ", ""),
                *_failed_names(failed, section.anchor))
    return note


def _leaf(section: Section, scenarios: list[ScenarioResult], reasons: Reasons,
          limited_to: str) -> SectionVerdict:
    failed = [s for s in scenarios if s.outcome == FAILED and not s.data_problem]
    data = [s for s in scenarios if s.outcome == FAILED and s.data_problem]
    if data:
        # Failures that come from the profile: named by entry and field, never as a rule.
        named = [[(f"»{s.name}«", row_anchor(section.anchor, s.nodeid)),
                  (f" ({s.data_problem})", "")] for s in report_order(data)]
        reasons.add(
            DATA, (f"Avsnitt {section.label}", section.anchor),
            (": testdataprofilen stämmer inte med journalen – inget brott mot rutinen, men "
             "regeln kunde inte bedömas; rätta profilen eller testmiljön (./mvj profile "
             "check): ", ""), *_names(named))
    if failed:
        status, note = SECTION_FAILED, _failed(section, failed, reasons)
    elif data:
        status = SECTION_DATA
        note = plural(len(data), "scenario kunde inte bedömas", "scenarier kunde inte bedömas")
        note += " – testdataprofilen stämmer inte med journalen"
    elif any(s.ran for s in scenarios):
        status, note = SECTION_OK, ""
    elif not scenarios and limited_to:
        # Gathered into one reason by judge: the selection left it out.
        status, note = SECTION_OUTSIDE, "inga scenarier i den här körningen"
    else:
        status, note = SECTION_GAP, "saknar scenarier"
        if scenarios:
            stub_only = sum(s.stub_only for s in scenarios)
            parts = [plural(len(scenarios) - stub_only, "överhoppat", "överhoppade")]
            if stub_only:
                parts.append(f"{stub_only} verifieras bara mot stubben")
            note = f"inget scenario kördes mot den här journalen ({', '.join(parts)})"
        reasons.add(GAP, (f"Avsnitt {section.label}", section.anchor),
                    (f": {note} – täckningslucka", ""))
    return SectionVerdict(section, scenarios, status, note)


def _heading(section: Section, own: list[ScenarioResult], leaves: dict[str, SectionVerdict],
             reasons: Reasons) -> SectionVerdict:
    children = [leaves[c] for c in section.children if c in leaves]
    span = f"{section.children[0]}–{section.children[-1]}"
    note = f"huvudrubrik – täcks via underavsnitten {span}"
    for status, word in ((SECTION_FAILED, "fallerade"), (SECTION_DATA, "testdatafel"),
                         (SECTION_GAP, "ej täckta"),
                         (SECTION_OUTSIDE, "utanför urvalet")):  # fmt: skip
        ids = [c.section.id for c in children if c.status == status]
        if ids:
            note += f"; {word}: {', '.join(ids)}"
    own_failed = [s for s in own if s.outcome == FAILED]
    if not own_failed:
        return SectionVerdict(section, own, SECTION_POINTER_PREFIX + span, note)
    # Its own scenarios failed: a result of its own, with scenarios behind it.
    _failed(section, own_failed, reasons)
    return SectionVerdict(section, own, SECTION_FAILED, note)


def _outside(limited_to: str, verdicts: list[SectionVerdict], reasons: Reasons) -> None:
    """One reason for every section the selection left out, instead of a gap each."""
    outside = [sv.section for sv in verdicts if sv.status == SECTION_OUTSIDE]
    if not outside:
        return
    word = "avsnitt" if len(outside) == 1 else "avsnitten"
    named = [[(s.id, s.anchor)] for s in outside]
    listed = [part for index, name in enumerate(named)
              for part in [(", " if index else "", ""), *name] if part[0]]
    reasons.add(GAP, (f"Utanför urvalet ({limited_to}): {word} ", ""), *listed,
                (" – ett urval kan inte godkänna en release", ""))


def judge(record: RunRecord) -> Verdict:
    by_section: dict[str, list[ScenarioResult]] = {}
    unassigned: list[ScenarioResult] = []
    for scenario in record.scenarios:
        if scenario.extra or scenario.a11y:
            continue  # outside the routine: reported apart, never part of its verdict
        if not scenario.sections:
            unassigned.append(scenario)
        for section_id in scenario.sections:
            by_section.setdefault(section_id, []).append(scenario)

    reasons = Reasons()
    limited_to = record.limited_to
    leaves = {s.id: _leaf(s, by_section.get(s.id, []), reasons, limited_to)
              for s in ROUTINE.leaf_sections}
    verdicts = [leaves.get(s.id) or _heading(s, by_section.get(s.id, []), leaves, reasons)
                for s in ROUTINE.sections]
    _outside(limited_to, verdicts, reasons)
    failed_unassigned = [s for s in unassigned if s.outcome == FAILED]
    if failed_unassigned:
        reasons.add(FAILURE, ("Scenarier utan rutinavsnitt", UNASSIGNED_ANCHOR),
                    (" fallerade: ", ""), *_failed_names(failed_unassigned, UNASSIGNED_ANCHOR))
    unknown = {k: v for k, v in by_section.items() if ROUTINE.section(k) is None}
    for section_id, scenarios in sorted(unknown.items()):
        if any(s.outcome == FAILED for s in scenarios):
            anchor = unknown_section_anchor(section_id)
            reasons.add(FAILURE, (f"Taggen @rutin-{section_id}", anchor),
                        (" (inget sådant avsnitt i rutinen): fallerade: ", ""),
                        *_failed_names(scenarios, anchor))
    for error in record.run_errors:
        reasons.add(RUN_ERROR, (f"Körningen: {error}", ""))
    scans = [ViewScan.from_json(scan) for s in record.scenarios for scan in s.accessibility]
    keyboard = [(s.name, s.outcome) for s in record.scenarios if s.a11y]
    part = a11y.build_part(record.accessibility, scans, keyboard)
    for text in part.gate_reasons():
        reasons.add(ACCESSIBILITY, (text, A11Y_ANCHOR))
    extra = [scenario for scenario in record.scenarios if scenario.extra]
    linked = reasons.ordered()
    return Verdict(not linked, verdicts, [r.text for r in linked], unassigned, unknown, extra,
                   part, linked)

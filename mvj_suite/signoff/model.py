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
it does not count as run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from mvj_suite.model.accessibility import ViewScan
from mvj_suite.model.outcomes import FAILED, PASSED, SKIPPED
from mvj_suite.model.routine import ROUTINE, Section
from mvj_suite.signoff import accessibility as a11y
from mvj_suite.signoff.decision import Decision
from mvj_suite.signoff.detection import DetectionNote
from mvj_suite.signoff.reasons import plain_reason_of_stored

FORMAT_VERSION = 1
APPROVED_TEXT, REJECTED_TEXT = "GODKÄND", "EJ GODKÄND"
UNKNOWN = "okänd"

OUTCOME_TEXT = {PASSED: "godkänt", FAILED: "fallerat", SKIPPED: "överhoppat"}
SECTION_OK, SECTION_FAILED, SECTION_GAP = "GODKÄNT", "FALLERAT", "EJ TÄCKT"
# Every failure came from the test-data profile (mvj_suite.model.data_problems): the rule
# could not be judged against this journal, which is no broken rule either.
SECTION_DATA = "TESTDATAFEL"
# A heading (2 Hantera patient) has no behaviour of its own: its status points to
# the subsections ("se 2.1–2.5") instead of claiming a result with no scenarios.
SECTION_POINTER_PREFIX = "se "

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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScenarioResult:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


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

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Comparison:
        def refs(name: str) -> list[ScenarioRef]:
            return [ScenarioRef(**ref) for ref in data.get(name) or []]

        return cls(
            file=str(data.get("file", "")),
            verdict=str(data.get("verdict", "")),
            release=dict(data.get("release") or {}),
            new_failures=refs("new_failures"),
            fixed=refs("fixed"),
            added=refs("added"),
            removed=refs("removed"),
            still_failing=int(data.get("still_failing", 0)),
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

    def to_json(self) -> dict[str, Any]:
        verdict = judge(self)
        part = verdict.accessibility
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
            "detection": (
                {**self.detection.to_json(), "link": self.detection_link}
                if self.detection else None
            ),
            "allure_report": self.allure_report,
            "decision": asdict(self.decision),
            "comparison": self.comparison.to_json() if self.comparison else None,
            "accessibility": {
                **self.accessibility.to_json(),
                "summary": part.summary(),
                "engine": part.engine,
                "views": {v.view: {"status": v.status, "scans": v.scans,
                                   "new": len(v.new), "accepted": len(v.accepted),
                                   "errors": v.errors} for v in part.views},
                "new": [f.to_json() for f in part.new],
            },
            "scenarios": [self._scenario_json(s) for s in self.scenarios],
            "verdict": {
                "approved": verdict.approved,
                "text": verdict.text,
                "reasons": verdict.reasons,
                "sections": {sv.section.id: sv.status for sv in verdict.sections},
                "coverage": {
                    sv.section.id: {
                        "ran": sv.ran,
                        "passed": sv.count(PASSED),
                        "failed": sv.count(FAILED),
                        "stub_only": len(sv.stub_only),
                        "not_run": len(sv.not_run),
                    }
                    for sv in verdict.sections
                    if not sv.section.is_heading
                },
                "extra": {
                    "passed": sum(s.outcome == PASSED for s in verdict.extra),
                    "failed": sum(s.outcome == FAILED for s in verdict.extra),
                    "skipped": sum(s.outcome == SKIPPED for s in verdict.extra),
                },
            },
        }

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
        return cls(
            scenarios=[ScenarioResult.from_dict(s) for s in data.get("scenarios", [])],
            release=dict(data.get("release", {})),
            run_errors=list(data.get("run_errors", [])),
            shards=list(data.get("shards", [])),
            selection=str(data.get("selection", "")),
            detection=DetectionNote.from_json(data["detection"]) if data.get("detection") else None,
            detection_link=str((data.get("detection") or {}).get("link", "")),
            allure_report=str(data.get("allure_report", "")),
            decision=Decision.from_json(data.get("decision")),
            comparison=(
                Comparison.from_json(data["comparison"]) if data.get("comparison") else None
            ),
            accessibility=a11y.Setup.from_json(data.get("accessibility")),
        )


@dataclass
class SectionVerdict:
    section: Section
    scenarios: list[ScenarioResult]
    status: str
    note: str

    def count(self, outcome: str) -> int:
        return sum(1 for s in self.scenarios if s.outcome == outcome)

    @property
    def is_pointer(self) -> bool:
        """A heading whose status is its subsections' (no result of its own)."""
        return self.status.startswith(SECTION_POINTER_PREFIX)

    @property
    def ran(self) -> int:
        return sum(1 for s in self.scenarios if s.ran)

    @property
    def stub_only(self) -> list[ScenarioResult]:
        return [s for s in self.scenarios if s.stub_only]

    @property
    def not_run(self) -> list[ScenarioResult]:
        return [s for s in self.scenarios if s.not_run]


@dataclass
class Verdict:
    approved: bool
    sections: list[SectionVerdict]
    reasons: list[str]
    unassigned: list[ScenarioResult]  # no @rutin-… tag
    unknown: dict[str, list[ScenarioResult]]  # @rutin-<id> not in the routine
    extra: list[ScenarioResult] = field(default_factory=list)  # outside the verdict
    # Accessibility: its own part, in the verdict only with --a11y-gate.
    accessibility: a11y.Part = field(
        default_factory=lambda: a11y.build_part(a11y.Setup(), [], [])
    )

    @property
    def text(self) -> str:
        return APPROVED_TEXT if self.approved else REJECTED_TEXT


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


MAX_NAMES_IN_REASON = 5


def _failed_names(scenarios: Iterable[ScenarioResult]) -> str:
    names = [
        f"»{s.name}«" + (" (instabilt)" if s.flaky else "")
        for s in scenarios
        if s.outcome == FAILED
    ]
    shown = "; ".join(names[:MAX_NAMES_IN_REASON])
    rest = len(names) - MAX_NAMES_IN_REASON
    return f"{shown} och {rest} till (se avsnittet nedan)" if rest > 0 else shown


def _data_reason(scenarios: Sequence[ScenarioResult]) -> str:
    """Failures that come from the profile: named by entry and field, never as a rule."""
    named = [f"»{s.name}« ({s.data_problem})" for s in scenarios]
    shown = "; ".join(named[:MAX_NAMES_IN_REASON])
    rest = len(named) - MAX_NAMES_IN_REASON
    if rest > 0:
        shown += f" och {rest} till"
    return (
        "testdataprofilen stämmer inte med journalen – inget brott mot rutinen, men "
        "regeln kunde inte bedömas; rätta profilen eller testmiljön (./mvj profile check): "
        + shown
    )


def heading_pointer(section: Section) -> str:
    """``se 2.1–2.5``: a heading's status, which is its subsections'."""
    return f"{SECTION_POINTER_PREFIX}{section.children[0]}–{section.children[-1]}"


def _heading_note(section: Section, children: Sequence[SectionVerdict]) -> str:
    note = f"huvudrubrik – täcks via underavsnitten {section.children[0]}–{section.children[-1]}"
    for status, word in ((SECTION_FAILED, "fallerade"), (SECTION_DATA, "testdatafel"),
                         (SECTION_GAP, "ej täckta")):  # fmt: skip
        ids = [c.section.id for c in children if c.status == status]
        if ids:
            note += f"; {word}: {', '.join(ids)}"
    return note


def judge(record: RunRecord) -> Verdict:
    by_section: dict[str, list[ScenarioResult]] = {}
    unassigned: list[ScenarioResult] = []
    extra = [scenario for scenario in record.scenarios if scenario.extra]
    for scenario in record.scenarios:
        if scenario.extra or scenario.a11y:
            continue  # outside the routine: reported apart, never part of its verdict
        if not scenario.sections:
            unassigned.append(scenario)
        for section_id in scenario.sections:
            by_section.setdefault(section_id, []).append(scenario)

    reasons: list[str] = []
    leaf_verdicts: dict[str, SectionVerdict] = {}
    for section in ROUTINE.leaf_sections:
        scenarios = by_section.get(section.id, [])
        ran = [s for s in scenarios if s.outcome in (PASSED, FAILED)]
        failed = [s for s in scenarios if s.outcome == FAILED and not s.data_problem]
        data = [s for s in scenarios if s.outcome == FAILED and s.data_problem]
        if data:
            reasons.append(f"Avsnitt {section.label}: {_data_reason(data)}")
        if failed:
            status = SECTION_FAILED
            note = plural(len(failed), "scenario fallerade", "scenarier fallerade")
            reasons.append(f"Avsnitt {section.label}: {note}: {_failed_names(failed)}")
        elif data:
            status = SECTION_DATA
            note = plural(len(data), "scenario kunde inte bedömas", "scenarier kunde inte bedömas")
            note += " – testdataprofilen stämmer inte med journalen"
        elif ran:
            status, note = SECTION_OK, ""
        elif scenarios:
            status = SECTION_GAP
            stub_only = sum(1 for s in scenarios if s.stub_only)
            parts = [plural(len(scenarios) - stub_only, "överhoppat", "överhoppade")]
            if stub_only:
                parts.append(f"{stub_only} verifieras bara mot stubben")
            note = f"inget scenario kördes mot den här journalen ({', '.join(parts)})"
            reasons.append(f"Avsnitt {section.label}: {note} – täckningslucka")
        else:
            status, note = SECTION_GAP, "saknar scenarier"
            reasons.append(f"Avsnitt {section.label}: saknar scenarier – täckningslucka")
        leaf_verdicts[section.id] = SectionVerdict(section, scenarios, status, note)

    verdicts: list[SectionVerdict] = []
    for section in ROUTINE.sections:
        if not section.is_heading:
            verdicts.append(leaf_verdicts[section.id])
            continue
        own = by_section.get(section.id, [])
        own_failed = [s for s in own if s.outcome == FAILED]
        children = [leaf_verdicts[c] for c in section.children if c in leaf_verdicts]
        if own_failed:
            # Its own scenarios failed: a result of its own, with scenarios behind it.
            status = SECTION_FAILED
            note = plural(len(own_failed), "scenario fallerade", "scenarier fallerade")
            reasons.append(f"Avsnitt {section.label}: {note}: {_failed_names(own_failed)}")
        else:
            status = heading_pointer(section)
        verdicts.append(SectionVerdict(section, own, status, _heading_note(section, children)))

    failed_unassigned = [s for s in unassigned if s.outcome == FAILED]
    if failed_unassigned:
        reasons.append("Scenarier utan rutinavsnitt fallerade: " + _failed_names(failed_unassigned))
    unknown = {k: v for k, v in by_section.items() if ROUTINE.section(k) is None}
    for section_id, scenarios in sorted(unknown.items()):
        if any(s.outcome == FAILED for s in scenarios):
            reasons.append(
                f"Taggen @rutin-{section_id} (inget sådant avsnitt i rutinen): "
                f"fallerade: {_failed_names(scenarios)}"
            )
    reasons.extend(f"Körningen: {error}" for error in record.run_errors)
    part = accessibility_part(record)
    reasons.extend(part.gate_reasons())
    return Verdict(not reasons, verdicts, reasons, unassigned, unknown, extra, part)


def accessibility_part(record: RunRecord) -> a11y.Part:
    scans = [(s.name, ViewScan.from_json(scan)) for s in record.scenarios
             for scan in s.accessibility]
    keyboard = [a11y.KeyboardResult(s.name, s.outcome, s.plain or s.reason)
                for s in record.scenarios if s.a11y]
    return a11y.build_part(record.accessibility, scans, keyboard)

"""The sign-off's accessibility part: per view of the routine, what axe-core found,
and how the keyboard-only scenarios went; and the view of it its templates show.

Outside the routine's verdict unless the run asked for it (``--a11y-gate``): the
routine 781659 R12 says nothing about accessibility, but the law on accessible
public digital services does, and a release manager should see it beside the
verdict. Built from the scans the scenarios carried (``ScenarioResult.accessibility``)
and the ``@tillganglighet`` scenarios; pure code.

The report shows per view how often axe-core looked, new and accepted violations and
the view's status; then every new violation with its rule, impact, WCAG criteria,
element and help link; the accepted known issues with their reason and date; and
known issues that no longer match anything (the team can remove them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mvj_suite.model.accessibility import (
    ACCEPTED,
    DEFAULT_TAGS,
    IMPACT_TEXT,
    Finding,
    KnownIssue,
    ViewScan,
)
from mvj_suite.model.outcomes import FAILED, PASSED
from mvj_suite.model.views import VIEWS
from mvj_suite.signoff.text import plural

HEADING = "Tillgänglighet"
NOTE = (
    "Ingår inte i rutin 781659 R12. Varje vy som scenarierna visar granskas med axe-core; "
    "tangentbordsscenarierna använder bara Tab, Skift+Tab, Enter, Mellanslag, Escape och "
    "pilarna i en meny, och skriver i fälten. "
    "Kända brister godtas enligt testdataprofilen till och med sitt datum."
)
VIEW_NO_ISSUES, VIEW_NEW, VIEW_ACCEPTED = "INGA BRISTER", "NYA BRISTER", "BARA GODTAGNA BRISTER"
VIEW_NOT_CHECKED, VIEW_ERROR = "EJ GRANSKAD", "KUNDE INTE GRANSKAS"
# The sign-off's own colours: red as FALLERAT, amber as EJ TÄCKT, green as GODKÄNT.
VIEW_STATUS_CLASS = {VIEW_NEW: "s-FALLERAT", VIEW_ERROR: "s-FALLERAT",
                     VIEW_NOT_CHECKED: "s-EJ-TÄCKT"}  # fmt: skip
CLEAN = "INGA NYA BRISTER"
VIEW_COLUMNS = ("Vy", "Granskad", "Nya brister", "Godtagna", "Besked")
NEW_COLUMNS = ("Vy", "Regel", "Påverkan", "WCAG", "Element", "Hjälp")
ACCEPTED_COLUMNS = ("Vy", "Regel", "Element", "Skäl", "Godtas till")
KEYBOARD_HEADING = "Tangentbordet"
UNUSED_NOTE = (
    "Åtgärdade – eller gäller de en regel utanför regeluppsättningen (--a11y-tags)? "
    "Kontrollera innan de tas bort ur profilen."
)


@dataclass(frozen=True)
class Setup:
    """How the run checked: the rule set, the scan mode, the gate, the known issues."""

    tags: tuple[str, ...] = DEFAULT_TAGS
    scan: str = "first"
    gate: bool = False
    known: tuple[KnownIssue, ...] = ()
    known_source: str = ""  # where the known-issue list came from (the profile's file name)

    def to_json(self) -> dict[str, Any]:
        return {"tags": list(self.tags), "scan": self.scan, "gate": self.gate,
                "known_source": self.known_source,
                "known": [k.to_json() for k in self.known]}  # fmt: skip

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Setup:
        data = data or {}
        return cls(
            tags=tuple(data.get("tags") or DEFAULT_TAGS),
            scan=str(data.get("scan", "first")),
            gate=bool(data.get("gate", False)),
            known=tuple(KnownIssue.from_json(k) for k in data.get("known") or []),
            known_source=str(data.get("known_source", "")),
        )


@dataclass
class ViewResult:
    view: str
    scans: int = 0
    errors: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # one per rule and element

    @property
    def new(self) -> list[Finding]:
        return [f for f in self.findings if f.counts]

    @property
    def accepted(self) -> list[Finding]:
        return [f for f in self.findings if f.status == ACCEPTED]

    @property
    def status(self) -> str:
        if self.new:
            return VIEW_NEW
        if self.errors and not self.scans:
            return VIEW_ERROR
        if not self.scans:
            return VIEW_NOT_CHECKED
        return VIEW_ACCEPTED if self.accepted else VIEW_NO_ISSUES


@dataclass
class Part:
    setup: Setup
    views: list[ViewResult]
    keyboard: list[tuple[str, str]]  # (name, outcome) of each @tillganglighet scenario
    engine: str = ""
    unused_known: list[KnownIssue] = field(default_factory=list)

    @property
    def checked(self) -> list[ViewResult]:
        return [v for v in self.views if v.scans]

    @property
    def new(self) -> list[Finding]:
        return [f for v in self.views for f in v.new]

    @property
    def failed_keyboard(self) -> list[str]:
        return [name for name, outcome in self.keyboard if outcome == FAILED]

    @property
    def empty(self) -> bool:
        """Nothing was checked and no keyboard scenario ran: the part is left out."""
        return not self.checked and not any(v.errors for v in self.views) and not self.keyboard

    def gate_reasons(self) -> list[str]:
        """Why the verdict cannot be GODKÄND when accessibility gates it."""
        if not self.setup.gate:
            return []
        reasons = []
        if self.new:
            where = ", ".join(dict.fromkeys(f.view for f in self.new))
            reasons.append(f"Tillgänglighet: {plural(len(self.new), 'ny brist', 'nya brister')} "
                           f"({where}) – --a11y-gate")
        for view in self.views:
            if view.status == VIEW_ERROR:
                reasons.append(f"Tillgänglighet: vyn {view.view} kunde inte granskas – --a11y-gate")
        for name in self.failed_keyboard:
            reasons.append(f"Tillgänglighet: »{name}« fallerade – --a11y-gate")
        return reasons

    def summary(self) -> str:
        parts = [f"{len(self.checked)} av {len(self.views)} vyer granskade",
                 plural(len(self.new), "ny brist", "nya brister")]
        accepted = sum(len(v.accepted) for v in self.views)
        if accepted:
            parts.append(plural(accepted, "godtagen känd brist", "godtagna kända brister"))
        if self.keyboard:
            passed = sum(outcome == PASSED for _, outcome in self.keyboard)
            parts.append(f"tangentbordet {passed} av {len(self.keyboard)} godkända")
        engine = f", {self.engine}" if self.engine else ""
        scope = ("avgör beskedet (--a11y-gate)" if self.setup.gate
                 else "utanför rutinens besked")
        tags = tuple(self.setup.tags)
        rules = "WCAG 2.1 nivå AA" if tags == DEFAULT_TAGS else ", ".join(tags)
        return f"{HEADING} ({rules}{engine}): {', '.join(parts)} – {scope}"

    def status(self) -> str:
        new = len(self.new)
        if new:
            return f"{new} {'NY BRIST' if new == 1 else 'NYA BRISTER'}"
        if any(v.status == VIEW_ERROR for v in self.views):
            return "KUNDE INTE GRANSKA ALLT"
        if self.failed_keyboard:
            return "TANGENTBORDET FALLERADE"
        return CLEAN

    def to_json(self) -> dict[str, Any]:
        """signoff.json's accessibility: how it was checked, and what was found."""
        views = {v.view: {"status": v.status, "scans": v.scans, "new": len(v.new),
                          "accepted": len(v.accepted), "errors": v.errors} for v in self.views}
        return {**self.setup.to_json(), "summary": self.summary(), "engine": self.engine,
                "views": views, "new": [f.to_json() for f in self.new]}

    def view(self, keyboard: list[dict[str, Any]]) -> dict[str, Any]:
        """What the sign-off's templates show of the part (``keyboard``: its scenario rows)."""
        setup = self.setup
        known = (f"{len(setup.known)} kända brister ur {setup.known_source}" if setup.known
                 else "inga kända brister i profilen")
        status = self.status()
        return {
            "heading": HEADING, "status": status, "clean": status == CLEAN,
            "note": NOTE, "summary": self.summary(),
            "setup": f"Regler: {', '.join(setup.tags)} · granskning: --a11y-scan {setup.scan} · "
                     f"{known}",
            "view_columns": VIEW_COLUMNS,
            "views": [(v.view, _scans_text(v), str(len(v.new)), str(len(v.accepted)), v.status,
                       VIEW_STATUS_CLASS.get(v.status, "s-GODKÄNT")) for v in self.views],
            "new_columns": NEW_COLUMNS, "new": [_finding(f) for f in self.new],
            "accepted_columns": ACCEPTED_COLUMNS,
            "accepted": [_finding(f) for v in self.views for f in v.accepted],
            "errors": [(v.view, e) for v in self.views for e in dict.fromkeys(v.errors)],
            "unused_note": UNUSED_NOTE,
            "unused": [{"rule": k.rule, "view": k.view or "alla vyer", "reason": k.reason,
                        "until": k.until.isoformat()} for k in self.unused_known],
            "keyboard_heading": KEYBOARD_HEADING, "keyboard": keyboard,
        }


def _scans_text(view: ViewResult) -> str:
    if view.status == VIEW_NOT_CHECKED:
        return "visades inte i körningen"
    return f"{view.scans} gång" if view.scans == 1 else f"{view.scans} gånger"


def _finding(f: Finding) -> dict[str, str]:
    return {"view": f.view, "rule": f.rule, "help": f.help, "target": f.target,
            "impact": IMPACT_TEXT.get(f.impact, f.impact or "–"),
            "criteria": ", ".join(f.criteria) or "–", "help_url": f.help_url,
            "known_until": f.known_until, "known_reason": f.known_reason}


def build_part(setup: Setup, scans: Iterable[ViewScan], keyboard: list[tuple[str, str]]) -> Part:
    """The part from every scan and the keyboard scenarios. Each element breaking a rule
    in a view is listed once, however many times it was seen."""
    by_view = {view: ViewResult(view) for view in VIEWS}
    seen: set[tuple[str, str, str]] = set()
    engine = ""
    for scan in scans:
        result = by_view.setdefault(scan.view, ViewResult(scan.view))
        if scan.error:
            result.errors.append(scan.error)
            continue
        result.scans += 1
        engine = engine or scan.engine
        for finding in scan.findings:
            if finding.key not in seen:
                seen.add(finding.key)
                result.findings.append(finding)
    used = {(f.rule, f.known_reason, f.known_until) for v in by_view.values() for f in v.findings
            if f.known_until}
    # Only where it could have been found: its view (any, for an entry without one) was
    # checked. An entry for a view this run never showed says nothing about a fix.
    checked = {v.view for v in by_view.values() if v.scans}
    unused = [k for k in setup.known
              if (k.rule, k.reason, k.until.isoformat()) not in used
              and (k.view in checked if k.view else bool(checked))]
    return Part(setup=setup, views=list(by_view.values()), keyboard=keyboard,
                engine=engine, unused_known=unused)

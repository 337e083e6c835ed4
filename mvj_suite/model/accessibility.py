"""Accessibility as data: the WCAG rule sets, the accepted issues, the findings.

Pure code (no browser, no pytest), below every capability: ``--a11y-tags`` and
``--a11y-scan`` (the settings) and the profile's ``tillganglighet.kanda_brister`` are
read here; ``mvj_suite.a11y.scan`` turns what axe-core reports into :class:`Finding`
objects, :func:`classify` decides for each whether it is new, accepted by a known issue,
or accepted by one whose date has passed — which counts as new again, so that an
accepted issue cannot hide for ever — and the sign-off reads the :class:`ViewScan`s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from mvj_suite.model.dates import iso_date
from mvj_suite.model.views import VIEWS

# WCAG 2.1 level AA, as axe-core tags its rules; --a11y-tags chooses others.
DEFAULT_TAGS: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
# The tags axe-core 4.x knows that make sense as a rule set here.
KNOWN_TAGS: tuple[str, ...] = (
    "wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag22aa",
    "best-practice", "section508", "EN-301-549",
)  # fmt: skip
SCAN_MODES = ("first", "every", "off")  # --a11y-scan
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def parse_tags(text: str | None) -> tuple[str, ...]:
    """``--a11y-tags``: comma-separated axe-core tags; ValueError with one Swedish line."""
    if text is None or not text.strip():
        return DEFAULT_TAGS
    tags = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [tag for tag in tags if tag not in KNOWN_TAGS]
    if unknown or not tags:
        named = ", ".join(unknown) or text.strip()
        raise ValueError(
            f"--a11y-tags: okänd regeluppsättning {named} – välj bland "
            f"{', '.join(KNOWN_TAGS)} (standard {','.join(DEFAULT_TAGS)})."
        )
    return tags


@dataclass(frozen=True)
class KnownIssue:
    """A violation the test team has accepted for a while, with its reason."""

    rule: str  # axe-core's rule id, e.g. color-contrast
    reason: str
    until: date  # accepted up to and including this day; after it the finding is new again
    view: str = ""  # one view of mvj_suite.model.views; "" = every view
    element: str = ""  # part of the element's selector as axe reports it; "" = every element

    def matches(self, view: str, rule: str, target: str) -> bool:
        return (
            self.rule == rule
            and (not self.view or self.view == view)
            and (not self.element or self.element in target)
        )

    def expired(self, today: date) -> bool:
        return today > self.until

    def to_json(self) -> dict[str, str]:
        return {**asdict(self), "until": self.until.isoformat()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> KnownIssue:
        return cls(
            rule=str(data["rule"]),
            reason=str(data.get("reason", "")),
            until=date.fromisoformat(str(data["until"])),
            view=str(data.get("view", "")),
            element=str(data.get("element", "")),
        )


# --- the profile's known-issue list ---------------------------------------------------
# The profile is written by test teams in Swedish; the model is in English.
KNOWN_ISSUE_KEYS = {"regel": "rule", "skal": "reason", "galler_till": "until",
                    "vy": "view", "element": "element"}  # fmt: skip


def parse_known_issues(raw: Any, problems: list[str]) -> tuple[KnownIssue, ...]:
    """``tillganglighet`` of a profile; every problem one Swedish line in ``problems``."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        problems.append("'tillganglighet' ska vara en mappning (med kanda_brister)")
        return ()
    unknown = set(raw) - {"kanda_brister"}
    problems += [f"tillganglighet: okänd nyckel '{key}'" for key in sorted(unknown)]
    entries = raw.get("kanda_brister") or []
    if not isinstance(entries, list):
        problems.append("tillganglighet.kanda_brister ska vara en lista")
        return ()
    issues: list[KnownIssue] = []
    for index, entry in enumerate(entries, start=1):
        where = f"tillganglighet.kanda_brister[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: ska vara en mappning (regel, skal, galler_till …)")
            continue
        if (issue := _known_issue(entry, where, problems)) is not None:
            issues.append(issue)
    return tuple(issues)


def _known_issue(entry: Mapping[str, Any], where: str, problems: list[str]) -> KnownIssue | None:
    before = len(problems)
    unknown = set(entry) - set(KNOWN_ISSUE_KEYS)
    problems += [f"{where}: okänt fält '{key}'" for key in sorted(unknown)]
    text = {name: str(entry.get(key) or "").strip() for key, name in KNOWN_ISSUE_KEYS.items()}
    if not _RULE_ID.match(text["rule"]):
        problems.append(f"{where}: 'regel' ska vara axe-core-regelns namn, till exempel "
                        "color-contrast")
    if not text["reason"]:
        problems.append(f"{where}: 'skal' saknas (varför bristen godtas, till exempel ett ärende)")
    # A day is meant: a time (2027-03-31 12:00) is refused, it would not compare with today.
    until = iso_date(text["until"])
    if until is None:
        problems.append(f"{where}: 'galler_till' ska vara ett datum ÅÅÅÅ-MM-DD (sista dagen "
                        "bristen godtas)")
    view = text["view"]
    if view and view not in VIEWS:
        problems.append(f"{where}: vyn '{view}' finns inte – välj bland {', '.join(VIEWS)}")
    if len(problems) > before or until is None:
        return None
    return KnownIssue(**{**text, "until": until})


# --- what a scan found ---------------------------------------------------------------
NEW, ACCEPTED, EXPIRED = "ny", "godtagen", "utgången"
_CRITERION = re.compile(r"^wcag(\d)(\d)(\d+)$")  # wcag412 -> 4.1.2
IMPACT_TEXT = {
    "critical": "kritisk", "serious": "allvarlig", "moderate": "måttlig", "minor": "mindre",
}  # fmt: skip


def criteria(tags: Iterable[str]) -> tuple[str, ...]:
    """The WCAG success criteria among a rule's tags (``wcag412`` -> ``4.1.2``)."""
    return tuple(".".join(match.groups()) for tag in tags if (match := _CRITERION.match(tag)))


@dataclass(frozen=True)
class Finding:
    """One element of one view that breaks one axe-core rule."""

    view: str
    rule: str
    impact: str  # critical | serious | moderate | minor (axe-core's words)
    help: str  # axe-core's one-line description of the rule (English)
    help_url: str
    target: str  # the element's CSS selector, as axe-core gives it
    criteria: tuple[str, ...] = ()  # WCAG success criteria, e.g. ("4.1.2",)
    html: str = ""  # the element's markup (left out on a live journal)
    summary: str = ""  # what is wrong, axe-core's words (English)
    status: str = NEW  # NEW | ACCEPTED | EXPIRED
    known_reason: str = ""
    known_until: str = ""  # ISO date of the known issue that matched

    @property
    def counts(self) -> bool:
        """New, or accepted by a known issue whose date has passed."""
        return self.status != ACCEPTED

    @property
    def key(self) -> tuple[str, str, str]:
        return self.view, self.rule, self.target

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "criteria": list(self.criteria)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Finding:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        known["criteria"] = tuple(known.get("criteria") or ())
        return cls(**known)


def classify(finding: Finding, known: Iterable[KnownIssue], today: date) -> Finding:
    """The finding with its status: accepted by a current known issue, expired, or new.

    A current entry wins over an expired one that also matches (a team that renewed
    an entry by adding a new one must not see the old one's expiry)."""
    matching = [k for k in known if k.matches(finding.view, finding.rule, finding.target)]
    if not matching:
        return replace(finding, status=NEW, known_reason="", known_until="")
    entry = max(matching, key=lambda k: (not k.expired(today), k.until))
    return replace(finding, status=EXPIRED if entry.expired(today) else ACCEPTED,
                   known_reason=entry.reason, known_until=entry.until.isoformat())


@dataclass
class ViewScan:
    """One look at one view: what axe-core found there (classified)."""

    view: str
    findings: list[Finding] = field(default_factory=list)
    engine: str = ""  # e.g. "axe-core 4.12.1"
    tags: tuple[str, ...] = DEFAULT_TAGS
    error: str = ""  # why axe-core could not look (then there are no findings)

    def to_json(self) -> dict[str, Any]:
        return {
            "view": self.view,
            "engine": self.engine,
            "tags": list(self.tags),
            "error": self.error,
            "findings": [f.to_json() for f in self.findings],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ViewScan:
        return cls(
            view=str(data.get("view", "")),
            findings=[Finding.from_json(f) for f in data.get("findings") or []],
            engine=str(data.get("engine", "")),
            tags=tuple(data.get("tags") or DEFAULT_TAGS),
            error=str(data.get("error", "")),
        )

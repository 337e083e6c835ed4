"""Sign-off for a release: the routine's verdict from scenario outcomes.

Pure logic (no pytest): the data model stored in ``signoff.json``, the verdict
rules, the Markdown and HTML renderings and the merging of CI shards. The
pytest plugin ``suite.plugins.signoff`` feeds it; the command line merges shards:

    python -m tools.signoff merge reports/shard-*/signoff.json -o reports/

Verdict rules (see docs/rapporter.md): ``GODKÄND`` only when every section of
the routine has at least one scenario that ran against this journal (passed
or failed) and no scenario failed anywhere, and the run itself had no errors.
A heading section (2 Hantera patient) is covered through its subsections.
A scenario skipped because only the stub can show its rule is listed as
"verifieras bara mot stubben": it does not on its own block the verdict, and
it does not count as run.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from suite.model.routine import ROUTINE, Section, section_url
from suite.reporting.detection import DetectionNote, detection_note, merge_notes

FORMAT_VERSION = 1
PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
APPROVED_TEXT, REJECTED_TEXT = "GODKÄND", "EJ GODKÄND"
UNKNOWN = "okänd"

OUTCOME_TEXT = {PASSED: "godkänt", FAILED: "fallerat", SKIPPED: "överhoppat"}
SECTION_OK, SECTION_FAILED, SECTION_GAP = "GODKÄNT", "FALLERAT", "EJ TÄCKT"
_OUTCOME_RANK = {FAILED: 0, PASSED: 1, SKIPPED: 2}

OVERVIEW_COLUMNS = (
    "Avsnitt", "Scenarier", "Körda mot journalen", "Godkända", "Fallerade",
    "Bara mot stubben", "Ej körda", "Besked",
)  # fmt: skip
RAN_HEADING = "Körda mot den här journalen"
EXTRA_HEADING = "Extra säkerhetskontroller"
EXTRA_NOTE = (
    "Ingår inte i rutin 781659 R12 och inte i rutinens besked ovan: kontroller som sviten "
    "gör utöver rutinen, redovisade för sig."
)
STUB_ONLY_HEADING = "Verifieras bara mot stubben"
NOT_RUN_HEADING = "Ej körda i den här körningen"

RELEASE_FIELDS: tuple[tuple[str, str], ...] = (
    ("target", "Mål"),
    ("base_url", "Bas-URL"),
    ("journal_version", "Journalversion"),
    ("browser", "Webbläsare"),
    ("suite_commit", "Sviten (commit)"),
    ("started", "Start"),
    ("finished", "Slut"),
)


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

    @property
    def ran(self) -> bool:
        return self.outcome in (PASSED, FAILED)

    @property
    def not_run(self) -> bool:
        """Skipped for a reason other than "only the stub can show it"."""
        return self.outcome == SKIPPED and not self.stub_only

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScenarioResult:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


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

    def to_json(self) -> dict[str, Any]:
        verdict = judge(self)
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
            "scenarios": [asdict(s) for s in self.scenarios],
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

    @property
    def text(self) -> str:
        return APPROVED_TEXT if self.approved else REJECTED_TEXT


def _plural(n: int, one: str, many: str) -> str:
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


def judge(record: RunRecord) -> Verdict:
    by_section: dict[str, list[ScenarioResult]] = {}
    unassigned: list[ScenarioResult] = []
    extra = [scenario for scenario in record.scenarios if scenario.extra]
    for scenario in record.scenarios:
        if scenario.extra:
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
        failed = [s for s in scenarios if s.outcome == FAILED]
        if failed:
            status = SECTION_FAILED
            note = _plural(len(failed), "scenario fallerade", "scenarier fallerade")
            reasons.append(f"Avsnitt {section.label}: {note}: {_failed_names(failed)}")
        elif ran:
            status, note = SECTION_OK, ""
        elif scenarios:
            status = SECTION_GAP
            stub_only = sum(1 for s in scenarios if s.stub_only)
            parts = [_plural(len(scenarios) - stub_only, "överhoppat", "överhoppade")]
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
        first, last = section.children[0], section.children[-1]
        covered = f"huvudrubrik – täcks via underavsnitten {first}–{last}"
        if own_failed:
            status = SECTION_FAILED
            note = _plural(len(own_failed), "scenario fallerade", "scenarier fallerade")
            reasons.append(f"Avsnitt {section.label}: {note}: {_failed_names(own_failed)}")
        elif any(c.status == SECTION_FAILED for c in children):
            status = SECTION_FAILED
        elif all(c.status == SECTION_OK for c in children):
            status = SECTION_OK
        else:
            status = SECTION_GAP
        verdicts.append(SectionVerdict(section, own, status, covered))

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
    return Verdict(not reasons, verdicts, reasons, unassigned, unknown, extra)


# --- merging -----------------------------------------------------------------


def _merge_values(values: Iterable[str]) -> str:
    seen: list[str] = []
    for value in values:
        if value and value != UNKNOWN and value not in seen:
            seen.append(value)
    return " / ".join(seen) if seen else UNKNOWN


def merge(records: Sequence[RunRecord]) -> RunRecord:
    """One record from CI shards (or repeated runs): worst outcome per scenario."""
    scenarios: dict[str, ScenarioResult] = {}
    for record in records:
        for scenario in record.scenarios:
            current = scenarios.get(scenario.nodeid)
            if current is None or _OUTCOME_RANK[scenario.outcome] < _OUTCOME_RANK[current.outcome]:
                scenarios[scenario.nodeid] = scenario
    release: dict[str, str] = {}
    for key, _label in RELEASE_FIELDS:
        values = [r.release.get(key, "") for r in records]
        if key == "started":
            release[key] = min((v for v in values if v), default=UNKNOWN)
        elif key == "finished":
            release[key] = max((v for v in values if v), default=UNKNOWN)
        else:
            release[key] = _merge_values(values)
    shards = sorted({s for r in records for s in r.shards}, key=_shard_key)
    selections = {r.selection for r in records if r.selection}
    return RunRecord(
        scenarios=sorted(scenarios.values(), key=lambda s: s.nodeid),
        release=release,
        run_errors=[e for r in records for e in r.run_errors],
        shards=shards,
        selection=" / ".join(sorted(selections)),
        detection=merge_notes([r.detection for r in records]),
        detection_link=next((r.detection_link for r in records if r.detection_link), ""),
    )


def _shard_key(shard: str) -> tuple[int, int]:
    k, _, n = shard.partition("/")
    return (int(n) if n.isdigit() else 0, int(k) if k.isdigit() else 0)


def missing_shards(shards: Sequence[str]) -> list[str]:
    """Shards of an ``N``-way split that are absent (e.g. a job that crashed)."""
    totals = {s.partition("/")[2] for s in shards}
    missing: list[str] = []
    for total in totals:
        if total.isdigit():
            present = {s for s in shards if s.endswith(f"/{total}")}
            expected = [f"{k}/{total}" for k in range(1, int(total) + 1)]
            missing += [s for s in expected if s not in present]
    return missing


# --- rendering -----------------------------------------------------------------


def _title() -> str:
    return f"Godkännande av release – rutin {ROUTINE.number} {ROUTINE.revision}"


def _scope_lines(record: RunRecord) -> list[str]:
    lines: list[str] = []
    if record.shards:
        lines.append("Delkörningar: " + ", ".join(record.shards))
    if record.selection:
        lines.append(
            f"Urval: {record.selection} – beskedet gäller ändå hela rutinen, "
            "så avsnitt utanför urvalet visas som täckningsluckor."
        )
    return lines


def _scenario_reason(s: ScenarioResult) -> str:
    parts = []
    if s.failed_step:
        parts.append(f"steg: {s.failed_step}")
    if s.reason:
        parts.append(s.reason)
    return " – ".join(parts)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(record: RunRecord, verdict: Verdict | None = None) -> str:
    verdict = verdict or judge(record)
    out = [f"# {_title()}", ""]
    out.append(f"**Rutin:** {ROUTINE.label}  ")
    out.append(f"**Besked:** **{verdict.text}**  ")
    if record.detection is not None:
        link = f" ([mutation.html]({record.detection_link}))" if (
            record.detection.current and record.detection_link) else ""
        out.append(f"**Upptäcktsförmåga:** {_md_escape(record.detection.text)}{link}")
    out.append("")
    out.append("## Release som prövats")
    out.append("")
    out.append("| Uppgift | Värde |")
    out.append("|---|---|")
    for key, label in RELEASE_FIELDS:
        out.append(f"| {label} | {_md_escape(record.release.get(key) or UNKNOWN)} |")
    out.append("")
    out.extend(f"{line}  " for line in _scope_lines(record))
    if verdict.reasons:
        out += ["", "## Skäl till beskedet EJ GODKÄND", ""]
        out += [f"- {_md_escape(r)}" for r in verdict.reasons]
    out += ["", "## Översikt per avsnitt", ""]
    out.append(f"| {' | '.join(OVERVIEW_COLUMNS)} |")
    out.append("|" + "---|" * len(OVERVIEW_COLUMNS))
    for sv in verdict.sections:
        note = f" ({sv.note})" if sv.note else ""
        out.append(
            f"| {_md_escape(sv.section.label)} | {len(sv.scenarios)} | {sv.ran} | "
            f"{sv.count(PASSED)} | {sv.count(FAILED)} | {len(sv.stub_only)} | "
            f"{len(sv.not_run)} | {sv.status}{_md_escape(note)} |"
        )
    for sv in verdict.sections:
        out += ["", f"## {sv.section.label} – {sv.status}", ""]
        if sv.note:
            out += [f"_{sv.note}_", ""]
        ran = [s for s in sv.scenarios if s.ran]
        if sv.scenarios:
            out += [f"### {RAN_HEADING} ({len(ran)})", ""]
        out.extend(_md_scenario_table(ran) if sv.scenarios else _md_scenario_table([]))
        for heading, group in ((STUB_ONLY_HEADING, sv.stub_only), (NOT_RUN_HEADING, sv.not_run)):
            if group:
                out += ["", f"### {heading} ({len(group)})", ""]
                out.extend(_md_scenario_table(group))
    if verdict.unknown:
        for section_id, scenarios in sorted(verdict.unknown.items()):
            out += ["", f"## Okänt avsnitt @rutin-{section_id} (finns inte i rutinen)", ""]
            out.extend(_md_scenario_table(scenarios))
    if verdict.unassigned:
        out += ["", "## Scenarier utan rutinavsnitt", ""]
        out.extend(_md_scenario_table(verdict.unassigned))
    if verdict.extra:
        out += ["", f"## {EXTRA_HEADING}", "", f"_{EXTRA_NOTE}_  ", f"{extra_summary(verdict)}", ""]
        out.extend(_md_scenario_table(verdict.extra))
    out.append("")
    return "\n".join(out)


def _md_scenario_table(scenarios: Sequence[ScenarioResult]) -> list[str]:
    if not scenarios:
        return ["Inga scenarier."]
    rows = ["| Scenario | Egenskap | Utfall | Skäl |", "|---|---|---|---|"]
    for s in scenarios:
        rows.append(
            f"| {_md_escape(s.name)} | {_md_escape(s.feature)} | {OUTCOME_TEXT[s.outcome]} | "
            f"{_md_escape(_scenario_reason(s))} |"
        )
    return rows


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:72rem;padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.3rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #c8c8c8;padding:.35rem .55rem;text-align:left;vertical-align:top}
th{background:#f1f1f1}
.besked{display:inline-block;padding:.5rem 1rem;border-radius:.3rem;font-size:1.4rem;
font-weight:700;color:#fff}
.godkand{background:#1d7a35}.ej-godkand{background:#b3261e}
.s-GODKÄNT,.o-passed{color:#1d7a35;font-weight:600}
.s-FALLERAT,.o-failed{color:#b3261e;font-weight:600}
.s-EJ-TÄCKT,.o-skipped{color:#8a5a00;font-weight:600}
.not{color:#555;font-style:italic}ul.skal li{margin:.2rem 0}
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _detection_html(record: RunRecord) -> list[str]:
    note = record.detection
    if note is None:
        return []
    text = _h(note.text)
    if note.current and record.detection_link:
        text += f' (<a href="{_h(record.detection_link)}">mutation.html</a>)'
    return [f"<p><strong>Upptäcktsförmåga:</strong> {text}</p>"]


def render_html(record: RunRecord, verdict: Verdict | None = None) -> str:
    verdict = verdict or judge(record)
    css_class = "godkand" if verdict.approved else "ej-godkand"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="sv"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(_title())}: {_h(verdict.text)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{_h(_title())}</h1>",
        f"<p>{_h(ROUTINE.label)}</p>",
        f'<p><span class="besked {css_class}">{_h(verdict.text)}</span></p>',
        *_detection_html(record),
        "<h2>Release som prövats</h2><table>",
    ]
    for key, label in RELEASE_FIELDS:
        value = record.release.get(key) or UNKNOWN
        parts.append(f"<tr><th>{_h(label)}</th><td>{_h(value)}</td></tr>")
    parts.append("</table>")
    parts.extend(f'<p class="not">{_h(line)}</p>' for line in _scope_lines(record))
    if verdict.reasons:
        parts.append('<h2>Skäl till beskedet EJ GODKÄND</h2><ul class="skal">')
        parts.extend(f"<li>{_h(r)}</li>" for r in verdict.reasons)
        parts.append("</ul>")
    parts.append(
        "<h2>Översikt per avsnitt</h2><table><tr>"
        + "".join(f"<th>{_h(column)}</th>" for column in OVERVIEW_COLUMNS)
        + "</tr>"
    )
    for sv in verdict.sections:
        counts = (len(sv.scenarios), sv.ran, sv.count(PASSED), sv.count(FAILED),
                  len(sv.stub_only), len(sv.not_run))  # fmt: skip
        parts.append(
            f'<tr><td><a href="#{sv.section.anchor}">{_h(sv.section.label)}</a></td>'
            + "".join(f"<td>{count}</td>" for count in counts)
            + f'<td class="s-{sv.status.replace(" ", "-")}">{_h(sv.status)}'
            + (f' <span class="not">({_h(sv.note)})</span>' if sv.note else "")
            + "</td></tr>"
        )
    parts.append("</table>")
    for sv in verdict.sections:
        link = section_url(sv.section.id, relative="../")
        parts.append(
            f'<h2 id="{sv.section.anchor}">{_h(sv.section.label)} – '
            f'<span class="s-{sv.status.replace(" ", "-")}">{_h(sv.status)}</span></h2>'
            f'<p><a href="{_h(link)}">Rutinens text för avsnittet</a></p>'
        )
        if sv.note:
            parts.append(f'<p class="not">{_h(sv.note)}</p>')
        if not sv.scenarios:
            parts.append(_html_scenario_table([]))
            continue
        ran = [s for s in sv.scenarios if s.ran]
        parts.append(f"<h3>{_h(RAN_HEADING)} ({len(ran)})</h3>")
        parts.append(_html_scenario_table(ran))
        for heading, group in ((STUB_ONLY_HEADING, sv.stub_only), (NOT_RUN_HEADING, sv.not_run)):
            if group:
                parts.append(f"<h3>{_h(heading)} ({len(group)})</h3>")
                parts.append(_html_scenario_table(group))
    for section_id, scenarios in sorted(verdict.unknown.items()):
        parts.append(f"<h2>Okänt avsnitt @rutin-{_h(section_id)} (finns inte i rutinen)</h2>")
        parts.append(_html_scenario_table(scenarios))
    if verdict.unassigned:
        parts.append("<h2>Scenarier utan rutinavsnitt</h2>")
        parts.append(_html_scenario_table(verdict.unassigned))
    if verdict.extra:
        parts.append(f'<h2 id="extra">{_h(EXTRA_HEADING)}</h2>')
        parts.append(f'<p class="not">{_h(EXTRA_NOTE)}</p><p>{_h(extra_summary(verdict))}</p>')
        parts.append(_html_scenario_table(verdict.extra))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _html_scenario_table(scenarios: Sequence[ScenarioResult]) -> str:
    if not scenarios:
        return '<p class="not">Inga scenarier.</p>'
    rows = ["<table><tr><th>Scenario</th><th>Egenskap</th><th>Utfall</th><th>Skäl</th></tr>"]
    for s in scenarios:
        rows.append(
            f"<tr><td>{_h(s.name)}</td><td>{_h(s.feature)}</td>"
            f'<td class="o-{s.outcome}">{_h(OUTCOME_TEXT[s.outcome])}</td>'
            f"<td>{_h(_scenario_reason(s))}</td></tr>"
        )
    rows.append("</table>")
    return "\n".join(rows)


def write_reports(record: RunRecord, directory: Path) -> Verdict:
    """Write signoff.json, signoff.md and signoff.html into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    verdict = judge(record)
    (directory / "signoff.json").write_text(
        json.dumps(record.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (directory / "signoff.md").write_text(render_markdown(record, verdict), encoding="utf-8")
    (directory / "signoff.html").write_text(render_html(record, verdict), encoding="utf-8")
    return verdict


def extra_summary(verdict: Verdict) -> str:
    words = ((PASSED, "godkända"), (FAILED, "fallerade"), (SKIPPED, "överhoppade"))
    counts = [(sum(s.outcome == outcome for s in verdict.extra), word) for outcome, word in words]
    return f"{EXTRA_HEADING}: " + ", ".join(f"{n} {word}" for n, word in counts if n)


def summary_lines(verdict: Verdict) -> list[str]:
    lines = [f"Rutin {ROUTINE.number} {ROUTINE.revision}: {verdict.text}"]
    lines += [f"  - {reason}" for reason in verdict.reasons]
    stub_only = sum(len(sv.stub_only) for sv in verdict.sections)
    if stub_only:
        lines.append(
            f"  ({_plural(stub_only, 'scenario verifieras', 'scenarier verifieras')} bara mot "
            "stubben och kördes inte här – listade per avsnitt i rapporten.)"
        )
    if verdict.extra:
        lines.append(f"{extra_summary(verdict)} (utanför rutinens besked)")
    return lines


# --- command line ----------------------------------------------------------------


def _cmd_merge(args: argparse.Namespace) -> int:
    records: list[RunRecord] = []
    for name in args.files:
        path = Path(name)
        try:
            records.append(RunRecord.from_json(json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError) as error:
            print(f"Kan inte läsa {path}: {error}", file=sys.stderr)
            return 2
    if not records:
        print("Inga signoff.json-filer att slå samman.", file=sys.stderr)
        return 2
    merged = merge(records)
    for shard in missing_shards(merged.shards):
        merged.run_errors.append(f"delkörning {shard} saknas (inget resultat)")
    if args.mutation_report:
        # The shards ran where no mutation result was; the merge step may have one.
        report = Path(args.mutation_report)
        merged.detection = detection_note(report, merged.release.get("suite_commit", UNKNOWN))
        merged.detection_link = os.path.relpath(report.with_suffix(".html"), args.output)
    else:
        merged.detection_link = ""  # a shard's link is relative to the shard's own folder
    verdict = write_reports(merged, Path(args.output))
    for line in summary_lines(verdict):
        print(line)
    print(f"Rapporter: {Path(args.output) / 'signoff.md'}, {Path(args.output) / 'signoff.html'}")
    return 0 if verdict.approved else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.signoff",
        description="Godkännanderapport för rutinen 781659 R12.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    merge_parser = sub.add_parser(
        "merge", help="slå samman delkörningars signoff.json till ett besked"
    )
    merge_parser.add_argument("files", nargs="*", help="signoff.json från varje delkörning")
    merge_parser.add_argument("-o", "--output", default="reports", help="katalog för rapporterna")
    merge_parser.add_argument(
        "--mutation-report", default=None, metavar="FIL",
        help="mutation.json från ./mvj mutation: visas i beskedet när den gäller samma "
        "version av sviten",
    )
    merge_parser.set_defaults(func=_cmd_merge)
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())

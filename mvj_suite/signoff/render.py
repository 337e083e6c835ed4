"""The sign-off as people read it: ``signoff.md``, ``signoff.html`` and the terminal.

One view of a ``RunRecord`` and its verdict (:func:`report_view`: every text and link
worked out once) rendered by two Jinja2 templates of the same structure
(``templates/signoff.md.j2`` and ``signoff.html.j2``, the HTML autoescaped): verdict,
release, reasons, comparison, the Beslut block, the overview per section and every
scenario with its failure's links, and the accessibility part. ``write_reports``
writes the three files; ``summary_lines`` gives what the terminal shows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mvj_suite.core.templates import templates
from mvj_suite.model.routine import ROUTINE, section_url
from mvj_suite.signoff.compare import comparison_summary, comparison_view
from mvj_suite.signoff.decision import decision_view
from mvj_suite.signoff.model import (
    FAILED,
    OUTCOME_TEXT,
    PASSED,
    RELEASE_FIELDS,
    SKIPPED,
    UNKNOWN,
    Comparison,
    RunRecord,
    ScenarioResult,
    SectionVerdict,
    Verdict,
    allure_page,
    judge,
)
from mvj_suite.signoff.text import plural, shard_ranges

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
EXTRA_WORDS = {PASSED: "godkända", FAILED: "fallerade", SKIPPED: "överhoppade"}
STUB_ONLY_HEADING = "Verifieras bara mot stubben"
NOT_RUN_HEADING = "Ej körda i den här körningen"
# A failure without an Allure result of its own links the report and says how to find it.
ALLURE_FIND_HINT = "sök på scenariots namn under Sviter"
FLAKY_PLAIN = "Instabilt – godkänt först vid omkörning. Första felet: "

_TEMPLATES = templates("mvj_suite.signoff")


def _attempt_suffix(path: str) -> str:
    # mvj_suite.core.journal_browser.trace_dir: a rerun's artefacts in <test>-omkorning-N/.
    _, mark, attempt = Path(path).parent.name.rpartition("-omkorning-")
    return f" (omkörning {attempt})" if mark and attempt.isdigit() else ""


def _failure_links(s: ScenarioResult, allure_report: str) -> list[tuple[str, str]]:
    links = [(f"{kind} {number}{_attempt_suffix(path)}", path)
             for kind, paths in (("skärmbild", s.screenshots), ("spår", s.traces))
             for number, path in enumerate(paths, start=1)]
    if allure_report and s.allure_uuid:
        links.append(("Allure", allure_page(allure_report, s.allure_uuid)))
    elif allure_report:
        # No Allure result of its own (it failed before its first step): the report.
        links.append((f"Allure-rapporten ({ALLURE_FIND_HINT})", allure_report))
    return links


def _rows(scenarios: Sequence[ScenarioResult], allure_report: str) -> list[dict[str, Any]]:
    return [{
        "name": s.name, "feature": s.feature, "outcome": s.outcome,
        "outcome_text": OUTCOME_TEXT[s.outcome], "failed": s.outcome == FAILED,
        "reason": " – ".join(filter(None, (s.failed_step and f"steg: {s.failed_step}", s.reason))),
        "plain": (FLAKY_PLAIN if s.flaky else "") + s.plain,
        "step": s.failed_step, "technical": s.reason,
        "links": _failure_links(s, allure_report),
    } for s in scenarios]


def _scope_lines(record: RunRecord) -> list[str]:
    lines = []
    if record.shards:
        lines.append(f"Delkörningar: {shard_ranges(record.shards)}")  # 40 shards, one range
    if record.selection:
        lines.append(f"Urval: {record.selection} – beskedet gäller ändå hela rutinen, "
                     "så avsnitt utanför urvalet visas som täckningsluckor.")
    return lines


def _section(sv: SectionVerdict, allure_report: str) -> dict[str, Any]:
    counts = [len(sv.scenarios), *sv.coverage().values()]
    groups = [{"heading": heading, "table": _rows(group, allure_report)}
              for heading, group in ((STUB_ONLY_HEADING, sv.stub_only),
                                     (NOT_RUN_HEADING, sv.not_run)) if group]
    return {
        "label": sv.section.label, "anchor": sv.section.anchor, "status": sv.status,
        "status_class": "s-rubrik" if sv.is_pointer else "s-" + sv.status.replace(" ", "-"),
        "note": sv.note,
        # A heading without scenarios: nothing to count.
        "counts": ["–"] * len(counts) if sv.is_pointer and not sv.scenarios else counts,
        "routine_link": section_url(sv.section.id, relative="../"),
        "empty": "" if sv.scenarios else (
            "Huvudrubrik utan egna scenarier." if sv.is_pointer else "Inga scenarier."),
        "ran": _rows([s for s in sv.scenarios if s.ran], allure_report), "groups": groups,
    }


def report_view(record: RunRecord, verdict: Verdict) -> dict[str, Any]:
    """Everything the two templates show, worked out once."""
    report = record.allure_report
    detection = None
    if record.detection is not None:
        link = record.detection_link if record.detection.current else ""
        detection = {"text": record.detection.text, "link": link}
    part = verdict.accessibility
    keyboard = _rows([s for s in record.scenarios if s.a11y], report)
    return {
        "title": f"Godkännande av release – rutin {ROUTINE.number} {ROUTINE.revision}",
        "routine": ROUTINE.label, "verdict": verdict.text, "approved": verdict.approved,
        "detection": detection,
        "release": [(label, record.release.get(key) or UNKNOWN) for key, label in RELEASE_FIELDS],
        "scope": _scope_lines(record), "reasons": verdict.reasons,
        "comparison": comparison_view(record.comparison),
        "decision": decision_view(record.decision),
        "overview_columns": OVERVIEW_COLUMNS, "ran_heading": RAN_HEADING,
        "sections": [_section(sv, report) for sv in verdict.sections],
        "unknown": [(section_id, _rows(scenarios, report))
                    for section_id, scenarios in sorted(verdict.unknown.items())],
        "unassigned": _rows(verdict.unassigned, report),
        "extra": {"heading": EXTRA_HEADING, "note": EXTRA_NOTE,
                  "summary": extra_summary(verdict),
                  "table": _rows(verdict.extra, report)} if verdict.extra else None,
        "accessibility": None if part.empty else part.view(keyboard),
    }


def _render(template: str, record: RunRecord, verdict: Verdict | None) -> str:
    view = report_view(record, verdict or judge(record))
    return _TEMPLATES.get_template(template).render(v=view)


def render_markdown(record: RunRecord, verdict: Verdict | None = None) -> str:
    return _render("signoff.md.j2", record, verdict)


def render_html(record: RunRecord, verdict: Verdict | None = None) -> str:
    return _render("signoff.html.j2", record, verdict)


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
    counts = verdict.extra_counts()
    return f"{EXTRA_HEADING}: " + ", ".join(
        f"{n} {EXTRA_WORDS[outcome]}" for outcome, n in counts.items() if n)


def summary_lines(verdict: Verdict, comparison: Comparison | None = None) -> list[str]:
    """What the terminal says at the end of a run (and the comparison, if any)."""
    lines = [f"Rutin {ROUTINE.number} {ROUTINE.revision}: {verdict.text}"]
    lines += [f"  - {reason}" for reason in verdict.reasons]
    stub_only = sum(len(sv.stub_only) for sv in verdict.sections)
    if stub_only:
        lines.append(
            f"  ({plural(stub_only, 'scenario verifieras', 'scenarier verifieras')} bara mot "
            "stubben och kördes inte här – listade per avsnitt i rapporten.)"
        )
    if verdict.extra:
        lines.append(f"{extra_summary(verdict)} (utanför rutinens besked)")
    if not verdict.accessibility.empty:
        lines.append(verdict.accessibility.summary())
        lines += [f"  - {f.view}: {f.rule} ({f.impact}) {f.target}"
                  for f in verdict.accessibility.new[:10]]
    if comparison is not None:
        lines.append(comparison_summary(comparison))
    return lines

"""The sign-off as people read it: ``signoff.md``, ``signoff.html`` and the terminal.

One view of a ``RunRecord`` and its verdict (:func:`report_view`: every text and link
worked out once) rendered by two Jinja2 templates of the same structure
(``templates/signoff.md.j2`` and ``signoff.html.j2``, the HTML autoescaped): verdict –
or, against the suite's own stub, the label that says it is no release decision –
release, what the run covered, the reasons (each linked to its rows), comparison, the
Beslut block, the overview per section, the traceability matrix (each sentence of the
routine to its scenarios, their outcome and evidence), every scenario with its evidence
(failures first, then the feature file's order), and the accessibility part.
``write_reports`` writes the three files and the routine's page next to them;
``summary_lines`` gives what the terminal shows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mvj_suite.core.templates import templates
from mvj_suite.model.routine import ROUTINE, ROUTINE_PAGE, routine_base_url, section_url
from mvj_suite.signoff.anchors import (
    A11Y_ANCHOR,
    EXTRA_ANCHOR,
    UNASSIGNED_ANCHOR,
    Reason,
    report_order,
    row_anchor,
    unknown_section_anchor,
)
from mvj_suite.signoff.compare import comparison_summary, comparison_view
from mvj_suite.signoff.decision import decision_view
from mvj_suite.signoff.model import (
    FAILED,
    OUTCOME_TEXT,
    PASSED,
    RELEASE_FIELDS,
    SECTION_OUTSIDE,
    SKIPPED,
    STUB_LABEL,
    UNKNOWN,
    Comparison,
    RunRecord,
    ScenarioResult,
    SectionVerdict,
    Verdict,
    allure_page,
    judge,
)
from mvj_suite.signoff.routine_page import inline, render_routine_page
from mvj_suite.signoff.text import plural, shard_ranges
from mvj_suite.signoff.trace import (
    TRACE_DATA,
    TRACE_FAILED,
    TRACE_OK,
    TRACE_UNTESTABLE,
    Matrix,
    build_matrix,
)

OVERVIEW_COLUMNS = (
    "Avsnitt", "Scenarier", "Körda mot journalen", "Godkända", "Fallerade",
    "Bara mot stubben", "Ej körda", "Besked",
)  # fmt: skip
SCENARIO_COLUMNS = ("Scenario", "Egenskap", "Utfall", "Skäl", "Underlag")
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

RELEASE_TITLE = f"Godkännande av release – rutin {ROUTINE.number} {ROUTINE.revision}"
REASONS_HEADING = "Skäl till beskedet EJ GODKÄND"
# Against the suite's own stub: the outcome, never a release verdict (model.STUB_LABEL).
STUB_OUTCOME = {True: "Gick igenom mot stubbjournalen",
                False: "Gick inte igenom mot stubbjournalen"}
STUB_REASONS_HEADING = "Skäl till att sviten inte gick igenom"
STUB_NOTE = (
    "Körningen gick mot svitens egen stubbjournal: den visar att sviten fungerar, inte att "
    "en release av journalen uppfyller rutinen. Ett releasebeslut kräver en körning mot "
    "journalen som ska släppas (--target live) – därför inget beslutsblock här."
)
MATRIX_HEADING = "Spårbarhet: rutinens meningar och scenarierna som prövar dem"
MATRIX_NOTE = (
    "Varje mening i rutinen (krav-id, länkat till rutinens text) med scenarierna som "
    "namnger den (@krav-…), deras utfall och underlag. Meningen själv bedöms inte: "
    "beskedet ges per avsnitt ovan."
)
MATRIX_COLUMNS = ("Krav", "Mening i rutinen", "Scenarier – utfall – underlag", "Besked")
UNTRACED_NOTE = (
    "Ingen av körningens scenarier namnger en mening i rutinen (@krav-…): en äldre "
    "signoff.json, eller en svit utan krav-taggar."
)

_TEMPLATES = templates("mvj_suite.signoff")


def _attempt_suffix(path: str) -> str:
    # mvj_suite.core.journal_browser.trace_dir: a rerun's artefacts in <test>-omkorning-N/.
    _, mark, attempt = Path(path).parent.name.rpartition("-omkorning-")
    return f" (omkörning {attempt})" if mark and attempt.isdigit() else ""


def _evidence(s: ScenarioResult, allure_report: str) -> list[tuple[str, str]]:
    """Every scenario's evidence: its Allure page, and its screenshots, traces and videos
    where the run recorded them."""
    links: list[tuple[str, str]] = []
    if allure_report and s.allure_uuid:
        links.append(("Allure", allure_page(allure_report, s.allure_uuid)))
    elif allure_report and s.outcome == FAILED:
        # No Allure result of its own (it failed before its first step): the report.
        links.append((f"Allure-rapporten ({ALLURE_FIND_HINT})", allure_report))
    links += [(f"{kind} {number}{_attempt_suffix(path)}", path)
              for kind, paths in (("skärmbild", s.screenshots), ("spår", s.traces),
                                  ("video", s.videos))
              for number, path in enumerate(paths, start=1)]
    return links


def _scope_of(s: ScenarioResult) -> str:
    """The table a scenario's row is in first: its first section's, else its own part's."""
    if s.extra:
        return EXTRA_ANCHOR
    if s.a11y:
        return A11Y_ANCHOR
    if not s.sections:
        return UNASSIGNED_ANCHOR
    section = ROUTINE.section(s.sections[0])
    return section.anchor if section else unknown_section_anchor(s.sections[0])


def _rows(scenarios: Sequence[ScenarioResult], allure_report: str, scope: str
          ) -> list[dict[str, Any]]:
    return [{
        "anchor": row_anchor(scope, s.nodeid),
        "name": s.name, "feature": s.feature, "outcome": s.outcome,
        "outcome_text": OUTCOME_TEXT[s.outcome], "failed": s.outcome == FAILED,
        "reason": " – ".join(filter(None, (s.failed_step and f"steg: {s.failed_step}", s.reason))),
        "plain": (FLAKY_PLAIN if s.flaky else "") + s.plain,
        "step": s.failed_step, "technical": s.reason,
        "links": _evidence(s, allure_report),
    } for s in scenarios]


def _covered_line(record: RunRecord, verdict: Verdict, matrix: Matrix) -> str:
    """What a limited run (-m/-k, a shard) covered, and what it left out."""
    routine = [s for s in record.scenarios if not s.extra and not s.a11y]
    sections = [sv.section.id for sv in verdict.sections
                if sv.scenarios and not sv.section.is_heading]
    outside = [sv.section.id for sv in verdict.sections if sv.status == SECTION_OUTSIDE]
    counts = matrix.counts()
    testable = len(matrix.rows) - counts[TRACE_UNTESTABLE]
    proven = counts[TRACE_OK] + counts[TRACE_FAILED] + counts[TRACE_DATA]
    line = (f"Körningen omfattade {plural(len(routine), 'scenario', 'scenarier')}"
            + (f" i avsnitt {', '.join(sections)}" if sections else "")
            + f" och prövade {proven} av {testable} prövbara meningar i rutinen")
    if outside:
        line += f"; utanför urvalet: avsnitt {', '.join(outside)}"
    if record.selection:
        return line + ". Ett urval kan inte godkänna en release."
    return line + ". Beskedet för hela rutinen ges när alla delkörningar slås samman."


def _scope_lines(record: RunRecord, verdict: Verdict, matrix: Matrix) -> list[str]:
    lines = []
    if record.shards:
        lines.append(f"Delkörningar: {shard_ranges(record.shards)}")  # 40 shards, one range
    if record.selection:
        lines.append(f"Urval: {record.selection}")
    if record.limited_to:
        lines.append(_covered_line(record, verdict, matrix))
    return lines


def _section(sv: SectionVerdict, allure_report: str) -> dict[str, Any]:
    counts = [len(sv.scenarios), *sv.coverage().values()]
    scope = sv.section.anchor
    groups = [{"heading": heading, "table": _rows(group, allure_report, scope)}
              for heading, group in ((STUB_ONLY_HEADING, sv.stub_only),
                                     (NOT_RUN_HEADING, sv.not_run)) if group]
    return {
        "label": sv.section.label, "anchor": sv.section.anchor, "status": sv.status,
        "status_class": "s-rubrik" if sv.is_pointer else _status_class(sv.status),
        "note": sv.note,
        # A heading without scenarios: nothing to count.
        "counts": ["–"] * len(counts) if sv.is_pointer and not sv.scenarios else counts,
        "routine_link": section_url(sv.section.id, relative=""),
        "empty": "" if sv.scenarios else (
            "Huvudrubrik utan egna scenarier." if sv.is_pointer else "Inga scenarier."),
        "ran": _rows(report_order([s for s in sv.scenarios if s.ran]), allure_report, scope),
        "groups": groups,
    }


def _status_class(status: str) -> str:
    return "s-" + status.replace(" ", "-")


def _matrix_view(matrix: Matrix, allure_report: str) -> dict[str, Any]:
    base = routine_base_url(relative="")
    rows = []
    for row in matrix.rows:
        groups = []
        for group in row.groups:
            first = group.scenarios[0]
            many = len(group.scenarios) > 1
            # Each example row's Allure page, numbered; its name in the link's title.
            links = [(str(number) if many else "Allure", page, s.name)
                     for number, s in enumerate(group.scenarios, start=1)
                     if (page := allure_page(allure_report, s.allure_uuid)
                         if allure_report and s.allure_uuid else "")]
            groups.append({
                "name": group.name, "row": "#" + row_anchor(_scope_of(first), first.nodeid),
                "outcome_text": group.outcome_text, "failed": group.failed, "links": links,
            })
        requirement = row.requirement
        rows.append({
            "id": requirement.id, "anchor": requirement.anchor,
            "link": f"{base}#{requirement.anchor}",
            "sentence": requirement.sentence, "sentence_html": inline(requirement.sentence),
            "status": row.status, "status_class": _status_class(row.status),
            # A sentence with no testable rule: its reason where scenarios would stand.
            "untestable": inline(requirement.untestable) if not requirement.testable else "",
            "untestable_md": requirement.untestable,
            "note": row.note if requirement.testable else "",
            "note_html": inline(row.note) if requirement.testable else "", "groups": groups,
        })
    unknown = [{"id": key, "names": [s.name for s in scenarios]}
               for key, scenarios in sorted(matrix.unknown.items())]
    return {"heading": MATRIX_HEADING, "note": MATRIX_NOTE, "summary": matrix.summary(),
            "columns": MATRIX_COLUMNS, "rows": rows, "unknown": unknown,
            "untraced": "" if matrix.traced else UNTRACED_NOTE, "problem": matrix.problem}


def _reason_view(reason: Reason) -> list[tuple[str, str]]:
    """The reason's parts as (text, href) for the templates."""
    return [(text, f"#{anchor}" if anchor else "") for text, anchor in reason.parts]


def report_view(record: RunRecord, verdict: Verdict, matrix: Matrix | None = None
                ) -> dict[str, Any]:
    """Everything the two templates show, worked out once."""
    matrix = matrix or build_matrix(record)
    report = record.allure_report
    detection = None
    if record.detection is not None:
        link = record.detection_link if record.detection.current else ""
        detection = {"text": record.detection.text, "link": link}
    part = verdict.accessibility
    keyboard = _rows(report_order([s for s in record.scenarios if s.a11y]), report, A11Y_ANCHOR)
    stub = record.against_stub
    badge = STUB_OUTCOME[verdict.approved] if stub else verdict.text
    return {
        "title": STUB_LABEL if stub else RELEASE_TITLE,
        "routine": ROUTINE.label, "verdict": verdict.text, "approved": verdict.approved,
        "stub": stub, "badge": badge, "stub_note": STUB_NOTE if stub else "",
        "badge_class": "ej-godkand" if not verdict.approved else "stubb" if stub else "godkand",
        "detection": detection,
        "release_heading": "Journalen som prövats" if stub else "Release som prövats",
        "release": [(label, record.release.get(key) or UNKNOWN) for key, label in RELEASE_FIELDS],
        "scope": _scope_lines(record, verdict, matrix), "reasons": verdict.reasons,
        "reasons_heading": STUB_REASONS_HEADING if stub else REASONS_HEADING,
        "linked_reasons": [_reason_view(r) for r in verdict.linked_reasons],
        "comparison": comparison_view(record.comparison),
        "decision": None if stub else decision_view(record.decision),
        "overview_columns": OVERVIEW_COLUMNS, "ran_heading": RAN_HEADING,
        "scenario_columns": SCENARIO_COLUMNS,
        "matrix": _matrix_view(matrix, report),
        "sections": [_section(sv, report) for sv in verdict.sections],
        "unknown": [(section_id, unknown_section_anchor(section_id),
                     _rows(report_order(scenarios), report, unknown_section_anchor(section_id)))
                    for section_id, scenarios in sorted(verdict.unknown.items())],
        "unassigned": _rows(report_order(verdict.unassigned), report, UNASSIGNED_ANCHOR),
        "extra": {"heading": EXTRA_HEADING, "note": EXTRA_NOTE,
                  "summary": extra_summary(verdict),
                  "table": _rows(report_order(verdict.extra), report, EXTRA_ANCHOR)}
        if verdict.extra else None,
        "accessibility": None if part.empty else part.view(keyboard),
    }


def _render(template: str, record: RunRecord, verdict: Verdict | None,
            matrix: Matrix | None = None) -> str:
    view = report_view(record, verdict or judge(record), matrix)
    return _TEMPLATES.get_template(template).render(v=view)


def render_markdown(record: RunRecord, verdict: Verdict | None = None,
                    matrix: Matrix | None = None) -> str:
    return _render("signoff.md.j2", record, verdict, matrix)


def render_html(record: RunRecord, verdict: Verdict | None = None,
                matrix: Matrix | None = None) -> str:
    return _render("signoff.html.j2", record, verdict, matrix)


def signoff_json(record: RunRecord, matrix: Matrix | None = None) -> dict[str, Any]:
    """signoff.json: the record as stored, and the traceability matrix derived from it."""
    matrix = matrix or build_matrix(record)
    report = record.allure_report

    def page(s: ScenarioResult) -> str:
        return allure_page(report, s.allure_uuid) if report and s.allure_uuid else ""

    return {**record.to_json(), "traceability": matrix.to_json(page)}


def write_reports(record: RunRecord, directory: Path) -> Verdict:
    """Write signoff.json, signoff.md, signoff.html and the routine's page into
    ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    verdict, matrix = judge(record), build_matrix(record)
    (directory / "signoff.json").write_text(
        json.dumps(signoff_json(record, matrix), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    (directory / "signoff.md").write_text(render_markdown(record, verdict, matrix),
                                          encoding="utf-8")
    (directory / "signoff.html").write_text(render_html(record, verdict, matrix),
                                            encoding="utf-8")
    (directory / ROUTINE_PAGE).write_text(
        render_routine_page(record.release.get("suite_commit", "")), encoding="utf-8")
    return verdict


def extra_summary(verdict: Verdict) -> str:
    counts = verdict.extra_counts()
    return f"{EXTRA_HEADING}: " + ", ".join(
        f"{n} {EXTRA_WORDS[outcome]}" for outcome, n in counts.items() if n)


def title_line(record: RunRecord) -> str:
    """The terminal section's title."""
    if record.against_stub:
        return f"{STUB_LABEL.lower()} (rutin {ROUTINE.number} {ROUTINE.revision})"
    return f"godkännande enligt rutin {ROUTINE.number} {ROUTINE.revision}"


def summary_lines(verdict: Verdict, comparison: Comparison | None = None, *,
                  record: RunRecord | None = None) -> list[str]:
    """What the terminal says at the end of a run (and the comparison, if any): the
    verdict (or the stub's label), what a limited run covered, the reasons – failures
    before gaps – and the traceability in one line."""
    routine = f"Rutin {ROUTINE.number} {ROUTINE.revision}"
    if record is not None and record.against_stub:
        outcome = "gick igenom" if verdict.approved else "gick inte igenom"
        lines = [f"{routine} mot stubbjournalen: {outcome} – inget releasebeslut"]
    else:
        lines = [f"{routine}: {verdict.text}"]
    matrix = build_matrix(record) if record is not None else None
    if record is not None and matrix is not None and record.limited_to:
        lines += [f"  {line}" for line in _scope_lines(record, verdict, matrix)]
    lines += [f"  - {reason}" for reason in verdict.reasons]
    stub_only = sum(len(sv.stub_only) for sv in verdict.sections)
    if stub_only:
        lines.append(
            f"  ({plural(stub_only, 'scenario verifieras', 'scenarier verifieras')} bara mot "
            "stubben och kördes inte här – listade per avsnitt i rapporten.)"
        )
    if matrix is not None:
        lines.append(matrix.summary())
    if verdict.extra:
        lines.append(f"{extra_summary(verdict)} (utanför rutinens besked)")
    if not verdict.accessibility.empty:
        lines.append(verdict.accessibility.summary())
        lines += [f"  - {f.view}: {f.rule} ({f.impact}) {f.target}"
                  for f in verdict.accessibility.new[:10]]
    if comparison is not None:
        lines.append(comparison_summary(comparison))
    return lines

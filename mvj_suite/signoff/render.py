"""The sign-off as people read it: ``signoff.md``, ``signoff.html`` and the terminal.

Renders a ``RunRecord`` and its verdict as Markdown and HTML — verdict, release,
reasons, comparison, the Beslut block, the overview per section and every
scenario with its failure's links — writes the three report files
(``write_reports``) and gives the lines the terminal shows (``summary_lines``).
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mvj_suite.model.routine import ROUTINE, section_url
from mvj_suite.signoff import accessibility_render
from mvj_suite.signoff.compare import (
    COMPARISON_GROUPS,
    COMPARISON_HEADING,
    comparison_counts,
    previous_line,
    ref_text,
    shown_refs,
)
from mvj_suite.signoff.decision import (
    BLANK,
    DECISION_HEADING,
    DECISION_NOTE,
    DECISION_VARIABLES,
    Decision,
    decision_rows,
)
from mvj_suite.signoff.model import (
    FAILED,
    OUTCOME_TEXT,
    PASSED,
    RELEASE_FIELDS,
    SKIPPED,
    UNKNOWN,
    Comparison,
    RunRecord,
    ScenarioRef,
    ScenarioResult,
    SectionVerdict,
    Verdict,
    allure_page,
    judge,
    plural,
)
from mvj_suite.signoff.shards import shard_ranges

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

# A failure without an Allure result of its own links the report and says how to find it.
ALLURE_FIND_HINT = "sök på scenariots namn under Sviter"


def _title() -> str:
    return f"Godkännande av release – rutin {ROUTINE.number} {ROUTINE.revision}"


def _scope_lines(record: RunRecord) -> list[str]:
    lines: list[str] = []
    if record.shards:
        # 40 shards are one range, not 40 numbers.
        lines.append(f"Delkörningar: {shard_ranges(record.shards)}")
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


FLAKY_PLAIN = "Instabilt – godkänt först vid omkörning. Första felet: "


def _plain_line(s: ScenarioResult) -> str:
    return (FLAKY_PLAIN if s.flaky else "") + s.plain


@dataclass(frozen=True)
class _Link:
    label: str
    href: str


def _attempt_suffix(path: str) -> str:
    # mvj_suite.core.journal_browser.trace_dir: a rerun's artefacts in <test>-omkorning-N/.
    folder = Path(path).parent.name
    _, mark, attempt = folder.rpartition("-omkorning-")
    return f" (omkörning {attempt})" if mark and attempt.isdigit() else ""


def _failure_links(s: ScenarioResult, allure_report: str) -> list[_Link]:
    links: list[_Link] = []
    for kind, paths in (("skärmbild", s.screenshots), ("spår", s.traces)):
        for number, path in enumerate(paths, start=1):
            links.append(_Link(f"{kind} {number}{_attempt_suffix(path)}", path))
    if allure_report and s.allure_uuid:
        links.append(_Link("Allure", allure_page(allure_report, s.allure_uuid)))
    elif allure_report:
        # No Allure result of its own (it failed before its first step): the report.
        links.append(_Link(f"Allure-rapporten ({ALLURE_FIND_HINT})", allure_report))
    return links


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_code(text: str) -> str:
    # A code span shows Playwright's "<dd …>" as text; a backtick inside would end it.
    return "`" + _md_escape(text.replace("`", "'")) + "`"


def _md_link(link: _Link) -> str:
    return f"[{_md_escape(link.label)}](<{link.href}>)"


def _md_failure(s: ScenarioResult, allure_report: str) -> str:
    parts = [f"**{_md_escape(_plain_line(s))}**"]
    if s.failed_step:
        parts.append(f"Steg: {_md_escape(s.failed_step)}")
    if s.reason:
        parts.append(f"Tekniskt: {_md_code(s.reason)}")
    links = _failure_links(s, allure_report)
    if links:
        parts.append(" · ".join(_md_link(link) for link in links))
    return "<br>".join(parts)


def _md_comparison(comparison: Comparison) -> list[str]:
    out = ["", f"## {COMPARISON_HEADING}", "", f"{_md_escape(previous_line(comparison))}  ",
           comparison_counts(comparison)]  # fmt: skip
    for name, _short, label in COMPARISON_GROUPS:
        refs: list[ScenarioRef] = getattr(comparison, name)
        if not refs:
            continue
        shown, rest = shown_refs(refs)
        out += ["", f"### {label} ({len(refs)})", ""]
        out += [f"- {_md_escape(ref_text(ref))}" for ref in shown]
        out += [f"- {rest}"] if rest else []
    return out


def _md_decision(decision: Decision) -> list[str]:
    note = DECISION_NOTE.format(*(f"`{name}`" for name in DECISION_VARIABLES))
    out = ["", f"## {DECISION_HEADING}", "", note, "", "| Uppgift | Värde |", "|---|---|"]
    for label, text, link in decision_rows(decision):
        value = f"[{_md_escape(text)}](<{link}>)" if link else _md_escape(text)
        out.append(f"| {label} | {value or BLANK} |")
    return out


def _overview_counts(sv: SectionVerdict) -> list[str]:
    counts = (len(sv.scenarios), sv.ran, sv.count(PASSED), sv.count(FAILED),
              len(sv.stub_only), len(sv.not_run))  # fmt: skip
    if sv.is_pointer and not sv.scenarios:
        return ["–"] * len(counts)  # a heading without scenarios: nothing to count
    return [str(count) for count in counts]


def _no_scenarios_text(sv: SectionVerdict) -> str:
    return "Huvudrubrik utan egna scenarier." if sv.is_pointer else "Inga scenarier."


def render_markdown(record: RunRecord, verdict: Verdict | None = None) -> str:
    verdict = verdict or judge(record)
    report = record.allure_report
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
    if record.comparison is not None:
        out += _md_comparison(record.comparison)
    out += _md_decision(record.decision)
    out += ["", "## Översikt per avsnitt", ""]
    out.append(f"| {' | '.join(OVERVIEW_COLUMNS)} |")
    out.append("|" + "---|" * len(OVERVIEW_COLUMNS))
    for sv in verdict.sections:
        note = f" ({sv.note})" if sv.note else ""
        out.append(
            f"| {_md_escape(sv.section.label)} | {' | '.join(_overview_counts(sv))} | "
            f"{sv.status}{_md_escape(note)} |"
        )
    for sv in verdict.sections:
        out += ["", f"## {sv.section.label} – {sv.status}", ""]
        if sv.note:
            out += [f"_{sv.note}_", ""]
        if not sv.scenarios:
            out.append(_no_scenarios_text(sv))
            continue
        ran = [s for s in sv.scenarios if s.ran]
        out += [f"### {RAN_HEADING} ({len(ran)})", ""]
        out.extend(_md_scenario_table(ran, report))
        for heading, group in ((STUB_ONLY_HEADING, sv.stub_only), (NOT_RUN_HEADING, sv.not_run)):
            if group:
                out += ["", f"### {heading} ({len(group)})", ""]
                out.extend(_md_scenario_table(group, report))
    if verdict.unknown:
        for section_id, scenarios in sorted(verdict.unknown.items()):
            out += ["", f"## Okänt avsnitt @rutin-{section_id} (finns inte i rutinen)", ""]
            out.extend(_md_scenario_table(scenarios, report))
    if verdict.unassigned:
        out += ["", "## Scenarier utan rutinavsnitt", ""]
        out.extend(_md_scenario_table(verdict.unassigned, report))
    if verdict.extra:
        out += ["", f"## {EXTRA_HEADING}", "", f"_{EXTRA_NOTE}_  ", f"{extra_summary(verdict)}", ""]
        out.extend(_md_scenario_table(verdict.extra, report))
    out += _md_accessibility(record, verdict)
    out.append("")
    return "\n".join(out)


def _keyboard(record: RunRecord) -> list[ScenarioResult]:
    return [s for s in record.scenarios if s.a11y]


def _md_accessibility(record: RunRecord, verdict: Verdict) -> list[str]:
    if verdict.accessibility.empty:
        return []
    out = accessibility_render.markdown_lines(verdict.accessibility)
    keyboard = _keyboard(record)
    if keyboard:
        out += ["", f"### {accessibility_render.KEYBOARD_HEADING} ({len(keyboard)})", ""]
        out.extend(_md_scenario_table(keyboard, record.allure_report))
    return out


def _md_scenario_table(scenarios: Sequence[ScenarioResult], allure_report: str = "") -> list[str]:
    if not scenarios:
        return ["Inga scenarier."]
    rows = ["| Scenario | Egenskap | Utfall | Skäl |", "|---|---|---|---|"]
    for s in scenarios:
        reason = (
            _md_failure(s, allure_report) if s.outcome == FAILED
            else _md_escape(_scenario_reason(s))
        )
        rows.append(
            f"| {_md_escape(s.name)} | {_md_escape(s.feature)} | {OUTCOME_TEXT[s.outcome]} | "
            f"{reason} |"
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
.s-EJ-TÄCKT,.s-TESTDATAFEL,.o-skipped{color:#8a5a00;font-weight:600}
.s-rubrik{color:#444;font-weight:600}
.not{color:#555;font-style:italic}ul.skal li{margin:.2rem 0}
.kort{font-weight:600}.teknisk{display:block;font-size:.85em;color:#444;word-break:break-word}
.lankar{display:block}.lankar a{margin-right:.6rem}
table.beslut th{width:12rem}table.beslut td.tom{height:2.2rem}
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _status_class(sv: SectionVerdict) -> str:
    return "s-rubrik" if sv.is_pointer else "s-" + sv.status.replace(" ", "-")


def _detection_html(record: RunRecord) -> list[str]:
    note = record.detection
    if note is None:
        return []
    text = _h(note.text)
    if note.current and record.detection_link:
        text += f' (<a href="{_h(record.detection_link)}">mutation.html</a>)'
    return [f"<p><strong>Upptäcktsförmåga:</strong> {text}</p>"]


def _html_comparison(comparison: Comparison) -> list[str]:
    parts = [
        f'<h2 id="jamforelse">{_h(COMPARISON_HEADING)}</h2>',
        f"<p>{_h(previous_line(comparison))}</p>",
        f"<p>{_h(comparison_counts(comparison))}</p>",
    ]
    for name, _short, label in COMPARISON_GROUPS:
        refs: list[ScenarioRef] = getattr(comparison, name)
        if not refs:
            continue
        shown, rest = shown_refs(refs)
        parts.append(f"<h3>{_h(label)} ({len(refs)})</h3><ul>")
        parts.extend(f"<li>{_h(ref_text(ref))}</li>" for ref in shown)
        parts.extend([f"<li>{_h(rest)}</li>"] if rest else [])
        parts.append("</ul>")
    return parts


def _html_decision(decision: Decision) -> list[str]:
    parts = [f'<h2 id="beslut">{_h(DECISION_HEADING)}</h2>',
             f'<p class="not">{_h(DECISION_NOTE.format(*DECISION_VARIABLES))}</p>',
             '<table class="beslut">']  # fmt: skip
    for label, text, link in decision_rows(decision):
        if link:
            cell = f'<td><a href="{_h(link)}">{_h(text)}</a></td>'
        else:
            cell = f"<td>{_h(text)}</td>" if text else '<td class="tom"></td>'
        parts.append(f"<tr><th>{_h(label)}</th>{cell}</tr>")
    parts.append("</table>")
    return parts


def render_html(record: RunRecord, verdict: Verdict | None = None) -> str:
    verdict = verdict or judge(record)
    report = record.allure_report
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
    if record.comparison is not None:
        parts.extend(_html_comparison(record.comparison))
    parts.extend(_html_decision(record.decision))
    parts.append(
        "<h2>Översikt per avsnitt</h2><table><tr>"
        + "".join(f"<th>{_h(column)}</th>" for column in OVERVIEW_COLUMNS)
        + "</tr>"
    )
    for sv in verdict.sections:
        parts.append(
            f'<tr><td><a href="#{sv.section.anchor}">{_h(sv.section.label)}</a></td>'
            + "".join(f"<td>{count}</td>" for count in _overview_counts(sv))
            + f'<td class="{_status_class(sv)}">{_h(sv.status)}'
            + (f' <span class="not">({_h(sv.note)})</span>' if sv.note else "")
            + "</td></tr>"
        )
    parts.append("</table>")
    for sv in verdict.sections:
        link = section_url(sv.section.id, relative="../")
        parts.append(
            f'<h2 id="{sv.section.anchor}">{_h(sv.section.label)} – '
            f'<span class="{_status_class(sv)}">{_h(sv.status)}</span></h2>'
            f'<p><a href="{_h(link)}">Rutinens text för avsnittet</a></p>'
        )
        if sv.note:
            parts.append(f'<p class="not">{_h(sv.note)}</p>')
        if not sv.scenarios:
            parts.append(f'<p class="not">{_h(_no_scenarios_text(sv))}</p>')
            continue
        ran = [s for s in sv.scenarios if s.ran]
        parts.append(f"<h3>{_h(RAN_HEADING)} ({len(ran)})</h3>")
        parts.append(_html_scenario_table(ran, report))
        for heading, group in ((STUB_ONLY_HEADING, sv.stub_only), (NOT_RUN_HEADING, sv.not_run)):
            if group:
                parts.append(f"<h3>{_h(heading)} ({len(group)})</h3>")
                parts.append(_html_scenario_table(group, report))
    for section_id, scenarios in sorted(verdict.unknown.items()):
        parts.append(f"<h2>Okänt avsnitt @rutin-{_h(section_id)} (finns inte i rutinen)</h2>")
        parts.append(_html_scenario_table(scenarios, report))
    if verdict.unassigned:
        parts.append("<h2>Scenarier utan rutinavsnitt</h2>")
        parts.append(_html_scenario_table(verdict.unassigned, report))
    if verdict.extra:
        parts.append(f'<h2 id="extra">{_h(EXTRA_HEADING)}</h2>')
        parts.append(f'<p class="not">{_h(EXTRA_NOTE)}</p><p>{_h(extra_summary(verdict))}</p>')
        parts.append(_html_scenario_table(verdict.extra, report))
    if not verdict.accessibility.empty:
        parts.extend(accessibility_render.html_parts(verdict.accessibility))
        keyboard = _keyboard(record)
        if keyboard:
            parts.append(f"<h3>{_h(accessibility_render.KEYBOARD_HEADING)} ({len(keyboard)})</h3>")
            parts.append(_html_scenario_table(keyboard, report))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _html_failure(s: ScenarioResult, allure_report: str) -> str:
    parts = [f'<span class="kort">{_h(_plain_line(s))}</span>']
    if s.failed_step:
        parts.append(f"<br>Steg: {_h(s.failed_step)}")
    if s.reason:
        parts.append(f'<code class="teknisk">{_h(s.reason)}</code>')
    links = _failure_links(s, allure_report)
    if links:
        anchors = "".join(f'<a href="{_h(link.href)}">{_h(link.label)}</a>' for link in links)
        parts.append(f'<span class="lankar">{anchors}</span>')
    return "".join(parts)


def _html_scenario_table(scenarios: Sequence[ScenarioResult], allure_report: str = "") -> str:
    if not scenarios:
        return '<p class="not">Inga scenarier.</p>'
    rows = ["<table><tr><th>Scenario</th><th>Egenskap</th><th>Utfall</th><th>Skäl</th></tr>"]
    for s in scenarios:
        reason = (
            _html_failure(s, allure_report) if s.outcome == FAILED else _h(_scenario_reason(s))
        )
        rows.append(
            f"<tr><td>{_h(s.name)}</td><td>{_h(s.feature)}</td>"
            f'<td class="o-{s.outcome}">{_h(OUTCOME_TEXT[s.outcome])}</td>'
            f"<td>{reason}</td></tr>"
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
    """What the terminal says at the end of a run."""
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
    return lines

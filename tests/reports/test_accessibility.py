"""The accessibility part of the sign-off and the known-issue list, without a browser.

A known issue accepts a violation up to and including its date; after it the
violation is new again. The part lists each view, stays outside the routine's
verdict unless ``--a11y-gate`` is set, survives signoff.json and a shard merge,
and the profile refuses a broken list with one Swedish line per problem.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from mvj_suite.core.settings import ConfigurationError, build_settings
from mvj_suite.model.accessibility import (
    ACCEPTED,
    EXPIRED,
    NEW,
    Finding,
    KnownIssue,
    ViewScan,
    classify,
    parse_known_issues,
    parse_tags,
)
from mvj_suite.model.outcomes import FAILED, PASSED
from mvj_suite.model.profile import ProfileError, load_profile
from mvj_suite.model.routine import ROUTINE
from mvj_suite.signoff import accessibility as a11y
from mvj_suite.signoff.merge import merge
from mvj_suite.signoff.model import RunRecord, ScenarioResult, judge
from mvj_suite.signoff.render import render_html, render_markdown, summary_lines, write_reports

TODAY = date(2026, 11, 30)
LABEL = Finding(
    view="Sök kund", rule="label", impact="critical", help="Form elements must have labels",
    help_url="https://dequeuniversity.com/rules/axe/4.12/label", target="#anteckning",
    criteria=("4.1.2",),
)
CONTRAST = Finding(
    view="Kundkort", rule="color-contrast", impact="serious",
    help="Elements must meet minimum color contrast ratio thresholds",
    help_url="https://dequeuniversity.com/rules/axe/4.12/color-contrast", target=".etikett",
    criteria=("1.4.3",),
)


def known(rule: str, until: str, view: str = "", element: str = "",
          reason: str = "Leverantören åtgärdar i 5.3 (ärende MVJ-1234)") -> KnownIssue:
    return KnownIssue(rule=rule, reason=reason, until=date.fromisoformat(until), view=view,
                      element=element)


# --- the known-issue list -----------------------------------------------------------------

def test_a_known_issue_accepts_the_violation_up_to_and_including_its_date() -> None:
    entry = known("color-contrast", "2026-11-30", view="Kundkort")
    accepted = classify(CONTRAST, [entry], TODAY)
    assert accepted.status == ACCEPTED and not accepted.counts
    assert accepted.known_reason == entry.reason and accepted.known_until == "2026-11-30"


def test_an_expired_known_issue_shows_the_violation_again() -> None:
    expired = classify(CONTRAST, [known("color-contrast", "2026-11-29")], TODAY)
    assert expired.status == EXPIRED and expired.counts
    assert expired.known_until == "2026-11-29"


def test_a_renewed_entry_wins_over_the_expired_one() -> None:
    entries = [known("color-contrast", "2026-01-31"), known("color-contrast", "2027-03-31")]
    assert classify(CONTRAST, entries, TODAY).status == ACCEPTED


@pytest.mark.parametrize("entry", [
    known("label", "2027-01-01"),  # another rule
    known("color-contrast", "2027-01-01", view="Sök kund"),  # another view
    known("color-contrast", "2027-01-01", element="#rubrik"),  # another element
], ids=["regel", "vy", "element"])
def test_a_known_issue_for_something_else_accepts_nothing(entry: KnownIssue) -> None:
    assert classify(CONTRAST, [entry], TODAY).status == NEW


def test_the_profile_reads_the_known_issue_list(tmp_path: Path) -> None:
    profile = _profile(tmp_path, """
tillganglighet:
  kanda_brister:
    - regel: color-contrast
      vy: Kundkort
      element: .etikett
      skal: Leverantören åtgärdar i 5.3 (ärende MVJ-1234)
      galler_till: 2027-03-31
""")
    assert load_profile(profile).known_issues == (
        known("color-contrast", "2027-03-31", view="Kundkort", element=".etikett"),)


def test_a_broken_known_issue_list_is_one_swedish_line_per_problem(tmp_path: Path) -> None:
    profile = _profile(tmp_path, """
tillganglighet:
  kanda_brister:
    - regel: Färgkontrast
      vy: Startsidan
      galler_till: snart
      prioritet: hög
""")
    with pytest.raises(ProfileError) as caught:
        load_profile(profile)
    assert caught.value.problems == [
        "tillganglighet.kanda_brister[1]: okänt fält 'prioritet'",
        "tillganglighet.kanda_brister[1]: 'regel' ska vara axe-core-regelns namn, till "
        "exempel color-contrast",
        "tillganglighet.kanda_brister[1]: 'skal' saknas (varför bristen godtas, till exempel "
        "ett ärende)",
        "tillganglighet.kanda_brister[1]: 'galler_till' ska vara ett datum ÅÅÅÅ-MM-DD (sista "
        "dagen bristen godtas)",
        caught.value.problems[4],
    ]
    assert caught.value.problems[4].startswith(
        "tillganglighet.kanda_brister[1]: vyn 'Startsidan' finns inte – välj bland Inloggning, ")


def test_a_date_with_a_time_is_refused() -> None:
    problems: list[str] = []
    entry = {"regel": "label", "skal": "ärende 12", "galler_till": datetime(2027, 3, 31, 12)}
    assert parse_known_issues({"kanda_brister": [entry]}, problems) == ()
    assert problems == ["tillganglighet.kanda_brister[1]: 'galler_till' ska vara ett datum "
                        "ÅÅÅÅ-MM-DD (sista dagen bristen godtas)"]


def test_the_list_must_be_a_list() -> None:
    problems: list[str] = []
    assert parse_known_issues({"kanda_brister": "color-contrast"}, problems) == ()
    assert problems == ["tillganglighet.kanda_brister ska vara en lista"]


def _profile(folder: Path, extra: str) -> Path:
    path = folder / "profil.yaml"
    path.write_text(
        "version: 1\ninloggning:\n  namn: Testa Testsköterska\n  hsa_id: SE2321000016-TST1\n"
        "kunder:\n  - nummer: 19121212-1212\n    fornamn: Tolvan\n    efternamn: Tolvansson\n"
        + extra, encoding="utf-8")
    return path


# --- the options -------------------------------------------------------------------------

def test_the_rule_set_defaults_to_wcag_21_aa_and_is_chosen_by_option() -> None:
    assert parse_tags(None) == ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
    settings = build_settings({"a11y_tags": "wcag2a, best-practice", "a11y_gate": True}, {})
    assert settings.a11y_tags == ("wcag2a", "best-practice") and settings.a11y_gate
    assert build_settings({}, {"MVJ_A11Y_SCAN": "every"}).a11y_scan == "every"


@pytest.mark.parametrize(("options", "message"), [
    ({"a11y_tags": "wcag3"}, "--a11y-tags: okänd regeluppsättning wcag3 – välj bland"),
    ({"a11y_scan": "ibland"}, "--a11y-scan ibland: ange first"),
])
def test_a_bad_accessibility_option_is_one_swedish_line(options: dict, message: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        build_settings(options, {})
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


# --- the part in the sign-off ---------------------------------------------------------------

def scanned(name: str, *scans: ViewScan, outcome: str = PASSED, **fields: object
            ) -> ScenarioResult:
    return ScenarioResult(nodeid=f"steps/test_x.py::{name}", name=name, feature="Egenskap",
                          sections=list(fields.pop("sections", ["2.1"])),  # type: ignore[arg-type]
                          outcome=outcome, accessibility=[s.to_json() for s in scans],
                          **fields)  # type: ignore[arg-type]


def full_run(*extra: ScenarioResult, setup: a11y.Setup | None = None) -> RunRecord:
    scenarios = [scanned(f"s {s.id}", sections=[s.id]) for s in ROUTINE.leaf_sections]
    return RunRecord(scenarios=[*scenarios, *extra], accessibility=setup or a11y.Setup())


def test_the_part_lists_every_view_and_each_violation_once() -> None:
    view = ViewScan("Sök kund", [LABEL], engine="axe-core 4.12.1")
    record = full_run(scanned("a", view, ViewScan("Kundkort", engine="axe-core 4.12.1")),
                      scanned("b", view))
    part = judge(record).accessibility
    by_view = {v.view: v for v in part.views}
    assert by_view["Sök kund"].status == a11y.VIEW_NEW and by_view["Sök kund"].scans == 2
    assert by_view["Sök kund"].new == [LABEL]  # seen twice, listed once
    assert by_view["Kundkort"].status == a11y.VIEW_NO_ISSUES
    assert by_view["Ändra kund"].status == a11y.VIEW_NOT_CHECKED
    assert part.summary().startswith(
        "Tillgänglighet (WCAG 2.1 nivå AA, axe-core 4.12.1): 2 av 13 vyer granskade, 1 ny brist")


def test_violations_stay_outside_the_verdict_unless_gated() -> None:
    view = ViewScan("Sök kund", [LABEL])
    assert judge(full_run(scanned("a", view))).approved
    gated = judge(full_run(scanned("a", view), setup=a11y.Setup(gate=True)))
    assert not gated.approved
    assert gated.reasons == ["Tillgänglighet: 1 ny brist (Sök kund) – --a11y-gate"]


def test_a_failed_keyboard_scenario_is_reported_apart_and_gates_only_when_asked() -> None:
    keyboard = scanned("Logga in med bara tangentbordet", outcome=FAILED, a11y=True,
                       sections=[], reason="AssertionError: fokus nådde aldrig Logga in")
    verdict = judge(full_run(keyboard))
    assert verdict.approved and verdict.accessibility.failed_keyboard
    assert "Logga in med bara tangentbordet" in render_markdown(full_run(keyboard))
    gated = judge(full_run(keyboard, setup=a11y.Setup(gate=True)))
    assert gated.reasons == ["Tillgänglighet: »Logga in med bara tangentbordet« fallerade "
                             "– --a11y-gate"]


def test_an_expired_known_issue_is_new_again_in_the_report_and_blocks_a_gated_verdict() -> None:
    entry = known("color-contrast", "2026-10-31", view="Kundkort")
    view = ViewScan("Kundkort", [classify(CONTRAST, [entry], TODAY)])
    record = full_run(scanned("a", view), setup=a11y.Setup(gate=True, known=(entry,)))
    verdict = judge(record)
    assert verdict.reasons == ["Tillgänglighet: 1 ny brist (Kundkort) – --a11y-gate"]
    markdown = render_markdown(record)
    assert "känd brist, gick ut 2026-10-31" in markdown
    assert "Godtagna kända brister" not in markdown


def test_an_accepted_known_issue_is_shown_with_its_reason_and_does_not_gate() -> None:
    entry = known("color-contrast", "2027-03-31", view="Kundkort")
    unused = known("label", "2027-03-31", reason="Gammal brist")
    view = ViewScan("Kundkort", [classify(CONTRAST, [entry], TODAY)])
    record = full_run(scanned("a", view),
                      setup=a11y.Setup(gate=True, known=(entry, unused), known_source="t2.yaml"))
    verdict = judge(record)
    assert verdict.approved
    kundkort = next(v for v in verdict.accessibility.views if v.view == "Kundkort")
    assert kundkort.status == a11y.VIEW_ACCEPTED
    assert verdict.accessibility.unused_known == [unused]
    markdown = render_markdown(record)
    assert "| Kundkort | color-contrast | `.etikett` | Leverantören åtgärdar i 5.3" in markdown
    assert "Kända brister som inte hittades i de granskade vyerna" in markdown
    assert "2 kända brister ur t2.yaml" in markdown


def test_a_known_issue_for_a_view_not_checked_is_not_called_fixed() -> None:
    entries = (known("label", "2027-03-31", view="Ändra kund"), known("label", "2027-03-31"))
    record = full_run(scanned("a", ViewScan("Kundkort")), setup=a11y.Setup(known=entries))
    # Ändra kund was never shown: its entry says nothing about a fix. The other was
    # looked for in Kundkort and not found.
    assert judge(record).accessibility.unused_known == [entries[1]]
    nothing = full_run(setup=a11y.Setup(known=entries))
    assert judge(nothing).accessibility.unused_known == []


def test_a_gate_over_no_checks_is_refused() -> None:
    with pytest.raises(ConfigurationError) as caught:
        build_settings({"a11y_gate": True, "a11y_scan": "off"}, {})
    assert str(caught.value).startswith("--a11y-gate kräver att vyerna granskas")


def test_a_view_that_could_not_be_checked_is_said_and_gates() -> None:
    record = full_run(scanned("a", ViewScan("Sök kund", error="Execution context was destroyed")),
                      setup=a11y.Setup(gate=True))
    verdict = judge(record)
    assert verdict.reasons == ["Tillgänglighet: vyn Sök kund kunde inte granskas – --a11y-gate"]
    assert "Execution context was destroyed" in render_markdown(record)


def test_html_and_terminal_name_the_rule_the_element_and_the_help_link() -> None:
    record = full_run(scanned("a", ViewScan("Sök kund", [LABEL])))
    page = render_html(record)
    assert 'id="tillganglighet"' in page and "<code>#anteckning</code>" in page
    assert f'<a href="{LABEL.help_url}">label</a>' in page
    lines = summary_lines(judge(record))
    assert "  - Sök kund: label (critical) #anteckning" in lines


def test_a_run_without_checks_has_no_part() -> None:
    record = full_run()
    assert "## Tillgänglighet" not in render_markdown(record)
    assert not any(line.startswith("Tillgänglighet") for line in summary_lines(judge(record)))


def test_the_part_survives_signoff_json_and_a_shard_merge(tmp_path: Path) -> None:
    entry = known("color-contrast", "2027-03-31")
    first = full_run(scanned("a", ViewScan("Sök kund", [LABEL])),
                     setup=a11y.Setup(gate=True, known=(entry,)))
    first.shards = ["1/2"]
    second = RunRecord(scenarios=[scanned("b", ViewScan("Kundkort", [CONTRAST]))],
                       shards=["2/2"], accessibility=a11y.Setup(known=(entry,)))
    for name, record in (("1", first), ("2", second)):
        write_reports(record, tmp_path / name)
    stored = json.loads((tmp_path / "1" / "signoff.json").read_text(encoding="utf-8"))
    assert stored["accessibility"]["gate"] is True
    assert stored["accessibility"]["views"]["Sök kund"]["new"] == 1
    assert stored["accessibility"]["new"][0]["rule"] == "label"
    merged = merge([RunRecord.from_json(json.loads((tmp_path / n / "signoff.json").read_text(
        encoding="utf-8"))) for n in ("1", "2")])
    part = judge(merged).accessibility
    assert merged.accessibility.gate and merged.accessibility.known == (entry,)
    assert {f.rule for f in part.new} == {"label", "color-contrast"}


def test_merging_repeated_runs_keeps_every_runs_findings() -> None:
    first = full_run(scanned("a", ViewScan("Sök kund", [LABEL])))
    again = full_run(scanned("a", ViewScan("Kundkort", [CONTRAST]), outcome=FAILED))
    part = judge(merge([first, again])).accessibility
    assert {f.rule for f in part.new} == {"label", "color-contrast"}

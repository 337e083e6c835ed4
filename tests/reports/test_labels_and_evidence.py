"""Honest labels and evidence in the sign-off.

A run against the suite's own stub is no release decision and says so everywhere; a live
run keeps the verdict. Failures come before coverage gaps in every list of reasons, a
selection says what it covered, each reason links to the rows it names, rows keep the
feature file's order with failures first, and every scenario links to its evidence.
"""

from __future__ import annotations

import re
from pathlib import Path

from mvj_suite.allure import html as allure_html
from mvj_suite.model.outcomes import FAILED, PASSED, SKIPPED
from mvj_suite.model.routine import ROUTINE
from mvj_suite.signoff.model import STUB_LABEL, RunRecord, ScenarioResult, judge
from mvj_suite.signoff.render import render_html, render_markdown, summary_lines, title_line
from tests.reports.conftest import FULL_PASS, SyntheticSuite


def scenario(name: str, outcome: str = PASSED, section: str = "2.1", line: int = 10,
             **extra: object) -> ScenarioResult:
    return ScenarioResult(nodeid=f"steps/test_x.py::{name}", name=name, feature="Egenskap",
                          sections=[section], outcome=outcome,
                          location=f"features/rutin-{section}.feature:{line}", **extra)  # type: ignore[arg-type]


def every_section() -> list[ScenarioResult]:
    return [scenario(f"Allt i {s.id}", section=s.id) for s in ROUTINE.leaf_sections]


# --- stub or live ----------------------------------------------------------------------------


def test_a_stub_run_carries_the_stub_label_instead_of_a_release_verdict() -> None:
    record = RunRecord(scenarios=every_section(), release={"target": "stub"})
    html, md = render_html(record), render_markdown(record)
    assert f"<h1>{STUB_LABEL}</h1>" in html and f"# {STUB_LABEL}" in md
    assert "Godkännande av release" not in html + md
    assert 'class="besked stubb">Gick igenom mot stubbjournalen<' in html
    assert "besked godkand" not in html and "GODKÄND" not in md
    assert 'id="beslut"' not in html and "## Beslut" not in md  # nothing to sign
    verdict = record.to_json()["verdict"]
    # Readers of the file keep the verdict's fields; the label says what the run was.
    assert (verdict["approved"], verdict["text"]) == (True, "GODKÄND")
    assert verdict["release_decision"] is False
    assert verdict["label"] == f"{STUB_LABEL}: gick igenom"
    assert summary_lines(judge(record), record=record)[0] == (
        "Rutin 781659 R12 mot stubbjournalen: gick igenom – inget releasebeslut")
    assert title_line(record).startswith("sviten mot stubbjournalen – inget releasebeslut")


def test_a_failing_stub_run_is_red_but_still_no_release_verdict() -> None:
    record = RunRecord(scenarios=[*every_section(), scenario("Fel", FAILED)],
                       release={"target": "stub"})
    html = render_html(record)
    assert 'class="besked ej-godkand">Gick inte igenom mot stubbjournalen<' in html
    assert "Skäl till att sviten inte gick igenom" in html and "EJ GODKÄND" not in html


def test_a_live_run_keeps_the_release_verdict() -> None:
    record = RunRecord(scenarios=every_section(), release={"target": "live"})
    html, md = render_html(record), render_markdown(record)
    assert "<h1>Godkännande av release – rutin 781659 R12</h1>" in html
    assert 'class="besked godkand">GODKÄND<' in html and "**Besked:** **GODKÄND**" in md
    assert 'id="beslut"' in html and STUB_LABEL not in html
    verdict = record.to_json()["verdict"]
    assert verdict["release_decision"] is True and verdict["label"] == "GODKÄND"
    assert summary_lines(judge(record), record=record)[0] == "Rutin 781659 R12: GODKÄND"
    assert title_line(record) == "godkännande enligt rutin 781659 R12"


def test_allure_shows_the_stub_label_as_its_verdict() -> None:
    stub = RunRecord(scenarios=every_section(), release={"target": "stub"}).to_json()
    live = RunRecord(scenarios=every_section(), release={"target": "live"}).to_json()
    assert allure_html.signoff_facts(stub)["Besked"] == f"{STUB_LABEL}: gick igenom"
    assert allure_html.signoff_facts(live)["Besked"] == "GODKÄND"
    # A signoff.json from before the label: its verdict as it was.
    del live["verdict"]["label"]
    assert allure_html.signoff_facts(live)["Besked"] == "GODKÄND"


# --- reasons: failures first, each linked to its row -----------------------------------------


def test_failures_come_before_coverage_gaps_in_every_list_of_reasons() -> None:
    # Section 1 has no scenario (a gap, first in routine order); 2.5 has a failure.
    scenarios = [s for s in every_section() if s.sections != ["1"]]
    scenarios.append(scenario("Skyddad", FAILED, "2.5"))
    record = RunRecord(scenarios=scenarios, run_errors=["insamlingsfel i x"])
    verdict = judge(record)
    assert [r.split(":")[0] for r in verdict.reasons] == [
        "Avsnitt 2.5 Patient med skyddad identitet", "Körningen", "Avsnitt 1 Logga in i "
        "MittVaccin Journal"]
    lines = summary_lines(verdict, record=record)
    assert lines.index(f"  - {verdict.reasons[0]}") < lines.index(f"  - {verdict.reasons[2]}")
    skal = allure_html.signoff_facts(record.to_json())["Skäl"]
    assert skal.startswith("Avsnitt 2.5 Patient med skyddad identitet: 1 scenario fallerade")


def test_a_selection_says_what_it_covered_and_puts_what_it_left_out_last() -> None:
    record = RunRecord(scenarios=[scenario("Skyddad", FAILED, "2.5")], selection="-m rutin-2.5")
    verdict = judge(record)
    assert verdict.reasons == [
        "Avsnitt 2.5 Patient med skyddad identitet: 1 scenario fallerade: »Skyddad«",
        "Utanför urvalet (-m rutin-2.5): avsnitten 1, 2.1, 2.2, 2.3, 2.4 – ett urval kan inte "
        "godkänna en release",
    ]
    covered = ("Körningen omfattade 1 scenario i avsnitt 2.5 och prövade 0 av 27 prövbara "
               "meningar i rutinen; utanför urvalet: avsnitt 1, 2.1, 2.2, 2.3, 2.4.")
    assert covered in render_markdown(record) and covered in render_html(record)
    assert any(covered in line for line in summary_lines(verdict, record=record))
    statuses = record.to_json()["verdict"]["sections"]
    assert statuses["2.1"] == "UTANFÖR URVALET" and statuses["2.5"] == "FALLERAT"


def test_each_reason_links_to_the_rows_and_sections_it_names() -> None:
    failed = [scenario(f"Fel {n}", FAILED, "2.2", line=n) for n in range(7)]
    unassigned = ScenarioResult("steps/test_x.py::u", "Utan avsnitt", outcome=FAILED)
    record = RunRecord(scenarios=[*every_section(), *failed, unassigned])
    html = render_html(record)
    ids = set(re.findall(r'id="([^"]+)"', html))
    skal = html.split('<ul class="skal">', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', skal)
    assert links, skal
    assert all(anchor in ids for anchor, _ in links), [a for a, _ in links if a not in ids]
    named = {text for _, text in links}
    assert {"»Fel 0«", "»Fel 4«", "Avsnitt 2.2 Lägga till ny patient", " (se avsnittet nedan)",
            "»Utan avsnitt«", "Scenarier utan rutinavsnitt"} <= named
    # The same links in Markdown.
    md = render_markdown(record)
    assert "[»Fel 0«](<#avsnitt-2-2--" in md
    anchors_md = set(re.findall(r'<a id="([^"]+)"></a>', md))
    assert all(a in anchors_md for a in re.findall(r"\]\(<#([^>]+)>\)", md.split("## Skäl")[1]
                                                  .split("\n## ")[0]))


# --- rows: feature-file order with failures first, evidence for every scenario ----------------


def test_rows_keep_the_feature_file_order_with_failures_first() -> None:
    rows = [scenario("Zeta först i filen", line=5), scenario("Alfa sist i filen", line=40),
            scenario("Mitten fallerar", FAILED, line=20),
            scenario("Mall [2]", line=30, example=1), scenario("Mall [1]", line=30, example=0)]
    record = RunRecord(scenarios=[*every_section()[:1], *every_section()[2:], *rows])
    html = render_html(record)
    section = html.split('id="avsnitt-2-1"', 1)[1].split("<h2", 1)[0]
    names = re.findall(r"<tr id=\"[^\"]+\"(?: class=\"fel\")?><td>([^<]+)</td>", section)
    # Not alphabetical: the failure, then where each stands in its feature file.
    assert names == ["Mitten fallerar", "Zeta först i filen", "Mall [1]", "Mall [2]",
                     "Alfa sist i filen"]


def test_every_scenario_links_its_allure_page_and_the_artefacts_the_run_recorded() -> None:
    passed = scenario("Godkänt med video", allure_uuid="u-1",
                      videos=["playwright/x/video.webm"])
    failed = scenario("Fallerat", FAILED, line=11, allure_uuid="u-2",
                      screenshots=["artefakter/x/sida-1.png"], traces=["artefakter/x/spar-1.zip"],
                      videos=["playwright/y/video.webm"])
    record = RunRecord(scenarios=[*every_section()[2:], passed, failed],
                       allure_report="allure-rapport/index.html")
    html = render_html(record)
    row = r'<td>([^<]+)</td><td>[^<]*</td><td class="o-\w+">.*?<td class="lankar">(.*?)</td></tr>'
    rows = dict(re.findall(row, html, re.DOTALL))
    assert re.findall(r">([^<]+)</a>", rows["Godkänt med video"]) == ["Allure", "video 1"]
    assert re.findall(r">([^<]+)</a>", rows["Fallerat"]) == [
        "Allure", "skärmbild 1", "spår 1", "video 1"]
    assert 'href="playwright/y/video.webm"' in rows["Fallerat"]
    md = render_markdown(record)
    assert "[Allure](<allure-rapport/index.html#testresult/" in md
    assert "[video 1](<playwright/x/video.webm>)" in md


def test_videos_are_moved_with_the_other_links_when_shards_merge() -> None:
    moved = scenario("V", videos=["playwright/v.webm"]).moved(lambda p: "../shard-1/" + p)
    assert moved.videos == ["../shard-1/playwright/v.webm"]


VIDEO_STEPS = """
import pytest
from pytest_bdd import given, scenarios, then

from mvj_suite.core.scenario_info import register_video

scenarios("features")


@given("att allt är förberett")
def prepared(request, tmp_path):
    path = tmp_path / "video.webm"
    path.write_bytes(b"webm")
    register_video(request.node, path)


@then("lyckas det")
def succeeds():
    pass


@then("misslyckas det")
def fails():
    assert False, "journalen visade fel sida"
"""


def test_a_registered_video_reaches_the_signoff_of_a_passing_scenario(suite: SyntheticSuite
                                                                      ) -> None:
    suite.write(FULL_PASS)
    suite.file("test_steps.py", VIDEO_STEPS)
    assert suite.run().ret == 0
    data = suite.json("out/signoff.json")
    videos = [s["videos"] for s in data["scenarios"]]
    assert all(len(v) == 1 and v[0].endswith("video.webm") for v in videos), videos
    assert (suite.path / "out" / videos[0][0]).is_file()  # relative to the sign-off


def test_skipped_rows_show_their_reason_and_no_allure_hint() -> None:
    skipped = scenario("Hoppas", SKIPPED, reason="kräver --allow-writes")
    record = RunRecord(scenarios=[*every_section(), skipped],
                       allure_report="allure-rapport/index.html")
    md = render_markdown(record)
    assert "| Hoppas | Egenskap | överhoppat | kräver --allow-writes |" in md
    assert "sök på scenariots namn" not in md


def test_the_reports_folder_gets_the_routine_page(tmp_path: Path) -> None:
    from mvj_suite.signoff.render import write_reports

    write_reports(RunRecord(scenarios=every_section()), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "rutin-781659-R12.html", "signoff.html", "signoff.json", "signoff.md"]

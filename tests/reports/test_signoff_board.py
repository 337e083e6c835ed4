"""A sign-off a release board can act on: why each failure failed (in Swedish, with the
technical message and links to its evidence), headings that point to their subsections,
a comparison with an earlier sign-off, the decision block, and shard problems on one line.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from mvj_suite.allure import html as allure_html
from mvj_suite.core.journal_browser import artefact_folder_name
from mvj_suite.model.outcomes import FAILED, PASSED, SKIPPED
from mvj_suite.model.routine import ROUTINE
from mvj_suite.signoff.compare import compare
from mvj_suite.signoff.decision import Decision, decision_from_env
from mvj_suite.signoff.merge import condense_errors, main, missing_shard_errors
from mvj_suite.signoff.model import (
    SECTION_FAILED,
    SECTION_GAP,
    SECTION_OK,
    RunRecord,
    ScenarioResult,
    judge,
)
from mvj_suite.signoff.reasons import (
    ASSERTION_REASON,
    ELLIPSIS,
    OTHER_REASON,
    SETUP_REASON,
    TIMEOUT_REASON,
    plain_reason,
    reason_of,
    shorten,
)
from mvj_suite.signoff.render import render_html, render_markdown, write_reports
from pages.expect import NOT_ON_PAGE, JournalCheckFailed
from tests.reports.conftest import FULL_PASS, SyntheticSuite

# What Playwright's expect() says, as the sign-off stores it (one line).
HAVE_TEXT = (
    "AssertionError: Locator expected to have text '19121212-1212' Actual value: None "
    'Error: element(s) not found Call log: - Expect "to_have_text" '
    'get_by_label("Personnummer", exact=True) with timeout 5000ms - waiting for '
    'get_by_label("Personnummer", exact=True) Aria snapshot: - banner: - text: MittVaccin'
)


def scenario(name: str, outcome: str = PASSED, section: str = "2.1", **extra: Any
             ) -> ScenarioResult:
    return ScenarioResult(nodeid=f"steps/test_x.py::{name}", name=name, feature="Egenskap",
                          sections=[section], outcome=outcome, **extra)


def full_coverage() -> list[ScenarioResult]:
    return [scenario(f"Allt i {s.id}", section=s.id) for s in ROUTINE.leaf_sections]


# --- the short Swedish reason ----------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (f"pages.expect.JournalCheckFailed: Sidan visade inte den väntade texten. Väntat: "
         f"texten «Tolvan». Faktiskt: «Tolva». {HAVE_TEXT}",
         "Sidan visade inte den väntade texten."),
        ("pages.expect.JournalCheckFailed: Något som skulle synas på sidan syntes inte. "
         "Väntat: synlig. Faktiskt: finns inte på sidan. Locator expected to be visible",
         "Något som skulle synas på sidan syntes inte."),
        ("playwright._impl._errors.TimeoutError: Locator.click: Timeout 30000ms exceeded.",
         TIMEOUT_REASON),
        ("playwright._impl._errors.Error: Page.goto: net::ERR_CONNECTION_REFUSED at "
         "https://127.0.0.1:1/", "Journalen gick inte att nå: anslutningen nekades."),
        ("AssertionError: assert 'Tolvan' in ''", ASSERTION_REASON),
        ("AssertionError: journalen visade fel sida assert False", "Journalen visade fel sida."),
        ("AssertionError: Sidans källkod innehåller personens uppgifter: ['Sara'] assert "
         "not ['Sara']", "Sidans källkod innehåller personens uppgifter."),
        ("KeyError: 'kund'", OTHER_REASON),
    ],
)
def test_common_failures_get_one_swedish_sentence(message: str, expected: str) -> None:
    assert plain_reason(message) == expected


def test_a_failed_check_of_the_journal_brings_its_own_sentence() -> None:
    check = JournalCheckFailed("texten «Tolvan»", NOT_ON_PAGE, "Sidan visade inte texten.",
                               "Locator expected to have text 'Tolvan'")
    assert reason_of(check) == "Sidan visade inte texten."
    assert reason_of(PlaywrightTimeoutError("Timeout 5000ms exceeded.")) == TIMEOUT_REASON
    assert reason_of(AssertionError("assert 'Tolvan' in ''")) == ASSERTION_REASON


def test_data_in_an_assertion_is_not_taken_for_a_swedish_message() -> None:
    # Swedish letters in data (a dict of the card) do not make the message the suite's own.
    assert plain_reason("AssertionError: {'Namn': 'Åsa Öberg'} assert 'x' in ''") == (
        ASSERTION_REASON)


def test_a_failure_while_preparing_is_the_suite_or_the_environment() -> None:
    assert plain_reason("RuntimeError: stubben startade inte", "setup") == (
        "Stubben startade inte.")  # its own Swedish message still wins
    assert plain_reason("RuntimeError: boom", "setup") == SETUP_REASON


def test_the_technical_message_is_cut_at_a_word_with_an_ellipsis() -> None:
    words = "ord " * 200
    short = shorten(words, 50)
    assert len(short) <= 50 and short.endswith(ELLIPSIS)
    assert set(short.removesuffix(ELLIPSIS).split()) == {"ord"}  # no word cut in half
    assert shorten("kort text") == "kort text"


def test_the_technical_message_keeps_the_locator_and_drops_the_page_tree() -> None:
    short = shorten(HAVE_TEXT)
    assert 'get_by_label("Personnummer", exact=True) with timeout 5000ms' in short
    assert "Aria snapshot" not in short and short.endswith(ELLIPSIS)


# --- a failed row: reason, message, links ------------------------------------------------


def failed_with_evidence() -> ScenarioResult:
    return scenario(
        "Sök på personnummer", FAILED, failed_step="Så visas kunden", reason=shorten(HAVE_TEXT),
        plain_reason="Sidan visade inte den väntade texten.",
        screenshots=["../artefakter/Sok/sida-1.png",
                     "../artefakter/Sok-omkorning-1/sida-1.png"],
        traces=["../artefakter/Sok-omkorning-1/spar-1.zip"],
        allure_uuid="0b1c2d3e-0000-4000-8000-000000000001",
    )


def test_a_failed_row_has_the_reason_the_message_and_links_to_its_evidence() -> None:
    record = RunRecord(scenarios=[*full_coverage(), failed_with_evidence()],
                       allure_report="allure-rapport/index.html")
    anchor = hashlib.md5(b"0b1c2d3e-0000-4000-8000-000000000001").hexdigest()
    md = render_markdown(record)
    row = next(line for line in md.splitlines() if line.startswith("| Sök på personnummer"))
    assert "**Sidan visade inte den väntade texten" in row
    assert "Tekniskt: `AssertionError: Locator expected to have text" in row  # as stored
    assert "Steg: Så visas kunden" in row
    assert "[skärmbild 1](<../artefakter/Sok/sida-1.png>)" in row
    assert "[skärmbild 2 (omkörning 1)](<../artefakter/Sok-omkorning-1/sida-1.png>)" in row
    assert "[spår 1 (omkörning 1)](<../artefakter/Sok-omkorning-1/spar-1.zip>)" in row
    assert f"[Allure](<allure-rapport/index.html#testresult/{anchor}>)" in row
    page = render_html(record)
    assert f'href="allure-rapport/index.html#testresult/{anchor}"' in page
    assert 'href="../artefakter/Sok-omkorning-1/spar-1.zip"' in page
    assert '<span class="kort">Sidan visade inte den väntade texten' in page


def test_without_an_allure_result_the_row_links_the_report_and_says_how_to_find_it() -> None:
    failed = scenario("Fel före första steget", FAILED, reason="vid förberedelse: KeyError: 'x'")
    md = render_markdown(RunRecord(scenarios=[failed], allure_report="allure-rapport/index.html"))
    assert "[Allure-rapporten (sök på scenariots namn under Sviter)](<allure-rapport/index.html>)" \
        in md
    assert "Allure" not in render_markdown(RunRecord(scenarios=[failed]))  # Allure was off


def test_an_older_signoff_json_without_the_new_fields_still_loads_and_explains() -> None:
    data = RunRecord(scenarios=[scenario("Gammalt fel", FAILED)]).to_json()
    for entry in data["scenarios"]:
        for key in ("plain_reason", "screenshots", "traces", "allure_uuid"):
            del entry[key]
        entry["reason"] = "AssertionError: Locator expected to be visible Actual value: None"
    for key in ("allure_report", "decision", "comparison"):
        del data[key]
    record = RunRecord.from_json(data)
    assert record.scenarios[0].screenshots == [] and record.decision == Decision()
    # Playwright's English is not reworded: an old assertion reads as one.
    assert f"**{ASSERTION_REASON}**" in render_markdown(record)


def test_the_new_fields_survive_the_json_round_trip(tmp_path: Path) -> None:
    record = RunRecord(scenarios=[*full_coverage(), failed_with_evidence()],
                       allure_report="allure-rapport/index.html",
                       decision=Decision(approver="Förvaltningsgruppen", decision="Godkänd"))
    write_reports(record, tmp_path)
    data = json.loads((tmp_path / "signoff.json").read_text("utf-8"))
    assert RunRecord.from_json(data) == record
    failed = next(s for s in data["scenarios"] if s["outcome"] == FAILED)
    assert failed["allure_page"].startswith("allure-rapport/index.html#testresult/")


# --- headings ------------------------------------------------------------------------------


def overview_row(md: str, label: str) -> str:
    return next(line for line in md.splitlines() if line.startswith(f"| {label} |"))


def test_a_heading_without_scenarios_points_to_its_subsections_and_never_fails() -> None:
    record = RunRecord(scenarios=[*full_coverage(), scenario("Ändra", FAILED, "2.4")])
    verdict = judge(record)
    heading = next(sv for sv in verdict.sections if sv.section.id == "2")
    assert heading.status == "se 2.1–2.5"
    assert heading.status not in (SECTION_OK, SECTION_FAILED, SECTION_GAP)
    assert "fallerade: 2.4" in heading.note
    assert not verdict.approved  # the verdict itself is as before
    md = render_markdown(record)
    row = overview_row(md, "2 Hantera patient")
    assert "FALLERAT" not in row and "GODKÄNT" not in row and "| – |" in row
    assert "## 2 Hantera patient – se 2.1–2.5" in md
    assert "Huvudrubrik utan egna scenarier." in md
    assert 'class="s-rubrik">se 2.1–2.5<' in render_html(record)


def test_a_heading_with_a_failing_scenario_of_its_own_fails_with_it() -> None:
    record = RunRecord(scenarios=[*full_coverage(), scenario("Egen", FAILED, "2")])
    heading = next(sv for sv in judge(record).sections if sv.section.id == "2")
    assert heading.status == SECTION_FAILED and len(heading.scenarios) == 1


# --- comparison with an earlier sign-off -------------------------------------------------


def previous_and_current() -> tuple[RunRecord, RunRecord]:
    previous = RunRecord(
        scenarios=[scenario("Fortsatt fel", FAILED), scenario("Lagad", FAILED),
                   scenario("Blir fel"), scenario("Borttagen"),
                   ScenarioResult(nodeid="features/gammal.feature::Flyttad", name="Flyttad",
                                  feature="Egenskap", sections=["2.1"], outcome=PASSED)],
        release={"journal_version": "MittVaccin Journal 4.1", "suite_commit": "abc1234",
                 "finished": "2026-11-01T10:00:00+01:00"},
    )
    current = RunRecord(scenarios=[
        scenario("Fortsatt fel", FAILED), scenario("Lagad"), scenario("Blir fel", FAILED),
        scenario("Ny"), scenario("Flyttad"),  # another nodeid, same name and feature
    ])
    return previous, current


def test_the_comparison_finds_new_failures_fixes_additions_and_removals() -> None:
    previous, current = previous_and_current()
    comparison = compare(current, previous, "EJ GODKÄND", "forra/signoff.json")
    names = {group: [ref.name for ref in getattr(comparison, group)]
             for group in ("new_failures", "fixed", "added", "removed")}  # fmt: skip
    assert names == {"new_failures": ["Blir fel"], "fixed": ["Lagad"], "added": ["Ny"],
                     "removed": ["Borttagen"]}  # fmt: skip
    assert comparison.still_failing == 1
    assert comparison.release["journal_version"] == "MittVaccin Journal 4.1"


def test_the_comparison_section_names_the_earlier_verdict_and_release() -> None:
    previous, current = previous_and_current()
    current.comparison = compare(current, previous, "EJ GODKÄND", "forra/signoff.json")
    md = render_markdown(current)
    assert "## Jämförelse med tidigare godkännande" in md
    assert ("Tidigare besked: EJ GODKÄND – journalversion MittVaccin Journal 4.1, sviten "
            "(commit) abc1234, datum 2026-11-01T10:00:00+01:00 (forra/signoff.json)") in md
    assert "### Nya fel (1)\n\n- Blir fel (Egenskap) – fallerat" in md
    assert "### Borttagna scenarier (1)" in md
    assert "Nya fel: 1 · Åtgärdade: 1 · Tillkomna: 1 · Borttagna: 1" in md
    assert '<h2 id="jamforelse">' in render_html(current)
    again = RunRecord.from_json(json.loads(json.dumps(current.to_json())))
    assert again.comparison == current.comparison


def test_merge_compares_with_an_earlier_signoff(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    previous, current = previous_and_current()
    write_reports(previous, tmp_path / "forra")
    write_reports(current, tmp_path / "nu")
    argv = ["merge", str(tmp_path / "nu" / "signoff.json"), "-o", str(tmp_path / "ut"),
            "--compare-with", str(tmp_path / "forra" / "signoff.json")]  # fmt: skip
    assert main(argv) == 1
    data = json.loads((tmp_path / "ut" / "signoff.json").read_text("utf-8"))
    assert [ref["name"] for ref in data["comparison"]["new_failures"]] == ["Blir fel"]
    assert data["comparison"]["verdict"] == "EJ GODKÄND"
    assert "Jämfört med" in capsys.readouterr().out


@pytest.mark.parametrize("content", [None, "inte json", '{"format": 99}'])
def test_merge_with_a_missing_or_unreadable_comparison_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None
) -> None:
    write_reports(RunRecord(scenarios=full_coverage()), tmp_path / "nu")
    other = tmp_path / "forra.json"
    if content is not None:
        other.write_text(content, encoding="utf-8")
    argv = ["merge", str(tmp_path / "nu" / "signoff.json"), "-o", str(tmp_path / "ut"),
            "--compare-with", str(other)]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"--compare-with {other}:") and len(err.splitlines()) == 1
    assert not (tmp_path / "ut" / "signoff.json").exists()


# --- the decision ---------------------------------------------------------------------------


def test_the_decision_comes_from_ci_variables_with_a_link_to_the_run() -> None:
    github = {"MVJ_APPROVER": "Förvaltningsgruppen MVJ", "MVJ_DECISION": "Releasen godkänns",
              "MVJ_DECISION_DATE": "2026-12-01", "GITHUB_SERVER_URL": "https://github.com",
              "GITHUB_REPOSITORY": "region/mvj", "GITHUB_RUN_ID": "42"}  # fmt: skip
    decision = decision_from_env(github)
    assert decision == Decision("Förvaltningsgruppen MVJ", "Releasen godkänns", "2026-12-01",
                                "https://github.com/region/mvj/actions/runs/42")
    gitlab = {"CI_PIPELINE_URL": "https://gitlab.example.se/g/p/-/pipelines/7"}
    assert decision_from_env(gitlab).ci_link == gitlab["CI_PIPELINE_URL"]
    md = render_markdown(RunRecord(scenarios=full_coverage(), decision=decision))
    assert "| Beslut | Releasen godkänns |" in md
    assert "| Beslutat av | Förvaltningsgruppen MVJ |" in md
    assert "| CI-körning | [https://github.com/region/mvj/actions/runs/42](<https://github.com" \
        in md


def test_without_ci_variables_the_decision_block_has_lines_to_fill_in_by_hand() -> None:
    record = RunRecord(scenarios=full_coverage(), decision=decision_from_env({}))
    md = render_markdown(record)
    for label in ("Beslut", "Beslutat av", "Datum", "CI-körning", "Underskrift"):
        assert f"| {label} | ……" in md, label
    assert '<th>Underskrift</th><td class="tom"></td>' in render_html(record)
    assert record.to_json()["decision"] == {"approver": "", "decision": "", "date": "",
                                            "ci_link": ""}  # fmt: skip


# --- shards ---------------------------------------------------------------------------------


def test_forty_shards_with_thirty_eight_missing_is_one_line() -> None:
    assert missing_shard_errors(["1/40", "2/40"]) == [
        "38 av 40 delkörningar saknas (inget resultat): 3–40/40"]
    assert missing_shard_errors(["1/10", "3/10", "4/10", "8/10"]) == [
        "6 av 10 delkörningar saknas (inget resultat): 2/10, 5–7/10, 9–10/10"]


def test_the_same_run_error_in_many_shards_is_one_line() -> None:
    runs = [(["insamlingsfel i features/x.feature"], [f"{k}/40"]) for k in range(3, 41)]
    runs.append((["körningen avbröts innan den var klar"], ["1/40"]))
    assert condense_errors(runs) == [
        "insamlingsfel i features/x.feature (i 38 av 40 delkörningar: 3–40/40)",
        "körningen avbröts innan den var klar",
    ]


def test_merging_many_shards_prints_and_reports_the_problems_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = []
    for k in (1, 2):
        record = RunRecord(scenarios=full_coverage()[k - 1 :: 2], shards=[f"{k}/40"],
                           run_errors=["insamlingsfel i features/x.feature"])
        write_reports(record, tmp_path / f"d{k}")
        files.append(str(tmp_path / f"d{k}" / "signoff.json"))
    assert main(["merge", *files, "-o", str(tmp_path / "ut")]) == 1
    out = capsys.readouterr().out
    assert out.count("saknas") == 1 and "38 av 40 delkörningar saknas" in out
    assert out.count("insamlingsfel") == 1
    md = (tmp_path / "ut" / "signoff.md").read_text("utf-8")
    assert "Delkörningar: 1–2/40" in md


def test_merge_keeps_the_links_of_a_shard_working_from_the_merged_report(tmp_path: Path) -> None:
    failed = scenario("Fel", FAILED, screenshots=["../artefakter/Fel/sida-1.png"])
    write_reports(RunRecord(scenarios=[failed], shards=["1/1"],
                            allure_report="../allure-rapport/index.html"),
                  tmp_path / "reports" / "shard-1")  # fmt: skip
    out = tmp_path / "reports"
    main(["merge", str(out / "shard-1" / "signoff.json"), "-o", str(out)])
    data = json.loads((out / "signoff.json").read_text("utf-8"))
    assert data["scenarios"][0]["screenshots"] == ["artefakter/Fel/sida-1.png"]
    assert data["allure_report"] == "allure-rapport/index.html"


# --- end to end: the plugin records what the report links to ------------------------------

FAKE_BROWSER = """
from pathlib import Path

import pytest

from mvj_suite.core.journal_browser import BROWSER_KEY

PNG = bytes.fromhex("89504e470d0a1a0a")


class FakePage:
    video = None

    def is_closed(self):
        return False

    def screenshot(self, path=None, **_):
        Path(path).write_bytes(PNG)
        return PNG


class FakeJournalBrowser:
    # What mvj_suite.core.artefacts asks of the JournalBrowser when a step fails.
    def __init__(self):
        self.contexts = [object()]

    def open_pages(self):
        return [FakePage()]

    def stop_tracing(self, context, path):
        if path is not None:
            Path(path).write_bytes(b"PK")
        return path


@pytest.fixture
def journal_browser(request):
    browser = FakeJournalBrowser()
    request.node.stash[BROWSER_KEY] = browser
    return browser
"""

FAKE_STEPS = f"""
from pytest_bdd import given, scenarios, then

from pages.expect import JournalCheckFailed

scenarios("features")


@given("att webbläsaren är öppen")
def opened(journal_browser):
    pass


@then("lyckas det")
def succeeds():
    pass


@then("visas kunden")
def shows():
    # The first attempt meets a slow journal (a timeout is rerun), the rerun the check.
    first = __import__("pathlib").Path("forsta-forsoket.txt")
    if not first.exists():
        first.write_text("1")
        raise TimeoutError("Timeout 5000ms exceeded.")
    raise JournalCheckFailed("texten «19121212-1212»", "finns inte på sidan",
                             "Sidan visade inte den väntade texten.",
                             {HAVE_TEXT.removeprefix("AssertionError: ")!r})
"""


def browser_suite(suite: SyntheticSuite) -> None:
    suite.file("conftest.py", 'pytest_plugins = ["browserfakes"]\n')
    suite.file("browserfakes.py", FAKE_BROWSER)
    suite.file("test_steps.py", FAKE_STEPS)
    suite.file(
        "features/sok.feature",
        "# language: sv\n@rutin-2.1\nEgenskap: Sök\n  Scenario: Sök på personnummer\n"
        "    Givet att webbläsaren är öppen\n    Så visas kunden\n",
    )


def test_a_failed_scenario_records_its_reason_screenshots_traces_and_allure_result(
    suite: SyntheticSuite,
) -> None:
    browser_suite(suite)
    suite.run("--reruns=1", "--alluredir=allure", "--artifacts-dir=artefakter")
    [failed] = suite.json("out/signoff.json")["scenarios"]
    assert failed["plain_reason"].startswith("Sidan visade inte den väntade texten")
    assert failed["reason"].startswith(
        "pages.expect.JournalCheckFailed: Sidan visade inte den väntade texten.")
    assert "Aria snapshot" not in failed["reason"]
    # Both attempts' evidence, relative to the sign-off's folder "out".
    first = f"../artefakter/{artefact_folder_name(failed['nodeid'])}"
    rerun = f"{first}-omkorning-1"
    assert failed["screenshots"] == [f"{first}/sida-1.png", f"{rerun}/sida-1.png"]
    assert failed["traces"] == [f"{first}/spar-1.zip", f"{rerun}/spar-1.zip"]
    for path in failed["screenshots"] + failed["traces"]:
        assert (suite.path / "out" / path).is_file(), path
    # The Allure result of the attempt shown (one per attempt; the file name is random,
    # the uuid inside is what Allure's page is named after).
    results = [json.loads(p.read_text("utf-8"))
               for p in (suite.path / "allure").glob("*-result.json")]  # fmt: skip
    assert len(results) == 2
    [result] = [r for r in results if r["uuid"] == failed["allure_uuid"]]
    assert result["name"] == "Sök på personnummer" and result["status"] == "failed"
    assert result["start"] == max(r["start"] for r in results)  # the rerun: the last failure
    md = (suite.path / "out" / "signoff.md").read_text("utf-8")
    anchor = hashlib.md5(failed["allure_uuid"].encode()).hexdigest()
    assert f"(<../reports/allure-rapport/index.html#testresult/{anchor}>)" in md


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js saknas – kan inte bygga Allure 3")
def test_the_allure_link_points_at_the_scenarios_page_in_the_built_report(
    suite: SyntheticSuite, tmp_path: Path
) -> None:
    browser_suite(suite)
    suite.run("--alluredir=allure", "--artifacts-dir=artefakter")
    [failed] = suite.json("out/signoff.json")["scenarios"]
    index = allure_html.build([suite.path / "allure"], tmp_path / "rapport", "Länktest")
    page = index.read_text("utf-8")
    anchor = hashlib.md5(failed["allure_uuid"].encode()).hexdigest()
    # The page embeds each result as data/test-cases/<id>.json and routes #testresult/<id>.
    assert f'd("data/test-cases/{anchor}.json"' in page


def test_compare_with_a_missing_file_stops_with_one_swedish_line(suite: SyntheticSuite) -> None:
    suite.write(FULL_PASS)
    outcome = suite.run("--compare-with=saknas/signoff.json", "--artifacts-dir=artefakter")
    assert outcome.ret == 4
    assert "--compare-with" in outcome.stdout + outcome.stderr
    assert "filen finns inte – ange en tidigare signoff.json" in outcome.stdout + outcome.stderr
    assert not (suite.path / "out" / "signoff.json").exists()


def test_compare_with_the_previous_run_in_the_same_folder_shows_what_changed(
    suite: SyntheticSuite,
) -> None:
    suite.write(FULL_PASS)
    assert suite.run("--artifacts-dir=artefakter").ret == 0
    suite.write({**FULL_PASS, "2.2": [("Allt fungerar i 2.2", "fail")]})
    # The sign-off it compares with is the one this run replaces: read before that.
    outcome = suite.run("--compare-with=out/signoff.json", "--artifacts-dir=artefakter")
    assert outcome.ret == 1
    assert "Jämfört med out/signoff.json (tidigare besked GODKÄND): Nya fel: 1" in (
        outcome.stdout)
    data = suite.json("out/signoff.json")
    assert [ref["name"] for ref in data["comparison"]["new_failures"]] == ["Allt fungerar i 2.2"]
    assert data["comparison"]["verdict"] == "GODKÄND"


def test_the_run_fills_the_decision_from_ci_variables(suite: SyntheticSuite) -> None:
    suite.write(FULL_PASS)
    suite.extra_env.update({"MVJ_APPROVER": "Förvaltningsgruppen MVJ",
                            "MVJ_DECISION": "Releasen godkänns", "CI_PIPELINE_URL": "https://ci/1"})
    suite.run("--artifacts-dir=artefakter")
    assert suite.json("out/signoff.json")["decision"] == {
        "approver": "Förvaltningsgruppen MVJ", "decision": "Releasen godkänns", "date": "",
        "ci_link": "https://ci/1"}  # fmt: skip
    md = (suite.path / "out" / "signoff.md").read_text("utf-8")
    # Against the stub there is no release to decide on: no block to sign, and it says why.
    assert "| Beslutat av |" not in md and "inget beslutsblock" in md
    record, _ = RunRecord.read(suite.path / "out" / "signoff.json")
    record.release["target"] = "live"  # the same run against a journal under test
    md = render_markdown(record)
    assert "| Beslutat av | Förvaltningsgruppen MVJ |" in md and "| Datum | ……" in md


def test_skipped_scenarios_keep_their_skip_reason_without_a_failure_sentence() -> None:
    skipped = scenario("Hoppas", SKIPPED, reason="kräver en riktig journal")
    md = render_markdown(RunRecord(scenarios=[skipped]))
    assert "| Hoppas | Egenskap | överhoppat | kräver en riktig journal |" in md


def test_a_flaky_scenario_says_so_before_its_first_failure() -> None:
    flaky = scenario("Ibland", FAILED, flaky=True,
                     reason="instabilt – godkänt först vid omkörning; första felet: "
                            "TimeoutError: Timeout 5000ms exceeded.")  # fmt: skip
    md = render_markdown(RunRecord(scenarios=[flaky]))
    assert f"**Instabilt – godkänt först vid omkörning. Första felet: {TIMEOUT_REASON}**" in md

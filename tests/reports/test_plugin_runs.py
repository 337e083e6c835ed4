"""End to end: a synthetic pytest-bdd suite run with the reporting plugins (no browser)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mvj_suite.model.routine import ROUTINE
from mvj_suite.signoff.merge import main as signoff_main
from tests.reports.conftest import FULL_PASS, SyntheticSuite


def results(alluredir: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(alluredir.glob("*-result.json"))]


def test_clean_run_over_every_section_is_approved(suite: SyntheticSuite) -> None:
    suite.write(FULL_PASS)
    outcome = suite.run()
    assert outcome.ret == 0, outcome.stdout
    # The synthetic suite runs on the stub target: its outcome, never a release verdict.
    assert "sviten mot stubbjournalen – inget releasebeslut (rutin 781659 R12)" in outcome.stdout
    assert "Rutin 781659 R12 mot stubbjournalen: gick igenom – inget releasebeslut" in (
        outcome.stdout)
    data = suite.json("out/signoff.json")
    assert data["verdict"]["approved"] is True and data["verdict"]["text"] == "GODKÄND"
    assert data["verdict"]["release_decision"] is False
    assert data["release"]["journal_version"] == "MittVaccin Journal (stubb) version 9.9.9"
    assert data["release"]["suite_commit"]
    html = (suite.path / "out" / "signoff.html").read_text("utf-8")
    assert 'class="besked stubb"' in html and "Godkännande av release" not in html
    md = (suite.path / "out" / "signoff.md").read_text("utf-8")
    assert "# Sviten mot stubbjournalen – inget releasebeslut" in md and "GODKÄND" not in md


def test_a_failing_scenario_rejects_and_fails_the_run(suite: SyntheticSuite) -> None:
    suite.write({**FULL_PASS, "2.2": [("Spara ny kund", "pass"), ("Hämta från PU", "fail")]})
    outcome = suite.run()
    assert outcome.ret == 1
    assert "Rutin 781659 R12 mot stubbjournalen: gick inte igenom" in outcome.stdout
    assert "2.2 Lägga till ny patient: 1 scenario fallerade: »Hämta från PU«" in outcome.stdout
    data = suite.json("out/signoff.json")
    failed = [s for s in data["scenarios"] if s["outcome"] == "failed"]
    assert [s["name"] for s in failed] == ["Hämta från PU"]
    assert failed[0]["failed_step"] == "Så misslyckas det"
    assert "journalen visade fel sida" in failed[0]["reason"]


def test_passing_tests_but_a_gap_still_fail_the_run(suite: SyntheticSuite) -> None:
    plan = {k: v for k, v in FULL_PASS.items() if k != "2.3"}
    plan["2.5"] = [("Skyddad identitet", "skip")]
    suite.write(plan)
    outcome = suite.run()
    assert outcome.counts() == {"passed": 4, "skipped": 1}
    assert outcome.ret == 1  # pytest alone would say 0
    reasons = suite.json("out/signoff.json")["verdict"]["reasons"]
    assert ("Avsnitt 2.3 Lägga till patient med reservnummer eller samordningsnummer: saknar "
            "scenarier – täckningslucka") in reasons
    gap = "inget scenario kördes mot den här journalen (1 överhoppat)"
    assert f"Avsnitt 2.5 Patient med skyddad identitet: {gap} – täckningslucka" in reasons
    md = (suite.path / "out" / "signoff.md").read_text("utf-8")
    # Each reason links to where the report shows what it names.
    section = "Avsnitt 2.3 Lägga till patient med reservnummer eller samordningsnummer"
    assert f"[{section}](<#avsnitt-2-3>)" in md
    assert "kräver en riktig journal" in md


def test_stub_only_scenarios_are_listed_apart_and_do_not_block(suite: SyntheticSuite) -> None:
    suite.write({**FULL_PASS, "2.4": [("Ändra kund", "pass"), ("Kvar efter omstart", "stub")]})
    outcome = suite.run()
    assert outcome.ret == 0, outcome.stdout
    assert "1 scenario verifieras bara mot stubben" in outcome.stdout
    data = suite.json("out/signoff.json")
    assert [s["name"] for s in data["scenarios"] if s["stub_only"]] == ["Kvar efter omstart"]
    assert data["verdict"]["coverage"]["2.4"]["stub_only"] == 1
    md = (suite.path / "out" / "signoff.md").read_text("utf-8")
    assert "### Verifieras bara mot stubben (1)" in md


def test_a_selection_is_judged_against_the_whole_routine(suite: SyntheticSuite) -> None:
    suite.write(FULL_PASS)
    outcome = suite.run("-m", "rutin-2.1")
    assert outcome.counts() == {"passed": 1, "deselected": 5}
    assert outcome.ret == 0  # a selection cannot sign off, but it does not fail on gaps
    assert "ett urval kan inte godkänna en release" in outcome.stdout
    data = suite.json("out/signoff.json")
    assert data["selection"] == "-m rutin-2.1"
    # Sections the selection left out say so, rather than looking like gaps in the suite.
    out = "UTANFÖR URVALET"
    assert data["verdict"]["sections"] == {
        "1": out, "2": "se 2.1–2.5", "2.1": "GODKÄNT", "2.2": out, "2.3": out, "2.4": out,
        "2.5": out,
    }  # fmt: skip
    assert data["verdict"]["approved"] is False
    assert data["verdict"]["reasons"] == [
        "Utanför urvalet (-m rutin-2.1): avsnitten 1, 2.2, 2.3, 2.4, 2.5 – ett urval kan inte "
        "godkänna en release"]
    assert ("Körningen omfattade 1 scenario i avsnitt 2.1 och prövade 0 av 27 prövbara meningar "
            "i rutinen; utanför urvalet: avsnitt 1, 2.2, 2.3, 2.4, 2.5.") in outcome.stdout


def test_a_selection_with_signoff_yes_exits_on_the_verdict(suite: SyntheticSuite) -> None:
    suite.write(FULL_PASS)
    outcome = suite.run("-m", "rutin-2.1", "--signoff", "yes")
    assert outcome.ret == 1


def test_shards_split_the_scenarios_and_merge_to_one_verdict(suite: SyntheticSuite) -> None:
    suite.write(FULL_PASS)
    seen: list[str] = []
    for k in (1, 2, 3):
        outcome = suite.run(f"--shard={k}/3", signoff_dir=f"shard-{k}")
        assert outcome.ret == 0, outcome.stdout  # a shard's gaps are the merge's business
        data = suite.json(f"shard-{k}/signoff.json")
        assert data["shards"] == [f"{k}/3"]
        seen += [s["nodeid"] for s in data["scenarios"]]
    assert len(seen) == len(set(seen)) == len(ROUTINE.leaf_sections)
    files = [str(suite.path / f"shard-{k}" / "signoff.json") for k in (1, 2, 3)]
    assert signoff_main(["merge", *files, "-o", str(suite.path / "samlat")]) == 0
    assert signoff_main(["merge", *files[:2], "-o", str(suite.path / "halvt")]) == 1


def test_the_first_releases_option_names_are_gone(suite: SyntheticSuite) -> None:
    suite.write(FULL_PASS)
    for old in ("--del=1/1", "--signoff-katalog=gammalt"):
        outcome = suite.run(old, signoff_dir=None)
        assert outcome.ret == 4, outcome.stdout  # pytest's usage error
    outcome = suite.run("--signoff", "ja", signoff_dir=None)
    assert outcome.ret == 4, outcome.stdout


def test_a_failing_shard_fails(suite: SyntheticSuite) -> None:
    suite.write({"1": [("Logga in", "fail")]})
    assert suite.run("--shard=1/2").ret == 1


def test_an_empty_shard_is_not_an_error(suite: SyntheticSuite) -> None:
    suite.write({"1": [("Logga in", "pass")]})
    outcome = suite.run("--shard=2/2", signoff_dir="s")
    assert outcome.ret == 0, outcome.stdout
    assert suite.json("s/signoff.json")["scenarios"] == []


def test_a_bad_shard_option_is_one_swedish_line(suite: SyntheticSuite) -> None:
    suite.write(FULL_PASS)
    outcome = suite.run("--shard=4/3")
    assert outcome.ret == 4  # pytest's usage error
    assert "--shard 4/3: ange delkörning som K/N med 1 ≤ K ≤ N" in outcome.stderr


def test_under_xdist_the_controller_writes_the_verdict(suite: SyntheticSuite) -> None:
    suite.write(FULL_PASS)
    outcome = suite.run("-n", "2", "--alluredir=allure")
    assert outcome.ret == 0, outcome.stdout
    data = suite.json("out/signoff.json")
    assert data["verdict"]["approved"] is True
    assert len(data["scenarios"]) == len(ROUTINE.leaf_sections)
    # Facts recorded on the workers reach the controller.
    assert data["release"]["journal_version"].endswith("9.9.9")
    env = (suite.path / "allure" / "environment.properties").read_text("ascii")
    assert "Journalversion=MittVaccin Journal (stubb) version 9.9.9" in env


def test_without_scenarios_no_signoff_is_written(suite: SyntheticSuite) -> None:
    suite.file("test_plain.py", "def test_plain():\n    assert True\n")
    suite.file("conftest.py", "# the suite's plugins come through its entry point\n")
    outcome = suite.run()
    assert outcome.ret == 0
    assert not (suite.path / "out").exists()


def test_allure_results_carry_the_routine_structure(suite: SyntheticSuite) -> None:
    plan = {"2.1": [("Sök på personnummer", "pass")], "2.4": [("Ändra adress", "fail")]}
    suite.write(plan, extra_tags="@allvarlighet-kritisk")
    suite.file(
        "features/normal.feature",
        "# language: sv\n@rutin-1\nEgenskap: Inloggning\n"
        "  Scenario: Logga in\n    Givet att allt är förberett\n    Så lyckas det\n",
    )
    suite.run("--alluredir=allure")
    by_name = {r["name"]: r for r in results(suite.path / "allure")}
    labels = {
        name: {(label["name"], label["value"]) for label in r["labels"]}
        for name, r in by_name.items()
    }
    search = labels["Sök på personnummer"]
    assert ("epic", f"Rutin 781659 R12 – {ROUTINE.title}") in search
    assert ("feature", "2.1 Sök patient") in search
    assert ("story", "Sök på personnummer") in search
    assert ("severity", "critical") in search
    assert ("severity", "normal") in labels["Logga in"]
    assert ("feature", "1 Logga in i MittVaccin Journal") in labels["Logga in"]
    assert by_name["Ändra adress"]["links"] == [
        {
            "type": "link",
            # The routine's page the sign-off writes in reports/, one folder up.
            "url": "../rutin-781659-R12.html#avsnitt-2-4",
            "name": "Rutin 781659 R12 avsnitt 2.4",
        }
    ]
    env = (suite.path / "allure" / "environment.properties").read_text("ascii")
    for key in ("M\\u00e5l=", "Bas-URL=", "Journalversion=", "Webbl\\u00e4sare=", "Sviten-commit="):
        assert key in env


def test_routine_links_follow_mvj_rutin_url(suite: SyntheticSuite) -> None:
    suite.extra_env["MVJ_RUTIN_URL"] = "https://intra.example.se/rutiner/781659"
    suite.write({"2.5": [("Skyddad", "pass")]})
    suite.run("--alluredir=allure")
    [result] = results(suite.path / "allure")
    assert result["links"][0]["url"] == "https://intra.example.se/rutiner/781659#avsnitt-2-5"


BROWSER_FAKES = """
import pytest

from mvj_suite.allure.labels import register_video

PNG = bytes.fromhex("89504e470d0a1a0a")


class FakePage:
    video = None

    def screenshot(self, **_):
        return PNG


class FakeJournalBrowser:
    def open_pages(self):
        return [FakePage()]


@pytest.fixture
def journal_browser():
    return FakeJournalBrowser()


@pytest.fixture
def video_file(request, tmp_path):
    path = tmp_path / "video.webm"
    path.write_bytes(b"webm")
    register_video(request.node, path)
    return path
"""

BROWSER_STEPS = """
from pytest_bdd import given, scenarios, then

scenarios("features")


@given("att webbläsaren är öppen")
def opened(journal_browser, video_file):
    pass


@then("lyckas det")
def succeeds():
    pass


@then("misslyckas det")
def fails():
    assert False, "fel"
"""


def _browser_suite(suite: SyntheticSuite) -> None:
    suite.file("conftest.py", 'pytest_plugins = ["browserfakes"]\n')
    suite.file("browserfakes.py", BROWSER_FAKES)
    suite.file("test_steps.py", BROWSER_STEPS)
    suite.file(
        "features/b.feature",
        "# language: sv\n@rutin-1\nEgenskap: B\n  Scenario: Fel med video\n"
        "    Givet att webbläsaren är öppen\n    Så lyckas det\n    Och misslyckas det\n",
    )


def _steps(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["name"]: s for s in result["steps"]}


def test_video_is_attached_to_the_failing_step(suite: SyntheticSuite) -> None:
    _browser_suite(suite)
    suite.run("--alluredir=allure")
    [result] = results(suite.path / "allure")
    steps = _steps(result)
    failing = steps["Och misslyckas det"]
    assert failing["status"] == "failed"
    assert [a["name"] for a in failing.get("attachments", [])] == ["Video (1)"]
    assert failing["attachments"][0]["type"] == "video/webm"
    assert (suite.path / "allure" / failing["attachments"][0]["source"]).read_bytes() == b"webm"
    assert not steps["Så lyckas det"].get("attachments")  # screenshots are off by default


def test_screenshot_after_every_step_is_an_option(suite: SyntheticSuite) -> None:
    _browser_suite(suite)
    suite.run("--alluredir=allure", "--screenshot-each-step")
    [result] = results(suite.path / "allure")
    steps = _steps(result)
    for name in ("Givet att webbläsaren är öppen", "Så lyckas det"):
        assert [a["name"] for a in steps[name]["attachments"]] == ["Skärmbild efter steget (1)"]
        assert steps[name]["attachments"][0]["type"] == "image/png"


def test_outline_rows_are_told_apart_in_the_report(suite: SyntheticSuite) -> None:
    suite.write({})
    suite.file(
        "features/mall.feature",
        "# language: sv\n@rutin-2.1\nEgenskap: Sök\n"
        "  Scenariomall: Sök på <vad>\n    Givet att allt är förberett\n    Så lyckas det\n\n"
        "    Exempel:\n      | vad   |\n      | namn  |\n      | e-post |\n\n"
        "  Scenariomall: Minst fyra tecken\n    Givet att allt är förberett\n    Så <utfall>\n\n"
        "    Exempel:\n      | utfall     |\n      | lyckas det |\n",
    )
    suite.run()
    names = sorted(s["name"] for s in suite.json("out/signoff.json")["scenarios"])
    assert names == ["Minst fyra tecken [lyckas det]", "Sök på e-post", "Sök på namn"]

"""A run that explains itself: progress per scenario, a Swedish block per failure that
names the element, one stop line, a Swedish closing line, a JUnit file a CI tool reads
right, Gherkin-only Allure parameters, no stale reports, one run per reports folder, and
``-m @tag`` as Cucumber users write it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mvj_suite.cli.commands import without_tag_signs, written_since
from mvj_suite.progress.text import Failure, failure_block
from mvj_suite.signoff.run_lock import take_lock

from .isolated_suite import SuiteRun, copy_suite, run_suite

# The stub breaks one rule on purpose: one scenario of §2.5 then fails, for a real failure.
# With the stub's default of one rerun: a check of a rule must not be rerun.
FAILING = ("-m", "rutin-2.5", "-k", "visar_bara_personnumret_i_sökträffen",
           "--break", "protected-edit-enabled")
NAME = "En kund med skyddad identitet visar bara personnumret i sökträffen och på kundkortet"


@pytest.fixture(scope="module")
def failed_run(tmp_path_factory: pytest.TempPathFactory) -> SuiteRun:
    copy = copy_suite(tmp_path_factory.mktemp("svit"))
    return run_suite(copy, *FAILING, "--alluredir", "reports/allure-results")


def test_progress_names_each_scenario_with_its_result(failed_run: SuiteRun) -> None:
    assert failed_run.ret == 1
    assert f"[1/1] ✗ 2.5  {NAME} (fallerat" in failed_run.stdout
    assert "↻" not in failed_run.stdout  # the broken rule fails every time: no rerun
    last = failed_run.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"=+ 1 fallerat, \d+ bortvalda på \d+,\d s =+", last), last


def test_a_failure_is_one_swedish_block_without_pytest_internals(failed_run: SuiteRun) -> None:
    out = failed_run.stdout
    block = out[out.index("fallerade scenarier"):]
    assert "Avsnitt:     2.5 Patient med skyddad identitet" in block
    assert "Steg:        Och kan hon inte ändra personuppgifterna" in block
    # The element the check looked at, read from its locator: role and name.
    assert "Element:     knappen «Ändra personuppgifter»" in block
    # Both in the suite's own words: the check's, and what the suite read off the page.
    assert "Väntat:      går inte att använda" in block
    assert "Faktiskt:    går att använda" in block
    assert "Person:      genererad testperson:" in block
    assert "Artefakter:  reports/artefakter/test_en_kund_med_skyddad_identitet_visar_bara_" \
        "personnumret_i_sökträffen_och_på_kundkortet" in block
    assert "_pytest" not in out and "Traceback" not in out


def test_junit_has_the_scenario_once_failed_in_swedish(failed_run: SuiteRun) -> None:
    root = ET.parse(failed_run.reports / "junit.xml").getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("1", "1", "0")
    [suite] = root.iter("testsuite")
    assert suite.get("name") == "Rutin 2.5 Patient med skyddad identitet"
    [case] = suite.iter("testcase")
    assert case.get("name") == NAME and case.get("classname") == suite.get("name")
    assert case.get("file") == "features/rutin-2.5-skyddad-identitet.feature"
    assert [child.tag for child in case if child.tag != "properties"] == ["failure"]
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "pages.expect.JournalCheckFailed"
    assert "Element: knappen «Ändra personuppgifter». Väntat: går inte att använda. " \
        "Faktiskt: går att använda." in failure.get("message", "")


def test_allure_steps_carry_gherkin_arguments_never_fixtures(failed_run: SuiteRun) -> None:
    results = [json.loads(path.read_text("utf-8"))
               for path in (failed_run.reports / "allure-results").glob("*-result.json")]
    names = [p["name"] for r in results for s in r["steps"] for p in s.get("parameters", [])]
    assert "person" in names  # "att sjuksköterskan Sara är inloggad" (persona in steps/)
    assert not {"pytestconfig", "request", "journal", "scenario", "user"} & set(names)


def test_a_failure_that_is_no_check_shows_its_message() -> None:
    block = failure_block(Failure("2.1 Sök patient", "Minst fyra tecken", "Så …", "", "",
                                  "Timeout 5000ms exceeded", "", ""))
    assert "    Fel:         Timeout 5000ms exceeded" in block


@pytest.mark.parametrize("hook", ["pytest_sessionstart", "pytest_collection_finish"])
def test_a_stop_is_said_once(hook: str, tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        f"import pytest\n\ndef {hook}(session):\n"
        "    pytest.exit('Journalen svarar inte', returncode=4)\n", encoding="utf-8")
    (tmp_path / "test_a.py").write_text("def test_a():\n    pass\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 4
    assert output.count("Journalen svarar inte") == 1, output
    assert "_pytest.outcomes.Exit" not in output


def test_a_second_run_on_the_same_reports_folder_is_refused(tmp_path: Path) -> None:
    first = take_lock(tmp_path)
    assert first is not None
    try:
        assert take_lock(tmp_path) is None
    finally:
        first.release()
    second = take_lock(tmp_path)  # free again once the first run has ended
    assert second is not None
    second.release()


def test_an_early_stop_leaves_no_old_signoff_behind(tmp_path: Path) -> None:
    copy = copy_suite(tmp_path / "svit")
    reports = copy / "reports"
    reports.mkdir()
    for name in ("signoff.md", "signoff.html", "signoff.json", "junit.xml"):
        (reports / name).write_text("förra körningen", encoding="utf-8")
    run = run_suite(copy, "--break", "nope", "--junitxml", "reports/junit.xml")
    assert run.ret == 4
    assert not [p.name for p in reports.iterdir() if p.name.startswith(("signoff", "junit"))]


def test_mvj_names_only_the_reports_this_run_wrote(tmp_path: Path) -> None:
    old, new = tmp_path / "gammal.xml", tmp_path / "ny"
    old.write_text("x", encoding="utf-8")
    started = old.stat().st_mtime + 1
    new.mkdir()
    os.utime(new, (started + 1, started + 1))
    assert written_since(started, {old: "JUnit", new: "fel"}) == [f"{new} (fel)"]


def test_tags_written_with_at_signs_select_as_markers() -> None:
    assert without_tag_signs(["-m", "@rutin-2.1"]) == ["-m", "rutin-2.1"]
    assert without_tag_signs(["-m", "@rutin-1 or @rutin-2.2"]) == ["-m", "rutin-1 or rutin-2.2"]
    assert without_tag_signs(["-m@utbildning"]) == ["-mutbildning"]
    assert without_tag_signs(["--markexpr=@a and not @b"]) == ["--markexpr=a and not b"]
    # only marker expressions: -k and e-mail-like values keep their @
    assert without_tag_signs(["-k", "@x", "-m", "kund@example.se"]) == [
        "-k", "@x", "-m", "kund@example.se"]

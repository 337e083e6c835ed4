"""The suite's JUnit file: one testcase per scenario in Swedish, grouped by routine
section, reruns and flakes as Maven Surefire writes them, counts that match."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from mvj_suite.junit.model import (
    ERROR,
    FAILED,
    FAILURE,
    FLAKY,
    SKIPPED,
    Case,
    Problem,
    Report,
    add,
)
from tests.reports.conftest import RULE_STEPS as STEPS
from tests.reports.conftest import SyntheticSuite

FEATURES = {
    "features/a-sok.feature": """# language: sv
@rutin-2.1
Egenskap: Sök
  Scenario: Sökningen fungerar
    Givet att allt är förberett
    Så lyckas det

  Scenario: Bara i en riktig journal
    Givet att allt är förberett
    Så hoppas det över
""",
    "features/b-skydd.feature": """# language: sv
@rutin-2.5
Egenskap: Skyddad identitet
  Scenariomall: Kundkortet går inte att ändra
    Givet att allt är förberett
    Så går knappen inte att använda

    Exempel:
      | skydd                 |
      | sekretessmarkering    |
      | skyddad folkbokföring |

  Scenario: Ibland långsam
    Givet att allt är förberett
    Så svarar journalen andra gången

  Scenario: Alltid långsam
    Givet att allt är förberett
    Så svarar journalen aldrig

  @trasig
  Scenario: Journalen nås inte
    Givet att allt är förberett
    Så lyckas det
""",
}


# A scenario whose preparation fails (as the browser fixtures do when the journal is down).
CONFTEST = """
import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "trasig: förberedelsen fallerar")


@pytest.fixture(autouse=True)
def preparation(request):
    if request.node.get_closest_marker("trasig"):
        raise ConnectionRefusedError("journalen svarar inte")
"""


def _suite(suite: SyntheticSuite) -> SyntheticSuite:
    suite.file("steps/test_steps.py", STEPS)
    suite.file("conftest.py", CONFTEST)
    for name, text in FEATURES.items():
        suite.file(name, text)
    return suite


def _run(suite: SyntheticSuite, *args: str) -> tuple[ET.Element, str]:
    result = _suite(suite).run("--reruns=1", "--junitxml=out/junit.xml", *args, "steps")
    assert result.ret == 1, result.stdout[-3000:]
    return ET.parse(suite.path / "out" / "junit.xml").getroot(), result.stdout


def _cases(root: ET.Element) -> dict[str, ET.Element]:
    cases = list(root.iter("testcase"))
    names = [case.get("name", "") for case in cases]
    assert len(names) == len(set(names)), names  # one testcase per scenario
    return dict(zip(names, cases, strict=True))


def test_one_testcase_per_scenario_in_swedish_grouped_by_section(suite: SyntheticSuite) -> None:
    root, _ = _run(suite)
    cases = _cases(root)
    assert set(cases) == {
        "Sökningen fungerar", "Bara i en riktig journal",
        "Kundkortet går inte att ändra [sekretessmarkering]",
        "Kundkortet går inte att ändra [skyddad folkbokföring]",
        "Ibland långsam", "Alltid långsam", "Journalen nås inte",
    }  # fmt: skip
    assert sorted(s.get("name") for s in root.iter("testsuite")) == [
        "Rutin 2.1 Sök patient", "Rutin 2.5 Patient med skyddad identitet"]
    for suite_element in root.iter("testsuite"):
        for case in suite_element.iter("testcase"):
            assert case.get("classname") == suite_element.get("name")
    protected = cases["Kundkortet går inte att ändra [skyddad folkbokföring]"]
    assert protected.get("file") == "features/b-skydd.feature"
    assert protected.get("line") == "4"


def test_counts_state_exactly_the_testcases(suite: SyntheticSuite) -> None:
    root, _ = _run(suite)
    for element in [root, *root.iter("testsuite")]:
        cases = list(element.iter("testcase"))
        failures = [c for c in cases if c.find("failure") is not None]
        errors = [c for c in cases if c.find("error") is not None]
        skipped = [c for c in cases if c.find("skipped") is not None]
        assert element.get("tests") == str(len(cases))
        assert element.get("failures") == str(len(failures))
        assert element.get("errors") == str(len(errors))
        assert element.get("skipped") == str(len(skipped))
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == (
        "7", "3", "1", "1")


def test_a_failed_check_says_it_in_swedish_with_its_element(suite: SyntheticSuite) -> None:
    root, _ = _run(suite)
    case = _cases(root)["Kundkortet går inte att ändra [sekretessmarkering]"]
    [failure] = case.findall("failure")
    assert failure.get("type") == "pages.expect.JournalCheckFailed"
    assert failure.get("message") == (
        "En knapp eller ett fält gick att använda fast det inte skulle gå. Element: knappen "
        "«Ändra personuppgifter». Väntat: går inte att använda. Faktiskt: går att använda.")
    text = failure.text or ""
    assert "Steg:       Så går knappen inte att använda" in text
    assert "Element:    knappen «Ändra personuppgifter»" in text
    assert "Tekniskt:" in text and "Locator expected to be disabled" in text
    # A check of a rule is final: no rerun, so nothing but the one failure.
    assert [child.tag for child in case if child.tag != "properties"] == ["failure"]


def test_a_rerun_pass_is_flaky_as_surefire_writes_it(suite: SyntheticSuite) -> None:
    root, _ = _run(suite)
    case = _cases(root)["Ibland långsam"]
    assert case.find("failure") is None and case.find("error") is None
    [flake] = case.findall("flakyFailure")
    assert flake.get("type") == "TimeoutError"
    assert flake.get("message") == "Tidsgränsen gick ut: TimeoutError: Timeout 5000ms exceeded."
    stack = flake.findtext("stackTrace") or ""
    assert "Orsak:      tidsgränsen gick ut" in stack


def test_a_failure_on_every_attempt_is_a_failure_and_its_reruns(suite: SyntheticSuite) -> None:
    root, _ = _run(suite)
    case = _cases(root)["Alltid långsam"]
    assert [child.tag for child in case if child.tag != "properties"] == [
        "failure", "rerunFailure"]
    assert case.find("rerunFailure/stackTrace") is not None


def test_a_failed_preparation_is_an_error(suite: SyntheticSuite) -> None:
    root, _ = _run(suite)
    case = _cases(root)["Journalen nås inte"]
    # A connection refused can be flaky: rerun once, failed both times.
    assert [child.tag for child in case if child.tag != "properties"] == ["error", "rerunError"]
    error = case.find("error")
    assert error is not None
    assert error.get("message", "").startswith("Vid förberedelsen: Förbindelsen bröts: ")
    assert error.get("type") == "ConnectionRefusedError"


def test_a_skip_says_why(suite: SyntheticSuite) -> None:
    root, _ = _run(suite)
    skipped = _cases(root)["Bara i en riktig journal"].find("skipped")
    assert skipped is not None and skipped.get("message") == "kräver en riktig journal"


def test_xdist_gives_the_same_file(suite: SyntheticSuite) -> None:
    root, _ = _run(suite, "-n", "2")
    assert len(_cases(root)) == 7
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("7", "3", "1")
    assert _cases(root)["Ibland långsam"].find("flakyFailure") is not None


def test_a_file_that_cannot_be_collected_is_an_error_in_the_file(suite: SyntheticSuite) -> None:
    _suite(suite).file("steps/test_trasig.py", "def (:\n")
    result = suite.run("--junitxml=out/junit.xml", "steps")
    assert result.ret != 0
    root = ET.parse(suite.path / "out" / "junit.xml").getroot()
    [case] = [c for c in root.iter("testcase") if c.get("classname") == "Insamlingen"]
    assert case.get("name") == "steps/test_trasig.py"
    assert case.find("error") is not None


def test_the_project_tests_keep_pytests_own_file(suite: SyntheticSuite) -> None:
    suite.file("test_plain.py", "def test_plain():\n    assert False\n")
    suite.run("--junitxml=out/junit.xml", "test_plain.py")
    root = ET.parse(suite.path / "out" / "junit.xml").getroot()
    assert root.get("name") == "pytest tests"
    [case] = root.iter("testcase")
    assert (case.get("classname"), case.get("name")) == ("test_plain", "test_plain")


# --- the folding itself ------------------------------------------------------------------


def _problem(kind: str = FAILURE, message: str = "fel") -> Problem:
    return Problem(kind, message, "AssertionError", "text")


def _case(*reports: tuple[str, str]) -> Case:
    case = Case("x", "Ett scenario", "Rutin 2.1 Sök patient")
    for when, outcome in reports:
        failed = outcome in ("failed", "rerun")
        kind = FAILURE if when == "call" else ERROR
        add(case, Report("x", when, outcome, 1.0, _problem(kind) if failed else None,
                         "skäl" if outcome == "skipped" else ""))
    return case


def test_folding_attempts() -> None:
    passed = _case(("setup", "passed"), ("call", "passed"), ("teardown", "passed"))
    assert passed.status == "passed" and passed.primary is None and passed.duration == 3.0
    flaky = _case(("setup", "passed"), ("call", "rerun"), ("teardown", "passed"),
                  ("setup", "passed"), ("call", "passed"), ("teardown", "passed"))
    assert flaky.status == FLAKY and flaky.primary is None and len(flaky.flakes) == 1
    assert flaky.duration == 3.0  # the passing run's, as Surefire
    closing = _case(("setup", "passed"), ("call", "passed"), ("teardown", "failed"))
    assert closing.status == FAILED and closing.primary is not None
    assert closing.primary.kind == ERROR
    then_skipped = _case(("setup", "passed"), ("call", "rerun"), ("teardown", "passed"),
                         ("setup", "passed"), ("call", "skipped"), ("teardown", "passed"))
    assert then_skipped.status == FAILED  # never a skip: the first attempt failed
    assert then_skipped.primary is not None
    assert then_skipped.primary.message.startswith("Hoppades över vid omkörningen")
    assert then_skipped.skip_reason == ""
    skipped = _case(("setup", "skipped"), ("teardown", "passed"))
    assert skipped.status == SKIPPED and skipped.skip_reason == "skäl"


def test_cases_follow_the_routine_not_the_order_they_ran() -> None:
    """Two runs' JUnit read alike: whatever order pytest-randomly or the workers ran
    the scenarios in, the cases come in feature file, line and example row order."""
    from mvj_suite.junit.plugin import JUnitFile

    junit = JUnitFile.__new__(JUnitFile)
    junit.order = {}
    arrived = [("b", "features/rutin-2.1.feature", 30, 1), ("c", "features/rutin-1.feature", 9, 0),
               ("a", "features/rutin-2.1.feature", 30, 0),
               ("d", "features/rutin-2.1.feature", 12, 0)]
    junit.cases = {nodeid: Case(nodeid, nodeid, "Rutin", file, line, example)
                   for nodeid, file, line, example in arrived}
    assert [case.nodeid for case in junit.suites()["Rutin"]] == ["c", "d", "a", "b"]

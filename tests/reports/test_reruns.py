"""Reruns never hide a flake: a scenario that passes only on a rerun is a failure in
the sign-off and in the exit status, only scenarios are rerun, and only for a failure
that can be flaky (a timeout, a broken connection) – never for a check of a rule."""

from __future__ import annotations

from tests.reports.conftest import FULL_PASS, SyntheticSuite

# A step that fails on the first attempt and passes on the next (a counter on disk:
# the rerun happens in the same process, but the point is any state outside it).
FLAKY_STEPS = """

_ATTEMPTS = __import__("pathlib").Path("attempts.txt")


def _attempt():
    count = int(_ATTEMPTS.read_text()) + 1 if _ATTEMPTS.exists() else 1
    _ATTEMPTS.write_text(str(count))
    return count


@then("lyckas det bara andra gången")
def second_time_lucky():
    if _attempt() == 1:
        raise TimeoutError("svarade inte i tid")


@then("hoppas det över andra gången")
def skipped_second_time():
    import pytest

    if _attempt() > 1:
        pytest.skip("journalen saknar det som behövs")
    raise ConnectionResetError("första försöket")


@then("fallerar kontrollen bara första gången")
def check_fails_once():
    from pages.expect import JournalCheckFailed

    if _attempt() == 1:
        raise JournalCheckFailed("går inte att använda", "går att använda",
                                 "En knapp gick att använda.", "detalj",
                                 element="knappen «Ändra personuppgifter»")


@then("fallerar ett assert bara första gången")
def assert_fails_once():
    assert _attempt() > 1, "journalen visade fel sida"


@then("tar tiden slut varje gång")
def always_times_out():
    _attempt()
    raise TimeoutError("Timeout 5000ms exceeded.")
"""


def _with_flaky_scenario(suite: SyntheticSuite, outcome_step: str) -> None:
    suite.write(FULL_PASS)
    steps = suite.path / "test_steps.py"
    steps.write_text(steps.read_text(encoding="utf-8") + FLAKY_STEPS, encoding="utf-8")
    suite.as_the_suite()  # the suite's own terminal lines
    suite.file(
        "features/instabil.feature",
        "# language: sv\n@rutin-2.1\nEgenskap: Instabil\n  Scenario: Ibland fel\n"
        f"    Givet att allt är förberett\n    Så {outcome_step}\n",
    )


def _scenario(suite: SyntheticSuite, name: str) -> dict:
    signoff = suite.json("out/signoff.json")
    return next(s for s in signoff["scenarios"] if s["name"] == name)


def _attempts(suite: SyntheticSuite) -> int:
    return int((suite.path / "attempts.txt").read_text())


def test_a_pass_on_rerun_is_a_flake_and_fails_the_run(suite: SyntheticSuite) -> None:
    _with_flaky_scenario(suite, "lyckas det bara andra gången")
    result = suite.run("--reruns=1", "steps")
    assert result.ret == 1  # pytest alone would say 0: the rerun passed
    flaky = _scenario(suite, "Ibland fel")
    assert flaky["outcome"] == "failed" and flaky["flaky"] is True
    assert flaky["reason"].startswith("instabilt – godkänt först vid omkörning")
    assert "svarade inte i tid" in flaky["reason"]  # the first failure's reason
    signoff = suite.json("out/signoff.json")
    assert signoff["verdict"]["approved"] is False
    assert any("(instabilt)" in reason for reason in signoff["verdict"]["reasons"])
    assert "instabila scenarier" in result.stdout
    assert any(  # named by its title, with why it was rerun and its first failure
        line.strip().startswith("Ibland fel: tidsgränsen gick ut") and "svarade inte i tid" in line
        for line in result.stdout.splitlines()
    ), result.stdout


def test_a_flake_fails_the_exit_status_even_for_a_selection(suite: SyntheticSuite) -> None:
    # With -m the exit code follows the tests, not the verdict: a flake still fails it.
    _with_flaky_scenario(suite, "lyckas det bara andra gången")
    result = suite.run("--reruns=1", "-m", "rutin-2.1", "steps")
    assert result.ret == 1
    assert "instabila scenarier" in result.stdout


def test_a_failure_on_every_attempt_is_a_plain_failure(suite: SyntheticSuite) -> None:
    _with_flaky_scenario(suite, "tar tiden slut varje gång")
    result = suite.run("--reruns=2", "steps")
    assert result.ret == 1
    failed = _scenario(suite, "Ibland fel")
    assert failed["outcome"] == "failed" and failed["flaky"] is False
    assert "instabilt" not in failed["reason"]
    assert "instabila scenarier" not in result.stdout
    assert _attempts(suite) == 3
    assert "2 omkörningar" in result.stdout.splitlines()[-1]


def test_a_check_of_a_rule_is_never_rerun(suite: SyntheticSuite) -> None:
    # A journal that breaks a rule breaks it every time: a rerun would only pass for a
    # flake when the check itself is flaky, and cost the time of the whole scenario.
    _with_flaky_scenario(suite, "fallerar kontrollen bara första gången")
    result = suite.run("--reruns=2", "steps")
    assert result.ret == 1
    assert _attempts(suite) == 1
    failed = _scenario(suite, "Ibland fel")
    assert failed["outcome"] == "failed" and failed["flaky"] is False
    assert "↻" not in result.stdout and "omkörning" not in result.stdout


def test_a_plain_assert_in_a_step_is_never_rerun(suite: SyntheticSuite) -> None:
    _with_flaky_scenario(suite, "fallerar ett assert bara första gången")
    result = suite.run("--reruns=2", "steps")
    assert result.ret == 1
    assert _attempts(suite) == 1
    assert _scenario(suite, "Ibland fel")["outcome"] == "failed"


def test_without_reruns_the_first_failure_stands(suite: SyntheticSuite) -> None:
    _with_flaky_scenario(suite, "lyckas det bara andra gången")
    result = suite.run("steps")  # the helper runs with --reruns=0
    assert result.ret == 1
    assert _scenario(suite, "Ibland fel")["flaky"] is False
    assert _attempts(suite) == 1


def test_only_scenarios_are_rerun(suite: SyntheticSuite) -> None:
    suite.write(FULL_PASS)
    suite.file(
        "test_plain.py",
        "import pathlib\n\ndef test_plain():\n    p = pathlib.Path('plain.txt')\n"
        "    n = int(p.read_text()) + 1 if p.exists() else 1\n    p.write_text(str(n))\n"
        "    assert n > 1\n",
    )
    # The default (no --reruns) against the stub: one rerun, for scenarios only.
    result = suite.run("-p", "no:cacheprovider", "--reruns-mode=append", "test_plain.py")
    assert "rerun" not in result.counts()
    assert result.counts().get("failed") == 1


def test_junit_marks_the_rerun_pass_as_flaky(suite: SyntheticSuite) -> None:
    _with_flaky_scenario(suite, "lyckas det bara andra gången")
    suite.run("--reruns=1", "--junitxml=junit.xml", "steps")
    junit = (suite.path / "junit.xml").read_text(encoding="utf-8")
    assert 'name="instabilt" value="godkänt först vid omkörning"' in junit
    assert "<flakyFailure" in junit


def test_a_failure_then_a_skip_is_a_failure_but_not_called_flaky(suite: SyntheticSuite) -> None:
    _with_flaky_scenario(suite, "hoppas det över andra gången")
    result = suite.run("--reruns=1", "steps")
    assert result.ret == 1
    scenario = _scenario(suite, "Ibland fel")
    assert scenario["outcome"] == "failed" and scenario["flaky"] is False
    assert scenario["reason"].startswith("fallerade, hoppades över vid omkörningen")
    assert "första försöket" in scenario["reason"]

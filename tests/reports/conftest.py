"""Helpers for the reporting tests: a synthetic pytest-bdd suite in a temp dir."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mvj_suite.model.routine import ROUTINE

ROOT = Path(__file__).resolve().parents[2]

STEPS = """
import pytest
from pytest_bdd import given, scenarios, then

from mvj_suite.core.journal import JOURNAL_VERSION_PROPERTY

scenarios("features")


@given("att allt är förberett")
def prepared(request):
    # As the suite's login step does when the journal shows its version.
    version = "MittVaccin Journal (stubb) version 9.9.9"
    request.node.user_properties.append((JOURNAL_VERSION_PROPERTY, version))


@then("lyckas det")
def succeeds():
    pass


@then("misslyckas det")
def fails():
    assert False, "journalen visade fel sida"
"""

CONFTEST = """
import pytest

# The suite's plugins (sign-off, Allure labels …) come through its pytest11 entry point.


def pytest_configure(config):
    config.addinivalue_line("markers", "hoppa: hoppas över i testet")
    config.addinivalue_line("markers", "barastubb: bara stubben kan visa regeln")


def pytest_bdd_apply_tag(tag, function):
    if tag == "hoppa":
        pytest.mark.skip(reason="kräver en riktig journal")(function)
        return True
    return None


def pytest_collection_modifyitems(items):
    # As fixtures.live does on a live target for what only the stub can show.
    from mvj_suite.core.scenario_info import mark_stub_only

    for item in items:
        if item.get_closest_marker("barastubb"):
            item.add_marker(pytest.mark.skip(reason="startar om journalen – bara stubben"))
            mark_stub_only(item)
"""

# (name, outcome) with outcome "pass" | "fail" | "skip" | "stub" (only the stub can show it)
Plan = dict[str, list[tuple[str, str]]]
FULL_PASS: Plan = {s.id: [(f"Allt fungerar i {s.id}", "pass")] for s in ROUTINE.leaf_sections}


def _feature(section: str, scenarios: Iterable[tuple[str, str]], extra_tags: str = "") -> str:
    tag = f"@rutin-{section} " if section else ""
    lines = ["# language: sv", f"{tag}{extra_tags}".strip() or "", f"Egenskap: Avsnitt {section}"]
    for name, outcome in scenarios:
        if outcome == "skip":
            lines.append("  @hoppa")
        if outcome == "stub":
            lines.append("  @barastubb")
        lines += [
            f"  Scenario: {name}",
            "    Givet att allt är förberett",
            "    Så misslyckas det" if outcome == "fail" else "    Så lyckas det",
            "",
        ]
    return "\n".join(lines) + "\n"


def pytest_configure(config: pytest.Config) -> None:
    # pytester runs the synthetic projects; a conftest below the rootdir may not list
    # it in pytest_plugins, so it is registered here (once, for all of tests/reports).
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")


@dataclass
class RunResult:
    ret: int
    stdout: str
    stderr: str

    def counts(self) -> dict[str, int]:
        """Outcome counts from pytest's last summary line (e.g. ``4 passed, 1 skipped``)."""
        last = self.stdout.strip().splitlines()[-1] if self.stdout.strip() else ""
        return {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", last)}


class SyntheticSuite:
    """A throwaway pytest-bdd project (pytester's temp dir), run in a fresh pytest
    process: the suite's plugins hold Allure's process-wide listeners, so a run must
    not share the interpreter of the test that checks it."""

    def __init__(self, pytester: pytest.Pytester) -> None:
        self.pytester = pytester
        self.path = pytester.path
        self.extra_env: dict[str, str] = {}

    def write(self, plan: Plan, extra_tags: str = "") -> None:
        features = self.path / "features"
        features.mkdir(exist_ok=True)
        for index, (section, scenarios) in enumerate(plan.items()):
            text = _feature(section, scenarios, extra_tags)
            (features / f"f{index}.feature").write_text(text, encoding="utf-8")
        self.file("test_steps.py", STEPS)
        self.file("conftest.py", CONFTEST)

    def as_the_suite(self) -> None:
        """The steps under ``steps/``, as in the repository: a run given ``steps`` is then
        a run of the suite (its own terminal output and JUnit file), not of project tests."""
        steps = self.path / "test_steps.py"
        text = steps.read_text(encoding="utf-8").replace('scenarios("features")',
                                                         'scenarios("../features")')
        self.file("steps/test_steps.py", text)
        steps.unlink()

    def file(self, name: str, text: str) -> Path:
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def run(self, *args: str, signoff_dir: str | None = "out") -> RunResult:
        options = ["-p", "no:allure_pytest", "-p", "no:cacheprovider", "--strict-markers", *args]
        if not any(arg.startswith("--reruns") for arg in args):
            options.append("--reruns=0")  # one attempt each, unless a test is about reruns
        if signoff_dir:
            options.append(f"--signoff-dir={signoff_dir}")
        own_artefacts = any(arg.startswith("--artifacts-dir") for arg in args)
        if not own_artefacts and "MVJ_ARTIFACTS_DIR" not in self.extra_env:
            # Its own folder: the default is the repository's reports/artefakter/, which
            # the suite empties at the start of every run.
            options.append(f"--artifacts-dir={self.path / 'artefakter'}")
        with pytest.MonkeyPatch.context() as env:
            # The run sees neither this run's settings nor a CI system's commit.
            for name in list(os.environ):
                if name.startswith(("MVJ_", "PYTEST_")) or name in _CI_VARIABLES:
                    env.delenv(name)
            for name, value in self.extra_env.items():
                env.setenv(name, value)
            result = self.pytester.runpytest_subprocess(*options, timeout=300)
        return RunResult(result.ret, "\n".join(result.outlines), "\n".join(result.errlines))

    def json(self, relative: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.path / relative).read_text("utf-8"))
        return data


_CI_VARIABLES = ("GITHUB_SHA", "CI_COMMIT_SHA", "GITHUB_SERVER_URL", "CI_PROJECT_URL")


@pytest.fixture
def suite(pytester: pytest.Pytester) -> SyntheticSuite:
    # An own ini file makes the temp dir the rootdir (not this repository).
    pytester.makeini("[pytest]\n")
    return SyntheticSuite(pytester)


# Steps for runs that show how a failed rule, a slow journal and a skip are reported
# (JUnit, the terminal): a rule's check fails in the suite's own words, a timeout is
# something a rerun may cure.
RULE_STEPS = '''
import pathlib

import pytest
from pytest_bdd import given, scenarios, then

from pages.expect import JournalCheckFailed

scenarios("../features")


def _attempt(name):
    path = pathlib.Path(name + ".txt")
    count = int(path.read_text()) + 1 if path.exists() else 1
    path.write_text(str(count))
    return count


@given("att allt är förberett")
def prepared():
    pass


@then("lyckas det")
def succeeds():
    pass


@then("går knappen inte att använda")
def button_disabled():
    raise JournalCheckFailed("går inte att använda", "går att använda",
                             "En knapp eller ett fält gick att använda fast det inte skulle gå.",
                             "Locator expected to be disabled",
                             element="knappen «Ändra personuppgifter»")


@then("svarar journalen andra gången")
def second_time():
    if _attempt("andra") == 1:
        raise TimeoutError("Timeout 5000ms exceeded.")


@then("svarar journalen aldrig")
def never():
    _attempt("aldrig")
    raise TimeoutError("Timeout 5000ms exceeded.")


@then("hoppas det över")
def skipped():
    pytest.skip("kräver en riktig journal")
'''

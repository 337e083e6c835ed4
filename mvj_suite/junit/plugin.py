"""pytest plugin: the suite's own JUnit file behind pytest's ``--junitxml``.

Why not pytest's: its ``junitxml`` plugin writes one ``<testcase>`` per *report*, so a
scenario that pytest-rerunfailures ran twice became two testcases – the first attempt
without its ``<failure>`` – under ``tests="10"`` with 13 testcases, and CI tools
counted a failed first attempt as a pass. It names every case after the generated test
function (``steps.test_rutinen`` / ``test_kundkortet_visar_…``), and it has no
element for a rerun. Post-processing its file cannot recover which attempt was which,
so in a run of the suite this plugin takes the ``--junitxml`` path away from pytest's
writer and writes the file itself (mvj_suite/junit/model.py, writer.py):

- one ``<testcase>`` per scenario (and example row), named by the scenario's own
  Swedish title, with the routine section as ``classname`` ("Rutin 2.5 Patient med
  skyddad identitet"), the feature file and line for annotations, and one
  ``<testsuite>`` per section;
- a rerun as Maven Surefire writes it: ``<failure>`` plus ``<rerunFailure>`` when every
  attempt failed, ``<flakyFailure>`` when a rerun passed – never a failed attempt
  written as a pass, and counts that match the testcases;
- the failure in the suite's words: the check's sentence, the element, what was
  expected and what the journal showed, then pytest's technical detail; on a live
  journal with identity numbers masked.

The flag users and CI already pass (``--junitxml``, and pyproject's default
``reports/junit.xml``) works as before. The project's own tests (``./mvj test``,
``reports/junit-projekt.xml``) keep pytest's writer: they have no scenarios, no reruns
and no routine, and pytest's file is what their readers know.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from _pytest.junitxml import xml_key

from mvj_suite.core.allure_privacy import mask
from mvj_suite.core.report_facts import (
    FailureFacts,
    ScenarioFacts,
    failure_facts,
    scenario_facts,
    skip_reason,
)
from mvj_suite.core.retries import failure_message
from mvj_suite.core.scenario_info import release_facts
from mvj_suite.core.settings_plugin import is_live, runs_the_suite
from mvj_suite.junit import writer
from mvj_suite.junit.model import ERROR, FAILURE, Case, Problem, Report, add
from mvj_suite.model.routine import ROUTINE

PHASES = {"setup": "Vid förberedelsen: ", "teardown": "Vid avslutet: "}
COLLECTION = "Insamlingen"  # the classname of a file that could not be collected


@pytest.hookimpl(trylast=True)  # after pytest's junitxml has made its writer
def pytest_configure(config: pytest.Config) -> None:
    pytests = config.stash.get(xml_key, None)
    if pytests is None or hasattr(config, "workerinput") or not runs_the_suite(config):
        return
    del config.stash[xml_key]  # pytest's unconfigure then leaves it alone
    config.pluginmanager.unregister(pytests)
    config.pluginmanager.register(JUnitFile(config, Path(pytests.logfile)), "mvj-junit")


def classname(facts: ScenarioFacts) -> str:
    """The routine section, as a CI tool groups the cases: "Rutin 2.2 Lägga till ny patient"."""
    return f"Rutin {facts.section_label}" if facts.sections else facts.section_label.capitalize()


def plain_names(nodeid: str) -> tuple[str, str]:
    """(classname, name) for a test that is no scenario, as pytest names it."""
    parts = nodeid.split("::")
    path = parts[0].removesuffix(".py").replace("/", ".")
    return ".".join([path, *parts[1:-1]]), parts[-1]


def message(failure: FailureFacts | None, report: pytest.TestReport) -> str:
    """The failure on one line, in the suite's words where it has them."""
    if failure is None:
        return PHASES.get(report.when or "", "") + failure_message(report)
    if failure.sentence:  # a check of the journal (pages.expect)
        text = failure.sentence
        if failure.element:
            text += f" Element: {failure.element}."
        text += f" Väntat: {failure.expected}. Faktiskt: {failure.actual}."
    elif failure.transient:
        text = f"{failure.transient.capitalize()}: {failure.message}"
    else:
        text = failure.message
    return PHASES.get(failure.when, "") + text


def details(facts: ScenarioFacts | None, failure: FailureFacts | None, technical: str,
            root: Path) -> str:
    """The Swedish block, then pytest's technical detail."""
    fields: list[tuple[str, str]] = []
    if facts is not None:
        fields += [("Scenario", facts.name), ("Avsnitt", facts.section_label)]
    if failure is not None:
        folder = failure.artefacts
        if folder and Path(folder).is_relative_to(root):
            folder = os.path.relpath(folder, root)
        fields += [("Steg", failure.step), ("Element", failure.element),
                   ("Väntat", failure.expected), ("Faktiskt", failure.actual),
                   ("Orsak", failure.transient), ("Artefakter", folder)]
    lines = [f"{label + ':':<12}{value}" for label, value in fields if value]
    return "\n".join([*lines, "", "Tekniskt:", technical.strip()]).strip() + "\n"


class JUnitFile:
    """Collects every report on the controller and writes the file at the end."""

    def __init__(self, config: pytest.Config, path: Path) -> None:
        self.config = config
        self.path = path
        self.cases: dict[str, Case] = {}
        self.order: dict[str, int] = {}
        self.started = datetime.now().astimezone().isoformat(timespec="seconds")
        self.clock = time.monotonic()
        self.root = Path(str(config.rootpath))

    def _collected(self, nodeids: Sequence[str]) -> None:
        if not self.order:
            self.order = {nodeid: index for index, nodeid in enumerate(nodeids)}

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self._collected([item.nodeid for item in session.items])

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: Sequence[str]) -> None:
        self._collected(ids)

    def _shown(self, text: str) -> str:
        return (mask(text) if is_live(self.config) else text) or ""

    def _problem(self, report: pytest.TestReport, facts: ScenarioFacts | None) -> Problem:
        failure = failure_facts(report)
        kind = FAILURE if report.when == "call" else ERROR
        return Problem(
            kind=kind,
            message=self._shown(message(failure, report)),
            type=failure.error_type if failure else "",
            text=self._shown(details(facts, failure, report.longreprtext, self.root)),
        )

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        facts = scenario_facts(report)
        case = self.cases.get(report.nodeid)
        if case is None:
            if facts is not None:
                case = Case(report.nodeid, self._shown(facts.name), classname(facts),
                            facts.feature_file, facts.line, facts.example)
            else:
                case = Case(report.nodeid, *reversed(plain_names(report.nodeid)))
            self.cases[report.nodeid] = case
        skip = ""
        if report.skipped:
            skip = skip_reason(report)
        failed = report.failed or report.outcome == "rerun"
        properties = tuple((str(k), self._shown(str(v))) for k, v in report.user_properties)
        add(case, Report(
            nodeid=report.nodeid, when=report.when or "call", outcome=report.outcome,
            duration=float(report.duration or 0.0),
            problem=self._problem(report, facts) if failed else None,
            skip_reason=self._shown(skip), properties=properties,
        ))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if not report.failed:
            return
        nodeid = report.nodeid or "."
        text = self._shown(str(report.longrepr))
        case = Case(f"insamling::{nodeid}", nodeid, COLLECTION)
        add(case, Report(case.nodeid, "setup", "failed", 0.0, Problem(
            ERROR, f"Kunde inte samla in {nodeid}", "CollectError", text)))
        self.cases[case.nodeid] = case

    def suites(self) -> dict[str, list[Case]]:
        """The cases in the routine's order: by feature file, line and example row, as the
        sign-off lists them. Not in the order they ran: that differs from run to run
        (pytest-randomly, workers), and two runs' JUnit must read alike."""
        arrival = {nodeid: index for index, nodeid in enumerate(self.cases)}
        ordered = sorted(self.cases.values(), key=lambda case: (
            case.file or "\uffff", case.line, case.example,
            self.order.get(case.nodeid, len(self.order)), arrival[case.nodeid]))
        grouped: dict[str, list[Case]] = {}
        for case in ordered:
            grouped.setdefault(case.classname, []).append(case)
        return grouped

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        facts = release_facts(self.config)
        root = writer.document(
            name=f"Rutin {ROUTINE.label}",
            suites=self.suites(),
            timestamp=self.started,
            hostname=platform.node(),
            wall_time=time.monotonic() - self.clock,
            properties=sorted(facts.items()),
        )
        writer.write(self.path, root)


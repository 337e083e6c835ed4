"""pytest plugin: what each report of a scenario carries to the xdist controller.

The progress lines, the Swedish failure block and the JUnit file all name a scenario
and explain its failure the same way, and all of them run where only the test reports
arrive (the xdist controller). The worker, which still has the scenario and the
exception, puts both on every report of a scenario here, once, as plain data that
survives xdist; the capabilities read them with :func:`scenario_facts` and
:func:`failure_facts` instead of each digging in the item, or in each other.

On a live journal every text that could hold an identity number is masked here,
before it leaves the worker.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pytest

from mvj_suite.core.allure_privacy import mask
from mvj_suite.core.bdd import scenario_of
from mvj_suite.core.journal_browser import trace_dir
from mvj_suite.core.retries import failure_message, transient_reason
from mvj_suite.core.scenario_info import scenario_info
from mvj_suite.core.settings_plugin import settings_of
from mvj_suite.model.routine import ROUTINE
from pages.expect import JournalCheckFailed

_SCENARIO_ATTR = "mvj_scenario_facts"  # extra attributes on TestReport (survive xdist)
_FAILURE_ATTR = "mvj_failure_facts"
_STEP = pytest.StashKey[str]()  # the Gherkin step that failed in this attempt
OUTSIDE_ROUTINE = "utanför rutinen"


@dataclass(frozen=True)
class ScenarioFacts:
    """A scenario as the reports name it."""

    name: str  # the scenario's title, with its example row for an outline
    sections: tuple[str, ...]  # "2.5", from its @rutin- tags
    section_label: str  # "2.5 Patient med skyddad identitet" (or "utanför rutinen")
    feature_file: str  # relative to the root folder: features/rutin-2.5-….feature
    line: int  # the scenario's line in it
    example: int = 0  # an outline's row, from 0 (0 for a plain scenario)


@dataclass(frozen=True)
class FailureFacts:
    """One failed phase of one attempt, in the suite's words."""

    when: str  # setup, call or teardown
    error_type: str  # the exception's qualified name: pages.expect.JournalCheckFailed
    message: str  # the failure on one line (the exception's own, often Swedish)
    step: str = ""  # "Och kan hon inte ändra personuppgifterna"
    element: str = ""  # "knappen «Ändra personuppgifter»" (a failed check)
    expected: str = ""  # what the check expected, in Swedish
    actual: str = ""  # what the suite read off the page
    sentence: str = ""  # the check's sentence for a release board
    transient: str = ""  # why it may pass on a rerun ("tidsgränsen gick ut"), else ""
    artefacts: str = ""  # the attempt's folder of screenshots and traces, if any


def scenario_facts(report: pytest.TestReport) -> ScenarioFacts | None:
    """The scenario behind ``report``; None for a test that is no scenario."""
    data = getattr(report, _SCENARIO_ATTR, None)
    if not data:
        return None
    return ScenarioFacts(**{**data, "sections": tuple(data["sections"])})


def failure_facts(report: pytest.TestReport) -> FailureFacts | None:
    """The failure behind a failed (or rerun) ``report``; None otherwise."""
    data = getattr(report, _FAILURE_ATTR, None)
    return FailureFacts(**data) if data else None


def skip_reason(report: pytest.TestReport) -> str:
    """Why a report was skipped, as pytest keeps it (an xfail says so in Swedish)."""
    if hasattr(report, "wasxfail"):
        return f"förväntat fel (xfail): {report.wasxfail}".rstrip(": ")
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr or "")


def section_label(sections: list[str] | tuple[str, ...]) -> str:
    labels = [section.label if (section := ROUTINE.section(s)) else s for s in sections]
    return ", ".join(labels) or OUTSIDE_ROUTINE


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any) -> None:
    request.node.stash[_STEP] = f"{step.keyword} {step.name}".strip()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if call.when == "setup":
        item.stash[_STEP] = ""  # a rerun is an attempt of its own
    facts = _scenario(item)
    if facts is None:
        return report
    setattr(report, _SCENARIO_ATTR, asdict(facts))
    if report.failed:
        setattr(report, _FAILURE_ATTR, asdict(_failure(item, call, report)))
    return report


def _scenario(item: pytest.Item) -> ScenarioFacts | None:
    info = scenario_info(item)
    view = scenario_of(item)
    if info is None or view is None:
        return None
    feature = Path(view.feature_file) if view.feature_file else None
    root = Path(str(item.config.rootpath))
    shown = (os.path.relpath(feature, root) if feature and feature.is_relative_to(root)
             else str(feature or ""))
    return ScenarioFacts(
        name=str(info["name"]), sections=tuple(info["sections"]),
        section_label=section_label(info["sections"]), feature_file=shown, line=view.line,
        example=int(info["example"] or 0),
    )


def _failure(item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport
             ) -> FailureFacts:
    settings = settings_of(item.config)
    live = settings is not None and settings.is_live

    def shown(text: str) -> str:
        return (mask(text) if live else text) or ""

    error = call.excinfo.value if call.excinfo else None
    check = error if isinstance(error, JournalCheckFailed) else None
    folder = trace_dir(item, settings.artefacts_dir) if settings is not None else None
    kind = type(error) if error is not None else None
    return FailureFacts(
        when=call.when,
        error_type=f"{kind.__module__}.{kind.__qualname__}".removeprefix("builtins.")
        if kind else "",
        message=shown(failure_message(report)),
        step=shown(item.stash.get(_STEP, "")),
        element=shown(check.element) if check else "",
        expected=shown(check.expected) if check else "",
        actual=shown(check.actual) if check else "",
        sentence=check.sentence if check else "",
        transient=transient_reason(error),
        artefacts=str(folder) if folder is not None and folder.is_dir() else "",
    )

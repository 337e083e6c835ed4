"""pytest plugin: a run that explains itself, in Swedish.

- **Progress**: one line per scenario as it finishes – its result, routine
  section, name and time – instead of pytest's anonymous dots.
- **Failures**: one Swedish block per failed scenario at the end: the section,
  the scenario, the Gherkin step that failed, what was expected and what the
  journal showed, the person the scenario used (masked on a live journal) and
  where its screenshots and traces are. pytest's own tracebacks are hidden
  unless asked for with ``-v`` (or an explicit ``--tb``).

The blocks are built on the worker (where the scenario's state is) and travel
to the xdist controller on the report, like the sign-off's scenario data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import pytest

from mvj_suite.core.allure_privacy import MASK, mask
from mvj_suite.core.journal_browser import trace_dir
from mvj_suite.core.retries import RERUN_OUTCOME, failure_message
from mvj_suite.core.scenario_info import scenario_info
from mvj_suite.core.settings_plugin import runs_the_suite, settings_of
from mvj_suite.model.data_problems import data_problem_of
from mvj_suite.model.routine import ROUTINE
from pages.expect import JournalCheckFailed

_FAILURE_ATTR = "mvj_failure"  # extra attribute on TestReport (survives xdist)
_QUIET = pytest.StashKey[bool]()  # decided once: our lines instead of pytest's
_STEP = pytest.StashKey[str]()
_PERSON = pytest.StashKey[str]()
_SCENARIO = "mvj_scenario"  # the sign-off plugin's scenario data on the report
# A scenario's line: its outcome's symbol and word.
OUTCOMES = {"passed": ("✓", "godkänt"), "failed": ("✗", "fallerat"),
            "skipped": ("–", "överhoppat"), RERUN_OUTCOME: ("↻", "körs om")}

@dataclass
class Failure:
    """What the Swedish block shows about one failed scenario."""

    section: str
    scenario: str
    step: str
    expected: str
    actual: str
    message: str
    person: str
    artefacts: str
    data_problem: str = ""  # "kunder[2], fält mobiltelefon": the profile, not the routine


@pytest.hookimpl(trylast=True)  # after the settings exist
def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # the controller shows the run
        config.pluginmanager.register(_Progress(config), "mvj-progress")
    # Our lines replace pytest's dots in a run of the suite, unless the user asked for
    # pytest's own (-v). The project's own tests keep pytest's output.
    config.stash[_QUIET] = (config.getoption("verbose") <= 0
                            and not config.getoption("collectonly") and runs_the_suite(config))
    if not config.stash[_QUIET]:
        return
    # pytest's tracebacks start inside pytest itself; the Swedish block says what matters.
    # -v, or --tb given on purpose, brings them back.
    if config.getoption("tbstyle") == "auto":
        config.option.tbstyle = "no"
    # Our lines carry the progress: no file names, dots or percentages from pytest.
    config.option.verbose = -1
    config.option.console_output_style = "classic"


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any) -> None:
    request.node.stash[_STEP] = f"{step.keyword} {step.name}".strip()
    request.node.stash[_PERSON] = _person(request)


def _person(request: pytest.FixtureRequest) -> str:
    """The person the scenario was about, as far as its steps had got."""
    try:
        person = request.getfixturevalue("scenario").person
    except pytest.FixtureLookupError:
        return ""
    if person is None:
        return ""

    def field(name: str) -> str:  # on the person, or on her details (a profile's)
        details = getattr(person, "details", None)
        return str(getattr(person, name, "") or getattr(details, name, "") or "")

    settings = settings_of(request.config)
    first, last = field("first_name"), field("last_name")
    number = getattr(getattr(person, "number", None), "display", "") or ""
    if settings is not None and settings.is_live:
        # Names and numbers from the profile stay out of logs; the initials find her.
        initials = " ".join(f"{part[:1]}." for part in (first, last) if part)
        where = f"{field('origin')} " if field("origin") else ""
        return (f"ur testdataprofilen: {where}{initials} ({MASK}) – jämför med profilen "
                "(--test-data)")  # fmt: skip
    return f"genererad testperson: {first} {last}".strip() + (f", {number}" if number else "")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.failed and report.when == "call":
        settings = settings_of(item.config)
        message = failure_message(report)
        info = scenario_info(item) or {}
        live = settings is not None and settings.is_live

        def shown(text: str) -> str:
            return mask(text) if live else text

        # A failed check of the journal says both in Swedish (pages.expect); nothing here
        # rewords Playwright's English.
        check = call.excinfo.value if call.excinfo else None
        expected = check.expected if isinstance(check, JournalCheckFailed) else ""
        actual = check.actual if isinstance(check, JournalCheckFailed) else ""
        folder = trace_dir(item, settings.artefacts_dir) if settings is not None else None
        failure = Failure(
            section=_section_label(info.get("sections") or []),
            scenario=str(info.get("name") or item.name),
            step=item.stash.get(_STEP, ""),
            expected=shown(expected),
            actual=shown(actual),
            message=(shown(message) or "")[:400],
            person=item.stash.get(_PERSON, ""),
            artefacts=str(folder) if folder is not None and folder.is_dir() else "",
            data_problem=data_problem_of(message),
        )
        setattr(report, _FAILURE_ATTR, asdict(failure))
    return report


def _section_label(sections: list[str]) -> str:
    labels = [section.label if (section := ROUTINE.section(s)) else s for s in sections]
    return ", ".join(labels) or "utanför rutinen"


@pytest.hookimpl(wrapper=True)
def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> Any:
    result = yield
    quiet = config.stash.get(_QUIET, False)
    if quiet and result and getattr(report, _SCENARIO, None) is not None:
        category, _letter, word = result
        return category, "", word  # our own line says it, with the scenario's name
    return result


class _Progress:
    """On the controller (or a run without xdist): lines as scenarios finish, and the
    Swedish blocks of the failed ones at the end."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.failures: list[Failure] = []
        self.started = False

    @pytest.hookimpl(trylast=True)  # once every plugin's session start has passed
    def pytest_sessionstart(self) -> None:
        self.started = True

    @pytest.hookimpl(trylast=True)  # after the terminal reporter kept it for its summary
    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        """A stop (pytest.exit) is said once: pytest says it on stderr before collection,
        and again as a '!!! _pytest.outcomes.Exit' banner at the end; we keep one line."""
        if not isinstance(excinfo.value, pytest.exit.Exception):
            return
        reporter = self._reporter()
        if reporter is None:
            return
        reporter._keyboardinterrupt_memo = None  # no second, English banner
        if self.started:  # after the session start pytest prints nothing itself: say it
            reporter.write_line(f"Stopp: {excinfo.value.msg}", red=True)

    def _reporter(self) -> Any:
        return self.config.pluginmanager.get_plugin("terminalreporter")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        info = getattr(report, _SCENARIO, None)
        if info is None:
            return
        outcome = report.outcome
        final = report.when == "call" or (report.when == "setup" and not report.passed) or (
            report.when == "teardown" and report.failed)
        if not final:
            return
        failure = getattr(report, _FAILURE_ATTR, None)
        if failure is not None and outcome == "failed":
            self.failures.append(Failure(**failure))
        reporter = self._reporter()
        if reporter is None or not self.config.stash.get(_QUIET, False):
            return
        section = ",".join(info.get("sections") or []) or "–"
        detail = {"setup": " vid förberedelse", "teardown": " vid avslut"}.get(report.when, "")
        if outcome == "skipped":
            detail = f": {_skip_reason(report)}"
        symbol, word = OUTCOMES.get(outcome, ("?", outcome))
        reporter.write_line(
            f"{symbol} {section:4} {info.get('name', report.nodeid)} "
            f"({word}{detail}, {report.duration:.1f} s)",
            green=outcome == "passed", red=outcome == "failed", yellow=outcome == "skipped")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.failures:
            return
        terminalreporter.section("fallerade scenarier", red=True)
        for failure in self.failures:
            for line in failure_block(failure):
                terminalreporter.write_line(line)
            terminalreporter.write_line("")


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return ""


def failure_block(failure: Failure) -> list[str]:
    """The Swedish block for one failed scenario: each field it has, under its label."""
    data = failure.data_problem and (f"{failure.data_problem} – profilen och journalen skiljer "
                                     "sig, inget brott mot rutinen (./mvj profile check)")
    fields = {
        "Avsnitt": failure.section, "Steg": failure.step or None,
        "Väntat": failure.expected or None, "Faktiskt": failure.actual or None,
        "Fel": None if failure.expected or failure.actual else failure.message,
        "Testdata": data or None, "Person": failure.person or None,
        "Artefakter": failure.artefacts or None,
    }
    shown = [f"    {label + ':':<13}{value}" for label, value in fields.items()
             if value is not None]
    return [f"✗ {failure.scenario}", *shown, "    (hela felet: kör om med -v)"]

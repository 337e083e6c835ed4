"""pytest plugin: a run that explains itself, in Swedish.

- **Progress**: one line per scenario as it finishes – ``[n/N]``, its result, routine
  section, name and time – instead of pytest's anonymous dots. N is the number of
  selected scenarios; under xdist, n counts what the controller has received.
- **Failures**: one Swedish block per failed scenario at the end: the section,
  the scenario, the Gherkin step that failed, the element the check looked at (role
  and name), what was expected and what the journal showed, the person the scenario
  used (masked on a live journal) and where its screenshots and traces are.
- **The closing count** in Swedish ("3 fallerade, 7 godkända på 45,8 s") instead of
  pytest's English line, and the scenarios that passed only on a rerun.

All of it in any combination of ``-q`` and ``-v``: the lines and the block are the
suite's output, not pytest's, so verbosity never takes them away. What ``-v`` adds (as
many ``-v`` as ``-q`` or not) is pytest's own detail: the tracebacks and its short
summary. The project's own tests keep pytest's output untouched.

The blocks are built from what the worker put on the report
(mvj_suite.core.report_facts), like every capability that reports on the controller.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from mvj_suite.core.allure_privacy import MASK
from mvj_suite.core.report_facts import failure_facts, scenario_facts
from mvj_suite.core.retries import RERUN_OUTCOME
from mvj_suite.core.settings_plugin import runs_the_suite, settings_of
from mvj_suite.model.data_problems import data_problem_of
from mvj_suite.progress.text import Failure, closing_line, counter, duration, failure_block

_FAILURE_ATTR = "mvj_failure_person"  # who the failed scenario was about (survives xdist)
_OURS = pytest.StashKey[bool]()  # a run of the suite: our lines instead of pytest's
_DETAIL = pytest.StashKey[bool]()  # -v given, or --tb: pytest's tracebacks shown too
_PERSON = pytest.StashKey[str]()
# A scenario's line: its outcome's symbol and word.
OUTCOMES = {"passed": ("✓", "godkänt"), "failed": ("✗", "fallerat"),
            "skipped": ("–", "överhoppat"), RERUN_OUTCOME: ("↻", "körs om")}


@pytest.hookimpl(trylast=True)  # after the settings and the terminal reporter exist
def pytest_configure(config: pytest.Config) -> None:
    ours = runs_the_suite(config) and not config.getoption("collectonly")
    config.stash[_OURS] = ours
    # -q counts down what -v counts up; pytest keeps the number of -q on its own, so the
    # -v given are known even when "-q -v" adds up to nothing.
    asked_verbose = int(config.option.verbose) + int(getattr(config.option, "quiet", 0) or 0)
    explicit_tb = config.getoption("tbstyle") != "auto"
    config.stash[_DETAIL] = asked_verbose > 0 or explicit_tb
    if not hasattr(config, "workerinput"):  # the controller shows the run
        config.pluginmanager.register(_Progress(config), "mvj-progress")
    if not ours:
        return  # the project's own tests: pytest's output (a stop still said once)
    if not config.stash[_DETAIL]:
        config.option.tbstyle = "no"  # the Swedish block says what matters
    # Our lines carry the progress: no file names, dots, percentages or header from
    # pytest, whatever -q/-v add up to.
    config.option.verbose = -1


def pytest_bdd_step_error(request: pytest.FixtureRequest) -> None:
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
    if call.when == "setup":
        item.stash[_PERSON] = ""  # a rerun is an attempt of its own
    elif report.failed and call.when == "call":
        setattr(report, _FAILURE_ATTR, item.stash.get(_PERSON, ""))
    return report


@pytest.hookimpl(wrapper=True)
def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> Any:
    result = yield
    if config.stash.get(_OURS, False) and result and scenario_facts(report) is not None:
        category, _letter, word = result
        return category, "", word  # our own line says it; the word is for the summary
    return result


class _Progress:
    """On the controller (or a run without xdist): lines as scenarios finish, and the
    Swedish blocks of the failed ones at the end."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.failures: list[Failure] = []
        self.done: set[str] = set()  # scenarios whose last attempt has ended
        self.rerun: dict[str, tuple[str, str]] = {}  # nodeid: (name, first failure)
        self.flaky: dict[str, tuple[str, str]] = {}
        self.started = False
        self.clock = time.monotonic()
        self.session: pytest.Session | None = None

    @pytest.hookimpl(trylast=True)  # once every plugin's session start has passed
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.started = True
        self.session = session
        self.clock = time.monotonic()
        reporter = self._reporter()
        if reporter is None or not self.config.stash.get(_OURS, False):
            return
        # pytest has no hook for its last lines: the terminal's own parts are replaced.
        reporter._show_progress_info = False  # no "[100%]": the lines count
        if not self.config.stash.get(_DETAIL, False) and not _asked_for_summary(self.config):
            reporter.reportchars = ""  # no English "short test summary": the blocks say it
        reporter.summary_stats = lambda: self._closing_line(reporter)

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

    def _total(self) -> int:
        return int(getattr(self.session, "testscollected", 0) or 0) or len(self.done)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        facts = scenario_facts(report)
        if facts is None or not self.config.stash.get(_OURS, False):
            return
        outcome = report.outcome
        final = report.when == "call" or (report.when == "setup" and not report.passed) or (
            report.when == "teardown" and report.failed)
        if not final:
            return
        failure = failure_facts(report)
        if outcome == RERUN_OUTCOME:
            said = (failure.transient, failure.message) if failure else ()
            reason = " – ".join(x for x in said if x)
            self.rerun.setdefault(report.nodeid, (facts.name, reason))
        elif outcome == "passed" and report.nodeid in self.rerun:
            self.flaky[report.nodeid] = self.rerun[report.nodeid]
        elif outcome == "failed":
            self.flaky.pop(report.nodeid, None)  # its closing failed after all
        if outcome == "failed":
            self.failures.append(self._failure(report, facts.section_label, facts.name))
        if outcome != RERUN_OUTCOME:
            self.done.add(report.nodeid)
        self._line(report, facts.sections, facts.name, failure.transient if failure else "")

    def _line(self, report: pytest.TestReport, sections: tuple[str, ...], name: str,
              transient: str) -> None:
        reporter = self._reporter()
        if reporter is None:
            return
        outcome = report.outcome
        section = ",".join(sections) or "–"
        detail = {"setup": " vid förberedelse", "teardown": " vid avslut"}.get(report.when, "")
        if outcome == "skipped":
            detail = f": {_skip_reason(report).rstrip('.')}"  # the time follows
        elif outcome == RERUN_OUTCOME and transient:
            detail = f": {transient}"
        symbol, word = OUTCOMES.get(outcome, ("?", outcome))
        done = None if outcome == RERUN_OUTCOME else len(self.done)
        reporter.write_line(
            f"{counter(done, self._total())} {symbol} {section:4} {name} "
            f"({word}{detail}, {duration(report.duration)})",
            green=outcome == "passed", red=outcome == "failed", yellow=outcome == "skipped")

    def _failure(self, report: pytest.TestReport, section: str, name: str) -> Failure:
        facts = failure_facts(report)
        message = facts.message if facts else ""
        folder = facts.artefacts if facts else ""
        here = self.config.invocation_params.dir
        if folder and Path(folder).is_relative_to(here):
            folder = os.path.relpath(folder, here)
        return Failure(
            section=section, scenario=name,
            step=facts.step if facts else "",
            expected=facts.expected if facts else "",
            actual=facts.actual if facts else "",
            message=message[:400],
            person=str(getattr(report, _FAILURE_ATTR, "") or ""),
            artefacts=folder,
            data_problem=data_problem_of(message),
            element=facts.element if facts else "",
            transient=facts.transient if facts else "",
        )

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.failures:
            terminalreporter.section("fallerade scenarier", red=True)
            hint = not self.config.stash.get(_DETAIL, False)
            for failure in self.failures:
                for line in failure_block(failure, hint=hint):
                    terminalreporter.write_line(line)
                terminalreporter.write_line("")
        if self.flaky:
            terminalreporter.section("instabila scenarier", red=True)
            one = len(self.flaky) == 1
            terminalreporter.write_line(
                ("1 scenario" if one else f"{len(self.flaky)} scenarier")
                + " godkändes först vid omkörning och räknas inte som "
                + ("godkänt:" if one else "godkända:"))
            for name, reason in sorted(self.flaky.values()):
                terminalreporter.write_line(f"  {name}: {reason}")

    def _closing_line(self, reporter: Any) -> None:
        parts, color = reporter.build_summary_stats_line()
        line = closing_line([text for text, _markup in parts], time.monotonic() - self.clock)
        reporter.write_sep("=", line, **{color: True})


def _asked_for_summary(config: pytest.Config) -> bool:
    """``-r…`` given on the command line: pytest's short summary was asked for."""
    return any(arg.startswith("-r") and not arg.startswith("--")
               for arg in config.invocation_params.args)


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return ""


"""Reruns of a failed scenario that never hide a flake, and when traces are recorded.

Reruns are pytest-rerunfailures' ``--reruns N``. Unless it is given: one rerun
against the bundled stub, none against a real journal (a rerun would repeat the
scenario's writes there). A scenario that passes only on a rerun is *instabilt*
(flaky): the sign-off counts it as failed with its first failure's reason
(``mvj_suite.signoff.plugin``), the run's exit status is non-zero, and the summary
names it. A rerun buys evidence — a trace of the failure — never a green run.

Only a failure that can be flaky is rerun (:func:`transient_reason`): a timeout, a
navigation that broke off, a connection that was refused or dropped. A check of a rule
(``pages.expect.JournalCheckFailed``, a plain ``assert`` in a step) is final: the same
journal gives the same answer, so a rerun would only cost time and show the failure
twice. When any phase of an attempt failed for good, the attempt is not rerun, even if
another phase timed out as well.

Traces (``--traces``): recording a Playwright trace costs every scenario 10–15 %
of its time (docs/prestanda.md), so by default only a rerun is recorded, the way
Playwright's own runner does it (``on-first-retry``):

- ``retry``: only reruns are traced; the first failure keeps its screenshots;
- ``failed``: every scenario is traced, and failed scenarios keep theirs;
- ``off``: no traces;
- ``auto`` (standard): ``retry`` when there are reruns, else ``failed``.
"""

from __future__ import annotations

import functools
import http.client
import re
import socket
import urllib.error
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from mvj_suite.core.bdd import scenario_of
from mvj_suite.core.settings_plugin import is_live

TRACE_CHOICES = ("auto", "retry", "failed", "off")
RERUN_OUTCOME = "rerun"  # pytest-rerunfailures' outcome for a failed, rerun attempt


@pytest.hookimpl(trylast=True)  # after mvj_suite.core.settings_plugin: the target is known
def pytest_configure(config: pytest.Config) -> None:
    traces = config.getoption("--traces", "auto")
    if traces not in TRACE_CHOICES:
        raise pytest.UsageError(f"--traces {traces}: välj en av {', '.join(TRACE_CHOICES)}.")
    config.pluginmanager.register(FlakeWatch(), "mvj-flake-watch")


def reruns(config: pytest.Config) -> int:
    """Reruns of a failed scenario: ``--reruns`` when given, else 1 (stub) or 0 (live)."""
    if not config.pluginmanager.hasplugin("rerunfailures"):
        return 0  # -p no:rerunfailures
    chosen = getattr(config.option, "reruns", None)
    if chosen is not None:
        return int(chosen)
    if getattr(config.option, "usepdb", False):
        return 0  # the debugger stops at the first failure
    return 0 if is_live(config) else 1


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Scenarios only: the project's own tests never rerun. pytest-rerunfailures reads
    # its marker before the global --reruns, so this carries the count either way, and
    # the condition keeps reruns to failures that can be flaky.
    count = reruns(config)
    if count <= 0:
        return
    for item in items:
        if scenario_of(item) is not None:
            condition = functools.partial(_worth_a_rerun, item)
            item.add_marker(pytest.mark.flaky(reruns=count, condition=condition))


TIMEOUT = "tidsgränsen gick ut"
NAVIGATION = "sidan kunde inte laddas klart"
CONNECTION = "förbindelsen bröts"
# Playwright's own errors that say the page or the connection went away, not the rule.
_PLAYWRIGHT_TRANSIENT = (
    (re.compile(r"net::ERR_|ECONNREFUSED|ECONNRESET|socket hang up|Connection (?:refused|"
                r"reset|closed)", re.IGNORECASE), CONNECTION),
    (re.compile(r"Navigation|navigating|frame was detached|Execution context was destroyed|"
                r"Target page, context or browser has been closed", re.IGNORECASE), NAVIGATION),
)  # fmt: skip
_FINAL_ATTEMPT = pytest.StashKey[bool]()  # a phase of this attempt failed for good


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error and what it was raised from or while handling."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__)


def transient_reason(error: BaseException | None) -> str:
    """Why ``error`` may pass on another attempt, in Swedish; "" when it is final.

    An assertion is final whatever it was raised while handling: a step that checks a
    rule after a slow page has still checked the rule.
    """
    if error is None or isinstance(error, AssertionError):
        return ""
    if not isinstance(error, Exception):
        return ""  # pytest.fail, pytest.skip, an exit: the suite's own decision
    for cause in _chain(error):
        if isinstance(cause, PlaywrightTimeoutError | TimeoutError):
            return TIMEOUT
        if isinstance(cause, ConnectionError | http.client.HTTPException | socket.gaierror
                      | urllib.error.URLError):
            return CONNECTION
        if isinstance(cause, PlaywrightError):
            text = str(cause)
            for pattern, reason in _PLAYWRIGHT_TRANSIENT:
                if pattern.search(text):
                    return reason
    return ""


def _worth_a_rerun(item: pytest.Item, error: BaseException | None = None) -> bool:
    """pytest-rerunfailures' condition: this failure can be flaky, and no other phase
    of the attempt failed for good."""
    return bool(transient_reason(error)) and not item.stash.get(_FINAL_ATTEMPT, False)


def is_rerun(item: pytest.Item) -> bool:
    return int(getattr(item, "execution_count", 1) or 1) > 1


def should_trace(item: pytest.Item) -> bool:
    """Whether this attempt records a trace (``--traces``; see above)."""
    mode = item.config.getoption("--traces", "auto")
    if mode == "auto":
        mode = "retry" if reruns(item.config) > 0 else "failed"
    return mode == "failed" or (mode == "retry" and is_rerun(item))


FLAKY_PROPERTY = "instabilt"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "setup":
        item.stash[_FINAL_ATTEMPT] = False  # a new attempt
    if report.failed and not transient_reason(call.excinfo.value if call.excinfo else None):
        item.stash[_FINAL_ATTEMPT] = True
    if report.when == "call" and report.passed and is_rerun(item):
        # Beside the JUnit file's <flakyFailure>: a property that says it in Swedish.
        item.user_properties.append((FLAKY_PROPERTY, "godkänt först vid omkörning"))
        report.user_properties = list(item.user_properties)
    return report


def failure_message(report: pytest.TestReport) -> str:
    """A failed report's message on one line: the crash's, else the last line shown."""
    crash = getattr(report.longrepr, "reprcrash", None)
    lines = report.longreprtext.strip().splitlines()
    message = getattr(crash, "message", "") or (lines[-1] if lines else "")
    return " ".join(str(message).split())


def first_failure(report: pytest.TestReport) -> str:
    return failure_message(report)[:300]


class FlakeWatch:
    """Scenarios that failed and were rerun; those that then passed are flaky, and
    fail the run. (The terminal names them: mvj_suite.progress.)

    Reports of every xdist worker reach the controller, so this sees them all.
    """

    def __init__(self) -> None:
        self.rerun: dict[str, str] = {}  # nodeid -> its first failure's reason
        self.final_failed: set[str] = set()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.outcome == RERUN_OUTCOME:
            self.rerun.setdefault(report.nodeid, first_failure(report))
        elif report.failed:
            self.final_failed.add(report.nodeid)

    def flaky(self) -> dict[str, str]:
        return {n: r for n, r in self.rerun.items() if n not in self.final_failed}

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.flaky() and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

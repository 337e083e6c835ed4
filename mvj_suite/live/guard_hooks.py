"""pytest plugin: the wire guard's view of the run — which step runs, what was stopped.

The guard (``mvj_suite.live.wire_rules``) is made by the ``live_guard`` fixture on a
live target. The step hooks below tell it what the running step declared
(``mvj_suite.model.intent``). A request it stopped fails the scenario with its
reason: during the scenario in its call, after the steps (a page sending as it is
closed) in its teardown. A stop nobody's scenario can answer for — a connection
opened between scenarios, something sent after a scenario had ended — fails the
run: it is a run error in the sign-off, and the exit code is not 0. On every
target, a writing step in a scenario without ``@skriver`` fails at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mvj_suite.core.scenario_info import record_release_fact, record_run_error
from mvj_suite.core.settings_plugin import profile_of, settings_of
from mvj_suite.live.live_wire import WIRE_GUARD_FACT, promise
from mvj_suite.live.wire_proxy import WireProxy
from mvj_suite.live.wire_rules import WireGuard
from mvj_suite.model.intent import WRITE, declared

GUARD_KEY = pytest.StashKey[WireGuard]()
STEP_KEY = pytest.StashKey[str | None]()  # what the running step declared
_REPORTED = pytest.StashKey[int]()  # how many of the guard's stops a step has failed on
_CALL_REPORTED = pytest.StashKey[int]()  # how many the call's report has shown
_WORKER_OUTPUT = "mvj_wire_run_failures"
_RUN_FAILURES = pytest.StashKey[list[str]]()

UNTAGGED_WRITE = (
    "Steget »{step}« skriver i journalen (@writes) men scenariot saknar taggen @skriver – "
    "mot en riktig journal skulle det köras utan --allow-writes."
)
RUN_FAILURE = "skyddet på tråden stoppade något som inget scenario kan stå för: {reason}"


def pytest_sessionstart(session: pytest.Session) -> None:
    # The profile is loaded by now (mvj_suite.live.plugin, in pytest_configure).
    settings = settings_of(session.config)
    if settings is not None:
        record_release_fact(session.config, WIRE_GUARD_FACT,
                            promise(settings, profile_of(session.config)))  # fmt: skip


def _guard(request: pytest.FixtureRequest) -> WireGuard | None:
    return request.node.stash.get(GUARD_KEY, None)


def _stop_after_a_stop(request: pytest.FixtureRequest) -> None:
    """A request the guard stopped ends the scenario at the next step boundary: the
    journal did something the run must not let through, and the steps after it would
    only wait for pages that never came."""
    guard = _guard(request)
    if guard is None:
        return
    failure = guard.failure(request.node.stash.get(_REPORTED, 0))
    if failure is not None:
        request.node.stash[_REPORTED] = len(guard.violations)
        pytest.fail(failure, pytrace=False)


@pytest.hookimpl(tryfirst=True)  # before the step's function runs and sends anything
def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Any, step_func: Any) -> None:
    _stop_after_a_stop(request)
    intent = declared(step_func)
    # On every target: a scenario that writes must say so, or live runs would skip the
    # wrong scenarios. Caught on the stub, before it ever reaches a real journal.
    if intent == WRITE and request.node.get_closest_marker("skriver") is None:
        pytest.fail(UNTAGGED_WRITE.format(step=step.name), pytrace=False)
    request.node.stash[STEP_KEY] = intent
    guard = _guard(request)
    if guard is not None:
        guard.begin_step(intent)


def pytest_bdd_after_step(request: pytest.FixtureRequest) -> None:
    pytest_bdd_step_error(request)  # the step is over, as after an error; then its stops
    _stop_after_a_stop(request)


def pytest_bdd_step_error(request: pytest.FixtureRequest) -> None:
    request.node.stash[STEP_KEY] = None
    guard = _guard(request)
    if guard is not None:
        guard.end_step()


@pytest.hookimpl(tryfirst=True)  # before the fixtures close the scenario's pages
def pytest_runtest_teardown(item: pytest.Item) -> None:
    guard = item.stash.get(GUARD_KEY, None)
    if guard is not None:
        guard.settle()


# Innermost (trylast): the guard's verdict is in the report before the run's output and
# the sign-off read it.
@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome: Any = yield
    guard = item.stash.get(GUARD_KEY, None)
    if guard is None or call.when == "setup":
        return
    # The call shows every stop made while the steps ran; the teardown what came after
    # (the scenario's pages sending as they closed).
    since = 0 if call.when == "call" else item.stash.get(_CALL_REPORTED, 0)
    failure = guard.failure(since)
    item.stash[_CALL_REPORTED] = len(guard.violations)
    if failure is None:
        return
    report = outcome.get_result()
    # Whatever the steps concluded, a stopped request is the scenario's verdict.
    report.outcome = "failed"
    report.longrepr = failure


# --- what no scenario can answer for: the run's -------------------------------------------
@pytest.hookimpl(tryfirst=True)  # before mvj_suite.signoff.plugin writes the verdict
def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    proxy = WireProxy.running()
    failures = proxy.run_failures() if proxy is not None else []
    if hasattr(config, "workerinput"):  # an xdist worker
        config.workeroutput[_WORKER_OUTPUT] = failures  # type: ignore[attr-defined]
        return
    failures = [*config.stash.get(_RUN_FAILURES, []), *failures]
    for reason in dict.fromkeys(failures):
        record_run_error(config, RUN_FAILURE.format(reason=reason))
    if failures and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    failures = getattr(node, "workeroutput", {}).get(_WORKER_OUTPUT, [])
    stash = node.config.stash
    stash[_RUN_FAILURES] = [*stash.get(_RUN_FAILURES, []), *failures]


def pytest_unconfigure(config: pytest.Config) -> None:
    WireProxy.stop_process_proxy()

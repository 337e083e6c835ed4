"""pytest plugin: tells each scenario's wire guard which step runs and what it means to do.

The guard (``suite.browser.wire_guard``) is made by the ``live_guard`` fixture
on a live target. The step hooks below record what the running step declared
(``suite.model.intent``); a request the guard stopped fails the scenario with
its reason. On every target, a writing step in a scenario without
``@skriver`` fails at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from suite.browser.wire_guard import WireGuard
from suite.model.intent import WRITE, declared

GUARD_KEY = pytest.StashKey[WireGuard]()
STEP_KEY = pytest.StashKey[str | None]()  # what the running step declared


def _guard(request: pytest.FixtureRequest) -> WireGuard | None:
    return request.node.stash.get(GUARD_KEY, None)


UNTAGGED_WRITE = (
    "Steget »{step}« skriver i journalen (@writes) men scenariot saknar taggen @skriver – "
    "mot en riktig journal skulle det köras utan --allow-writes."
)


@pytest.hookimpl(tryfirst=True)  # before the step's function runs and sends anything
def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Any, step_func: Any) -> None:
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
    request.node.stash[STEP_KEY] = None
    guard = _guard(request)
    if guard is not None:
        guard.end_step()


def pytest_bdd_step_error(request: pytest.FixtureRequest) -> None:
    request.node.stash[STEP_KEY] = None
    guard = _guard(request)
    if guard is not None:
        guard.end_step()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome: Any = yield
    guard = item.stash.get(GUARD_KEY, None)
    if guard is None or call.when != "call":
        return
    failure = guard.failure()
    if failure is None:
        return
    report = outcome.get_result()
    # Whatever the steps concluded, a stopped request is the scenario's verdict.
    report.outcome = "failed"
    report.longrepr = failure

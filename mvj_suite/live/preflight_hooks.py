"""The order of a live run: checks without a browser, the test-data budget, the browser.

pytest plugin, live target only. Everything that can stop a run with one line
happens before any browser starts:

1. ``pytest_sessionstart`` (controller): card files, CA, the journal answers,
   its server certificate is trusted (``mvj_suite.live.preflight.static_checks``).
2. After collection, the budget: the pool needs of the scenarios that will
   run (``mvj_suite.model.pools``) against the profile. Too few: one line, exit 4.
   Without xdist this is ``pytest_collection_finish``. With xdist the
   controller collects nothing, so a worker writes the steps of the scenarios
   it collected to the run's shared folder before it reports its collection,
   and the controller decides in ``pytest_xdist_node_collection_finished`` —
   before it hands out the first scenario.
3. Then the browser check, read-only through the wire guard: log in with the
   card, the profile's user and first customer
   (``mvj_suite.live.preflight.run_browser_checks``); the non-GET calls the
   journal made are listed on one line.

The run's shared folder (``mvj_suite.core.parallel.shared_dir``) also holds the pool
claims (``mvj_suite.model.pools``).
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from mvj_suite.core.bdd import scenario_of
from mvj_suite.core.parallel import shared_dir
from mvj_suite.core.settings import CONFIG_ERROR_EXIT
from mvj_suite.core.settings_plugin import is_live, settings_of
from mvj_suite.live.plugin import PROFILE_KEY, say, stop_on
from mvj_suite.live.preflight import run_browser_checks, static_checks
from mvj_suite.live.profile_check_hooks import profile_check_requested
from mvj_suite.model.pools import budget, count_needs, shortage_message, summary_line

_CHECKED = pytest.StashKey[bool]()
_NEEDS_FILE = "behov.json"


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    settings = settings_of(config)
    if not is_live(config) or _is_worker(config) or config.getoption("collectonly"):
        return
    stop_on(lambda: static_checks(settings, config.stash[PROFILE_KEY], os.environ))


# --- after collection: budget, then the browser ----------------------------------------
def _scenarios(items: list[pytest.Item]) -> list[tuple[list[str], bool]]:
    """The steps of each scenario that will run, and whether it writes."""
    scenarios = []
    for item in items:
        if item.get_closest_marker("skip") is not None:
            continue  # skipped at collection (stub-only, writes without --allow-writes …)
        scenario = scenario_of(item)
        if scenario is not None:
            writes = item.get_closest_marker("skriver") is not None
            scenarios.append((list(scenario.steps), writes))
    return scenarios


@pytest.hookimpl(tryfirst=True)  # before xdist's worker reports its collection
def pytest_collection_finish(session: pytest.Session) -> None:
    config = session.config
    if not is_live(config) or profile_check_requested(config):
        return  # the profile check judges the budget itself, and logs in once
    scenarios = _scenarios(session.items)
    if not _is_worker(config):
        _after_collection(config, scenarios)
        return
    # Every worker collects the same scenarios; whichever writes last writes the same.
    temporary = shared_dir(config) / f".{_NEEDS_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(scenarios), encoding="utf-8")
    os.replace(temporary, shared_dir(config) / _NEEDS_FILE)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    config = node.config
    if not is_live(config) or config.stash.get(_CHECKED, False):
        return
    needs = (shared_dir(config) / _NEEDS_FILE).read_text(encoding="utf-8")
    _after_collection(config, json.loads(needs))


def _after_collection(config: pytest.Config, scenarios: list[tuple[list[str], bool]]) -> None:
    config.stash[_CHECKED] = True
    settings = settings_of(config)
    profile = config.stash[PROFILE_KEY]
    lines = budget(profile, *count_needs(scenarios))
    say(config, summary_line(lines))
    shortage = shortage_message(lines)
    if shortage:
        pytest.exit(shortage, returncode=CONFIG_ERROR_EXIT)
    if not config.getoption("collectonly"):
        # Through the wire guard, read-only: what the journal sent besides GET is listed,
        # so a team can declare its reads (lasande_anrop) from what it sees.
        say(config, stop_on(lambda: run_browser_checks(settings, profile)))

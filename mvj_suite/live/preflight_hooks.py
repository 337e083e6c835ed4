"""The order of a live run: checks without a browser, the test-data budget, the browser.

pytest plugin, live target only. Everything that can stop a run with one line
happens before any browser starts:

1. ``pytest_sessionstart`` (controller): card files, CA, the journal answers,
   its server certificate is trusted (``mvj_suite.live.preflight.static_checks``).
2. After collection, the budget: the pool needs of the scenarios that will
   run (``mvj_suite.model.pools``) against the profile. Too few: one line, exit 4.
   Without xdist this is ``pytest_collection_finish``. With xdist the
   controller collects nothing, so a worker writes the needs it collected to
   the run's shared folder before it reports its collection, and the
   controller decides in ``pytest_xdist_node_collection_finished`` — before
   it hands out the first scenario.
3. Then the browser check, read-only through the wire guard: log in with the
   card, the profile's user and first customer
   (``mvj_suite.live.preflight.run_browser_checks``); the non-GET calls the
   journal made are listed on one line.

The run's shared folder also holds the pool claims (``mvj_suite.model.pools``); the
controller makes it, passes it to the workers and removes it at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from mvj_suite.core.bdd import scenario_of
from mvj_suite.core.settings import CONFIG_ERROR_EXIT, ConfigurationError, Settings
from mvj_suite.core.settings_plugin import settings_of
from mvj_suite.live.plugin import PROFILE_KEY
from mvj_suite.live.preflight import run_browser_checks, static_checks
from mvj_suite.live.profile_check_hooks import profile_check_requested
from mvj_suite.model.pools import (
    BudgetLine,
    PoolNeed,
    budget,
    count_needs,
    shortage_message,
    summary_line,
)

RUN_DIR_KEY = pytest.StashKey[Path]()
_CHECKED = pytest.StashKey[bool]()
_WORKER_INPUT = "mvj_run_dir"
_NEEDS_FILE = "behov.json"


def _live_settings(config: pytest.Config) -> Settings | None:
    settings = settings_of(config)
    return settings if settings is not None and settings.is_live else None


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def run_dir(config: pytest.Config) -> Path:
    """The folder the whole run (controller and every worker) shares."""
    return config.stash[RUN_DIR_KEY]


@pytest.hookimpl(trylast=True)  # after mvj_suite.core.settings_plugin and mvj_suite.live.plugin
def pytest_configure(config: pytest.Config) -> None:
    if _live_settings(config) is None:
        return
    if _is_worker(config):
        config.stash[RUN_DIR_KEY] = Path(config.workerinput[_WORKER_INPUT])  # type: ignore[attr-defined]
    else:
        config.stash[RUN_DIR_KEY] = Path(tempfile.mkdtemp(prefix="mvj-run-"))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    config = node.config
    if RUN_DIR_KEY in config.stash:
        node.workerinput[_WORKER_INPUT] = str(config.stash[RUN_DIR_KEY])


def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    settings = _live_settings(config)
    if settings is None or _is_worker(config) or config.getoption("collectonly"):
        return
    _stop_on(lambda: static_checks(settings, config.stash[PROFILE_KEY], os.environ))


# --- after collection: budget, then the browser ----------------------------------------
def _needs(items: list[pytest.Item]) -> tuple[Counter[PoolNeed], Counter[PoolNeed]]:
    scenarios = []
    for item in items:
        if item.get_closest_marker("skip") is not None:
            continue  # skipped at collection (stub-only, writes without --allow-writes …)
        scenario = scenario_of(item)
        if scenario is not None:
            scenarios.append((scenario.steps, item.get_closest_marker("skriver") is not None))
    return count_needs(scenarios)


@pytest.hookimpl(tryfirst=True)  # before xdist's worker reports its collection
def pytest_collection_finish(session: pytest.Session) -> None:
    config = session.config
    if _live_settings(config) is None or profile_check_requested(config):
        return  # the profile check judges the budget itself, and logs in once
    needed, consumed = _needs(session.items)
    if _is_worker(config):
        _write_needs(run_dir(config), needed, consumed)
        return
    _after_collection(config, needed, consumed)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    config = node.config
    if _live_settings(config) is None or config.stash.get(_CHECKED, False):
        return
    needed, consumed = _read_needs(run_dir(config))
    _after_collection(config, needed, consumed)


def _after_collection(
    config: pytest.Config, needed: Counter[PoolNeed], consumed: Counter[PoolNeed]
) -> None:
    config.stash[_CHECKED] = True
    settings = _live_settings(config)
    assert settings is not None
    profile = config.stash[PROFILE_KEY]
    lines = budget(profile, needed, consumed)
    _say(config, summary_line(lines))
    shortage = shortage_message(lines)
    if shortage:
        pytest.exit(shortage, returncode=CONFIG_ERROR_EXIT)
    if not config.getoption("collectonly"):
        # Through the wire guard, read-only: what the journal sent besides GET is listed,
        # so a team can declare its reads (lasande_anrop) from what it sees.
        _say(config, _stop_on(lambda: run_browser_checks(settings, profile)))


def pool_budget(config: pytest.Config, items: list[pytest.Item]) -> list[BudgetLine]:
    """The budget of ``items`` against the run's profile (for reports and tests)."""
    needed, consumed = _needs(items)
    return budget(config.stash[PROFILE_KEY], needed, consumed)


# --- plumbing ---------------------------------------------------------------------------
def _write_needs(folder: Path, needed: Counter[PoolNeed], consumed: Counter[PoolNeed]) -> None:
    # Every worker collects the same scenarios; whichever writes last writes the same.
    rows = [
        {"need": need.__dict__, "needed": count, "consumed": consumed.get(need, 0)}
        for need, count in needed.items()
    ]
    temporary = folder / f".{_NEEDS_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(rows), encoding="utf-8")
    os.replace(temporary, folder / _NEEDS_FILE)


def _read_needs(folder: Path) -> tuple[Counter[PoolNeed], Counter[PoolNeed]]:
    needed: Counter[PoolNeed] = Counter()
    consumed: Counter[PoolNeed] = Counter()
    for row in json.loads((folder / _NEEDS_FILE).read_text(encoding="utf-8")):
        need = PoolNeed(**{**row["need"], "requires": tuple(row["need"].get("requires", ()))})
        needed[need] = row["needed"]
        consumed[need] = row["consumed"]
    return needed, consumed


def _stop_on(check: Any) -> Any:
    try:
        return check()
    except ConfigurationError as error:
        failure = str(error)
    pytest.exit(failure, returncode=CONFIG_ERROR_EXIT)  # outside except: no exception chain


def _say(config: pytest.Config, line: str) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(line)


def pytest_unconfigure(config: pytest.Config) -> None:
    if RUN_DIR_KEY in config.stash and not _is_worker(config):
        shutil.rmtree(config.stash[RUN_DIR_KEY], ignore_errors=True)

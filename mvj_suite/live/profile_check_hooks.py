"""pytest plugin: ``--profile-check`` (``./mvj profile check``) proves the profile first.

The profile drifts more than anything else in a live run: people are edited,
pools used up, environments reset. This mode runs no scenario. It takes the
run's own live options and selection, so it checks exactly what the run would
use:

1. the checks without a browser (``mvj_suite.live.preflight_hooks``: card, CA, the
   journal answers, its certificate);
2. after collection, what the selected scenarios need of the profile and nobody
   in it meets (``mvj_suite.live.profile_check.coverage``) and the pool budget;
3. one login, read-only through the wire guard, and the profile against the
   journal (``mvj_suite.live.profile_probe``).

It prints, deselects every scenario and sets the exit code: 0 when the profile
agrees with the journal (what is missing for a full sign-off is told, not
failed), 1 on a difference, 4 when the check itself cannot run.
It writes no report (``./mvj profile check`` turns those off).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from mvj_suite.core.bdd import scenario_of
from mvj_suite.core.settings import CONFIG_ERROR_EXIT, Settings
from mvj_suite.core.settings_plugin import is_live, settings_of
from mvj_suite.live.plugin import PROFILE_KEY, live_skip_reason, say, stop_on
from mvj_suite.live.profile_check import ScenarioNeeds, coverage
from mvj_suite.live.profile_probe import probe_profile
from mvj_suite.live.profile_report import coverage_lines, draft_lines, result_lines, summary
from mvj_suite.model.pools import POOLS, budget, count_needs

MISMATCH_EXIT = 1


def profile_check_requested(config: pytest.Config) -> bool:
    return bool(config.getoption("mvj_profile_check", False))


@pytest.hookimpl(trylast=True)  # after mvj_suite.core.settings_plugin has built the Settings
def pytest_configure(config: pytest.Config) -> None:
    if not profile_check_requested(config):
        return
    if not is_live(config):
        pytest.exit(
            "--profile-check jämför en testdataprofil med en riktig journal: ange "
            "--target live med journalens alternativ.",
            returncode=CONFIG_ERROR_EXIT,
        )
    if hasattr(config, "workerinput") or config.getoption("numprocesses", None):
        pytest.exit("--profile-check loggar in en gång: kör utan -n.",
                    returncode=CONFIG_ERROR_EXIT)  # fmt: skip


def _selected(settings: Settings, items: list[pytest.Item]) -> list[ScenarioNeeds]:
    """The selected scenarios a full sign-off runs (writes allowed): not those only the
    stub can show, nor the server-clock ones without --real-time."""
    full = replace(settings, allow_writes=True)
    scenarios = []
    for item in items:
        view = scenario_of(item)
        tags = {mark.name for mark in item.iter_markers()}
        if view is not None and not live_skip_reason(full, tags):
            scenarios.append(ScenarioNeeds(view.name, view.steps, "skriver" in tags))
    return scenarios


_EXIT = pytest.StashKey[int]()


@pytest.hookimpl(tryfirst=True)  # before mvj_suite.live.preflight_hooks, which stands aside
def pytest_collection_finish(session: pytest.Session) -> None:
    config = session.config
    if not profile_check_requested(config):
        return
    profile = config.stash[PROFILE_KEY]
    settings = settings_of(config)
    assert settings is not None
    scenarios = _selected(settings, session.items)
    # No scenario runs: the session reports them deselected and ends with our exit code.
    config.hook.pytest_deselected(items=list(session.items))
    session.items[:] = []
    gaps = coverage(profile, scenarios)
    needed, consumed = count_needs((s.steps, s.writes) for s in scenarios)
    budget_lines = budget(profile, needed, consumed)
    head = f"Profilkontroll: {profile.path} mot {settings.base_url}"
    say(config, head, *coverage_lines(gaps, budget_lines, scenarios))
    # Only the pools the selection takes from: a search per person is the slowest part.
    pools = [pool for pool in POOLS if any(need.pool == pool for need in needed)]
    probe = stop_on(lambda: probe_profile(settings, profile, pools))
    draft = draft_lines(probe) if config.getoption("mvj_profile_draft", False) else []
    say(config, *result_lines(profile, probe), *draft, summary(probe, gaps))
    config.stash[_EXIT] = MISMATCH_EXIT if probe.mismatches else 0


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    code = session.config.stash.get(_EXIT, None)
    if code is not None:
        session.exitstatus = code  # not 5 ("no tests ran"): the check itself is the result

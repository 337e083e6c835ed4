"""Safety on a live target: what may run, what may be typed, what may be sent.

A real journal holds real patients, so on ``--target live`` the suite
protects it in layers, none of which a step can switch off:

1. Collection: scenarios only the stub can show (``@stubb-pu``,
   ``@stubb-omstart``), ``@skriver`` scenarios without ``--allow-writes`` and
   ``@serverklocka`` scenarios without ``--real-time`` are skipped with a
   Swedish reason; the sign-off lists the first kind as "verifieras bara mot
   stubben".
2. Test data: the profile is loaded and validated in ``pytest_configure``;
   the random-number generators in ``mvj_suite.model.testdata`` are switched off for
   the whole process, so a step asking for a generated number fails before
   anything is typed.
3. The wire: every byte a browser sends goes through the run's wire proxy
   (``mvj_suite.live.wire_proxy``), which judges it as it arrives by the
   scenario's ``WireGuard`` (``mvj_suite.live.wire_rules``): a valid identity number
   that is neither in the profile nor shown by the journal itself is stopped, and
   so is any call that may change data unless the profile declares it a read
   (``lasande_anrop``) or, with ``--allow-writes``, a writing step saves
   (``mvj_suite.live.guard_hooks`` tells the guard which step runs). The scenario then
   fails with the guard's Swedish message, whatever its steps asserted.

Then a preflight checks cards, trust, the test-data budget, login and profile
once before any scenario runs (``mvj_suite.live.preflight_hooks``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from mvj_suite.core.scenario_info import mark_stub_only
from mvj_suite.core.settings import CONFIG_ERROR_EXIT, ConfigurationError, Settings
from mvj_suite.core.settings_plugin import PROFILE_KEY, settings_of
from mvj_suite.model import testdata
from mvj_suite.model.profile import ProfileError, load_profile

# Why a scenario can only run against the stub, by its tag: @stubb-<why>. A scenario
# gets such a tag only when a real journal truly cannot be made to show the rule.
STUB_ONLY_REASONS: dict[str, str] = {
    tag: f"{what} – det kan bara stubben; regeln verifieras bara mot stubben."
    for tag, what in {
        "stubb-pu": "Tvingar PU-tjänsten att inte svara eller att svara för långsamt",
        "stubb-omstart": "Startar om journalen mitt i scenariot",
    }.items()
}

SKIP_STUB_ONLY = "Kräver stubbjournalen – verifieras bara mot stubben."

SKIP_WRITES = "Skapar eller ändrar data – körs mot en riktig journal bara med --allow-writes."

SKIP_SERVER_CLOCK = (
    "Kontrollerar att journalen själv avslutar sessionen efter 45 minuter – mot en riktig "
    "journal bara med --real-time (väntar på riktigt)."
)

RANDOM_REFUSED = (
    "Slumpade personnummer används aldrig mot en riktig journal (de kan tillhöra verkliga "
    "personer) – steget måste ta sina identiteter ur testdataprofilen (journal_data)."
)


@pytest.hookimpl(trylast=True)  # after mvj_suite.core.settings_plugin has built the Settings
def pytest_configure(config: pytest.Config) -> None:
    settings = settings_of(config)
    if settings is None or not settings.is_live:
        return
    testdata.refuse_random_numbers(RANDOM_REFUSED)
    test_data = settings.test_data
    assert test_data is not None  # build_settings requires it on live
    config.stash[PROFILE_KEY] = stop_on(lambda: load_profile(test_data), ProfileError)


T = TypeVar("T")


def stop_on(check: Callable[[], T], *errors: type[Exception]) -> T:
    """``check()``; a ConfigurationError (or one of ``errors``) ends the run with its one
    Swedish line, exit code 4."""
    try:
        return check()
    except (ConfigurationError, *errors) as error:
        failure = str(error)
    pytest.exit(failure, returncode=CONFIG_ERROR_EXIT)  # outside except: no exception chain


def say(config: pytest.Config, *lines: str) -> None:
    """Lines for the tester in pytest's terminal (printed when it has none: -p no:terminal)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    for line in lines:
        if reporter is not None:
            reporter.write_line(line)
        else:  # pragma: no cover - pytest always has one unless -p no:terminal
            print(line)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    settings = settings_of(config)
    if settings is None or not settings.is_live:
        return
    for item in items:
        tags = {mark.name for mark in item.iter_markers()}
        reason = live_skip_reason(settings, tags)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))
            if is_stub_only(reason):
                mark_stub_only(item)


@pytest.hookimpl(tryfirst=True)  # before pytest-bdd's own, which marks the tag as it is
def pytest_bdd_apply_tag(tag: str, function: Any) -> bool | None:
    """``@stubb-<why>`` is also ``@stubb``, so ``-m "not stubb"`` selects as before."""
    if tag in STUB_ONLY_REASONS:
        pytest.mark.stubb(function)
        getattr(pytest.mark, tag)(function)
        return True
    return None


def is_stub_only(reason: str) -> bool:
    """The skip says only the stub can show the rule: its PU modes, its restart, its
    clock (a server-clock scenario runs on live with --real-time; without, it cannot)."""
    return reason in {*STUB_ONLY_REASONS.values(), SKIP_STUB_ONLY, SKIP_SERVER_CLOCK}


def live_skip_reason(settings: Settings, tags: set[str]) -> str | None:
    """Why a scenario with ``tags`` does not run on a live target (None: it runs)."""
    if not settings.is_live:
        return None
    for tag, reason in STUB_ONLY_REASONS.items():
        if tag in tags:
            return reason
    if "stubb" in tags:
        return SKIP_STUB_ONLY
    if "skriver" in tags and not settings.allow_writes:
        return SKIP_WRITES
    if "serverklocka" in tags and not settings.real_time:
        return SKIP_SERVER_CLOCK
    return None

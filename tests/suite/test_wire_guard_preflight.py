"""The preflight logs in read-only through the wire proxy, and says what the journal sent.

Its own module: it starts Playwright itself, which cannot run while another
module's Playwright (test_wire_guard's module fixture) is alive in the process.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from playwright.sync_api import sync_playwright

from mvj_suite.core.chromium import SYSTEM_CHROMIUM_ARGS, system_chromium
from mvj_suite.core.journal import live_journal
from mvj_suite.core.settings import ConfigurationError, Settings, build_settings
from mvj_suite.live.live_wire import process_proxy
from mvj_suite.live.preflight import (
    context_options,
    preflight_guard,
    run_browser_checks,
    run_login_checks,
)
from mvj_suite.live.wire_proxy import WireProxy
from mvj_suite.model.declared_reads import DeclaredReads
from mvj_suite.model.profile import Profile, load_profile

from .standalone import request_log, standalone_stub
from .stub_profile import PROFILE, stub_card_env

STRANGER = "19640823-3234"  # a valid number in no profile: "a random real person"


@pytest.fixture(scope="module")
def ready(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    with standalone_stub(tmp_path_factory.mktemp("stubb")) as ready:
        yield ready


@pytest.fixture
def live(ready: dict, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Settings, Profile]]:
    env = stub_card_env(ready)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = build_settings(
        {"target": "live", "base_url": ready["url"], "test_data": str(PROFILE),
         "siths_card": ready["cards"]["sjukskoterska"]["path"], "ca_cert": ready["ca_cert"]},
        env,
    )  # fmt: skip
    try:
        yield settings, load_profile(PROFILE, env=env)
    finally:
        WireProxy.stop_process_proxy()


def test_the_preflight_lists_the_calls_the_journal_made_besides_get(live: tuple) -> None:
    settings, profile = live
    line = run_browser_checks(settings, profile)
    assert line.startswith("Förkontrollen: journalen skickade 2 anrop utöver GET")
    assert "POST /logga-in (läsande enligt profilen)" in line
    assert "POST /logga-ut (läsande enligt profilen)" in line


def test_without_declared_reads_the_preflight_says_what_to_declare(
    live: tuple, ready: dict
) -> None:
    """A team's first run: the journal's login POST is stopped, never received, and the
    one line says how to declare it if it only reads."""
    settings, profile = live
    logins = request_log(ready).count("POST /logga-in")
    with pytest.raises(ConfigurationError) as stopped:
        run_browser_checks(settings, replace(profile, declared_reads=DeclaredReads()))
    message = str(stopped.value)
    assert message.startswith("Under förkontrollen: Skrivskyddet stoppade POST") and (
        "\n" not in message)
    assert 'Lägg då till "POST /logga-in" under lasande_anrop' in message
    assert request_log(ready).count("POST /logga-in") == logins


def test_what_the_page_sends_during_the_preflight_is_stopped(live: tuple, ready: dict) -> None:
    settings, profile = live
    guard = preflight_guard(settings, profile)
    proxy = process_proxy(settings, profile, live_journal(settings, profile, {
        **stub_card_env(ready)}))  # fmt: skip
    proxy.watch(guard)
    # A page that, first loaded, sends a DELETE on its own, and after each search tells
    # someone what was searched, with a number no profile has.
    script = (
        "document.addEventListener('DOMContentLoaded', () => {"
        "  if (!sessionStorage.getItem('sent')) { sessionStorage.setItem('sent', '1');"
        "    fetch('/prov/forkontroll-delete', {method: 'DELETE'}).catch(() => {}); }"
        "  if (location.search.includes('q=')) {"
        f"    fetch('/prov/forkontroll?q={STRANGER}').catch(() => {{}}); }}"
        "});"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**proxy.launch_options(_system_chromium()))
        context = browser.new_context(**context_options(settings, proxy))
        context.add_init_script(script)
        with pytest.raises(ConfigurationError) as stopped:
            run_login_checks(context.new_page(), profile, guard, card=True)
        context.close()  # while the guard still judges: nothing may leave after it
        browser.close()
    proxy.release(guard)
    message = str(stopped.value)
    assert message.startswith("Under förkontrollen: ") and "\n" not in message
    assert "Skrivskyddet stoppade DELETE" in message or "identitetsnummer" in message
    assert STRANGER not in message
    assert "/prov/forkontroll" not in request_log(ready)


def _system_chromium() -> dict:
    executable = system_chromium(headless=True)
    return {"executable_path": executable, "args": SYSTEM_CHROMIUM_ARGS} if executable else {}

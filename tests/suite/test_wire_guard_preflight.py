"""The preflight's own browser session is guarded like every scenario's.

Its own module: it starts Playwright itself, which cannot run while another
module's Playwright (test_wire_guard's module fixture) is alive in the process.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from suite.browser.chromium import SYSTEM_CHROMIUM_ARGS, system_chromium
from suite.browser.preflight import context_options, preflight_guard, run_login_checks
from suite.model.settings import ConfigurationError, build_settings

from .standalone import request_log, standalone_stub
from .stub_profile import PROFILE, load_stub_profile, stub_card_env

STRANGER = "19640823-3234"  # a valid number in no profile: "a random real person"


def test_what_the_page_sends_during_the_preflight_is_stopped(tmp_path: Path) -> None:
    with standalone_stub(tmp_path / "stubb") as ready:
        env = stub_card_env(ready)
        settings = build_settings(
            {"target": "live", "base_url": ready["url"], "test_data": str(PROFILE),
             "siths_card": ready["cards"]["sjukskoterska"]["path"],
             "ca_cert": ready["ca_cert"]},
            env,
        )  # fmt: skip
        profile = load_stub_profile()
        guard = preflight_guard(settings, profile)
        # A page that, first loaded, sends a DELETE on its own – outside any step's action,
        # so a write by no one's intent – and, after each search, tells someone what was
        # searched, with a number no profile has. (Same origin: the stub's own
        # Content-Security-Policy would stop another one before the guard.) The DELETE
        # goes once: a page loaded inside a reading action (the login's own answer) is
        # part of that read by design, and would make this test depend on timing.
        script = (
            "document.addEventListener('DOMContentLoaded', () => {"
            "  if (!sessionStorage.getItem('sent')) { sessionStorage.setItem('sent', '1');"
            "    fetch('/prov/forkontroll-delete', {method: 'DELETE'}).catch(() => {}); }"
            "  if (location.search.includes('q=')) {"
            f"    fetch('/prov/forkontroll?q={STRANGER}').catch(() => {{}}); }}"
            "});"
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**_launch_options())
            context = browser.new_context(**context_options(settings), ignore_https_errors=True)
            context.add_init_script(script)
            guard.attach(context)
            with pytest.raises(ConfigurationError) as stopped:
                run_login_checks(context.new_page(), profile, guard, card=True)
            context.close()  # while the guard still watches: nothing may leave after it
            guard.detach()
            browser.close()
        message = str(stopped.value)
        assert message.startswith("Under förkontrollen: ") and "\n" not in message
        assert "Skrivskyddet stoppade DELETE" in message
        assert "identitetsnummer som inte finns i testdataprofilen" in message
        assert "/prov/forkontroll" not in request_log(ready)


def _launch_options() -> dict:
    executable = system_chromium()
    return {"executable_path": executable, "args": SYSTEM_CHROMIUM_ARGS} if executable else {}

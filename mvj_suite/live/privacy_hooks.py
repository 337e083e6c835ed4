"""pytest plugin: no unmasked artefacts on a live journal, Allure results without
personal data there, and pytest-playwright's own traces scrubbed like the suite's (the
library part is ``mvj_suite.core.privacy``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import allure_commons
import pytest

from mvj_suite.core.allure_privacy import scrub_result
from mvj_suite.core.privacy import known_secrets, scrub_trace, unmasked_artefact_refusal
from mvj_suite.core.settings import CONFIG_ERROR_EXIT
from mvj_suite.core.settings_plugin import invocation_path, is_live, settings_of


class _LiveAllureResults:
    """Allure results on live: Gherkin arguments only, identity numbers masked."""

    @allure_commons.hookimpl(tryfirst=True)  # before the file logger writes them
    def report_result(self, result: Any) -> None:
        scrub_result(result)


@pytest.hookimpl(trylast=True)  # after mvj_suite.core.settings_plugin has built the Settings
def pytest_configure(config: pytest.Config) -> None:
    refusal = unmasked_artefact_refusal(
        settings_of(config), lambda name: config.getoption(name, default=None)
    )
    if refusal:
        pytest.exit(refusal, returncode=CONFIG_ERROR_EXIT)
    if is_live(config):
        scrubber = _LiveAllureResults()
        allure_commons.plugin_manager.register(scrubber)
        config.add_cleanup(lambda: allure_commons.plugin_manager.unregister(scrubber))


@pytest.hookimpl(hookwrapper=True)  # outside pytest-playwright's (trylast): after it
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """pytest-playwright's own ``--tracing`` (on live only with --live-artifacts) copies
    its traces into ``--output`` in its teardown report: scrubbed right after, like the
    suite's own, before anyone can attach or upload them."""
    yield
    if call.when != "teardown":
        return
    output = item.config.getoption("--output", default=None)
    if not output:
        return
    folder = invocation_path(item.config, str(output))
    scrubbed = item.config.stash.setdefault(_SCRUBBED, set())
    for trace in sorted(folder.glob("**/trace*.zip")) if folder.is_dir() else []:
        if trace not in scrubbed:
            scrub_trace(trace, known_secrets())
            scrubbed.add(trace)


_SCRUBBED = pytest.StashKey[set[Path]]()

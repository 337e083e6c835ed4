"""pytest plugin: no unmasked artefacts on a live journal, and Allure results without
personal data there (the library part is ``suite.browser.privacy``)."""

from __future__ import annotations

from typing import Any

import allure_commons
import pytest

from suite.browser.privacy import unmasked_artefact_refusal
from suite.model.settings import CONFIG_ERROR_EXIT
from suite.plugins.settings import is_live, settings_of
from suite.reporting.allure_privacy import scrub_result


class _LiveAllureResults:
    """Allure results on live: Gherkin arguments only, identity numbers masked."""

    @allure_commons.hookimpl(tryfirst=True)  # before the file logger writes them
    def report_result(self, result: Any) -> None:
        scrub_result(result)


@pytest.hookimpl(trylast=True)  # after suite.plugins.settings has built the Settings
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

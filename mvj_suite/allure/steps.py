"""pytest plugin: Allure step parameters are the Gherkin arguments, never fixtures.

allure-pytest-bdd records every argument of a step function as a step parameter,
fixtures included: ``pytestconfig = <_pytest.config.Config object at 0x…>``,
``journal_data = …``, page objects. A reader of the report wants what the feature
file wrote (``delning = 'bara mobil'``). Right after Allure has recorded them, this
keeps only the names the step's own parser reads from the step text.
"""

from __future__ import annotations

from typing import Any

import pytest

from mvj_suite.core.bdd import allure_step, step_arguments


@pytest.hookimpl(trylast=True)  # after allure-pytest-bdd has added them
def pytest_bdd_before_step_call(request: pytest.FixtureRequest, step: Any, step_func: Any
                                ) -> None:
    with allure_step(request.config, step) as result:
        if result is not None:
            keep = step_arguments(step, step_func)
            result.parameters = [p for p in result.parameters or [] if p.name in keep]

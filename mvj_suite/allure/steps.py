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
from allure_pytest_bdd.pytest_bdd_listener import PytestBDDListener
from allure_pytest_bdd.steps import get_step_uuid
from pytest_bdd.steps import step_function_context_registry


def gherkin_argument_names(step: Any, step_func: Any) -> set[str]:
    """The arguments the step's parser reads from its text (empty for a plain step).

    pytest-bdd keys its registry by a marker fixture, not by the step function, and one
    function may carry several step texts: the context is the one whose function this is
    and whose parser matches the text.
    """
    for context in list(step_function_context_registry.values()):
        if context.step_func is step_func and context.parser.is_matching(step.name):
            return set(context.parser.parse_arguments(step.name) or {})
    return set()


def _listener(config: pytest.Config) -> PytestBDDListener | None:
    return next((plugin for plugin in config.pluginmanager.get_plugins()
                 if isinstance(plugin, PytestBDDListener)), None)


@pytest.hookimpl(trylast=True)  # after allure-pytest-bdd has added them
def pytest_bdd_before_step_call(request: pytest.FixtureRequest, step: Any, step_func: Any
                                ) -> None:
    listener = _listener(request.config)
    if listener is None:  # Allure not on (no --alluredir)
        return
    keep = gherkin_argument_names(step, step_func)
    with listener.lifecycle.update_step(uuid=get_step_uuid(step)) as result:
        if result is not None:
            result.parameters = [p for p in result.parameters or [] if p.name in keep]

"""pytest plugin: Allure step parameters are the Gherkin arguments, in Swedish.

allure-pytest-bdd records every argument of a step function as a step parameter,
fixtures included: ``pytestconfig = <_pytest.config.Config object at 0x…>``,
``journal_data = …``, page objects. A reader of the report wants what the feature
file wrote (``delning = 'bara mobil'``). Right after Allure has recorded them, this
keeps only the names the step's own parser reads from the step text, under their
Swedish names (the parsers' group names are identifiers, in English), valued as the
text wrote them, and drops the optional parts the step text left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from allure_commons.utils import represent

from mvj_suite.core.bdd import allure_step, step_arguments

# The step parsers' argument names (steps/*.py) as a reader of the report sees them.
# A project test keeps every argument name of steps/ in this table.
SWEDISH_NAMES: dict[str, str] = {
    "button": "knapp",
    "card": "kort",
    "case": "skiftläge",
    "count": "antal",
    "email": "e-post",
    "field": "fält",
    "key": "tangent",
    "keyboard": "tangentbord",
    "minutes": "minuter",
    "mobile": "mobil",
    "notation": "skrivsätt",
    "part": "del",
    "persona": "person",
    "problem": "problem",
    "protection": "skydd",
    "route": "kontaktväg",
    "seconds": "sekunder",
    "sharing": "delning",
    "style": "skrivsätt",
    "text": "söktext",
    "words": "värde",
    "wrong": "fel",
}


def swedish_parameters(parameters: list[Any], texts: Mapping[str, str | None]) -> list[Any]:
    """The step's own arguments under Swedish names, each valued as the step's text wrote
    it (not as the step's converter made it: ``True``, ``<method 'upper' …>``), without
    the optional parts the text left out."""
    kept = []
    for parameter in parameters:
        text = texts.get(parameter.name)
        if text:
            parameter.name = SWEDISH_NAMES.get(parameter.name, parameter.name)
            parameter.value = represent(text)
            kept.append(parameter)
    return kept


@pytest.hookimpl(trylast=True)  # after allure-pytest-bdd has added them
def pytest_bdd_before_step_call(request: pytest.FixtureRequest, step: Any, step_func: Any
                                ) -> None:
    with allure_step(request.config, step) as result:
        if result is not None:
            texts = step_arguments(step, step_func)
            result.parameters = swedish_parameters(result.parameters or [], texts)

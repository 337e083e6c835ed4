"""Allure's step parameters: the Gherkin arguments only, under Swedish names."""

from __future__ import annotations

import importlib
import pkgutil

from allure_commons.model2 import Parameter

import steps
from mvj_suite.allure import steps as allure_steps
from mvj_suite.core import bdd
from mvj_suite.core.bdd import step_function_context_registry


def _step_argument_names() -> set[str]:
    """Every argument name a step parser of steps/ reads from a step's text."""
    for module in pkgutil.iter_modules(steps.__path__):
        importlib.import_module(f"steps.{module.name}")
    names: set[str] = set()
    for context in list(step_function_context_registry.values()):
        regex = getattr(context.parser, "regex", None)
        names |= set(regex.groupindex) if regex is not None else set()
    return names


def test_every_step_argument_has_a_swedish_name() -> None:
    names = _step_argument_names()
    assert "persona" in names  # the registry was read
    assert names - set(allure_steps.SWEDISH_NAMES) == set(), "svenskt namn saknas"
    unused = set(allure_steps.SWEDISH_NAMES) - names
    assert unused == set(), f"inget steg läser längre: {unused}"


def test_parameters_are_the_steps_own_in_swedish_as_the_text_wrote_them() -> None:
    # Allure records the step function's arguments after the step's converters.
    given = [
        Parameter(name="persona", value="'sjuksköterskan Sara'"),
        Parameter(name="keyboard", value="True"),
        Parameter(name="case", value="<method 'upper' of 'str' objects>"),
        Parameter(name="wrong", value="False"),  # "( med …)?" not written
        Parameter(name="words", value="'070-174 06 05'"),
        Parameter(name="pytestconfig", value="<_pytest.config.Config object at 0x7f>"),
    ]
    texts = {"persona": "sjuksköterskan Sara", "keyboard": "med tangentbordet ",
             "case": " med versaler", "wrong": None, "words": "070-174 06 05"}
    kept = allure_steps.swedish_parameters(given, texts)
    assert [(p.name, p.value) for p in kept] == [
        ("person", "'sjuksköterskan Sara'"),
        ("tangentbord", "'med tangentbordet '"),
        ("skiftläge", "' med versaler'"),
        ("värde", "'070-174 06 05'"),
    ]


def test_the_parser_gives_the_text_as_written() -> None:
    _step_argument_names()  # the steps registered
    step = type("Step", (), {"name": 'hon söker med tangentbordet på "Sjö"'})()
    context = next(c for c in list(step_function_context_registry.values())
                   if getattr(c.parser, "regex", None) is not None
                   and "(?P<text>" in c.parser.regex.pattern
                   and c.parser.is_matching(step.name))
    assert bdd.step_arguments(step, context.step_func) == {
        "keyboard": "med tangentbordet ", "text": "Sjö"}

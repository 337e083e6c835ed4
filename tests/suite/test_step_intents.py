"""Every step says whether it reads or writes; the wire guard relies on it."""

from __future__ import annotations

import ast
from pathlib import Path

from mvj_suite.core.settings import ROOT

STEP_DECORATORS = {"given", "when", "then"}
INTENTS = {"reads", "writes"}


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    return target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")


def _step_functions() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in sorted((ROOT / "steps").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                names = {_decorator_name(d) for d in node.decorator_list}
                if names & STEP_DECORATORS:
                    found.append((Path(path).name, node))
    return found


def test_every_step_declares_whether_it_reads_or_writes() -> None:
    steps = _step_functions()
    assert len(steps) > 50  # the walk found the suite's steps
    undeclared = [
        f"{name}:{node.name}"
        for name, node in steps
        if len({_decorator_name(d) for d in node.decorator_list} & INTENTS) != 1
    ]
    assert undeclared == []


def test_only_saving_steps_write() -> None:
    """Writing is the exception: adding or changing a customer, nothing else."""
    writers = sorted(
        node.name
        for _name, node in _step_functions()
        if "writes" in {_decorator_name(d) for d in node.decorator_list}
    )
    assert writers == sorted([
        "save", "added_meanwhile", "customer_added", "address_changed",
        "customer_just_added", "reserve_customer_just_added", "reserve_added",
        "added_from_pu", "save_with_keyboard",
    ])  # fmt: skip


UNTAGGED = """# language: sv
@rutin-2.2
Egenskap: Ett scenario som sparar utan att säga det

  Scenario: Spara utan taggen skriver
    När hon sparar
"""


def test_a_writing_step_in_a_scenario_without_skriver_fails_on_the_stub(tmp_path: Path) -> None:
    """Before anything is typed: the step's function never runs (it has no dialog)."""
    from tests.suite.isolated_suite import copy_suite, run_suite

    copy = copy_suite(tmp_path / "repo")
    for feature in (copy / "features").glob("*.feature"):
        feature.unlink()
    (copy / "features" / "otaggad.feature").write_text(UNTAGGED, encoding="utf-8")
    outcome = run_suite(copy, "--signoff=nej", "-q", f"--alluredir={tmp_path / 'allure'}")
    assert outcome.ret == 1, outcome.stdout[-2000:]
    assert "Steget »hon sparar« skriver i journalen (@writes)" in outcome.stdout
    assert "saknar taggen @skriver" in outcome.stdout

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


def _saving_functions() -> set[str]:
    """The functions in ``steps/`` (``module.name``) that save: they call a page object's
    ``save`` (the only writing action, ``@writing`` in pages/), or use a steps function
    that does, at any depth. Names are resolved through each module's own imports, so a
    page object's method of the same name (``search.add_customer()``) is not the steps
    function ``add_customer``."""
    uses: dict[str, set[str]] = {}
    saves: set[str] = set()
    for path in sorted((ROOT / "steps").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        own = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        names = {name: f"{path.stem}.{name}" for name in own}
        modules: dict[str, str] = {}
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("steps"):
                for alias in node.names:
                    if node.module == "steps":
                        modules[alias.asname or alias.name] = alias.name
                    else:
                        stem = node.module.removeprefix("steps.")
                        names[alias.asname or alias.name] = f"{stem}.{alias.name}"
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            inner = list(ast.walk(node))
            qualified = f"{path.stem}.{node.name}"
            uses[qualified] = {names[n.id] for n in inner
                               if isinstance(n, ast.Name) and n.id in names} | {
                f"{modules[n.value.id]}.{n.attr}" for n in inner
                if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
                and n.value.id in modules}
            if any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                   and n.func.attr == "save" for n in inner):
                saves.add(qualified)
    while True:
        more = {name for name, used in uses.items() if used & saves} - saves
        if not more:
            return saves
        saves |= more


def test_exactly_the_steps_that_save_write() -> None:
    """Writing is the exception: a step is declared ``writes`` if and only if it saves."""
    saving = _saving_functions()
    declared = {f"{Path(name).stem}.{node.name}" for name, node in _step_functions()
                if "writes" in {_decorator_name(d) for d in node.decorator_list}}
    steps = {f"{Path(name).stem}.{node.name}" for name, node in _step_functions()}
    assert declared, "inga skrivande steg hittades"
    assert declared == saving & steps, (
        f"sparar men är inte @writes: {sorted(saving & steps - declared)}; "
        f"@writes men sparar inte: {sorted(declared - saving)}")


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
    outcome = run_suite(copy, "--signoff=no", "-q", f"--alluredir={tmp_path / 'allure'}")
    assert outcome.ret == 1, outcome.stdout[-2000:]
    assert "Steget »hon sparar« skriver i journalen (@writes)" in outcome.stdout
    assert "saknar taggen @skriver" in outcome.stdout

"""The rooms and the arrows between them (docs/arkitektur.md), checked on the source.

The arrows are import-linter contracts in pyproject.toml: rooms in layers, the
capabilities independent of each other, the suite and the stub apart, no cycle. The
rules import-linter has no contract for are checked here on the syntax tree: no
first-party import hidden inside a function, hooks only in the plugin modules, fixtures
only in ``fixtures/``. Each rule is also shown to catch what it is for.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import _pytest.hookspec
import pytest
import pytest_bdd.hooks
import xdist.newhooks

from mvj_suite import plugin

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("mvj_suite", "pages", "steps", "fixtures", "tools", "mvj_stub")
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "pyproject.toml"],
                          cwd=folder, capture_output=True, text=True, check=False)


def test_the_import_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def _layered(contract: dict) -> set[str]:
    return {name.strip() for layer in contract["layers"] for name in layer.split("|")}


def test_every_room_of_the_suite_is_in_a_layer() -> None:
    """A new package outside the layers would be bound by no arrow."""
    rooms = {f"mvj_suite.{p.name}" for p in (ROOT / "mvj_suite").iterdir()
             if (p / "__init__.py").exists() or (p.suffix == ".py" and p.stem != "__init__")}
    rooms = {room.removesuffix(".py") for room in rooms}
    layered = _layered(CONTRACTS["contracts"][0])
    assert rooms - layered == set(), f"rum utan lager i pyproject.toml: {rooms - layered}"


def _fake_project(folder: Path, offences: dict[str, str]) -> None:
    """Every room of the contracts as an empty package, plus the offending imports."""
    contracts = CONTRACTS["contracts"]
    names = _layered(contracts[0]) | set(PACKAGES)
    for name in names:
        package = folder.joinpath(*name.split("."))
        package.mkdir(parents=True, exist_ok=True)
        (package / "__init__.py").touch()
    for module, text in offences.items():
        folder.joinpath(*module.split(".")).with_suffix(".py").write_text(text, "utf-8")
    lines = ["[tool.importlinter]", f"root_packages = {list(PACKAGES)!r}"]
    for contract in contracts:
        lines.append("[[tool.importlinter.contracts]]")
        lines += [f"{key} = {value!r}".replace("'", '"') for key, value in contract.items()]
    (folder / "pyproject.toml").write_text("\n".join(lines) + "\n", "utf-8")


@pytest.mark.parametrize(("contract", "offences"), [
    ("rooms", {"mvj_suite.model.upward": "import mvj_suite.core\n"}),
    ("rooms", {"mvj_suite.signoff.sideways": "import mvj_suite.a11y\n"}),
    ("rooms", {"pages.upward": "import steps\n"}),
    ("suite-not-stub", {"mvj_suite.core.stub": "import mvj_stub\n"}),
    ("stub-not-suite", {"mvj_stub.suite": "import mvj_suite.model\n"}),
    ("no-cycles", {"pages.one": "import pages.two\n", "pages.two": "import pages.one\n"}),
])  # fmt: skip
def test_each_contract_catches_what_it_is_for(tmp_path: Path, contract: str,
                                              offences: dict[str, str]) -> None:
    _fake_project(tmp_path, offences)
    clean = lint_imports(tmp_path)
    assert clean.returncode == 1, clean.stdout + clean.stderr
    broken = next(c["name"] for c in CONTRACTS["contracts"] if c["id"] == contract)
    assert f"{broken} BROKEN" in clean.stdout, clean.stdout


# --- what import-linter has no contract for ------------------------------------------------
@dataclass(frozen=True)
class Import:
    source: str  # importing module
    target: str  # imported first-party module
    line: int


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for top in PACKAGES for path in (ROOT / top).rglob("*.py")}
MODULES["conftest"] = ROOT / "conftest.py"


def hidden(module: str, source: str) -> list[Import]:
    """First-party imports inside a function: they dodge a cycle or a layer unseen."""
    tree = ast.parse(source)
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    found = []
    for node in (sub for function in functions for sub in ast.walk(function)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        found += [Import(module, name, node.lineno) for name in names
                  if name.split(".")[0] in PACKAGES]
    return found


def test_no_first_party_import_hides_inside_a_function() -> None:
    found = [imp for module, path in MODULES.items()
             for imp in hidden(module, path.read_text(encoding="utf-8"))]
    assert found == [], f"importer inuti funktioner: {found}"


def test_a_hidden_import_is_found() -> None:
    source = "import json\n\ndef f():\n    import json\n    from pages.login import X\n"
    assert hidden("pages.shell", source) == [Import("pages.shell", "pages.login", 5)]


def _top_level_functions(module: str) -> list[ast.FunctionDef]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    return [node for node in tree.body if isinstance(node, ast.FunctionDef)]


def _is_fixture(function: ast.FunctionDef) -> bool:
    def name(decorator: ast.expr) -> str:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        return ast.unparse(target)

    return any(name(d) in ("pytest.fixture", "fixture") for d in function.decorator_list)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("fixtures.")))
def test_fixtures_hold_only_fixtures(module: str) -> None:
    others = [f.name for f in _top_level_functions(module) if not _is_fixture(f)]
    classes = [
        node.name
        for node in ast.parse(MODULES[module].read_text(encoding="utf-8")).body
        if isinstance(node, ast.ClassDef)
    ]
    assert (others, classes) == ([], []), f"{module}: annat än fixturer: {others + classes}"


PLUGIN_MODULES = set(plugin.pytest_plugins)
# Hook names pytest and the plugins the suite builds on define (not any pytest_ name).
HOOKS = {name for specs in (_pytest.hookspec, pytest_bdd.hooks, xdist.newhooks)
         for name in dir(specs) if name.startswith("pytest_")}


def test_every_plugin_module_exists() -> None:
    assert PLUGIN_MODULES - set(MODULES) == set()


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not m.startswith("mvj_stub")))
def test_hooks_only_in_plugin_modules_and_fixtures_only_in_fixtures(module: str) -> None:
    """A hook outside mvj_suite/plugin.py's list never runs; a fixture outside
    ``fixtures/`` hides from the reader who looks for it there."""
    functions = _top_level_functions(module)
    hooks = [f.name for f in functions if f.name in HOOKS]
    fixtures = [f.name for f in functions if _is_fixture(f)]
    if module not in PLUGIN_MODULES and module != "conftest":
        assert hooks == [], f"{module}: krokar utanför pluginmodulerna: {hooks}"
    if not module.startswith("fixtures."):
        assert fixtures == [], f"{module}: fixturer utanför fixtures/: {fixtures}"

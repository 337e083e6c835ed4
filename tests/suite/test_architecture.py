"""The rooms and the arrows between them (docs/arkitektur.md), checked on the source.

Every first-party import is read from the syntax tree — at module level or inside a
function — and must point to the same layer or one below. Import cycles, imports
inside functions that dodge one, and imports between the suite and the stub are
refused; each rule names the file and line that breaks it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("suite", "pages", "steps", "fixtures", "tools", "mvj_stub")
SUITE_SIDE = ("suite", "pages", "steps", "fixtures", "tools", "conftest")

# Lowest first. A module may import from its own layer and the layers before it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("model", ("suite.model",)),
    ("reporting and processes", (
        "suite.reporting", "suite.stub_control", "suite.stub_process", "suite.bdd",
        "suite.browser_server",
    )),
    ("pages", ("pages",)),
    ("browser and journal", ("suite.browser", "suite.journal", "suite.journal_data")),
    ("plugins", ("suite.plugins",)),
    ("fixtures", ("fixtures",)),
    ("steps", ("steps",)),
    ("entry points", ("tools", "suite.cli", "suite.benchmark", "conftest")),
]  # fmt: skip


@dataclass(frozen=True)
class Import:
    source: str  # importing module
    target: str  # imported first-party module
    line: int
    in_function: bool


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    found = {_module_name(path): path for top in PACKAGES for path in (ROOT / top).rglob("*.py")}
    found["conftest"] = ROOT / "conftest.py"
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    parts = name.split(".")
    while parts and ".".join(parts) not in MODULES:
        parts.pop()
    return ".".join(parts) or None


def _imports(module: str) -> Iterator[Import]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    inner = {id(sub) for f in functions for sub in ast.walk(f)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # ``from pkg import module`` imports the module, ``from module import name`` not.
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            target = _resolve(name) if name.split(".")[0] in PACKAGES else None
            if target and target != module:
                yield Import(module, target, node.lineno, id(node) in inner)


IMPORTS = [imp for module in MODULES for imp in _imports(module)]


def _layer(module: str) -> int | None:
    for index, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    return None


def _where(imp: Import) -> str:
    return f"{MODULES[imp.source].relative_to(ROOT)}:{imp.line} ({imp.source} -> {imp.target})"


def _only_docstring(module: str) -> bool:
    body = ast.parse(MODULES[module].read_text(encoding="utf-8")).body
    return all(isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) for n in body)


def upward(imports: list[Import]) -> list[str]:
    found = []
    for imp in imports:
        source, target = _layer(imp.source), _layer(imp.target)
        if source is not None and target is not None and target > source:
            found.append(f"{_where(imp)}: {LAYERS[source][0]} -> {LAYERS[target][0]}")
    return found


def crossing(imports: list[Import]) -> list[str]:
    """Imports between the suite's side and the stub, either way."""

    def stub(module: str) -> bool:
        return module.split(".")[0] == "mvj_stub"

    return [_where(imp) for imp in imports if stub(imp.source) != stub(imp.target)]


def hidden(imports: list[Import]) -> list[str]:
    return [_where(imp) for imp in imports if imp.in_function]


def cycles(imports: list[Import]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        # A package's __init__ importing its own modules is how a package is made.
        if not imp.target.startswith(imp.source + "."):
            graph.setdefault(imp.source, set()).add(imp.target)
            graph.setdefault(imp.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_suite_module_has_a_layer() -> None:
    loose = [
        m
        for m in MODULES
        if not m.startswith("mvj_stub") and _layer(m) is None and not _only_docstring(m)
    ]
    assert loose == [], f"moduler utan lager i docs/arkitektur.md: {loose}"


def test_imports_point_down_or_sideways_never_up() -> None:
    assert upward(IMPORTS) == [], "importer uppåt:\n" + "\n".join(upward(IMPORTS))


def test_the_suite_and_the_stub_never_import_each_other() -> None:
    found = crossing(IMPORTS)
    assert found == [], "sviten och stubben importerar varandra:\n" + "\n".join(found)


def test_no_first_party_import_hides_inside_a_function() -> None:
    assert hidden(IMPORTS) == [], "importer inuti funktioner:\n" + "\n".join(hidden(IMPORTS))


def test_there_is_no_import_cycle() -> None:
    assert cycles(IMPORTS) == [], f"importcykler: {cycles(IMPORTS)}"


def test_each_rule_catches_what_it_is_for() -> None:
    """The checks run on a made-up graph with one fault of each kind."""
    model, steps, pages_a, pages_b = (
        "suite.model.details",
        "steps.card",
        "pages.login",
        "pages.shell",
    )
    broken = [
        Import(model, steps, 1, in_function=False),  # upward
        Import(pages_a, pages_b, 2, in_function=True),  # hidden, and half of a cycle
        Import(pages_b, pages_a, 3, in_function=False),  # the other half
        Import("suite.journal", "mvj_stub.store", 4, in_function=False),  # suite -> stub
        Import("mvj_stub.app", "suite.model.details", 5, in_function=False),  # stub -> suite
    ]
    assert [line.split(" ")[1] for line in upward(broken)] == [f"({model}"]
    assert len(hidden(broken)) == 1 and "pages/login.py:2" in hidden(broken)[0]
    assert cycles(broken) == [[pages_a, pages_b]]
    assert len(crossing(broken)) == 2


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


def _defines_hooks_or_fixtures(module: str) -> list[str]:
    return [
        f.name
        for f in _top_level_functions(module)
        if f.name.startswith("pytest_") or _is_fixture(f)
    ]


@pytest.mark.parametrize(
    "prefix", ["suite.model", "suite.reporting", "pages", "steps", "tools", "suite.browser"]
)
def test_hooks_live_in_plugins_and_fixtures_in_fixtures(prefix: str) -> None:
    misplaced = {
        module: names
        for module in MODULES
        if module == prefix or module.startswith(prefix + ".")
        if (names := _defines_hooks_or_fixtures(module))
    }
    assert misplaced == {}, f"krokar eller fixturer utanför sina rum: {misplaced}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("suite.plugins.")))
def test_plugins_define_hooks_and_no_fixtures(module: str) -> None:
    fixtures = [f.name for f in _top_level_functions(module) if _is_fixture(f)]
    assert fixtures == [], f"{module} definierar fixturer: {fixtures}"

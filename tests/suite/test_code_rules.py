"""Rules for the suite's own code that a reviewer would otherwise have to remember.

- Page objects take every UI word from pages/vocabulary.py (one place to change).
- Nothing locates by CSS, XPath or test id; nothing sleeps.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from mvj_suite.core.settings import ROOT
from pages import vocabulary

SUITE_CODE = [
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "steps").glob("*.py")),
    *sorted((ROOT / "fixtures").glob("*.py")),
    ROOT / "conftest.py",
]
# Not page objects: the contract's words themselves, and the checks that fail in the
# suite's own Swedish (pages/expect.py: what a check expected, never a word of the UI;
# pages/element_names.py: a failed check's element, named from its locator).
PAGE_OBJECTS = [p for p in sorted((ROOT / "pages").glob("*.py"))
                if p.name not in ("vocabulary.py", "expect.py", "element_names.py")]
# Literals a page object may contain: ARIA roles, keyword names, a URL path.
_ALLOWED_LITERAL = re.compile(r"^[a-z_/\-]*$")


def _string_literals(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.lineno, node.value


@pytest.mark.parametrize("path", PAGE_OBJECTS, ids=lambda p: p.name)
def test_page_objects_take_their_words_from_the_vocabulary(path: Path) -> None:
    offenders = [
        f"{path.name}:{line}: {text!r}"
        for line, text in _string_literals(path)
        if not _ALLOWED_LITERAL.match(text)
    ]
    assert not offenders, "UI-text utanför pages/vocabulary.py:\n" + "\n".join(offenders)


def unused_vocabulary(sources: str, names: list[str]) -> list[str]:
    """Entries no ``v.NAME`` in ``sources`` refers to (whole names: ``v.TOO_SHORT``
    is no use of ``v.TOO``)."""
    return [name for name in names if not re.search(rf"\bv\.{name}\b", sources)]


def test_every_vocabulary_entry_is_used_by_a_page_object() -> None:
    used = "\n".join(p.read_text(encoding="utf-8") for p in PAGE_OBJECTS)
    names = [n for n in vars(vocabulary) if n.isupper()]
    assert unused_vocabulary(used, names) == []
    assert unused_vocabulary(used, ["TOO", "TOO_SHORT"]) == ["TOO"]


_FORBIDDEN = [
    (re.compile(r"\.locator\("), "locator() (CSS/XPath)"),
    (re.compile(r"xpath=|css=|//\w"), "XPath/CSS-selektor"),
    (re.compile(r"get_by_test_id|data-testid|query_selector"), "test-id/query_selector"),
    (re.compile(r"time\.sleep|wait_for_timeout|asyncio\.sleep"), "sömn"),
    (re.compile(r"\.\$\$?\("), "$-selektor"),
]


@pytest.mark.parametrize("path", SUITE_CODE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_css_xpath_test_ids_or_sleeps(path: Path) -> None:
    code = "\n".join(
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")
    )
    hits = [what for pattern, what in _FORBIDDEN if pattern.search(code)]
    assert not hits, f"{path.relative_to(ROOT)}: {', '.join(hits)}"


def test_feature_files_are_declarative() -> None:
    """Gherkin says what the user achieves; no selectors, clicks on ids or URLs."""
    bad = re.compile(r"#\w|\.\w+\(|https?://|data-|xpath|css|klickar på knappen", re.I)
    for feature in sorted((ROOT / "features").glob("*.feature")):
        for number, line in enumerate(feature.read_text(encoding="utf-8").splitlines(), 1):
            text = line.strip()
            if text.startswith("#"):
                continue
            assert not bad.search(text), f"{feature.name}:{number}: {text}"

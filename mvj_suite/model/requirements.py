"""The routine's requirement sentences: one id per sentence, read from the routine's text.

``docs/rutin-781659-R12.md`` is the one place the sentences live: the document people
read and the list the sign-off traces are the same file, so they cannot drift apart. A
sentence is a list item that starts with its anchor and its id,

    - <a id="krav-2.2-3"></a>**2.2-3** I dialogen Lägg till kund visas personnumret.

wrapped over indented lines as Markdown allows, and a sentence with no testable rule has
a nested item ``- *Ingen prövbar regel:* <why>``. Scenarios name the sentences they prove
with the Gherkin tag ``@krav-<id>`` (pytest marker ``krav``, see the sign-off's plugin).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from mvj_suite.model.routine import ROUTINE, ROUTINE_DOC

TAG_PREFIX = "krav-"
UNTESTABLE_MARK = "*Ingen prövbar regel:*"
# The project's root (mvj_suite/model/…): the document is read where the suite is checked out.
DOC_PATH = Path(__file__).resolve().parents[2] / ROUTINE_DOC

_ITEM = re.compile(r'^- <a id="krav-(?P<anchor>[^"]+)"></a>\*\*(?P<id>[^*]+)\*\*\s*(?P<text>.*)$')
_REASON = re.compile(r"^  - " + re.escape(UNTESTABLE_MARK) + r"\s*(?P<text>.*)$")
_CONTINUED = re.compile(r"^ {2,}(?P<text>\S.*)$")
_ID = re.compile(r"^(?P<section>\d+(?:\.\d+)*)-(?P<number>\d+)$")


@dataclass(frozen=True)
class Requirement:
    id: str  # "2.2-3"
    sentence: str
    # Why the sentence has no testable rule; "" for a sentence scenarios must prove.
    untestable: str = ""

    @property
    def section(self) -> str:
        return self.id.rsplit("-", 1)[0]

    @property
    def anchor(self) -> str:
        return requirement_anchor(self.id)

    @property
    def tag(self) -> str:
        return f"{TAG_PREFIX}{self.id}"

    @property
    def testable(self) -> bool:
        return not self.untestable


def requirement_anchor(requirement_id: str) -> str:
    return f"krav-{requirement_id}"


class RequirementsError(ValueError):
    """The routine's document does not list its sentences as this module reads them."""


def parse_requirements(text: str) -> tuple[Requirement, ...]:
    """Every requirement sentence in ``text``, in document order.

    Raises :class:`RequirementsError` for an item whose anchor and id differ, an id that
    is malformed, names no section of the routine or comes twice.
    """
    found: list[Requirement] = []
    current: dict[str, list[str]] | None = None

    def close() -> None:
        if current is not None:
            found.append(Requirement(
                current["id"][0], " ".join(current["sentence"]), " ".join(current["reason"])))

    for number, line in enumerate(text.splitlines(), start=1):
        item = _ITEM.match(line)
        if item:
            close()
            requirement_id = item["id"].strip()
            _check_id(requirement_id, item["anchor"], number)
            current = {"id": [requirement_id], "sentence": [item["text"].strip()], "reason": []}
            continue
        if current is None:
            continue
        reason = _REASON.match(line)
        continued = _CONTINUED.match(line)
        if reason:
            current["reason"].append(reason["text"].strip())
        elif continued and current["reason"]:
            current["reason"].append(continued["text"].strip())
        elif continued:
            current["sentence"].append(continued["text"].strip())
        else:  # a blank line, the next heading or the next item: the sentence is complete
            close()
            current = None
    close()
    ids = [r.id for r in found]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise RequirementsError(f"krav-id förekommer mer än en gång: {', '.join(twice)}")
    return tuple(found)


def _check_id(requirement_id: str, anchor: str, line: int) -> None:
    where = f"{ROUTINE_DOC} rad {line}"
    if anchor != requirement_id:
        raise RequirementsError(f"{where}: ankaret krav-{anchor} hör inte till id {requirement_id}")
    match = _ID.match(requirement_id)
    if not match:
        raise RequirementsError(f"{where}: {requirement_id} är inget krav-id (avsnitt-nummer)")
    section = ROUTINE.section(match["section"])
    if section is None or section.is_heading:
        raise RequirementsError(
            f"{where}: {requirement_id} hör inte till något avsnitt med egna meningar")


@cache
def load_requirements(path: Path = DOC_PATH) -> tuple[Requirement, ...]:
    """The routine's sentences (read once per process). Raises :class:`RequirementsError`
    when the document is missing or malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise RequirementsError(f"{ROUTINE_DOC} kunde inte läsas: {error.strerror}") from error
    return parse_requirements(text)


def requirements_or_problem() -> tuple[tuple[Requirement, ...], str]:
    """The sentences, or none and the one Swedish line that says why."""
    try:
        return load_requirements(), ""
    except RequirementsError as error:
        return (), str(error)


def requirement_ids(marks: Iterable[tuple[str, tuple[object, ...]]]) -> list[str]:
    """The ids a scenario names, from its ``krav`` markers' arguments, in document order
    (ids the document does not know after them, so a report can show them)."""
    named = {str(arg) for name, args in marks if name == "krav" for arg in args}
    order = {r.id: index for index, r in enumerate(requirements_or_problem()[0])}
    return sorted(named, key=lambda i: (i not in order, order.get(i, 0), i))

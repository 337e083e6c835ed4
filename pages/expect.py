"""The page objects' checks, failing in the suite's own Swedish words.

``expect(locator).to_be_visible()`` reads like Playwright's ``expect`` and waits the
same way (it is Playwright's underneath). When a check fails, the suite says what
it expected and reads for itself what the page showed, and raises
:class:`JournalCheckFailed` with both in Swedish, one sentence for a release board and
the element the check looked at, by role and name (pages/element_names.py).
Reports take those fields from the exception: nothing rewords Playwright's English, so
a new wording in Playwright cannot break them.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator
from playwright.sync_api import expect as playwright_expect

from pages import vocabulary as v
from pages.element_names import describe_locator

READ_TIMEOUT_MS = 1_000  # reading what the page shows after a check already waited
NOT_ON_PAGE = "finns inte på sidan"
NOT_ON_PAGE_NOTE = " – det som skulle kontrolleras fanns inte på sidan."

# The check, what it expects (and expects when negated), and the board's sentence
# (and the sentence when negated).
_CHECKS: dict[str, tuple[str, str, str, str]] = {
    "visible": ("synlig", "inte synlig",
                "Något som skulle synas på sidan syntes inte.",
                "Något som inte skulle synas fanns kvar på sidan."),
    "text": ("texten {0}", "inte texten {0}",
             "Sidan visade inte den väntade texten.",
             "Sidan visade en text som inte skulle finnas där."),
    "contains": ("innehåller {0}", "innehåller inte {0}",
                 "Sidan visade inte den väntade texten.",
                 "Sidan visade en text som inte skulle finnas där."),
    "value": ("värdet {0}", "inte värdet {0}",
              "Ett fält hade inte det väntade värdet.",
              "Ett fält hade ett värde som det inte skulle ha (till exempel tomt)."),
    "checked": ("markerad", "inte markerad",
                "Ett val var inte markerat fast det skulle vara det.",
                "Ett val var markerat fast det inte skulle vara det."),
    "count": ("antalet {0}", "inte antalet {0}",
              "Sidan visade inte det väntade antalet rader eller element.",
              "Sidan visade ett antal rader eller element som den inte skulle visa."),
    "disabled": ("går inte att använda", "går att använda",
                 "En knapp eller ett fält gick att använda fast det inte skulle gå.",
                 "En knapp eller ett fält gick inte att använda."),
    "editable": ("går att skriva i", "går inte att skriva i",
                 "Ett fält gick inte att skriva i.",
                 "Ett fält gick att skriva i fast det inte skulle gå."),
    "focused": ("har fokus", "har inte fokus",
                "Fokus stod inte där det skulle.", "Fokus stod där det inte skulle."),
}  # fmt: skip


class JournalCheckFailed(AssertionError):
    """A check of what the journal shows failed: an assertion about the journal."""

    def __init__(self, expected: str, actual: str, sentence: str, detail: str,
                 element: str = "") -> None:
        where = f" Element: {element}." if element else ""
        super().__init__(f"{sentence}{where} Väntat: {expected}. Faktiskt: {actual}.\n{detail}")
        self.expected = expected
        self.actual = actual
        self.sentence = sentence
        self.element = element  # "knappen «Spara» i dialogen «Lägg till kund»", or ""


def _quoted(value: object) -> str:
    return f"«{value}»"


class Expectation:
    """``expect(locator)``: the checks the page objects use, each as Playwright's."""

    def __init__(self, locator: Locator, negated: bool = False) -> None:
        self._locator = locator
        self._negated = negated

    def _run(self, kind: str, assertion: Callable[[], None], shown: Callable[[], str],
             *arguments: object) -> None:
        try:
            assertion()
        except AssertionError as failure:
            expects, expects_not, sentence, sentence_not = _CHECKS[kind]
            wanted = (expects_not if self._negated else expects).format(*arguments)
            actual = self._read(shown, counts=kind == "count")
            said = sentence_not if self._negated else sentence
            if actual == NOT_ON_PAGE and kind != "visible" and not self._negated:
                said = said.removesuffix(".") + NOT_ON_PAGE_NOTE
            raise JournalCheckFailed(wanted, actual, said, str(failure),
                                     element=describe_locator(self._locator)) from None

    def _read(self, shown: Callable[[], str], counts: bool) -> str:
        """What the page shows now, read by the suite (never from Playwright's message)."""
        try:
            if not counts and self._locator.count() == 0:
                return NOT_ON_PAGE
            return shown()
        except PlaywrightError:
            return NOT_ON_PAGE

    def _first(self) -> Locator:
        return self._locator.first

    def _state(self, yes: str, no: str, probe: Callable[[Locator], bool]) -> Callable[[], str]:
        return lambda: yes if probe(self._first()) else no


    @property
    def not_(self) -> Expectation:
        return Expectation(self._locator, negated=not self._negated)

    def _assertion(self, name: str, *arguments: object) -> Callable[[], None]:
        """Playwright's own check (``to_…``, or ``not_to_…`` negated), to be run."""
        checks = playwright_expect(self._locator)
        method = getattr(checks, f"not_{name}" if self._negated else name)
        return lambda: method(*arguments)

    def _text(self) -> str:
        return _quoted(self._first().inner_text(timeout=READ_TIMEOUT_MS).strip())

    def _value(self) -> str:
        return _quoted(self._first().input_value(timeout=READ_TIMEOUT_MS))

    def to_be_visible(self) -> None:
        self._run("visible", self._assertion("to_be_visible"),
                  self._state("synlig", "dold", lambda el: el.is_visible()))

    def to_have_text(self, text: str) -> None:
        self._run("text", self._assertion("to_have_text", text), self._text,
                  _quoted(text))

    def to_contain_text(self, text: str) -> None:
        self._run("contains", self._assertion("to_contain_text", text), self._text,
                  _quoted(text))

    def to_have_value(self, value: str) -> None:
        self._run("value", self._assertion("to_have_value", value), self._value,
                  _quoted(value))

    def to_be_checked(self) -> None:
        self._run("checked", self._assertion("to_be_checked"),
                  self._state("markerad", "inte markerad", lambda el: el.is_checked()))

    def to_have_count(self, count: int) -> None:
        self._run("count", self._assertion("to_have_count", count),
                  lambda: str(self._locator.count()), count)

    def to_be_disabled(self) -> None:
        self._run("disabled", self._assertion("to_be_disabled"),
                  self._state("går inte att använda", "går att använda",
                              lambda el: el.is_disabled()))

    def to_be_editable(self) -> None:
        self._run("editable", self._assertion("to_be_editable"),
                  self._state("går att skriva i", "går inte att skriva i",
                              lambda el: el.is_editable()))

    def to_be_focused(self) -> None:
        self._run("focused", self._assertion("to_be_focused"),
                  self._state("har fokus", "har inte fokus",
                              lambda el: bool(el.evaluate(v.FOCUS_QUESTIONS["is_focused"]))))

    def not_to_be_checked(self) -> None:
        self.not_.to_be_checked()

    def not_to_be_editable(self) -> None:
        self.not_.to_be_editable()

    def not_to_have_value(self, value: str) -> None:
        self.not_.to_have_value(value)

    def not_to_contain_text(self, text: str) -> None:
        self.not_.to_contain_text(text)


def expect(locator: Locator) -> Expectation:
    return Expectation(locator)

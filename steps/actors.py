"""Who is at the keyboard: a persona, the card in the reader and the browser in use."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Dialog, Page

from suite.browser.journal_browser import JournalBrowser
from suite.journal import Card, Journal

# Personas of the feature files -> the stub's card keys (see INTERFACES / the banner).
PERSONA_CARDS = {
    "sjuksköterskan Sara": "sjukskoterska",
    "Sara": "sjukskoterska",
    "sjuksköterskan Per": "sjukskoterska2",
    "Olof": "utan-behorighet",
    "Ulla": "utgangen",
    "Frida": "fel-utfardare",
}


@dataclass
class User:
    persona: str
    card: Card | None  # None: no card in the reader
    page: Page
    history: list[Page] = field(default_factory=list)  # earlier browsers and tabs
    # Messages of alert/confirm/prompt boxes the journal's pages opened: a stored
    # script that runs shows up here (Playwright dismisses them either way).
    script_boxes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._watch(self.page)

    def switch_to(self, page: Page) -> None:
        """Go on in ``page`` (a fresh browser, a new tab); the old one stays in history."""
        self.history.append(self.page)
        self.page = page
        self._watch(page)

    def _watch(self, page: Page) -> None:
        def record(box: Dialog) -> None:
            self.script_boxes.append(box.message)
            box.dismiss()

        page.on("dialog", record)


def open_browser(
    journal_browser: JournalBrowser, journal: Journal, persona: str, with_card: bool
) -> User:
    key = PERSONA_CARDS[persona]
    card = journal.card(key) if with_card else None
    page = journal_browser.open(key if with_card else None)
    return User(persona=persona, card=card, page=page)

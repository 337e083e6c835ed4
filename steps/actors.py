"""Who is at the keyboard: a persona, the card in the reader and the browser in use."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page

from suite.browser.journal_browser import JournalBrowser
from suite.model.journal import Card, Journal

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

    def __post_init__(self) -> None:
        self.history: list[Page] = []  # earlier browsers, when a fresh one was opened


def open_browser(
    journal_browser: JournalBrowser, journal: Journal, persona: str, with_card: bool
) -> User:
    key = PERSONA_CARDS[persona]
    card = journal.card(key) if with_card else None
    page = journal_browser.open(key if with_card else None)
    return User(persona=persona, card=card, page=page)

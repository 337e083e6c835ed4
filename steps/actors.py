"""Who is at the keyboard: a persona, the card in the reader and the browser in use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Dialog, Page

from mvj_suite.core.journal import Card, Journal
from mvj_suite.core.journal_browser import JournalBrowser
from mvj_suite.core.shared_login import SharedSessionMisuse

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
    # Started from the worker's shared login (mvj_suite.core.shared_login): steps that
    # end or age the session must not run then.
    shared_session: bool = False
    # The address of the journal page she was on when she logged out, as the browser
    # showed it (never a path the suite knows): opening it again must not show it.
    left_at: str = ""

    def __post_init__(self) -> None:
        self._watch(self.page)

    def expect_own_session(self, action: str) -> None:
        """Stop a step that would end or age the session other scenarios share."""
        if self.shared_session:
            raise SharedSessionMisuse(
                f"Steget {action} och påverkar då sessionen som andra scenarier delar: "
                "märk scenariot (eller egenskapen) med @egen-inloggning."
            )

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
    journal_browser: JournalBrowser,
    journal: Journal,
    persona: str,
    with_card: bool,
    storage_state: dict[str, Any] | None = None,
) -> User:
    key = PERSONA_CARDS[persona]
    card = journal.card(key) if with_card else None
    page = journal_browser.open(key if with_card else None, storage_state)
    return User(persona=persona, card=card, page=page, shared_session=storage_state is not None)

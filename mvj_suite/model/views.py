"""The routine's views by name, and who is told when the suite sees one.

A page object calls :func:`shown` once it has confirmed that a view is on the
screen (its heading, its dialog). Whoever listens — the accessibility check
(``mvj_suite.a11y.plugin``) — can then look at the view while it is
there. Page objects know views; they never know who checks them (the same
pattern as ``mvj_suite.model.intent``). Without a listener this costs nothing.

The names are Swedish: they are what the sign-off and Allure show, and what a
test team writes in its known-issue list (``docs/tillganglighet.md``).
"""

from __future__ import annotations

from typing import Any, Protocol

from mvj_suite.model.listeners import Listeners

LOGIN = "Inloggning"
LOGIN_REFUSED = "Inloggning – nekad"
LANDING = "Startsida efter inloggning"
SEARCH = "Sök kund"
SEARCH_RESULTS = "Sök kund med träffar"
CARD = "Kundkort"
PROTECTED_CARD = "Kundkort – skyddad identitet"
ADD = "Lägg till kund"
ADD_AFTER_PU = "Lägg till kund efter hämtning från PU-tjänsten"
RESERVE = "Lägg till kund med reservnummer"
EDIT = "Ändra kund"
LOGGED_OUT = "Utloggad"
LOGGED_OUT_INACTIVE = "Utloggad efter inaktivitet"

# In the routine's order: the sign-off lists the views so, and names the ones a run
# never reached.
VIEWS: tuple[str, ...] = (
    LOGIN, LOGIN_REFUSED, LANDING, SEARCH, SEARCH_RESULTS, CARD, PROTECTED_CARD,
    ADD, ADD_AFTER_PU, RESERVE, EDIT, LOGGED_OUT, LOGGED_OUT_INACTIVE,
)  # fmt: skip


class Listener(Protocol):
    def view_shown(self, page: Any, view: str) -> None: ...


_listeners: Listeners[Listener] = Listeners()
listen, unlisten = _listeners.add, _listeners.remove


def shown(page: Any, view: str) -> None:
    """``view`` is on ``page`` now (a Playwright page; typed loosely: pure module)."""
    if view not in VIEWS:
        raise KeyError(f"ingen vy i rutinen heter {view!r}")
    for listener in _listeners:
        listener.view_shown(page, view)

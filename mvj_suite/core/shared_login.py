"""One real login per card holder and worker, reused by scenarios not about the login.

Playwright's storage-state pattern: the first scenario that needs a logged-in
nurse logs in through the journal's own login page; the browser's cookies and
local storage are then kept (in memory only — they hold a live session, never a
file in the reports) and every later scenario starts its fresh context from them.

Isolation: each scenario still gets its own browser context, tabs and clock. What
it shares is the journal's session for that card. So a scenario that could end or
age that session — one whose subject is the login or the session — logs in by
itself (``@egen-inloggning``; ``@klocka`` scenarios too, as their session must
start on the frozen clock). The steps that end a session check that they are not
running on the shared one (``SharedSessionMisuse``), so a new scenario that forgets
the tag fails loudly instead of logging out its neighbours.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

OWN_LOGIN_MARKERS = frozenset({"egen-inloggning", "klocka"})
# Well inside the routine's 45 minutes: a kept session left alone this long (a
# --real-time scenario waits 45 real minutes in its own session) is not offered
# again — the journal may show an inactivity page rather than its login page.
MAX_IDLE_SECONDS = 30 * 60


def needs_own_login(markers: Iterable[str]) -> bool:
    """Whether a scenario with these tags logs in through the UI in its own browser."""
    return not OWN_LOGIN_MARKERS.isdisjoint(markers)


class SharedSessionMisuse(AssertionError):
    """A step that ends or ages a session ran on the session other scenarios share."""


class SharedLogins:
    """Storage states of real logins, one per card, for one worker."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._states: dict[str, dict[str, Any]] = {}
        self._used: dict[str, float] = {}
        self.logins = 0  # real UI logins made for the cache
        self.reused = 0
        self.journal_version: str | None = None  # as the last real login showed it

    def get(self, card_key: str) -> dict[str, Any] | None:
        now = self._clock()
        if now - self._used.get(card_key, now) > MAX_IDLE_SECONDS:
            self.forget(card_key)
        self._used[card_key] = now
        return self._states.get(card_key)

    def remember(self, card_key: str, state: dict[str, Any]) -> None:
        self._states[card_key] = state
        self._used[card_key] = self._clock()

    def forget(self, card_key: str) -> None:
        self._states.pop(card_key, None)
        self._used.pop(card_key, None)

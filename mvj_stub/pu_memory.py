"""What PU-tjänsten said about protection, remembered on the server per session and number."""

from __future__ import annotations

import threading


class PuMemory:
    """Server-side record of PU's protection answers, per session (token hash) and number.

    The dialogs decide protection from this record, never from anything the
    browser sends back. It holds 12-digit numbers and booleans, nothing personal.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._answers: dict[str, dict[str, bool]] = {}

    def remember(self, session_key: str, number: str, protected: bool) -> None:
        with self._lock:
            self._answers.setdefault(session_key, {})[number] = protected

    def protected(self, session_key: str, number: str) -> bool | None:
        """True/False as PU last answered in this session; None when it never did."""
        with self._lock:
            return self._answers.get(session_key, {}).get(number)

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()

"""The stub's clock: real time plus an offset, which tests can freeze and move.

Sessions, certificate validity and "today" (for identity numbers) all read
this clock, so a test can jump 45 minutes without waiting for them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta


def _real_now() -> datetime:
    return datetime.now(UTC)


class StubClock:
    """Thread-safe. ``now()`` is timezone-aware (local zone)."""

    def __init__(self, real_now: Callable[[], datetime] = _real_now) -> None:
        self._real_now = real_now
        self._lock = threading.Lock()
        self._offset = timedelta()
        self._frozen_at: datetime | None = None

    def now(self) -> datetime:
        with self._lock:
            return self._now_locked().astimezone()

    def _now_locked(self) -> datetime:
        if self._frozen_at is not None:
            return self._frozen_at
        return self._real_now() + self._offset

    def timestamp(self) -> float:
        return self.now().timestamp()

    def today(self) -> date:
        return self.now().date()

    @property
    def frozen(self) -> bool:
        with self._lock:
            return self._frozen_at is not None

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        step = timedelta(seconds=seconds)
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += step
            else:
                self._offset += step

    def freeze(self, frozen: bool) -> None:
        """Freeze at the current stub time, or let it run on from where it stands."""
        with self._lock:
            if frozen and self._frozen_at is None:
                self._frozen_at = self._now_locked()
            elif not frozen and self._frozen_at is not None:
                self._offset = self._frozen_at - self._real_now()
                self._frozen_at = None

    def reset(self) -> None:
        """Back to real time, running."""
        with self._lock:
            self._offset = timedelta()
            self._frozen_at = None

"""A journal as slow as a real one: ``serve --latency MIN-MAX``.

A real journal answers an API call in tens to hundreds of milliseconds; the stub
answers in one or two. Timings, the benchmark and the flake hunt (``./mvj repeat``)
measured against a journal that answers at once say little about a real one, and
races between a page and its server cannot show. With a latency, each request to
the journal (and each lookup in PU-tjänsten) waits a random time between MIN and
MAX milliseconds before it is handled — drawn per request, as a loaded server's
answers vary. The control interface is not the journal and is never slowed.
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass

MAX_MS = 10_000  # beyond ten seconds a page's own timeouts decide, not the journal
_FORM = re.compile(r"\s*(\d{1,6})\s*-\s*(\d{1,6})\s*")

USAGE = "ange svarstiden som MIN-MAX i millisekunder, till exempel 50-400"


@dataclass(frozen=True)
class Latency:
    """How long the journal takes to answer: uniformly between ``low_ms`` and ``high_ms``."""

    low_ms: int
    high_ms: int

    def __str__(self) -> str:
        return f"{self.low_ms}-{self.high_ms}"

    def draw_s(self) -> float:
        return random.uniform(self.low_ms, self.high_ms) / 1000

    def pause(self, stopping: threading.Event | None = None) -> None:
        """Wait this request's share; returns early when ``stopping`` is set (a stop must
        not wait for requests that are only pretending to work)."""
        (stopping or threading.Event()).wait(self.draw_s())


def parse_latency(text: str) -> Latency:
    """``"50-400"`` as a Latency; ValueError with one Swedish line otherwise."""
    match = _FORM.fullmatch(text)
    if match is None:
        raise ValueError(f"--latency {text!r}: {USAGE}.")
    low, high = int(match.group(1)), int(match.group(2))
    if low > high:
        raise ValueError(f"--latency {text}: MIN får inte vara större än MAX.")
    if high > MAX_MS:
        raise ValueError(f"--latency {text}: högst {MAX_MS} millisekunder.")
    return Latency(low, high)


def check_against_pu(latency: Latency, pu_timeout_s: float) -> None:
    """PU's own latency must stay under the journal's PU timeout: otherwise every lookup
    would time out and the stub would no longer be a faithful journal, only a slow one."""
    if latency.high_ms >= pu_timeout_s * 1000:
        raise ValueError(
            f"--latency {latency}: PU-tjänstens svarstid måste vara kortare än journalens "
            f"väntan på PU ({pu_timeout_s:g} s) – välj ett lägre MAX eller en längre "
            "--pu-timeout."
        )

"""Numbers in the sign-off's text: a count with its noun, and CI shards as ranges.

Forty shards are one range (``1–40/40``), not forty numbers: both the rendered
sign-off and the merge's condensed problems write shards this way; which shards of a
split are missing decides whether a merged run is the whole suite.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import groupby

SHARD = re.compile(r"(\d+)/(\d+)")  # K/N


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def shard_key(shard: str) -> tuple[int, int]:
    """Sort key of ``K/N``: by the split size, then the shard."""
    k, _, n = shard.partition("/")
    return (int(n) if n.isdigit() else 0, int(k) if k.isdigit() else 0)


def missing_shards(shards: Sequence[str]) -> list[str]:
    """Shards of an ``N``-way split that are absent (e.g. a job that crashed)."""
    totals = {int(n) for s in shards if (n := s.partition("/")[2]).isdigit()}
    expected = (f"{k}/{n}" for n in totals for k in range(1, n + 1))
    return sorted((s for s in expected if s not in shards), key=shard_key)


def shard_ranges(shards: Iterable[str]) -> str:
    """``["3/40", "4/40", "5/40", "9/40"]`` → ``3–5/40, 9/40``."""
    shards = list(shards)
    numbered = sorted({(int(m[2]), int(m[1])) for s in shards if (m := SHARD.fullmatch(s))})
    ranges: list[str] = []
    for n, of_n in groupby(numbered, key=lambda shard: shard[0]):
        # Consecutive numbers share their distance to their position in the list.
        for _, run in groupby(enumerate(k for _, k in of_n), key=lambda ik: ik[1] - ik[0]):
            first, *rest = (k for _, k in run)
            ranges.append(f"{first}–{rest[-1]}/{n}" if rest else f"{first}/{n}")
    return ", ".join([*ranges, *sorted({s for s in shards if not SHARD.fullmatch(s)})])

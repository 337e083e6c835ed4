"""How CI shards are named in text: ``K/N`` ordered, and runs of them as ranges.

Forty shards are one range (``1–40/40``), not forty numbers: both the rendered
sign-off and the merge's condensed problems write shards this way.
"""

from __future__ import annotations

from collections.abc import Iterable


def shard_key(shard: str) -> tuple[int, int]:
    """Sort key of ``K/N``: by the split size, then the shard."""
    k, _, n = shard.partition("/")
    return (int(n) if n.isdigit() else 0, int(k) if k.isdigit() else 0)


def number_ranges(numbers: Iterable[int]) -> list[str]:
    """``[3, 4, 5, 7]`` → ``["3–5", "7"]``."""
    ordered = sorted(set(numbers))
    ranges: list[str] = []
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        first, last = ordered[start], ordered[end]
        ranges.append(str(first) if first == last else f"{first}–{last}")
        start = end + 1
    return ranges


def shard_ranges(shards: Iterable[str]) -> str:
    """``["3/40", "4/40", "5/40", "9/40"]`` → ``3–5/40, 9/40``."""
    by_total: dict[int, list[int]] = {}
    odd: list[str] = []
    for shard in shards:
        k, _, n = shard.partition("/")
        if k.isdigit() and n.isdigit():
            by_total.setdefault(int(n), []).append(int(k))
        else:
            odd.append(shard)
    ranges = [f"{part}/{n}" for n, ks in sorted(by_total.items()) for part in number_ranges(ks)]
    return ", ".join([*ranges, *sorted(set(odd))])

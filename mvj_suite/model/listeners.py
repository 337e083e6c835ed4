"""Who is told: a list of listeners, each once, told in order and told of an end in
reverse order. ``mvj_suite.model.intent`` (actions) and ``mvj_suite.model.views`` (views
shown) keep theirs here; the order matters to them (see each)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

L = TypeVar("L")


class Listeners(Generic[L]):
    def __init__(self) -> None:
        self._items: list[L] = []

    def add(self, listener: L) -> None:
        if listener not in self._items:
            self._items.append(listener)

    def remove(self, listener: L) -> None:
        if listener in self._items:
            self._items.remove(listener)

    def __iter__(self) -> Iterator[L]:
        """A copy: a listener may come or go while the others are told."""
        return iter(list(self._items))

    def reversed(self) -> Iterator[L]:
        return iter(list(reversed(self._items)))

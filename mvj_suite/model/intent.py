"""What a step, and a page object's action, is meant to do to the journal: read or write.

On a live journal the wire guard (``mvj_suite.live.wire_rules``) lets a call that may
change data (any method but GET/HEAD/OPTIONS) through only when the test-data
profile declares it a read, or — with ``--allow-writes`` — while a writing step
saves. The suite says which that is:

- every step function is declared with ``@reads`` or ``@writes`` (a writing step
  in a scenario without ``@skriver`` fails on every target, so live runs skip the
  right scenarios);
- every page object action is a ``reading`` or a ``writing`` one; a ``writing``
  action (Spara) in a step declared ``writes`` opens the window in which a write
  may pass, until the suite's next action. A step declared ``reads`` that saves
  anyway is caught, whatever the step says.

The guard listens (``listen``); without a listener (the stub) this costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol, TypeVar

from mvj_suite.model.listeners import Listeners

READ = "read"
WRITE = "write"
_ATTRIBUTE = "__mvj_intent__"

F = TypeVar("F", bound=Callable[..., object])


def reads(func: F) -> F:
    """The step only looks: its clicks may still send POSTs (a search, a login)."""
    setattr(func, _ATTRIBUTE, READ)
    return func


def writes(func: F) -> F:
    """The step creates or changes data in the journal (Spara)."""
    setattr(func, _ATTRIBUTE, WRITE)
    return func


def declared(func: object) -> str | None:
    """What a step function declares (None: nothing, which the guard treats as writing)."""
    value = getattr(func, _ATTRIBUTE, None)
    return value if value in (READ, WRITE) else None


class Listener(Protocol):
    def action_started(self, intent: str) -> None: ...

    def action_ended(self, intent: str) -> None: ...


_listeners: Listeners[Listener] = Listeners()
listen, unlisten = _listeners.add, _listeners.remove


def reading(method: F) -> F:
    """A page object action that only looks (opens, searches, types, cancels)."""
    return acting(READ)(method)


def writing(method: F) -> F:
    """A page object action that saves."""
    return acting(WRITE)(method)


@contextmanager
def acting(intent: str) -> Iterator[None]:
    """A page object's action with its intent, announced to whoever listens (as a
    decorator too: each call is announced)."""
    for listener in _listeners:
        listener.action_started(intent)
    try:
        yield
    finally:
        for listener in _listeners.reversed():
            listener.action_ended(intent)

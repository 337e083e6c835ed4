"""What a step, and a page object's action, is meant to do to the journal: read or write.

On a live journal without ``--allow-writes`` the wire guard lets a request that
may change data (any method but GET/HEAD/OPTIONS) through only while the
suite is *reading*: a step declared ``reads`` performs its action (log in,
search, open a dialog, fetch from PU, cancel…). Judging by the request's
shape cannot work on an unknown journal — a single-page journal logs in and
searches with POST — so the suite says what it means instead:

- every step function is declared with ``@reads`` or ``@writes``;
- every page object action is a ``reading`` or a ``writing`` one: the guard
  lets a request that may change data through only while a reading action of
  a reading step runs. The action waits for the journal's answer inside that
  window, so what the answer depends on has been judged by then; a request
  the page sends later, on its own, is outside it.
- A page object action that saves is ``writing``: a step declared ``reads``
  that saves anyway is caught, whatever the step says.

The guard listens (``listen``); without a listener (the stub) this costs nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from suite.model.listeners import Listeners

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


def listen(listener: Listener) -> None:
    _listeners.add(listener)


def unlisten(listener: Listener) -> None:
    _listeners.remove(listener)


def reading(method: F) -> F:
    """A page object action that only looks (opens, searches, types, cancels)."""
    return _announced(READ, method)


def writing(method: F) -> F:
    """A page object action that saves."""
    return _announced(WRITE, method)


def _announced(intent: str, method: F) -> F:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with acting(intent):
            return method(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@contextmanager
def acting(intent: str) -> Iterator[None]:
    """A page object's action with its intent, announced to whoever listens."""
    for listener in _listeners:
        listener.action_started(intent)
    try:
        yield
    finally:
        for listener in _listeners.reversed():
            listener.action_ended(intent)

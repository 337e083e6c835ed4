"""How the command speaks: one Swedish line per message, prefixed ``mvj:``, and numbers
as Swedish writes them (a decimal comma: "8,8 s")."""

from __future__ import annotations

import sys


class CommandError(Exception):
    """Stops the command with one Swedish line and an exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def say(message: str) -> None:
    print(f"mvj: {message}", flush=True)


def warn(message: str) -> None:
    print(f"mvj: {message}", file=sys.stderr, flush=True)


def decimal(value: float, digits: int = 1) -> str:
    """``8.84`` → ``8,8``: a decimal comma, as in all Swedish text."""
    return f"{value:.{digits}f}".replace(".", ",")


def duration(seconds: float) -> str:
    """``8,8 s``, ``4 min 37 s``, ``1 h 2 min``."""
    if seconds < 60:
        return f"{decimal(seconds)} s"
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min {secs} s"

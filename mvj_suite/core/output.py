"""How the command speaks: one Swedish line per message, prefixed ``mvj:``."""

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

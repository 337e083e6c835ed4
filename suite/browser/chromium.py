"""Which Chromium to run: Playwright's own where it is installed, else the system's.

Playwright's browser download is blocked on some machines (these build
machines among them); Debian's ``chromium`` then stands in, with the flags it
needs headless as root. ``MVJ_CHROMIUM`` forces a particular one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

SYSTEM_CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NO_CHROMIUM = "Ingen Chromium hittades – kör './mvj setup' eller sätt MVJ_CHROMIUM."


class NoChromium(RuntimeError):
    """No browser to launch; the message is one Swedish line."""


def system_chromium() -> str | None:
    for candidate in (
        os.environ.get("MVJ_CHROMIUM"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_options(playwright_executable: str | None) -> dict[str, Any]:
    """Launch options for Chromium: none for Playwright's own (``playwright_executable``
    exists), else the system Chromium's path and flags."""
    forced = os.environ.get("MVJ_CHROMIUM")
    if not forced and playwright_executable and Path(playwright_executable).exists():
        return {}
    executable = system_chromium()
    if executable is None:
        raise NoChromium(NO_CHROMIUM)
    return {"executable_path": executable, "args": SYSTEM_CHROMIUM_ARGS}

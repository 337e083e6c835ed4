"""Which Chromium to run: Playwright's own where it is installed, else the system's.

Playwright's browser download is blocked on some machines (these build
machines among them); Debian's ``chromium`` then stands in, with the flags it
needs headless as root. ``MVJ_CHROMIUM`` forces a particular one.

Headless, Debian's ``chromium-headless-shell`` comes first where it is installed:
it is the build Playwright itself runs headless, without the full browser's
window machinery — half the CPU per scenario on these machines
(docs/prestanda.md). The full ``chromium`` is for ``--headed`` and stands in
when the shell is missing.
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


HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"


def system_chromium(headless: bool = False) -> str | None:
    shells = (HEADLESS_SHELL, shutil.which("chromium-headless-shell")) if headless else ()
    for candidate in (
        os.environ.get("MVJ_CHROMIUM"),
        *shells,
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_options(playwright_executable: str | None, headless: bool = True) -> dict[str, Any]:
    """Launch options for Chromium: none for Playwright's own (``playwright_executable``
    exists), else the system Chromium's path and flags."""
    forced = os.environ.get("MVJ_CHROMIUM")
    if not forced and playwright_executable and Path(playwright_executable).exists():
        return {}
    executable = system_chromium(headless)
    if executable is None:
        raise NoChromium(NO_CHROMIUM)
    return {"executable_path": executable, "args": SYSTEM_CHROMIUM_ARGS}

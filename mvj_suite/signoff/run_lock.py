"""pytest plugin: one run at a time per reports folder, and no old sign-off left looking new.

Two runs in one checkout wrote the same ``reports/signoff.*`` and ``junit.xml`` and
silently overwrote each other; a run that stopped early (a journal that did not
answer, a bad option) left the previous run's sign-off there as if it were its
own. Now the controller takes a lock on the sign-off folder for the whole run (a
second run there stops with one Swedish line) and removes the previous sign-off
and JUnit file before anything runs, so whatever is there afterwards is this
run's.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from mvj_suite.core.settings import CONFIG_ERROR_EXIT
from mvj_suite.core.settings_plugin import invocation_path, runs_the_suite
from mvj_suite.signoff.options import signoff_mode

LOCK_NAME = ".mvj-run.lock"
SIGNOFF_FILES = ("signoff.md", "signoff.html", "signoff.json")
_LOCK = pytest.StashKey[FileLock]()


def take_lock(folder: Path) -> FileLock | None:
    """The held lock on ``folder`` (``filelock``: an ``flock`` the kernel lets go when the
    process ends, even in a crash); None when another process holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folder / LOCK_NAME, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return None
    (folder / LOCK_NAME).write_text(str(os.getpid()), encoding="utf-8")
    return lock


def holder(folder: Path) -> str:
    try:
        return (folder / LOCK_NAME).read_text(encoding="utf-8").strip() or "?"
    except OSError:
        return "?"


def _release(lock: FileLock, folder: Path, made: bool) -> None:
    """A folder made only for the lock goes again (a run that wrote no sign-off leaves
    nothing behind)."""
    lock.release()
    if made and [path.name for path in folder.iterdir()] == [LOCK_NAME]:
        (folder / LOCK_NAME).unlink(missing_ok=True)
        folder.rmdir()


@pytest.hookimpl(tryfirst=True)  # before any check that may stop the run
def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput") or config.getoption("collectonly"):
        return
    if not runs_the_suite(config) or signoff_mode(config) == "no":
        # The project's own tests, or a run that writes no sign-off: nothing to guard.
        return
    folder = invocation_path(config, config.getoption("mvj_signoff_dir"))
    made = not folder.exists()
    handle = take_lock(folder)
    if handle is None:
        pytest.exit(
            f"En annan körning (process {holder(folder)}) skriver redan sina rapporter i "
            f"{folder} – vänta tills den är klar, eller ge den här körningen egna mappar med "
            "--signoff-dir, --junitxml, --alluredir och --artifacts-dir.",
            returncode=CONFIG_ERROR_EXIT,
        )
    config.stash[_LOCK] = handle
    config.add_cleanup(lambda: _release(handle, folder, made))
    stale = [folder / name for name in SIGNOFF_FILES]
    xml = config.getoption("xmlpath", None)
    if xml:
        stale.append(invocation_path(config, xml))
    for path in stale:
        path.unlink(missing_ok=True)

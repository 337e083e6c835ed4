"""Failure artefacts: a screenshot of every open page and the Playwright trace.

Taken in ``pytest_bdd_step_error`` — before allure-pytest-bdd closes the
failing Gherkin step (``tryfirst``) — so the attachments land on that step in
the Allure report. Copies stay under ``reports/artefakter/<test>/`` (``--artifacts-dir``) for people
without an Allure viewer. Traces of passing scenarios are thrown away.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import allure
import pytest

from mvj_suite.core.journal_browser import BROWSER_KEY, FAILED_KEY, trace_dir
from mvj_suite.core.privacy import screenshot
from mvj_suite.core.settings import CONFIG_ERROR_EXIT, REPORTS
from mvj_suite.core.settings_plugin import settings_of

# In a folder the suite owns: only such a folder (or the default) is emptied at start.
ARTEFACTS_MARK = ".mvj-artefakter"


# What a run writes (failure screenshots, traces, videos, Allure results, the sign-off)
# can show what the journal showed: readable by the run's own user only, 0600 files and
# 0700 folders. Set first of all, so Playwright's driver, started later, inherits it.
PRIVATE_UMASK = 0o077
_UMASK_BEFORE = pytest.StashKey[int]()


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.stash[_UMASK_BEFORE] = os.umask(PRIVATE_UMASK)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _UMASK_BEFORE in config.stash:
        os.umask(config.stash[_UMASK_BEFORE])


def pytest_sessionstart(session: pytest.Session) -> None:
    # Artefacts of an earlier run would pass for this run's failures: start empty.
    # Only the controller clears, before any xdist worker can have written anything.
    config = session.config
    if hasattr(config, "workerinput") or config.getoption("collectonly"):
        return
    settings = settings_of(config)
    if settings is None:
        return
    folder = settings.artefacts_dir
    foreign = folder.is_dir() and any(folder.iterdir()) and not (folder / ARTEFACTS_MARK).exists()
    if foreign and folder != REPORTS / "artefakter":  # the default is always the suite's
        pytest.exit(
            f"--artifacts-dir {folder}: mappen finns och innehåller annat än sviten "
            "har lagt där – välj en tom eller ny mapp (sviten tömmer den vid start).",
            returncode=CONFIG_ERROR_EXIT,
        )
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ARTEFACTS_MARK).write_text(
        "Sviten lägger sina felartefakter här och tömmer mappen vid varje körning.\n",
        encoding="utf-8",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any, **_: Any) -> None:
    item = request.node
    item.stash[FAILED_KEY] = True
    journal_browser = item.stash.get(BROWSER_KEY, None)
    if journal_browser is None:
        return
    settings = settings_of(item.config)
    assert settings is not None  # mvj_suite.core.settings_plugin configures first
    folder = trace_dir(item, settings.artefacts_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate(journal_browser.open_pages(), start=1):
        if page.is_closed():
            continue
        shot = folder / f"sida-{number}.png"
        try:
            # Masked on a live journal: the page objects' personal-data fields.
            screenshot(page, settings.is_live, path=str(shot), full_page=True)
        except Exception as error:  # a crashed page must not hide the real failure
            shot.with_suffix(".txt").write_text(f"Ingen skärmbild: {error}\n", encoding="utf-8")
            continue
        allure.attach.file(
            str(shot), name=f"Skärmbild sida {number}", attachment_type=allure.attachment_type.PNG
        )
    for number, context in enumerate(list(journal_browser.contexts), start=1):
        trace = journal_browser.stop_tracing(context, folder / f"spar-{number}.zip")
        if trace is not None:
            allure.attach.file(
                str(trace),
                name=f"Playwright-spår {number} (steget «{step.name}»)",
                attachment_type="application/zip",
                extension="zip",
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome: Any = yield
    if outcome.get_result().failed:
        item.stash[FAILED_KEY] = True

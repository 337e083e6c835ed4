"""pytest plugin: an axe-core check of each view of the routine as the scenarios reach it.

Page objects say when a view is on the screen (``suite.model.views.shown``); this
plugin listens and, while a scenario runs, lets axe-core look at the view
(``suite.browser.accessibility``). What it finds is

- classified against the profile's known-issue list (new, accepted, accepted
  but expired — which counts as new again);
- attached to the running Gherkin step in Allure: the rule, its impact, the
  element and the help link, one attachment per view;
- kept on the scenario (:func:`take_scans`) for the sign-off, which shows it
  as its own part, per view (``suite.reporting.accessibility``).

``--a11y-scan first`` (the default) looks at each view once per browser
process; a run with ``-n 2`` looks twice. ``every`` looks each time a view is
shown, ``off`` never. Walkthrough recordings are never checked: they film.
The check only reads the page; it sends nothing to the journal.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from typing import Any

import allure
import pytest
from playwright.sync_api import Error as PlaywrightError

from suite.bdd import scenario_of
from suite.browser.accessibility import ScanError, scan
from suite.model import views
from suite.model.accessibility import IMPACT_TEXT, KnownIssue, ViewScan, classify
from suite.plugins.settings import profile_of, settings_of

_SCANS = pytest.StashKey[list[ViewScan]]()


def known_issues(config: pytest.Config) -> tuple[KnownIssue, ...]:
    """The known-issue list of this target (the live profile's; none on the stub)."""
    profile = profile_of(config)
    return profile.known_issues if profile is not None else ()


def take_scans(item: pytest.Item) -> list[ViewScan]:
    """The scans made in this scenario since the last call (each is handed on once)."""
    scans = item.stash.get(_SCANS, [])
    item.stash[_SCANS] = []
    return scans


class _Checker:
    """Listens for views while a scenario runs; one per pytest process."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.item: pytest.Item | None = None
        self.seen: set[str] = set()

    def view_shown(self, page: Any, view: str) -> None:
        settings = settings_of(self.config)
        item = self.item
        if item is None or settings is None or settings.a11y_scan == "off":
            return
        if settings.a11y_scan == "first" and view in self.seen:
            return
        try:
            result = scan(page, view, settings.a11y_tags, settings.is_live)
        except (ScanError, PlaywrightError) as error:
            # Not a finding: the report says the view could not be checked, and the
            # next time it is shown it is tried again.
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            result = ViewScan(view=view, tags=settings.a11y_tags,
                              error=first_line or type(error).__name__)
        else:
            self.seen.add(view)
            today = date.today()
            known = known_issues(self.config)
            result.findings = [classify(f, known, today) for f in result.findings]
        item.stash.setdefault(_SCANS, []).append(result)
        _attach(result)


def _attach(result: ViewScan) -> None:
    """The scan as an attachment of the step that is running."""
    counted = [f for f in result.findings if f.counts]
    if result.error:
        title = f"Tillgänglighet: {result.view} – kunde inte granskas"
    elif not result.findings:
        title = f"Tillgänglighet: {result.view} – inga brister"
    else:
        new = len(counted)
        title = f"Tillgänglighet: {result.view} – {new} {'ny brist' if new == 1 else 'nya brister'}"
        if new != len(result.findings):
            title += f", {len(result.findings) - new} godtagna"
    # KeyError: Allure has no test or step open (Allure off); the sign-off still has it.
    with contextlib.suppress(KeyError):
        allure.attach(attachment_text(result), name=title,
                      attachment_type=allure.attachment_type.TEXT)


def attachment_text(result: ViewScan) -> str:
    """What the Allure attachment says: one block per element and rule."""
    lines = [f"Vy: {result.view}",
             f"Regler: {', '.join(result.tags)} ({result.engine or 'axe-core'})"]
    if result.error:
        return "\n".join([*lines, f"Kunde inte granskas: {result.error}"])
    if not result.findings:
        return "\n".join([*lines, "Inga brister."])
    for finding in result.findings:
        criteria = f" (WCAG {', '.join(finding.criteria)})" if finding.criteria else ""
        lines += [
            "",
            f"• {finding.rule} – {IMPACT_TEXT.get(finding.impact, finding.impact)}{criteria}",
            f"  {finding.help}",
            f"  Element: {finding.target}",
        ]
        if finding.html:
            lines.append(f"  Kod: {finding.html}")
        lines.append(f"  Hjälp: {finding.help_url}")
        if finding.status != "ny":
            lines.append(f"  Känd brist ({finding.status}, godtas till {finding.known_until}): "
                         f"{finding.known_reason}")
    return "\n".join(lines)


_CHECKER = pytest.StashKey[_Checker]()


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("mvj_walkthrough", False):
        return  # a training video is filmed, not checked
    checker = _Checker(config)
    config.stash[_CHECKER] = checker
    views.listen(checker)
    config.add_cleanup(lambda: views.unlisten(checker))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    # Setup included: the worker's shared login shows views from a fixture.
    checker = item.config.stash.get(_CHECKER, None)
    if checker is not None and scenario_of(item) is not None:
        checker.item = item  # scenarios only: the project's own tests use page objects too
    try:
        return (yield)
    finally:
        if checker is not None:
            checker.item = None

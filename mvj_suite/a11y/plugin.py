"""pytest plugin: an axe-core check of each view of the routine as the scenarios reach it.

Page objects say when a view is on the screen (``mvj_suite.model.views.shown``); this
plugin listens and, while a scenario runs, lets axe-core look at the view
(``mvj_suite.a11y.scan``). What it finds is

- classified against the profile's known-issue list (new, accepted, accepted
  but expired — which counts as new again);
- attached to the running Gherkin step in Allure: the rule, its impact, the
  element and the help link, one attachment per view;
- kept on the scenario (``scenario_info.add_view_scan``) for the sign-off, which shows it
  as its own part, per view (``mvj_suite.signoff.accessibility``).

``--a11y-scan first`` (the default) looks at each view once per run, also when
the run is spread over workers (``mvj_suite.core.parallel.claim_once``), so a
parallel run scans and reports what a serial one does. ``every`` looks each time a view is
shown, ``off`` never. Walkthrough recordings are never checked: they film.
The check only reads the page; it sends nothing to the journal. It waits until
the page object's action that showed the view has ended (``mvj_suite.model.intent``):
while a reading action runs, the live write guard lets the page's sends through
as part of that action, and a scan there would stretch that window by a second
in which the page sends whatever it sends on its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import allure
import pytest

from mvj_suite.a11y.scan import scan
from mvj_suite.core.allure_privacy import mask
from mvj_suite.core.bdd import scenario_of
from mvj_suite.core.parallel import claim_once, give_back
from mvj_suite.core.scenario_info import add_view_scan
from mvj_suite.core.settings_plugin import known_issues, settings_of
from mvj_suite.model import intent, views
from mvj_suite.model.accessibility import IMPACT_TEXT, ViewScan, classify


class _Checker:
    """Listens for views while a scenario runs; one per pytest process."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.item: pytest.Item | None = None
        self.seen: set[str] = set()
        self.acting = 0  # page object actions running (nested)
        self.pending: list[tuple[Any, str]] = []  # views shown during them

    # --- mvj_suite.model.intent: scan once the action that showed the view has ended ---
    def action_started(self, intent: str) -> None:
        self.acting += 1

    def action_ended(self, intent: str) -> None:
        self.acting = max(0, self.acting - 1)
        if self.acting == 0:
            pending, self.pending = self.pending, []
            for page, view in pending:
                self._check(page, view)

    # --- mvj_suite.model.views ---------------------------------------------------------
    def view_shown(self, page: Any, view: str) -> None:
        if self.acting:
            self.pending.append((page, view))
        else:
            self._check(page, view)

    def _check(self, page: Any, view: str) -> None:
        settings = settings_of(self.config)
        item = self.item
        if item is None or settings is None or settings.a11y_scan == "off":
            return
        first = settings.a11y_scan == "first"
        if first and (view in self.seen or not claim_once(self.config, "vy", view)):
            return
        try:
            result = scan(page, view, settings.a11y_tags, settings.is_live)
            known = known_issues(self.config)
            result.findings = [classify(f, known, today()) for f in result.findings]
        except Exception as error:  # whatever it is, never a routine step's failure
            # Not a finding: the report says the view could not be checked, and the
            # next time it is shown it is tried again.
            result = ViewScan(view=view, tags=settings.a11y_tags, error=_one_line(error))
            if first:
                give_back(self.config, "vy", view)
        else:
            self.seen.add(view)
        add_view_scan(item, result)
        _attach(result)


def today() -> date:
    """The day in Sweden, whatever the machine's zone: a known issue is accepted up to
    and including its Swedish date (CI machines run on UTC)."""
    try:
        return datetime.now(ZoneInfo("Europe/Stockholm")).date()
    except ZoneInfoNotFoundError:
        return date.today()


def _one_line(error: BaseException) -> str:
    text = str(error).strip()
    line = text.splitlines()[0] if text else type(error).__name__
    return mask(line) or line  # a page's error may quote what it shows


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
    # First of the intent listeners, so it hears an action end last: after the live
    # write guard (which listens per scenario) has closed its reading window.
    intent.listen(checker)
    config.add_cleanup(lambda: views.unlisten(checker))
    config.add_cleanup(lambda: intent.unlisten(checker))


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

"""When the check looks: after the page object's action that showed the view has ended
(so never inside the live write guard's reading window), once per view with
``--a11y-scan first``, and a check that breaks is a view not checked, never a failed
routine step."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from mvj_suite.a11y import plugin as accessibility
from mvj_suite.core import parallel
from mvj_suite.core.scenario_info import take_view_scans
from mvj_suite.core.settings import build_settings
from mvj_suite.core.settings_plugin import PROFILE_KEY, SETTINGS_KEY
from mvj_suite.model import intent, views
from mvj_suite.model.accessibility import Finding, KnownIssue, ViewScan


class Window:
    """Stands in for the wire guard: open while a reading action runs."""

    def __init__(self) -> None:
        self.open = 0

    def action_started(self, kind: str) -> None:
        self.open += 1

    def action_ended(self, kind: str) -> None:
        self.open -= 1


@pytest.fixture
def checker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    config = SimpleNamespace(stash=pytest.Stash())
    config.stash[SETTINGS_KEY] = build_settings({}, {})
    config.stash[parallel._DIR_KEY] = tmp_path  # the run's shared folder, as every run has
    checker = accessibility._Checker(config)  # type: ignore[arg-type]
    checker.item = SimpleNamespace(stash=pytest.Stash())
    window = Window()
    intent.listen(checker)
    intent.listen(window)  # after the checker, as the guard of a scenario is
    checker.window = window
    checker.scanned = []

    def fake_scan(page: Any, view: str, tags: tuple[str, ...], live: bool) -> ViewScan:
        checker.scanned.append((view, window.open))
        if page == "trasig":
            raise RuntimeError("Execution context was destroyed\nCall log: …")
        return ViewScan(view, [Finding(view, "label", "critical", "", "", "#x")])

    monkeypatch.setattr(accessibility, "scan", fake_scan)
    monkeypatch.setattr(accessibility, "_attach", lambda result: None)
    yield checker
    intent.unlisten(window)
    intent.unlisten(checker)


def test_a_view_shown_inside_an_action_is_checked_after_it_outside_the_window(
    checker: Any,
) -> None:
    with intent.acting(intent.READ), intent.acting(intent.READ):
        checker.view_shown("sida", views.SEARCH)
        assert checker.scanned == []  # not while the action runs
    assert checker.scanned == [(views.SEARCH, 0)]


def test_a_view_shown_outside_any_action_is_checked_at_once(checker: Any) -> None:
    checker.view_shown("sida", views.CARD)
    assert checker.scanned == [(views.CARD, 0)]


def test_first_checks_each_view_once_and_a_broken_check_is_tried_again(checker: Any) -> None:
    checker.view_shown("trasig", views.CARD)
    checker.view_shown("sida", views.CARD)
    checker.view_shown("sida", views.CARD)
    assert [view for view, _ in checker.scanned] == [views.CARD, views.CARD]
    failed, passed = take_view_scans(checker.item)
    assert failed.error == "Execution context was destroyed" and failed.findings == []
    assert passed.error == "" and [f.rule for f in passed.findings] == ["label"]


def test_a_known_issue_with_a_bad_date_is_a_view_not_checked(checker: Any) -> None:
    # Whatever goes wrong in the check stays out of the routine's steps.
    bad = KnownIssue("label", "skäl", "2027-01-01")  # type: ignore[arg-type]
    checker.config.stash[PROFILE_KEY] = SimpleNamespace(known_issues=(bad,))
    checker.view_shown("sida", views.SEARCH)
    [scan] = take_view_scans(checker.item)
    assert scan.error and scan.findings == []


def test_the_day_is_the_swedish_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # 23:30 UTC on 30 November is already 1 December in Sweden: an entry accepted
    # "till 2026-11-30" has expired there, whatever zone the CI machine runs in.
    class LateEvening(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return datetime(2026, 11, 30, 23, 30, tzinfo=UTC).astimezone(tz)

    monkeypatch.setattr(accessibility, "datetime", LateEvening)
    assert accessibility.today() == date(2026, 12, 1)

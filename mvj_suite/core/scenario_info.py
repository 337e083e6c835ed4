"""What every capability reads about a scenario and the run: one place, below them all.

The sign-off, the progress lines, the walkthroughs and the Allure labels all describe
a scenario the same way (:func:`scenario_info`). What the suite learns about the release
under test (:func:`record_release_fact`), a stop that fails the whole run
(:func:`record_run_error`) and a scenario skipped because only the stub can show its
rule (:func:`mark_stub_only`), the views axe-core checked (:func:`add_view_scan`) and
the videos recorded of it (:func:`register_video`, :func:`scenario_videos`) are recorded
here by whichever capability learns them, and read by the sign-off and Allure. No
capability imports another for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mvj_suite.core.bdd import scenario_of
from mvj_suite.core.settings_plugin import settings_of
from mvj_suite.model.accessibility import ViewScan
from mvj_suite.model.commit import UNKNOWN, suite_commit
from mvj_suite.model.requirements import requirement_ids
from mvj_suite.model.routine import sections_from_keywords

EXTRA_TAG = "extra-sakerhet"  # an extra check outside the routine
A11Y_TAG = "tillganglighet"  # the keyboard scenarios' tag: outside the routine


_FACTS = pytest.StashKey[dict[str, str]]()
_RUN_ERRORS = pytest.StashKey[list[str]]()
_STUB_ONLY = pytest.StashKey[bool]()
_SCANS = pytest.StashKey[list[ViewScan]]()
_VIDEOS = pytest.StashKey[list[Path]]()


def scenario_info(item: pytest.Item) -> dict[str, Any] | None:
    """The scenario as every report names it; None for a test that is no scenario."""
    scenario = scenario_of(item)
    if scenario is None:
        return None
    marks = list(item.iter_markers())
    markers = {mark.name for mark in marks}
    return {
        "name": scenario.name,
        "template_name": scenario.template_name,
        "feature": scenario.feature,
        "sections": sections_from_keywords(markers),
        # The routine's sentences it proves (@krav-<id>, mvj_suite.model.requirements).
        "requirements": requirement_ids((mark.name, mark.args) for mark in marks),
        "location": scenario.location,
        "example": scenario.example_index,
        "extra": EXTRA_TAG in markers,
        "a11y": A11Y_TAG in markers,
    }


def mark_stub_only(item: pytest.Item) -> None:
    """The scenario is skipped on this target because only the stub can show its rule:
    the report lists it as "verifieras bara mot stubben", not as not run."""
    item.stash[_STUB_ONLY] = True


def is_stub_only(item: pytest.Item) -> bool:
    return item.stash.get(_STUB_ONLY, False)


def add_view_scan(item: pytest.Item, scan: ViewScan) -> None:
    """A view axe-core checked during the scenario (the accessibility capability)."""
    item.stash.setdefault(_SCANS, []).append(scan)


def take_view_scans(item: pytest.Item) -> list[ViewScan]:
    """The scans made in this scenario since the last call (each is handed on once)."""
    scans = item.stash.get(_SCANS, [])
    item.stash[_SCANS] = []
    return scans


def register_video(item: pytest.Item, path: str | Path) -> None:
    """A video file of this scenario (attached in Allure, linked from the sign-off)."""
    item.stash.setdefault(_VIDEOS, []).append(Path(path))


def scenario_videos(item: pytest.Item) -> list[Path]:
    """The scenario's videos that exist: those registered, and pytest-playwright's
    (``--video on|retain-on-failure``) once its recorder has kept them at teardown."""
    paths = list(item.stash.get(_VIDEOS, []))
    recorder = getattr(item, "_playwright_artifacts_recorder", None)  # pytest-playwright
    for kind, path in getattr(recorder, "artifacts", []) or []:
        if kind == "video":
            paths.append(Path(path))
    return list(dict.fromkeys(p for p in paths if p.is_file() and p.stat().st_size > 0))


def record_release_fact(config: pytest.Config, key: str, value: str) -> None:
    """Record a fact about the release under test (``target``, ``base_url``,
    ``journal_version``, ``browser``). Safe on xdist workers; last value wins."""
    value = " ".join(str(value).split())
    if value:
        recorded_facts(config)[key] = value


def recorded_facts(config: pytest.Config) -> dict[str, str]:
    """The facts recorded in this process (a worker sends them on its reports)."""
    return config.stash.setdefault(_FACTS, {})


def record_run_error(config: pytest.Config, text: str) -> None:
    """Something that fails the whole run, not one scenario (a stop on the wire that no
    scenario can answer for): a reason for EJ GODKÄND. Controller side only."""
    run_errors(config).append(text)


def run_errors(config: pytest.Config) -> list[str]:
    return config.stash.setdefault(_RUN_ERRORS, [])


def release_facts(config: pytest.Config) -> dict[str, str]:
    """Target, base URL, journal version, browser and suite commit as known now."""
    # The settings plugin has built them from options and environment (it configures
    # first: both come through the same entry point, settings listed before sign-off).
    settings = settings_of(config)
    target = settings.target if settings else UNKNOWN
    base_url = settings.base_url if settings else None
    if not base_url and target == "stub":
        base_url = "medföljande stubbjournal (lokal adress per körning)"
    return {
        "target": target,
        "base_url": base_url or UNKNOWN,
        "journal_version": UNKNOWN,
        "browser": UNKNOWN,
        "suite_commit": suite_commit(Path(str(config.rootpath))),
        **recorded_facts(config),
    }

"""pytest plugin: the routine's structure and the release facts in the Allure results.

Works with allure-pytest-bdd 2.16.2, which copies ``allure_label`` and
``allure_link`` markers on a test item into its result when the scenario
starts (``pytest_bdd_before_scenario``). So the labels are added as markers at
collection time — on xdist workers too, since they collect:

- epic = the routine (781659 R12), feature = the section (``@rutin-2.1``),
  story = the scenario, parentSuite/suite/subSuite likewise for the Suites tab;
- a link per section to the routine's text (``MVJ_RUTIN_URL``, see
  ``mvj_suite.model.routine.routine_base_url``);
- severity from ``@allvarlighet-<nivå>``, default normal.

Also: ``environment.properties`` in the alluredir at the end of the session,
``--screenshot-each-step`` (a screenshot attached to every step) and the
video of a failing scenario attached to the failing step.
"""

from __future__ import annotations

from typing import Any

import pytest

from mvj_suite.allure.html import RELEASE_LABELS, render_properties
from mvj_suite.core.bdd import attach_to_allure
from mvj_suite.core.privacy import screenshot  # masked on a live journal
from mvj_suite.core.scenario_info import (  # register_video: the suite names its videos here
    register_video,
    release_facts,
    scenario_info,
    scenario_videos,
)
from mvj_suite.core.settings_plugin import invocation_path, is_live
from mvj_suite.model.routine import ROUTINE, section_url

SEVERITY_PREFIX = "allvarlighet-"
SEVERITIES: dict[str, str] = {
    "blockerande": "blocker",
    "kritisk": "critical",
    "normal": "normal",
    "mindre": "minor",
    "trivial": "trivial",
}
DEFAULT_SEVERITY = "normal"
BROWSER_FIXTURE = "journal_browser"  # SUITE's fixture; must offer open_pages()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mvj-allure", "Allure-rapport för MittVaccin Journal")
    group.addoption(
        "--screenshot-each-step",
        dest="mvj_screenshot_each_step",
        action="store_true",
        default=False,
        help="bifoga en skärmbild till varje Gherkin-steg i Allure-rapporten (av som standard)",
    )


def epic() -> str:
    return f"Rutin {ROUTINE.number} {ROUTINE.revision} – {ROUTINE.title}"


def pytest_configure(config: pytest.Config) -> None:
    existing = {line.split(":")[0].strip() for line in config.getini("markers")}
    for swedish, allure_name in SEVERITIES.items():
        if SEVERITY_PREFIX + swedish not in existing:
            config.addinivalue_line(
                "markers", f"{SEVERITY_PREFIX}{swedish}: allvarlighetsgrad i Allure ({allure_name})"
            )
    # allure-pytest-bdd registers these itself; repeat them so that collection
    # works (with --strict-markers) even when that plugin is disabled.
    for name in ("allure_label", "allure_link"):
        if name not in existing:
            config.addinivalue_line("markers", f"{name}: Allure-etikett/länk")


def severity_of(marker_names: set[str]) -> str:
    return next((allure_name for swedish, allure_name in SEVERITIES.items()
                 if SEVERITY_PREFIX + swedish in marker_names), DEFAULT_SEVERITY)


def _label(label_type: str, value: str) -> pytest.MarkDecorator:
    return pytest.mark.allure_label(value, label_type=label_type)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        info = scenario_info(item)
        if info is None:
            continue
        names = {m.name for m in item.iter_markers()}
        item.add_marker(_label("epic", epic()))
        item.add_marker(_label("parentSuite", epic()))
        for section_id in info["sections"]:
            section = ROUTINE.section(section_id)
            title = section.label if section else f"{section_id} (okänt avsnitt)"
            item.add_marker(_label("feature", title))
            item.add_marker(_label("suite", title))
            item.add_marker(
                pytest.mark.allure_link(
                    section_url(section_id),
                    name=f"Rutin {ROUTINE.number} {ROUTINE.revision} avsnitt {section_id}",
                    link_type="link",
                )
            )
        item.add_marker(_label("story", info["template_name"]))
        if info["feature"]:
            item.add_marker(_label("subSuite", info["feature"]))
        item.add_marker(_label("severity", severity_of(names)))


# --- environment block ---------------------------------------------------------------


def environment_properties(facts: dict[str, str]) -> str:
    shown = {label: facts.get(key, "") for key, label in RELEASE_LABELS}
    return render_properties({**shown, "Rutin": f"{ROUTINE.number} {ROUTINE.revision}"})


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    alluredir = getattr(config.option, "allure_report_dir", None)
    if not alluredir or hasattr(config, "workerinput") or config.getoption("collectonly"):
        return
    directory = invocation_path(config, alluredir)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "environment.properties").write_text(
        environment_properties(release_facts(config)), encoding="ascii"
    )


# --- screenshots and video on the Gherkin steps ----------------------------------------------


def _open_pages(request: pytest.FixtureRequest) -> list[Any]:
    if BROWSER_FIXTURE not in request.fixturenames:
        return []
    try:
        return list(request.getfixturevalue(BROWSER_FIXTURE).open_pages())
    except Exception:  # reporting must never change a scenario's outcome
        return []


@pytest.hookimpl(tryfirst=True)  # before allure-pytest-bdd closes the step
def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Any) -> None:
    if not request.config.getoption("mvj_screenshot_each_step"):
        return
    import allure

    for index, page in enumerate(_open_pages(request), start=1):
        try:
            png = screenshot(page, is_live(request.config), full_page=True)
        except Exception:
            continue
        allure.attach(
            png,
            name=f"Skärmbild efter steget ({index})",
            attachment_type=allure.attachment_type.PNG,
        )


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_error(request: pytest.FixtureRequest) -> None:
    # The file is complete only after the context closes (teardown); keep its path.
    for page in _open_pages(request):
        try:
            video = page.video
            if video is not None:
                register_video(request.node, video.path())
        except Exception:
            continue


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Any:
    result = yield  # the browser context is closed now, so videos are complete
    videos = scenario_videos(item)
    if videos:
        attach_to_allure(item.config, item.nodeid, videos, "Video", "video/webm", "webm")
    return result


__all__ = ["environment_properties", "epic", "register_video", "severity_of"]

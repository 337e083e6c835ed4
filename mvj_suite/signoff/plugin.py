"""pytest plugin: release sign-off against routine 781659 R12, sharding, release facts.

- Collects each scenario's outcome (``pytest_runtest_logreport``, so it works
  in the pytest-xdist controller) and writes ``reports/signoff.{json,md,html}``
  at the end of the session; the exit status follows the verdict.
- ``--shard K/N`` keeps every N-th scenario (a deterministic CI shard).
- Release facts for the reports (target, base URL, journal version, browser,
  suite commit): the suite records what only it knows with
  :func:`record_release_fact`, and the journal's version from the login step's
  user property; worker values travel to the controller on the test reports.
- For each failure: a short Swedish reason beside the technical message. For every
  scenario: the screenshots and traces mvj_suite.core.artefacts left in its folder (and
  pytest-playwright's), its videos and the uuid of its Allure result, so the report can
  link to its evidence; and the routine's sentences it proves (``@krav-<id>``, read as
  the marker ``krav``), for the traceability matrix.
- ``--compare-with FIL`` compares with an earlier signoff.json; the CI variables
  ``MVJ_APPROVER``, ``MVJ_DECISION``, ``MVJ_DECISION_DATE`` fill the "Beslut" block.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from mvj_suite.core.bdd import allure_uuid
from mvj_suite.core.journal import JOURNAL_VERSION_PROPERTY
from mvj_suite.core.journal_browser import trace_dir
from mvj_suite.core.report_facts import skip_reason
from mvj_suite.core.retries import RERUN_OUTCOME, failure_message
from mvj_suite.core.scenario_info import (
    is_stub_only,
    record_release_fact,
    recorded_facts,
    release_facts,
    run_errors,
    scenario_info,
    scenario_videos,
    take_view_scans,
)
from mvj_suite.core.settings import CONFIG_ERROR_EXIT
from mvj_suite.core.settings_plugin import invocation_path, known_issues, settings_of
from mvj_suite.model.data_problems import data_problem_of
from mvj_suite.model.outcomes import FAILED, PASSED, SKIPPED
from mvj_suite.model.requirements import TAG_PREFIX as REQUIREMENT_TAG
from mvj_suite.model.requirements import requirements_or_problem
from mvj_suite.model.routine import ROUTINE
from mvj_suite.signoff import accessibility as a11y
from mvj_suite.signoff.anchors import feature_order
from mvj_suite.signoff.compare import PreviousSignoffError, compare, load_previous
from mvj_suite.signoff.decision import decision_from_env
from mvj_suite.signoff.detection import detection_note
from mvj_suite.signoff.model import (
    ALLURE_REPORT_PAGE,
    Comparison,
    RunRecord,
    ScenarioResult,
    Verdict,
)
from mvj_suite.signoff.options import signoff_mode
from mvj_suite.signoff.reasons import (
    FLAKY_PREFIX,
    SETUP_PREFIX,
    SKIPPED_ON_RERUN_PREFIX,
    TEARDOWN_PREFIX,
    plain_reason,
    reason_of,
    shorten,
)
from mvj_suite.signoff.render import summary_lines, title_line, write_reports
from mvj_suite.signoff.text import SHARD

_SCENARIO_ATTR = "mvj_scenario"  # extra attribute on TestReport (survives xdist)
REQUIREMENT_MARK = "krav"  # the id of every @krav-<id> tag, known to the routine or not
_FACTS_ATTR = "mvj_release"


@dataclass
class _State:
    scenarios: dict[str, ScenarioResult] = field(default_factory=dict)
    started: str = ""
    verdict: Verdict | None = None  # once the reports are written
    record: RunRecord | None = None  # what they were written from
    # --compare-with: the earlier sign-off and its verdict, read before anything runs
    # (or why it could not be read).
    previous: tuple[RunRecord, str] | None = None
    previous_error: str = ""
    comparison: Comparison | None = None


_STATE = pytest.StashKey[_State]()
# The failed step, and whether it failed on an assertion about the journal (expect,
# assert), not on a fixture, a timeout or a crash: ./mvj mutation counts only those.
_FAILED_STEP = pytest.StashKey[tuple[str, bool]]()
_ALLURE_UUID = pytest.StashKey[str]()  # this attempt's Allure result


def _state(config: pytest.Config) -> _State:
    return config.stash.setdefault(_STATE, _State())


# --- options and configuration ---------------------------------------------------------


def _shard(config: pytest.Config) -> tuple[int, int] | None:
    value = config.getoption("mvj_shard")
    if not value:
        return None
    match = SHARD.fullmatch(value.strip())
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise pytest.UsageError(
            f"--shard {value}: ange delkörning som K/N med 1 ≤ K ≤ N, till exempel --shard 2/4"
        )
    return int(match[1]), int(match[2])


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """Read ``--compare-with`` first of all: a wrong file stops the run before it has
    cost anything (pytest_configure says so), and the right one is read before
    mvj_suite.signoff.run_lock removes the sign-off in --signoff-dir in pytest_configure
    ("--compare-with reports/signoff.json" is the previous run's)."""
    value = config.getoption("mvj_compare_with", None)
    if value:
        try:
            _state(config).previous = load_previous(invocation_path(config, value))
        except PreviousSignoffError as error:
            _state(config).previous_error = str(error)


def pytest_configure(config: pytest.Config) -> None:
    _shard(config)  # validate early
    error = _state(config).previous_error
    if error and not _is_worker(config):
        pytest.exit(error, returncode=CONFIG_ERROR_EXIT)  # one line, like other settings
    existing = {line.split(":")[0].strip() for line in config.getini("markers")}
    for section in ROUTINE.sections:
        if section.tag not in existing:
            suffix = " (huvudrubrik, täcks via underavsnitten)" if section.is_heading else ""
            config.addinivalue_line(
                "markers", f"{section.tag}: Rutinens avsnitt {section.id} – {section.title}{suffix}"
            )
    config.addinivalue_line("markers", f"{REQUIREMENT_MARK}(id): meningen i rutinen som "
                            "scenariot prövar (Gherkin-taggen @krav-<id>)")
    for requirement in requirements_or_problem()[0]:
        # One marker per sentence too, so that -m krav-2.2-3 selects its scenarios.
        config.addinivalue_line("markers", f"{requirement.tag}: rutinens mening "
                                f"{requirement.id} – {requirement.sentence}")
    _state(config).started = datetime.now().astimezone().isoformat(timespec="seconds")
    config.pluginmanager.register(_Collector(config), "mvj-signoff-collector")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    shard = _shard(config)
    if shard is None:
        return
    k, n = shard
    dropped = [item for index, item in enumerate(items) if index % n != k - 1]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = items[k - 1 :: n]


# --- per test: what the scenario is, carried on its reports ---------------------------------


@pytest.hookimpl(tryfirst=True)  # before pytest-bdd's own, which marks any tag as it is
def pytest_bdd_apply_tag(tag: str, function: Any) -> bool | None:
    """``@krav-<id>``: the marker ``krav(<id>)`` on every such scenario – an id the routine
    does not know too, so the sign-off can show it rather than the run stopping on an
    unregistered marker – and ``krav-<id>`` itself for ``-m`` when the id is known."""
    if not tag.startswith(REQUIREMENT_TAG):
        return None
    requirement_id = tag.removeprefix(REQUIREMENT_TAG)
    getattr(pytest.mark, REQUIREMENT_MARK)(requirement_id)(function)
    if any(r.id == requirement_id for r in requirements_or_problem()[0]):
        getattr(pytest.mark, tag)(function)
    return True


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any, exception: Exception) -> None:
    step_text = f"{step.keyword} {step.name}".strip()
    request.node.stash[_FAILED_STEP] = (step_text, isinstance(exception, AssertionError))


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest) -> Any:
    # pytest-bdd requests step fixtures dynamically, so item.funcargs does not hold
    # them; watching the fixtures being set up finds the browser and the base URL.
    value = yield
    try:
        if fixturedef.argname == "browser" and value is not None:
            fact = f"{value.browser_type.name} {value.version}"
            record_release_fact(request.config, "browser", fact)
        elif fixturedef.argname == "base_url" and isinstance(value, str) and value:
            record_release_fact(request.config, "base_url", value)
        elif fixturedef.argname == "journal" and isinstance(getattr(value, "url", None), str):
            record_release_fact(request.config, "base_url", value.url)  # SUITE's Journal
    except Exception:  # a closed or remote browser must not break the run
        pass
    return value


def _artefacts(item: pytest.Item) -> dict[str, list[str]]:
    """Screenshots, traces and videos of this attempt: what mvj_suite.core.artefacts and
    fixtures.browser leave in its folder, and what pytest-playwright kept (``--video``,
    ``--screenshot``, ``--tracing``). Absolute paths: the controller, which knows the
    sign-off's folder, makes them relative."""
    settings = settings_of(item.config)
    folder = trace_dir(item, settings.artefacts_dir) if settings is not None else None
    found: dict[str, list[Path]] = {"screenshots": [], "traces": [], "videos": []}
    if folder is not None and folder.is_dir():
        found["screenshots"] += sorted(folder.glob("*.png"))
        found["traces"] += sorted(folder.glob("*.zip"))
    recorder = getattr(item, "_playwright_artifacts_recorder", None)  # pytest-playwright
    kinds = {"screenshot": "screenshots", "trace": "traces"}
    for kind, path in getattr(recorder, "artifacts", []) or []:
        if kind in kinds and Path(path).is_file():
            found[kinds[kind]].append(Path(path))
    found["videos"] += scenario_videos(item)
    return {key: list(dict.fromkeys(str(p.resolve()) for p in paths))
            for key, paths in found.items()}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    for key, value in item.user_properties:
        if key == JOURNAL_VERSION_PROPERTY:  # recorded by the login step
            record_release_fact(item.config, "journal_version", str(value))
    if call.when == "setup":
        item.stash[_ALLURE_UUID] = ""  # a rerun is a new attempt with a result of its own
    elif call.when == "call":
        item.stash[_ALLURE_UUID] = allure_uuid(item.config, item.nodeid)
    info = scenario_info(item)
    if info is not None:
        failed_step, on_assertion = item.stash.get(_FAILED_STEP, ("", False))
        setattr(report, _SCENARIO_ATTR, {
            **info, "failed_step": failed_step, "stub_only": is_stub_only(item),
            "plain_reason": reason_of(call.excinfo.value, call.when) if call.excinfo else "",
            "failed_on_assertion": on_assertion,
            "allure_uuid": item.stash.get(_ALLURE_UUID, ""),
            "accessibility": [scan.to_json() for scan in take_view_scans(item)],
            # Teardown: the attempt's artefacts are all written (traces of a failure in a
            # fixture only when the browser fixture closes).
            **(_artefacts(item) if call.when == "teardown" else {}),
        })
        setattr(report, _FACTS_ATTR, dict(recorded_facts(item.config)))
    return report


# --- controller side: outcomes, verdict, files, exit status -------------------------------------


def _short_reason(report: pytest.TestReport) -> str:
    """The technical message: a skip's reason, or the failure's, cut at a word."""
    if report.skipped:
        return skip_reason(report)
    where = {"setup": SETUP_PREFIX, "teardown": TEARDOWN_PREFIX}.get(report.when, "")
    return where + shorten(failure_message(report))


def _add_unique(target: list[str], paths: list[str]) -> None:
    target.extend(path for path in paths if path not in target)


class _Collector:
    """Receives every test report (in the xdist controller too)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.state = _state(config)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        info = getattr(report, _SCENARIO_ATTR, None)
        if info is None:
            return
        recorded_facts(self.config).update(getattr(report, _FACTS_ATTR, None) or {})
        result = self.state.scenarios.get(report.nodeid)
        if result is None:
            kind = ("name", "feature", "sections", "stub_only", "extra", "a11y", "requirements",
                    "location", "example", "template_name")
            result = ScenarioResult(report.nodeid, outcome=PASSED,
                                    **{k: info[k] for k in kind if k in info})
            self.state.scenarios[report.nodeid] = result
        result.accessibility.extend(info.get("accessibility") or [])
        result.duration += float(getattr(report, "duration", 0.0) or 0.0)
        # Every attempt's evidence: the first failure's screenshots, the rerun's trace.
        _add_unique(result.screenshots, list(info.get("screenshots") or []))
        _add_unique(result.traces, list(info.get("traces") or []))
        _add_unique(result.videos, list(info.get("videos") or []))
        uuid = str(info.get("allure_uuid") or "")
        if uuid and not result.allure_uuid:
            result.allure_uuid = uuid  # the first attempt's, until a failure says otherwise
        if info.get("failed_step"):
            result.failed_step = info["failed_step"]
            result.failed_on_assertion = bool(info.get("failed_on_assertion"))
        # Failed, and rerun: if a rerun passes, the scenario is flaky — a failure here,
        # with this first reason (mvj_suite.core.retries). Failed on the rerun too: a
        # plain failure.
        rerun = report.outcome == RERUN_OUTCOME
        if (rerun and not result.flaky) or (
            report.failed and (result.outcome != FAILED or result.flaky)
        ):
            message = failure_message(report)
            result.flaky, result.outcome = rerun, FAILED
            result.reason = (FLAKY_PREFIX if rerun else "") + _short_reason(report)
            # The worker's sentence from the exception itself, else one from the message.
            result.plain_reason = info.get("plain_reason") or plain_reason(
                message, report.when or "call")
            result.data_problem = data_problem_of(message)
            result.allure_uuid = uuid or result.allure_uuid  # the page with the failure
        elif report.skipped and result.flaky and result.reason.startswith(FLAKY_PREFIX):
            # Failed, then skipped on the rerun: still a failure, and not a flaky pass.
            result.reason = SKIPPED_ON_RERUN_PREFIX + result.reason[len(FLAKY_PREFIX) :]
            result.flaky = False
        elif report.skipped and result.outcome == PASSED and not result.flaky:
            result.outcome, result.reason = SKIPPED, _short_reason(report)
        elif report.when == "call" and report.passed and hasattr(report, "wasxfail"):
            result.reason = f"oväntat godkänt (xpass): {report.wasxfail}".rstrip(": ")

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            run_errors(self.config).append(f"insamlingsfel i {report.nodeid or 'sviten'}")


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _active(config: pytest.Config) -> bool:
    mode = signoff_mode(config)
    if mode == "no" or config.getoption("collectonly") or _is_worker(config):
        return False
    if mode == "yes":
        return True
    return bool(_state(config).scenarios) or _shard(config) is not None


def build_record(config: pytest.Config, exitstatus: int) -> RunRecord:
    state = _state(config)
    facts = release_facts(config)
    facts["started"] = state.started
    facts["finished"] = datetime.now().astimezone().isoformat(timespec="seconds")
    errors = list(run_errors(config))
    if exitstatus in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.INTERNAL_ERROR):
        errors.append("körningen avbröts innan den var klar")
    settings = settings_of(config)
    if settings is not None and settings.breaks:
        # A journal that breaks the routine on purpose can never approve a release.
        errors.append("stubbjournalen bröt medvetet mot " + ", ".join(settings.breaks)
                      + " (--break): en mutationskörning, inget godkännande")
    shard = _shard(config)
    report = invocation_path(config, config.getoption("mvj_mutation_report"))
    folder = _signoff_dir(config)
    # Where ./mvj report will put the Allure page, relative to the sign-off ("" when this
    # run writes no Allure results), and the artefacts too, so the links work wherever
    # the reports folder is copied or published together.
    allure = invocation_path(config, str(ALLURE_REPORT_PAGE))
    record = RunRecord(
        scenarios=[s.moved(lambda path: os.path.relpath(path, folder))
                   for s in sorted(state.scenarios.values(), key=feature_order)],
        release=facts,
        run_errors=errors,
        shards=[f"{shard[0]}/{shard[1]}"] if shard else [],
        selection=_selection(config),
        detection=detection_note(report, facts["suite_commit"]),
        detection_link=os.path.relpath(report.with_suffix(".html"), folder),
        allure_report=(os.path.relpath(allure, folder)
                       if getattr(config.option, "allure_report_dir", None) else ""),
        decision=decision_from_env(os.environ),
        accessibility=_accessibility_setup(config),
    )
    if state.previous is not None and shard is None:
        # A shard holds a part of the scenarios: the merge compares the whole.
        value = str(config.getoption("mvj_compare_with"))
        record.comparison = compare(record, *state.previous, file=value)
    return record


def _accessibility_setup(config: pytest.Config) -> a11y.Setup:
    settings = settings_of(config)
    if settings is None:
        return a11y.Setup()
    return a11y.Setup(
        tags=settings.a11y_tags,
        scan=settings.a11y_scan,
        gate=settings.a11y_gate,
        known=known_issues(config),
        known_source=settings.test_data.name if settings.test_data else "",
    )


def _signoff_dir(config: pytest.Config) -> Path:
    return invocation_path(config, config.getoption("mvj_signoff_dir"))


def _selection(config: pytest.Config) -> str:
    options = (("-m", config.getoption("markexpr")), ("-k", config.getoption("keyword")))
    return " ".join(f"{flag} {value}" for flag, value in options if value)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if not _active(config):
        return
    record = build_record(config, int(exitstatus))
    state = _state(config)
    state.verdict = write_reports(record, _signoff_dir(config))
    state.record, state.comparison = record, record.comparison
    if _shard(config) is not None:
        # A shard's gaps are other shards' sections: the merge decides. An empty
        # shard (more shards than scenarios) is not an error.
        if session.exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
            session.exitstatus = pytest.ExitCode.OK
        return
    if record.selection and signoff_mode(config) != "yes":
        # A -m/-k selection (one routine section while working on it) cannot sign a
        # release off: the report still says so, but the exit code follows the tests.
        return
    if not state.verdict.approved and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    state = _state(config)
    if state.verdict is None or state.record is None:
        return
    approved = state.verdict.approved
    terminalreporter.section(title_line(state.record), green=approved, red=not approved)
    for line in summary_lines(state.verdict, state.comparison, record=state.record):
        terminalreporter.write_line(line)
    if _shard(config) is not None:
        terminalreporter.write_line(
            "  (delkörning – slutligt besked ges av: python -m tools.signoff merge …)"
        )
        if state.previous is not None:
            terminalreporter.write_line(
                "  (--compare-with: en delkörning jämförs inte – ange filen vid "
                "sammanslagningen: merge … --compare-with FIL)"
            )
    elif _selection(config) and signoff_mode(config) != "yes":
        terminalreporter.write_line(
            "  (urval med -m/-k – ett urval kan inte godkänna en release; "
            "slutkoden följer testerna. --signoff yes gör beskedet avgörande.)"
        )
    written = _signoff_dir(config)
    terminalreporter.write_line(f"Rapporter: {written / 'signoff.md'}, {written / 'signoff.html'}")

"""pytest plugin: training walkthroughs — every scenario recorded as a narrated video.

``--walkthrough`` records each scenario with Playwright's ``page.screencast``: a
chapter card (scenario, feature, routine section) when the first page opens, each
step's instruction as a caption in a band under the page (never over the form), the
cursor travelling to what is clicked and typed into, text typed at a readable speed
(``mvj_suite.walkthrough.keystrokes``), each caption held long enough to be read
(``--walkthrough-tempo``, ``mvj_suite.walkthrough.pacing``), what each step acts on or
checks scrolled into the picture (``mvj_suite.walkthrough.focus``), and a pause at the
end (``--walkthrough-end-pause``).
Per scenario, in ``--walkthrough-dir`` (default ``reports/walkthroughs``):

- ``<avsnitt>-<scenario>.webm`` (1280×720, captions burned in) and ``.mp4``,
- ``<avsnitt>-<scenario>.vtt``: the same captions, timed, for other players,
- ``<avsnitt>-<scenario>.jpg``: the poster frame for the index (the step the video is
  about: ``# Utbildning (poängen):``, else its last ``Så`` step),
- ``<avsnitt>-<scenario>-guide.html`` and ``…-steg-NN.jpg``: the step-by-step guide,
- ``<avsnitt>-<scenario>.json``: what ``mvj_suite.walkthrough.index`` needs,

and ``index.html`` at the end of the session. The caption of a step is its
instruction (``mvj_suite.walkthrough.captions``: a ``# Utbildning:`` comment
above the step, a default for the step's text, or the step itself).

Only against the stub: the stub's data is fictional; a live journal holds real
patients, so the plugin refuses ``--target live``. The data itself is made to look
believable for the videos by ``fixtures.data`` (``BelievableTestData``).

The captions are drawn into a band under the page afterwards, or without ffmpeg shown
from the WebVTT file (``mvj_suite.walkthrough.video``): one caption either way, never two.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator

from mvj_suite.core.settings import CONFIG_ERROR_EXIT
from mvj_suite.walkthrough import focus, keystrokes
from mvj_suite.walkthrough.captions import instruction, is_point, training_text
from mvj_suite.walkthrough.guide import GUIDE_SUFFIX
from mvj_suite.walkthrough.index import (
    INDEX_NAME,
    META_SUFFIX,
    write_index,
)
from mvj_suite.walkthrough.recording import PARTS_DIR, Recording, actions_style

REFUSE_LIVE = (
    "Genomgångar spelas bara in mot stubbjournalen (påhittade uppgifter) – "
    "ta bort --target live/MVJ_TARGET=live."
)
OWN_SUFFIXES = (".webm", ".mp4", ".vtt", ".jpg", META_SUFFIX)

_RECORDING = pytest.StashKey["Recording"]()
_ORDER = pytest.StashKey[dict[str, int]]()
_ACTIVE: list[Recording] = []  # the scenario being recorded (walkthroughs run one at a time)

# The options after --walkthrough: (name, type, default, metavar, help with "{}" for the
# default); each goes to mvj_walkthrough_<name>. The ones in milliseconds are never negative.
_OPTIONS = (
    ("tempo", int, 600, "MS", "tempo i millisekunder per handling och "
     "steg (standard {}); styr också läshastigheten (150 ord i minuten vid 600), "
     "och kapitelkortet visas fem gånger så länge"),
    ("dir", str, "reports/walkthroughs", "KATALOG",
     "katalog för videor, undertexter och index.html (standard {})"),
    # about twelve characters a second: readable, not tedious
    ("typing", int, 80, "MS", "millisekunder per tecken när text skrivs in i videon "
     "(standard {}); 0 skriver in texten direkt"),
    # the last result stays on screen before the video ends
    ("end-pause", int, 3000, "MS",
     "så länge det sista steget står kvar innan videon slutar (standard {})"),
)  # fmt: skip


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mvj-walkthrough", "Genomgångar (utbildningsvideor)")
    group.addoption(
        "--walkthrough",
        dest="mvj_walkthrough",
        action="store_true",
        default=False,
        help="spela in varje scenario som en utbildningsvideo med stegen som undertexter "
        "(bara mot stubbjournalen)",
    )
    for name, kind, default, metavar, help_text in _OPTIONS:
        dest = f"mvj_walkthrough_{name.replace('-', '_')}"
        group.addoption(
            f"--walkthrough-{name}", dest=dest, type=kind, default=default, metavar=metavar,
            help=help_text.format(default),
        )  # fmt: skip


def enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("mvj_walkthrough", False))


def output_dir(config: pytest.Config) -> Path:
    directory = Path(config.getoption("mvj_walkthrough_dir"))
    if not directory.is_absolute():
        directory = Path(str(config.invocation_params.dir)) / directory
    return directory


@pytest.hookimpl(tryfirst=True)  # before settings_plugin judges the rest of a live setup
def pytest_configure(config: pytest.Config) -> None:
    if not enabled(config):
        return
    target = config.getoption("--target", None) or os.environ.get("MVJ_TARGET") or "stub"
    if target.strip().lower() == "live":
        pytest.exit(REFUSE_LIVE, returncode=CONFIG_ERROR_EXIT)
    if config.getoption("mvj_breaks", None):
        # A training video must show the routine as it is, never a journal broken on purpose.
        pytest.exit(
            "Genomgångar spelas aldrig in mot en stubbjournal som bryter mot rutinen (--break).",
            returncode=CONFIG_ERROR_EXIT,
        )
    for flag in (f"--walkthrough-{name}" for name, kind, *_ in _OPTIONS if kind is int):
        if config.getoption(flag) < 0:
            pytest.exit(f"{flag} kan inte vara negativt.", returncode=CONFIG_ERROR_EXIT)
    tempo = config.getoption("mvj_walkthrough_tempo")
    keystrokes.install(
        keystrokes.Pace(
            typing_delay_ms=config.getoption("mvj_walkthrough_typing"),
            tempo_ms=tempo,
            actions_style=actions_style(tempo),
            on_action=_on_action,
        )
    )
    focus.install(_on_check)


def pytest_unconfigure(config: pytest.Config) -> None:
    if enabled(config):
        keystrokes.uninstall()
        focus.uninstall()


def _on_action(kind: str, target: Locator) -> None:
    if _ACTIVE:
        _ACTIVE[-1].action(kind, target)


def _on_check(target: Locator) -> None:
    if _ACTIVE:
        _ACTIVE[-1].checked(target)


def _owns_the_folder(config: pytest.Config) -> bool:
    """The controller of a run that records (not a worker, not --collect-only)."""
    worker = hasattr(config, "workerinput")
    return enabled(config) and not worker and not config.getoption("collectonly")


def pytest_sessionstart(session: pytest.Session) -> None:
    # The index lists this run's walkthroughs only; the controller clears, once.
    if not _owns_the_folder(session.config):
        return
    directory = output_dir(session.config)
    directory.mkdir(parents=True, exist_ok=True)
    for path in directory.iterdir():
        own = path.suffix in OWN_SUFFIXES or path.name.endswith(GUIDE_SUFFIX)
        if path.is_file() and (own or path.name == INDEX_NAME):
            path.unlink()
    shutil.rmtree(directory / PARTS_DIR, ignore_errors=True)


def pytest_collection_finish(session: pytest.Session) -> None:
    session.config.stash[_ORDER] = {item.nodeid: i for i, item in enumerate(session.items)}


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if not _owns_the_folder(config):
        return
    directory = output_dir(config)
    if directory.is_dir():
        parts = directory / PARTS_DIR
        if parts.is_dir() and not any(parts.iterdir()):
            parts.rmdir()
        index = write_index(directory)
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"Genomgångar: {index}")


# --- hooks: the scenario, its steps and the browser --------------------------------------


def _recording(item: pytest.Item) -> Recording:
    recording = item.stash.get(_RECORDING, None)
    if recording is None:
        config = item.config
        recording = Recording(
            item,
            output_dir(config),
            config.getoption("mvj_walkthrough_tempo"),
            config.getoption("mvj_walkthrough_end_pause"),
            order=config.stash.get(_ORDER, {}).get(item.nodeid, 0),
        )
        item.stash[_RECORDING] = recording
        _ACTIVE[:] = [recording]
    return recording


def _example(request: pytest.FixtureRequest) -> dict[str, Any]:
    try:
        example = request.getfixturevalue("_pytest_bdd_example")
    except pytest.FixtureLookupError:
        return {}
    return example if isinstance(example, dict) else {}


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest) -> Any:
    value = yield
    if fixturedef.argname == "journal_browser" and enabled(request.config) and value is not None:
        item = request.node
        value.trace_screenshots = False  # see JournalBrowser.trace_screenshots
        value.on_new_page.append(lambda page: _recording(item).attach(page))
    return value


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    if enabled(request.config):
        _recording(request.node).describe(feature, scenario)


def pytest_bdd_before_step(
    request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any
) -> None:
    if enabled(request.config):
        training = training_text(feature.filename, step.line_number)
        text = instruction(step.keyword, step.name, training, _example(request))
        gherkin = f"{step.keyword.strip()} {step.name}".strip()
        point = is_point(feature.filename, step.line_number)
        _recording(request.node).step_started(text, gherkin, point)


def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Any) -> None:
    if enabled(request.config):
        _recording(request.node).step_finished(step.type)


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any) -> None:
    if enabled(request.config):
        _recording(request.node).step_finished(step.type, failed=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    # After the scenario, before fixture teardown closes the browser contexts.
    outcome = "failed"
    try:
        result = yield
        outcome = "passed"
        return result
    except pytest.skip.Exception:
        outcome = "skipped"
        raise
    finally:
        recording = item.stash.get(_RECORDING, None)
        if recording is not None:
            try:
                recording.finish(outcome)
            finally:
                _ACTIVE.clear()

"""What each ``mvj`` command does. Each returns the exit code to end with.

pytest runs in a child process, as it would from a shell: a run of the suite
and a run of the project's tests load different plugins and must not share one
interpreter. Its exit code passes through unchanged, so CI and people see the
suite's verdict as pytest gave it.
"""

from __future__ import annotations

import functools
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mvj_suite.allure import html as allure_html
from mvj_suite.cli.browser_setup import ensure_browser
from mvj_suite.core import browser_server as browser_server_tool
from mvj_suite.core.output import CommandError, say
from mvj_suite.core.settings import ROOT, caller_dir
from mvj_suite.core.stub_process import StubOptions, StubStartError, start_stub
from mvj_suite.model.routine import ROUTINE_PAGE
from mvj_suite.mutation import command as mutation_runs
from mvj_suite.repeat import command as repeat_runs
from mvj_suite.signoff.run_lock import holder as lock_holder
from mvj_suite.signoff.run_lock import take_lock

STAMP_DIR = ROOT / ".venv" / ".mvj"
REPORTS = Path("reports")
LIVE_AGAINST_STUB_REPORTS = REPORTS / "live-against-stub"
SUITE_LOG = REPORTS / "utskrift-sviten.txt"
# The live path in CI: the stub as a form journal and as a single-page journal, each
# read-only (every scenario that does not write) and then with writes (the ones that
# do): the wire guard's two modes against both ways a journal can talk to its server.
LIVE_STAGES = {  # name: (folder, flags)
    "sviten mot stubben som riktig formulärjournal": ("form", ()),
    "sviten mot stubben som riktig enkelsidesjournal": ("single-page", ("--single-page",)),
}
MUTATION_STAGE = "mutationsurval: upptäcker sviten tre brutna regler?"
MUTATION_SMOKE_LOG = mutation_runs.SMOKE_REPORTS / "utskrift.txt"
STUB_PROFILE = Path("profiles/stubb.yaml")
NO_TESTS = 5  # pytest's exit code when nothing was collected


def pytest_command(args: Sequence[str]) -> list[str]:
    # The project's configuration, named explicitly: pytest otherwise looks for it next
    # to the path arguments (an option value like /elsewhere/kort.p12 looks like one).
    return [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"),
            *without_tag_signs(args)]


_TAG_SIGN = re.compile(r"(?<![\w.-])@(?=[\w])")


def without_tag_signs(args: Sequence[str]) -> list[str]:
    """``-m @rutin-2.1`` as Cucumber users write it, read as ``-m rutin-2.1``.

    pytest reads an argument that starts with ``@`` as a file of arguments ("[Errno 2]
    No such file or directory: 'rutin-2.1'"); a Gherkin tag's ``@`` is never meant so.
    """
    result: list[str] = []
    marker_value = False
    for arg in args:
        if marker_value:
            arg = _TAG_SIGN.sub("", arg)
        elif arg.startswith("--markexpr="):
            arg = "--markexpr=" + _TAG_SIGN.sub("", arg.removeprefix("--markexpr="))
        elif arg.startswith("-m") and len(arg) > 2:  # -m@rutin-1, written together
            arg = "-m" + _TAG_SIGN.sub("", arg[2:])
        marker_value = arg in ("-m", "--markexpr")
        result.append(arg)
    return result


def run_pytest(
    args: Sequence[str], env: Mapping[str, str] | None = None, log: Path | None = None
) -> int:
    """pytest in a child process; with ``log``, its output goes to that file."""
    return _run(pytest_command(args), env, log)


def _run(command: list[str], env: Mapping[str, str] | None = None, log: Path | None = None) -> int:
    if log is None:
        return subprocess.run(command, env=env, check=False).returncode
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        run = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
        return run.returncode


def _given(args: Sequence[str], option: str) -> bool:
    return any(arg == option or arg.startswith(f"{option}=") for arg in args)


def setup(args: Sequence[str]) -> int:
    ensure_browser(STAMP_DIR)
    say("klart.")
    return 0


SUITE_REPORTS = {
    REPORTS / "signoff.html": "godkännande",
    REPORTS / ROUTINE_PAGE: "rutinens text, som godkännandet länkar till",
    REPORTS / "allure-results": "Allure",
    REPORTS / "junit.xml": "JUnit",
    REPORTS / "artefakter": "fel",
}


def written_since(started: float, candidates: Mapping[Path, str]) -> list[str]:
    """The reports among ``candidates`` that this run wrote (none left from an older one)."""
    return [f"{path} ({what})" for path, what in candidates.items()
            if path.exists() and path.stat().st_mtime >= started]


def suite(args: Sequence[str], log: Path | None = None) -> int:
    ensure_browser(STAMP_DIR)
    REPORTS.mkdir(exist_ok=True)
    if not _given(args, "--alluredir"):
        # Allure merges whatever lies in its results folder: start from this run only. A run
        # given its own --alluredir owns that folder; the default one is ours to clear, but
        # another run's Allure results are not: only with the folder's lock.
        lock = take_lock(REPORTS)
        if lock is None:
            raise CommandError(f"en annan körning (process {lock_holder(REPORTS)}) skriver "
                               "redan i reports/ – vänta tills den är klar.")
        try:
            shutil.rmtree(REPORTS / "allure-results", ignore_errors=True)
        finally:
            lock.release()
    started = time.time() - 1  # file times have a coarse clock on some file systems
    code = run_pytest(args, log=log)
    if code == NO_TESTS:
        say("inga tester hittades – kontrollera urvalet (-m/-k) och features/.")
    written = written_since(started, SUITE_REPORTS)
    if written:
        say("rapporter: " + ", ".join(written) + ".")
    else:
        say("inga rapporter skrevs: körningen stoppade innan scenarierna kördes.")
    return code


PARALLEL = ["-n", "2"]  # these machines have 2 cores; each worker has its own stub


def test(args: Sequence[str]) -> int:
    """What CI runs: ruff, the project's own tests, then the live path against the stub,
    the suite and three broken rules side by side; a failing stage stops the ones after
    it. (All four side by side was measured no quicker: 6:41 against 6:50, with the
    project's timing-sensitive tests under three times the load.)"""
    ensure_browser(STAMP_DIR)
    started = time.monotonic()
    say("ruff check …")
    ruff = [sys.executable, "-m", "ruff", "check", "."]
    if subprocess.run(ruff, check=False).returncode != 0:
        raise CommandError("ruff hittade fel.")
    say("projektets egna tester …")  # with report paths of their own
    shutil.rmtree(REPORTS / "allure-results-projekt", ignore_errors=True)
    # loadgroup: a module that records videos (xdist_group) runs on one worker, once.
    code = run_pytest(["tests", "--junitxml=reports/junit-projekt.xml",
                       "--alluredir=reports/allure-results-projekt", "--dist", "loadgroup",
                       *PARALLEL, *args])  # fmt: skip
    if code == NO_TESTS:
        raise CommandError("inga projekttester hittades under tests/.")
    if code != 0:
        raise CommandError(f"projektets egna tester misslyckades (kod {code}).")
    say(f"… klart efter {time.monotonic() - started:.0f} s. Sviten mot stubben som riktig "
        "formulär- och enkelsidesjournal (--target live, skrivskyddat och med skrivningar), "
        "mot stubbjournalen och mot tre brutna regler (mutationsurvalet), samtidigt; "
        "utskrifterna visas när respektive körning är klar …")  # fmt: skip
    stages: dict[str, tuple[Stage, Path]] = {
        name: (functools.partial(live_both_ways, folder=folder, flags=flags),
               LIVE_AGAINST_STUB_REPORTS / f"utskrift-{folder}.txt")
        for name, (folder, flags) in LIVE_STAGES.items()
    }  # fmt: skip
    stages["acceptanssviten mot stubbjournalen"] = (suite, SUITE_LOG)
    stages[MUTATION_STAGE] = (mutation_smoke, MUTATION_SMOKE_LOG)
    codes = run_concurrently(stages, PARALLEL)
    say(f"alla steg klara efter {time.monotonic() - started:.0f} s.")
    failed = [f"{name} (kod {code})" for name, code in codes.items() if code != 0]
    if codes["acceptanssviten mot stubbjournalen"] == NO_TESTS:
        raise CommandError("acceptanssviten hittade inga scenarier.")
    if failed:
        raise CommandError("misslyckades: " + ", ".join(failed) + ".")
    return 0


Stage = Callable[..., int]


def run_concurrently(
    stages: Mapping[str, tuple[Stage, Path]], args: Sequence[str]
) -> dict[str, int]:
    """Run the stages side by side (each in its own child processes, reports and stub),
    print each one's output in full as it finishes, and return their exit codes.

    The acceptance runs wait on browsers and pages as much as they compute: two at once
    keep both cores busy where one leaves a core idle half the time.
    """
    codes: dict[str, int] = {}
    with ThreadPoolExecutor(max_workers=len(stages)) as pool:
        running = {
            pool.submit(stage, args, log): (name, log) for name, (stage, log) in stages.items()
        }
        for done in as_completed(running):
            name, log = running[done]
            try:
                codes[name] = done.result()
            except CommandError as error:
                say(f"{name}: {error}")
                codes[name] = error.code or 1
            say(f"=== {name}: slutkod {codes[name]} – utskriften ({log}) ===")
            if log.is_file():
                print(log.read_text(encoding="utf-8"), flush=True)
    return codes


def live_both_ways(args: Sequence[str], log: Path, folder: str, flags: Sequence[str] = ()) -> int:
    """``live-against-stub`` read-only (every scenario that does not write must pass
    without --allow-writes), then with writes for the scenarios that write (``-m
    skriver``); each with a fresh stub and reports of its own under
    ``reports/live-against-stub/<folder>-read-only`` and ``…-writes``, both with ``flags``.
    One log, both runs."""
    codes = []
    parts = []
    for kind, extra in (("read-only", [READ_ONLY]), ("writes", ["-m", "skriver"])):
        out = LIVE_AGAINST_STUB_REPORTS / f"{folder}-{kind}"
        part = out / "utskrift.txt"
        codes.append(live_against_stub([*args, *flags, *extra], part, out))
        parts.append(part.read_text(encoding="utf-8") if part.is_file() else "")
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("\n".join(parts), encoding="utf-8")
    return next((code for code in codes if code != 0), 0)


def repeat(args: Sequence[str]) -> int:
    """The suite N times; the table of scenarios that did not pass every time."""
    repeat_runs.parse(args)  # a bad N stops before the browser check
    ensure_browser(STAMP_DIR)
    return repeat_runs.repeat(args, run_pytest)


def mutation(args: Sequence[str]) -> int:
    """Each breakable rule against its section's scenarios: caught or missed."""
    options = mutation_runs.check(args)  # a typo stops before anything is installed
    if options is None:  # --help or --list, already answered
        return 0
    ensure_browser(STAMP_DIR)
    return mutation_runs.mutation(options, run_pytest)


def mutation_smoke(args: Sequence[str], log: Path) -> int:
    """The three smoke breaks of `./mvj test`, as its own process with its own log.

    Each break runs in one process (``-n 0``, whatever ``args`` say): its section is a
    dozen scenarios, and beside the two full runs a worker pair would cost more to
    start than it saves.
    """
    return _run([sys.executable, "-m", "mvj_suite.cli.main", "mutation",
                 *mutation_runs.SMOKE_ARGS, "-n", "0"], log=log)  # fmt: skip


def control_key_environment(args: Sequence[str], env: Mapping[str, str]) -> dict[str, str]:
    """With --control the stub needs a secret: a fresh one for this run, unless the user
    chose one. Returned as the variables to add (empty when nothing is needed)."""
    wants_control = "--control" in args
    has_key = any(arg.startswith("--control-key") for arg in args)
    if not wants_control or has_key or env.get("MVJ_CONTROL_KEY"):
        return {}
    return {"MVJ_CONTROL_KEY": secrets.token_urlsafe(24)}


def stub(args: Sequence[str]) -> int:
    Path(".stub-data").mkdir(exist_ok=True)
    extra = control_key_environment(args, os.environ)
    if extra:
        # Whoever starts the stub is the one to use its control interface: show the key.
        say(f"kontrollgränssnittets nyckel för den här körningen: {extra['MVJ_CONTROL_KEY']}")
    command = [sys.executable, "-m", "mvj_stub", "serve", "--data-dir", ".stub-data",
               "--port", "8443", *args]  # fmt: skip
    try:
        return subprocess.run(command, env={**os.environ, **extra}, check=False).returncode
    except KeyboardInterrupt:  # Ctrl-C ends the stub, which says so itself
        return 0


def live_against_stub_arguments(
    ready: Mapping[str, Any], out: Path, read_only: bool = False, profile: Path = STUB_PROFILE
) -> list[str]:
    """pytest's arguments for a live run against a stub that wrote ``ready``."""
    cards = ready["cards"]
    return [
        "--target", "live", "--base-url", str(ready["url"]),
        "--siths-card", str(cards["sjukskoterska"]["path"]), "--ca-cert", str(ready["ca_cert"]),
        "--test-data", str(profile), *([] if read_only else ["--allow-writes"]),
        "--signoff-dir", str(out), "--alluredir", str(out / "allure-results"),
        "--junitxml", str(out / "junit.xml"), "--output", str(out / "playwright"),
        "--artifacts-dir", str(out / "artefakter"),
    ]  # fmt: skip


SINGLE_PAGE = "--single-page"
READ_ONLY = "--read-only"
BREAK = "--break"
TEST_DATA = "--test-data"
REPORTS_FLAG = "--reports"
LATENCY = "--latency"
VALUE_FLAGS = {  # what each flag's value is, for the message when it is missing
    TEST_DATA: "en testdataprofil (en YAML-fil)", REPORTS_FLAG: "en mapp för rapporterna",
    BREAK: "namnet på en regel (se ./mvj mutation --list)",
    LATENCY: "svarstiden som MIN-MAX i millisekunder, till exempel 50-400",
}


@dataclass(frozen=True)
class LiveAgainstStub:
    """``live-against-stub``'s own flags, taken out of what goes on to pytest."""

    single_page: bool
    read_only: bool
    breaks: tuple[str, ...]
    pytest_args: tuple[str, ...]
    # Another description of the stub's example data (a sparse one, as real test
    # environments have): --test-data FILE.
    profile: Path = STUB_PROFILE
    reports: Path | None = None  # --reports DIR: this run's reports, beside another's
    latency: str | None = None  # --latency MIN-MAX: the stub answers at a real journal's pace

    @classmethod
    def parse(cls, args: Sequence[str]) -> LiveAgainstStub:
        rest: list[str] = []
        breaks: list[str] = []
        paths: dict[str, Path] = {}
        latency = None
        items = iter(args)
        for arg in items:
            name, equals, value = arg.partition("=")
            if name in VALUE_FLAGS:
                value = value if equals else next(items, "")
                if not value or value.startswith("-"):
                    raise CommandError(f"{name} kräver {VALUE_FLAGS[name]}.", code=4)
                if name == BREAK:
                    breaks.append(value)
                elif name == LATENCY:
                    latency = value
                else:
                    paths[name] = caller_dir(os.environ) / value
            elif arg not in (SINGLE_PAGE, READ_ONLY):
                rest.append(arg)
        return cls(SINGLE_PAGE in args, READ_ONLY in args, tuple(breaks), tuple(rest),
                   paths.get(TEST_DATA, STUB_PROFILE), paths.get(REPORTS_FLAG),
                   latency)  # fmt: skip


def live_against_stub(
    args: Sequence[str], log: Path | None = None, out: Path = LIVE_AGAINST_STUB_REPORTS
) -> int:
    """The live path proven on the stub: the suite with --target live against the stub
    started on its own, control interface off, described only by profiles/stubb.yaml —
    what a real journal gets. A fresh data folder each time, so the stub's example data
    are as the profile says and its pool of PU persons is unused.

    ``--single-page``: the stub logs in, searches and logs out after inactivity like a
    single-page journal (JSON posts). ``--read-only``: without --allow-writes, as a team
    runs first against a shared environment. ``--break REGEL``: the stub breaks a rule
    of the routine (a journal that gets it wrong), to show what the guard stops."""
    options = LiveAgainstStub.parse(args)
    out = options.reports or out
    ensure_browser(STAMP_DIR)
    shutil.rmtree(out / "allure-results", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="mvj-live-against-stub.") as work,
        _standalone_stub(Path(work), options) as ready,
    ):
        env = stub_card_env(ready)
        mode = "skrivskyddat (utan --allow-writes)" if options.read_only else "med --allow-writes"
        broken = f", stubben bryter mot {', '.join(options.breaks)}" if options.breaks else ""
        if options.latency:
            broken += f", svarar på {options.latency} ms per begäran"
        say(
            f"stubbjournalen kör fristående på {ready['url']} (utan kontrollgränssnitt{broken}); "
            f"sviten körs som mot en riktig journal, {mode} …"
        )
        arguments = live_against_stub_arguments(ready, out, options.read_only, options.profile)
        code = run_pytest([*arguments, *options.pytest_args], env, log)
        say(f"rapporter: {out}/ (godkännande, JUnit, Allure).")
        # On live, Allure may carry no personal data: checked over the whole run's results.
        results = out / "allure-results"
        if results.is_dir():
            privacy = [sys.executable, "-m", "tools.allure_privacy", str(results),
                       "--profile", str(options.profile)]  # fmt: skip
            if subprocess.run(privacy, env=env, check=False).returncode != 0 and code == 0:
                code = 1
        return code


@contextmanager
def _standalone_stub(folder: Path, options: LiveAgainstStub) -> Iterator[Mapping[str, Any]]:
    """The stub started on its own in ``folder``, as a real journal; yields its ready file."""
    stub_options = StubOptions(json_api=options.single_page, breaks=options.breaks,
                               latency=options.latency)
    try:
        with start_stub(folder, stub_options) as running:
            yield running.ready
    except StubStartError as error:
        raise CommandError(str(error)) from None


# --profile-check runs no scenario and writes no report: the sign-off off, JUnit to
# nowhere, no pytest cache; Allure's empty results folder goes with the run's temporary
# folder (allure-pytest-bdd makes it when it starts).
PROFILE_CHECK = ["--profile-check", "--signoff", "no", "--junitxml", os.devnull,
                 "-p", "no:cacheprovider", "-p", "no:randomly"]  # fmt: skip
AGAINST_STUB = "--against-stub"
PROFILE_USAGE = (
    "användning: ./mvj profile check [--draft] [--against-stub [--test-data FIL]] "
    "[journalens alternativ och urval …]"
)


def profile(args: Sequence[str]) -> int:
    """``profile check``: the test-data profile against the journal, read-only through
    the wire guard, with the live run's own options and selection; nothing runs and
    nothing is written. ``--against-stub`` starts the bundled stub as a real journal
    (as ``live-against-stub`` does) and checks the profile against it."""
    if list(args[:1]) != ["check"]:
        raise CommandError(PROFILE_USAGE, code=2)
    rest = list(args[1:])
    ensure_browser(STAMP_DIR)
    with tempfile.TemporaryDirectory(prefix="mvj-profilkontroll.") as work:
        if AGAINST_STUB not in rest:
            target = [] if _given(rest, "--target") else ["--target", "live"]
            nowhere = ["--alluredir", str(Path(work) / "allure")]
            return run_pytest([*target, *PROFILE_CHECK, *nowhere, *rest])
        rest.remove(AGAINST_STUB)
        options = LiveAgainstStub.parse(rest)
        with _standalone_stub(Path(work), options) as ready:
            arguments = live_against_stub_arguments(
                ready, Path(work) / "rapporter", read_only=True, profile=options.profile
            )
            return run_pytest([*arguments, *PROFILE_CHECK, *options.pytest_args],
                              stub_card_env(ready))  # fmt: skip


def stub_card_env(ready: Mapping[str, Any]) -> dict[str, str]:
    card = Path(ready["cards"]["sjukskoterska"]["path"])
    # profiles/stubb.yaml names the stub's other cards as ${MVJ_STUBB_KORT}/<kort>.p12.
    return {
        **os.environ,
        "MVJ_SITHS_PASSPHRASE": str(ready["passphrase"]),
        "MVJ_STUBB_KORT": str(card.parent),
    }


def walkthrough(args: Sequence[str]) -> int:
    """Training videos of the scenarios, against the bundled stub only (the plugin
    refuses a live target itself, with its reason).

    Without a selection of its own (-m, -k, a test id or a path) it records the curated
    training selection, the scenarios tagged @utbildning (index.html lists them in the
    routine's order); ``--all`` records every scenario instead (over a hundred videos)."""
    args = list(args)
    everything = "--all" in args
    args = [arg for arg in args if arg != "--all"]
    chosen = everything or any(
        (arg[:2] in ("-m", "-k") and not arg.startswith("--"))
        or "::" in arg
        or arg.endswith((".py", ".feature"))
        for arg in args
    )
    selection = [] if chosen else ["-m", "utbildning"]
    ensure_browser(STAMP_DIR)
    out = REPORTS / "walkthroughs"
    shutil.rmtree(out / "allure-results", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    if selection:
        say("spelar in utbildningsurvalet (@utbildning); välj själv med -m/-k eller --all.")
    code = run_pytest(
        ["--walkthrough", "-p", "no:xdist", "--signoff", "no",
         "--alluredir", str(out / "allure-results"), "--junitxml", str(out / "junit.xml"),
         *selection, *args]
    )  # fmt: skip
    if code == NO_TESTS:
        say("inga scenarier hittades – kontrollera urvalet (-m/-k).")
    say(
        "genomgångar: reports/walkthroughs/index.html "
        "(öppna i en webbläsare, fungerar utan nätverk)."
    )
    return code


def report(args: Sequence[str]) -> int:
    return allure_html.main(list(args))


def browser_server(args: Sequence[str]) -> int:
    return browser_server_tool.main(list(args))

"""How many xdist workers a live run spreads over when the user gives no ``-n``.

A real journal answers each call in tens to hundreds of milliseconds. A serial
run spends most of its time waiting for those answers, one scenario at a time:
against a journal answering in 50–400 ms the full suite took eight minutes
serially and under a third of that on three workers, with the same results. So
a live run is parallel unless the user says otherwise, sized to:

- the journal's latency, measured before anything starts: a few GETs of its
  start page on one connection from Python (no identity, nothing logged in: the
  reachability check of the preflight sends the same request);
- the machine: a worker keeps a core busy for ``CPU_S`` per scenario and waits
  the rest, so a core can carry more than one worker when the journal is slow;
  each worker's browser, proxy and Python need memory;
- the selection (``-m``, ``-k``, test ids, read from the feature files as pytest
  reads them): a worker costs a start, a login and a browser; a handful of
  scenarios is run by fewer workers (or one).

``-n N`` (also ``-n 0``) is the user's choice and wins; ``-n auto`` means this
sizing. A run attached to the tester's own browser (``--cdp-url``), the profile
check and a collect-only run stay in one process.

The decision is made in ``pytest_cmdline_main``, before xdist starts its workers,
and said in the run's first lines.
"""

from __future__ import annotations

import functools
import http.client
import os
import ssl
import statistics
import time
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from _pytest.mark.expression import Expression  # pytest's own -m/-k grammar
from pytest_bdd.feature import get_features
from pytest_bdd.scenario import make_python_name

from mvj_suite.core.settings import ConfigurationError, Settings
from mvj_suite.core.settings_plugin import build_from, runs_the_suite
from mvj_suite.live.plugin import STUB_ONLY_REASONS, live_skip_reason, say

CPU_S = 0.6  # processor time of one scenario on a build machine (browser, proxy, Python)
# Journal calls a scenario waits for, typically: a §2.1 search about 8 (page loads, the
# search), a §2.4 change about 30 (it adds its customer first); measured at 50–400 ms.
REQUESTS = 12
PER_CORE = 3  # beyond this the browsers compete for the processor more than they wait
MAX_WORKERS = 8
WORKER_MEMORY = 700 * 2**20  # a headless Chromium, the wire proxy and a pytest process
MIN_SCENARIOS = 4  # per worker: fewer, and its start and login cost more than it saves
UNKNOWN_LATENCY_S = 0.15  # a journal that cannot be timed without a card: a typical one
PROBES = 5

_DECISION = pytest.StashKey["Decision"]()


@dataclass(frozen=True)
class Decision:
    workers: int
    latency_s: float | None
    cores: int
    scenarios: int | None

    def line(self) -> str:
        pace = (f"journalen svarar på ≈ {self.latency_s * 1000:.0f} ms"
                if self.latency_s is not None else "journalens svarstid gick inte att mäta")
        selection = f", {self.scenarios} scenarier" if self.scenarios is not None else ""
        spread = (f"sprids på {self.workers} arbetare" if self.workers > 1
                  else "körs i en process")  # fmt: skip
        return (f"Livekörningen {spread} ({pace}, {self.cores} kärnor{selection}); "
                "-n N väljer själv, -n 0 kör serielt.")


def workers_for(cores: int, latency_s: float | None, scenarios: int | None,
                memory: int | None) -> int:  # fmt: skip
    """The number of workers that keeps the cores busy while the journal answers."""
    waiting = REQUESTS * (UNKNOWN_LATENCY_S if latency_s is None else latency_s)
    wanted = round(cores * (1 + waiting / CPU_S))
    limits = [wanted, cores * PER_CORE, MAX_WORKERS]
    if memory is not None:
        limits.append(memory // WORKER_MEMORY)
    if scenarios is not None:
        limits.append(scenarios // MIN_SCENARIOS)
    return max(1, min(limits))


def probe_latency(base_url: str, timeout: float = 10.0) -> float | None:
    """The median time the journal takes to answer a GET of its start page, on one kept
    connection (so the handshake is not counted); None when it cannot be timed."""
    parts = urlsplit(base_url)
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # timing only; the preflight judges the certificate
    connection = http.client.HTTPSConnection(parts.hostname or "", parts.port or 443,
                                             timeout=timeout, context=context)  # fmt: skip
    times = []
    try:
        connection.connect()
        for _ in range(PROBES):
            started = time.perf_counter()
            connection.request("GET", parts.path or "/")
            connection.getresponse().read()
            times.append(time.perf_counter() - started)
    except (OSError, ssl.SSLError, http.client.HTTPException):
        return None  # unreachable, or a card demanded in the handshake: the preflight says
    finally:
        connection.close()
    return statistics.median(times)


def selected_scenarios(config: pytest.Config, settings: Settings) -> int | None:
    """How many scenarios the run will run, read from the feature files with ``-m`` and
    ``-k`` as pytest reads them; None when that cannot be told (an odd expression)."""
    ids = [arg for arg in config.args if "::" in arg]
    if ids:
        return len(ids)  # test ids: one each (a whole outline's id counts as one)
    try:
        marks, keywords = (Expression.compile(text) if text else None
                           for text in (config.option.markexpr, config.option.keyword))
        features = get_features([str(Path(config.rootpath) / config.getini(
            "bdd_features_base_dir"))])  # fmt: skip
    except Exception:  # an odd expression or feature: pytest itself will say what
        return None
    count = 0
    for feature in features:
        for scenario in feature.scenarios.values():
            tags = {*feature.tags, *scenario.tags}
            if tags & STUB_ONLY_REASONS.keys():
                tags.add("stubb")
            # -k matches parts of the test's name, its module's and its marks (the rows'
            # own ids are left out: a selection by row counts its whole outline).
            names = {f"test_{make_python_name(scenario.name)}", "test_rutinen.py", *tags}
            if (live_skip_reason(settings, tags) is not None
                    or (marks is not None and not marks.evaluate(
                        functools.partial(_tagged, tags)))
                    or (keywords is not None and not keywords.evaluate(
                        functools.partial(_in_names, names)))):  # fmt: skip
                continue
            count += sum(len(rows.examples) for rows in scenario.examples) or 1
    return count


def _in_names(names: set[str], part: str, **_: object) -> bool:
    return any(part.lower() in name.lower() for name in names)


def _tagged(tags: set[str], name: str, **_: object) -> bool:
    return name in tags


def _memory() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _live_settings(config: pytest.Config) -> Settings | None:
    try:
        settings = build_from(config)
    except ConfigurationError:
        return None  # pytest_configure says what is wrong, with its exit code
    return settings if settings.is_live else None


def decide(config: pytest.Config) -> Decision | None:
    """The workers for this run when it is a live run that leaves the number to us."""
    option = config.option
    given = getattr(option, "numprocesses", "xdist off")
    if given not in (None, "auto") or hasattr(config, "workerinput"):
        return None  # -n N, -p no:xdist, or a worker
    nothing_runs = any(getattr(option, name, False) for name in (
        "help", "version", "collectonly", "showfixtures", "show_fixtures_per_test", "markers"))
    if (nothing_runs or option.usepdb or getattr(option, "mvj_profile_check", False)
            or getattr(option, "mvj_walkthrough", False) or not runs_the_suite(config)):
        return None  # fmt: skip
    settings = _live_settings(config)
    if settings is None or settings.cdp_url or settings.base_url is None:
        return None  # one attached browser and its session: one process
    latency = probe_latency(settings.base_url)
    scenarios = selected_scenarios(config, settings)
    cores = _cores()
    return Decision(workers_for(cores, latency, scenarios, _memory()), latency, cores, scenarios)


@pytest.hookimpl(wrapper=True)  # before xdist reads -n in its own pytest_cmdline_main
def pytest_cmdline_main(config: pytest.Config) -> Generator[None, object, object]:
    decision = decide(config)
    if decision is not None:
        config.stash[_DECISION] = decision
        config.option.numprocesses = decision.workers if decision.workers > 1 else 0
    return (yield)


def pytest_sessionstart(session: pytest.Session) -> None:
    decision = session.config.stash.get(_DECISION, None)
    if decision is not None:  # only the controller decided
        say(session.config, decision.line())

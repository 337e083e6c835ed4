"""Benchmark: the suite's time per scenario, beside a bare Playwright twin of the same work.

Runs a selection of the acceptance suite serially in a child pytest with a tiny
plugin that records each scenario's setup, call and teardown times. Then, in the
same run, a *twin*: a plain Playwright script (no pytest, no page objects, no
tracing, no fake clock) doing the browser work of that scenario group against a
stub of its own, the same number of times. It prints both medians and their ratio:

    suite 0.71 s, bare 0.65 s, ratio 1.09

The ratio is what the suite's machinery costs on top of the browser work itself.
A benchmark, not a test: nothing here asserts a time (docs/prestanda.md).

    python -m tools.benchmark                      # §2.1, with its twin
    python -m tools.benchmark -m rutin-1           # any selection (twin: §2.1's)
    python -m tools.benchmark --twin-runs 50 …     # more twin rounds
    python -m tools.benchmark --wire               # the wire proxy's cost on live
    python -m tools.benchmark --latency 50-400     # a stub at a real journal's pace

``--wire``: the selection twice as ``./mvj live-against-stub --read-only`` runs it,
each against a fresh standalone stub: through the wire proxy, and with the same
rules in Playwright's routing instead (``MVJ_WIRE_GUARD=route``, allowed only
against a journal on this machine). It prints both and the proxy's ratio.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from mvj_suite.cli.commands import live_against_stub_arguments, stub_card_env
from mvj_suite.core.chromium import launch_options
from mvj_suite.core.settings import ROOT
from mvj_suite.core.stub_control import ControlClient
from mvj_suite.core.stub_process import StubOptions, start_stub
from mvj_suite.model.testdata import TestData
from pages import vocabulary as v

_PLUGIN = """
import json, os, time

_times = {}
_start = time.perf_counter()

def pytest_runtest_logreport(report):
    _times.setdefault(report.nodeid, {})[report.when] = report.duration

_step_t0 = {}

def pytest_bdd_before_step(request, feature, scenario, step, step_func):
    _step_t0[request.node.nodeid] = time.perf_counter()

def pytest_bdd_after_step(request, feature, scenario, step, step_func, step_func_args):
    if step.keyword in ("Givet", "Given") and "är inloggad" in step.name:
        t0 = _step_t0[request.node.nodeid]
        _times.setdefault(request.node.nodeid, {})["login"] = time.perf_counter() - t0

def pytest_sessionfinish(session):
    path = os.environ["MVJ_BENCH_OUT"]
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"times": _times, "session": time.perf_counter() - _start}, out)
"""


@dataclass(frozen=True)
class SuiteTimes:
    wall: float
    scenarios: list[float]  # setup + call + teardown per scenario
    logins: list[float]  # the "är inloggad" step
    overhead: list[float]  # setup + teardown


def run_suite(
    selection: Sequence[str], env_extra: dict[str, str] | None = None
) -> tuple[SuiteTimes | None, int]:
    with tempfile.TemporaryDirectory(prefix="mvj-bench-") as tmp:
        plugin_dir = Path(tmp)
        (plugin_dir / "mvj_bench_plugin.py").write_text(_PLUGIN, encoding="utf-8")
        out = plugin_dir / "times.json"
        command = [
            sys.executable, "-m", "pytest", "-q", "-p", "mvj_bench_plugin", "-p", "no:xdist",
            "-c", str(ROOT / "pyproject.toml"), "--signoff", "no",
            f"--alluredir={plugin_dir / 'allure'}", f"--junitxml={plugin_dir / 'junit.xml'}",
            *selection,
        ]  # fmt: skip
        env = {**(env_extra or {}), "PYTHONPATH": f"{plugin_dir}:{ROOT}",
               "MVJ_BENCH_OUT": str(out)}  # fmt: skip
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, check=False)
        wall = time.perf_counter() - started
        if not out.exists():
            return None, result.returncode or 1
        times: dict[str, dict[str, float]] = json.loads(out.read_text(encoding="utf-8"))["times"]
    ran = [t for t in times.values() if "call" in t]
    return (
        SuiteTimes(
            wall=wall,
            scenarios=sorted(
                sum(t.get(w, 0.0) for w in ("setup", "call", "teardown")) for t in ran
            ),
            logins=sorted(t["login"] for t in ran if "login" in t),
            overhead=sorted(t.get("setup", 0.0) + t.get("teardown", 0.0) for t in ran),
        ),
        result.returncode,
    )


# --- the bare twin -----------------------------------------------------------------------------


def _log_in(page: Page, logged_in: str) -> None:
    page.goto("/")
    page.get_by_role("button", name=v.LOGIN_BUTTON, exact=True).click()
    expect(page.get_by_text(logged_in)).to_be_visible()


def _search_round(context: BrowserContext, number: str, logged_in: str | None) -> None:
    """§2.1: a browser with the card, logged in, Kunder – Sök kund, a number, the row.
    ``logged_in``: log in first, until the page says so; None: the session is there."""
    page = context.new_page()
    if logged_in is not None:
        _log_in(page, logged_in)
    else:
        page.goto("/")
        expect(page.get_by_text(v.LOGGED_IN_PREFIX).first).to_be_visible()
    page.get_by_role("button", name=v.CUSTOMERS_MENU, exact=True).click()
    page.get_by_role("menuitem", name=v.SEARCH_MENU_ITEM, exact=True).or_(
        page.get_by_role("link", name=v.SEARCH_MENU_ITEM, exact=True)
    ).first.click()
    expect(page.get_by_role("heading", name=v.SEARCH_HEADING, exact=True)).to_be_visible()
    page.get_by_label(v.SEARCH_FIELD, exact=True).fill(number)
    page.get_by_role("button", name=v.SEARCH_BUTTON, exact=True).click()
    rows = page.get_by_role("table", name=v.RESULTS_TABLE).get_by_role("row")
    expect(rows.filter(has_text=number)).to_have_count(1)
    context.close()


def run_twin(rounds: int, shared_login: bool, latency: str | None = None) -> list[float]:
    """``rounds`` timed rounds of the §2.1 work (after one untimed warm-up round), against a
    stub as slow as the suite's (``latency``)."""
    with tempfile.TemporaryDirectory(prefix="mvj-bench-tvilling-") as tmp:
        key = secrets.token_urlsafe(16)
        options = StubOptions(control_key=key, example_data=False, pu_timeout=1, latency=latency)
        with start_stub(Path(tmp), options) as stub, sync_playwright() as playwright:
            ready = stub.ready
            card = ready["cards"]["sjukskoterska"]
            logged_in = v.LOGGED_IN_AS.format(name=card["name"], hsa_id=card["hsa_id"])
            control = ControlClient(stub.url, key, Path(ready["ca_cert"]))
            customer = TestData().customer()
            control.create_customers([customer.as_control_data()])
            number = customer.number.display
            browser = playwright.chromium.launch(
                headless=True, **launch_options(playwright.chromium.executable_path)
            )
            certificate = {"origin": stub.url, "pfxPath": card["path"],
                           "passphrase": ready["passphrase"]}  # fmt: skip
            new_context = functools.partial(
                browser.new_context, base_url=stub.url, client_certificates=[certificate],
                ignore_https_errors=True,  # the stub's own CA (the suite does the same)
                locale="sv-SE",
            )  # fmt: skip
            state = None
            if shared_login:  # every round starts from one logged-in session, as the suite's
                first = new_context()
                _log_in(first.new_page(), logged_in)
                state = first.storage_state()
                first.close()
            login = None if shared_login else logged_in
            # A warm-up round first: caches, first load.
            _search_round(new_context(storage_state=state), number, login)
            times = []
            for _ in range(rounds):
                started = time.perf_counter()
                _search_round(new_context(storage_state=state), number, login)
                times.append(time.perf_counter() - started)
            browser.close()
    return sorted(times)


# --- the wire proxy's cost ------------------------------------------------------------------------


def run_live(
    selection: Sequence[str], wire_guard: str, latency: str | None = None
) -> tuple[SuiteTimes | None, int]:
    """``selection`` read-only on live against a fresh standalone stub, ``wire_guard``:
    "proxy" (as every live run) or "route" (the measurement's baseline)."""
    with (
        tempfile.TemporaryDirectory(prefix="mvj-bench-stubb-") as work,
        start_stub(Path(work), StubOptions(latency=latency)) as stub,
    ):
        env = {**stub_card_env(stub.ready), "MVJ_WIRE_GUARD": wire_guard}
        arguments = live_against_stub_arguments(stub.ready, Path(work) / "rapporter",
                                                read_only=True)  # fmt: skip
        return run_suite([*arguments, *selection], env)


def report_wire(proxy: SuiteTimes, route: SuiteTimes) -> None:
    print("")
    print(f"scenarier: {len(proxy.scenarios)} (skyddsproxy), {len(route.scenarios)} (routning)")
    print(_line("skyddsproxyn (all trafik genom proxyn)", proxy.scenarios))
    print(_line("utan proxyn (samma regler i routningen)", route.scenarios))
    print(f"väggtid: proxy {proxy.wall:.1f} s, routning {route.wall:.1f} s")
    with_proxy, without = statistics.median(proxy.scenarios), statistics.median(route.scenarios)
    print(f"proxy {with_proxy:.2f} s, route {without:.2f} s, ratio {with_proxy / without:.2f} "
           f"(väggtid {proxy.wall / route.wall:.2f})")  # fmt: skip


# --- report --------------------------------------------------------------------------------------


def _line(label: str, values: list[float]) -> str:
    if not values:
        return f"{label:<44} –"
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return (
        f"{label:<44} median {statistics.median(values):6.3f} s   "
        f"p95 {p95:6.3f} s   max {values[-1]:6.3f} s"
    )


def report(suite: SuiteTimes, twin: list[float] | None) -> None:
    count = len(suite.scenarios)
    print("")
    print(
        f"scenarier: {count}   väggtid: {suite.wall:.1f} s   "
        f"({suite.wall / count:.2f} s per scenario i snitt, start av stubb och webbläsare inräknad)"
    )
    print(_line("scenario (setup + steg + teardown)", suite.scenarios))
    print(_line("varav setup + teardown", suite.overhead))
    print(_line("inloggning (steget 'är inloggad')", suite.logins))
    if twin:
        print(_line("tvillingen (ren Playwright, samma arbete)", twin))
        mine, bare = statistics.median(suite.scenarios), statistics.median(twin)
        print(f"suite {mine:.2f} s, bare {bare:.2f} s, ratio {mine / bare:.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.benchmark",
        description="Mät svitens tid per scenario bredvid en ren Playwright-tvilling.",
    )
    parser.add_argument("--twin-runs", type=int, default=None, metavar="N",
                        help="tvillingens varv (standard: lika många som scenarierna)")  # fmt: skip
    parser.add_argument("--no-twin", action="store_true", help="mät bara sviten")
    parser.add_argument("--own-login", action="store_true",
                        help="tvillingen loggar in via gränssnittet varje varv i stället "
                        "för att börja från en inloggad session, som sviten")  # fmt: skip
    parser.add_argument("--wire", action="store_true",
                        help="mät skyddsproxyns kostnad: urvalet mot stubben som riktig "
                        "journal, med och utan proxyn")  # fmt: skip
    parser.add_argument("--latency", metavar="MIN-MAX", default=None,
                        help="stubben svarar som en riktig journal: varje begäran tar "
                        "slumpvis MIN–MAX millisekunder (t.ex. 50-400), för sviten och "
                        "tvillingen")  # fmt: skip
    known, selection = parser.parse_known_args(argv)
    selection = selection or ["-m", "rutin-2.1"]
    if known.wire:
        return _wire(selection, known.latency)
    slow = ["--latency", known.latency] if known.latency else []
    suite, code = run_suite([*slow, *selection])
    if suite is None or not suite.scenarios:
        print("benchmark: inga scenarier kördes – se utskriften ovan.", file=sys.stderr)
        return code or 1
    twin = None
    if not known.no_twin:
        rounds = known.twin_runs or len(suite.scenarios)
        twin = run_twin(rounds, shared_login=not known.own_login, latency=known.latency)
    report(suite, twin)
    return code


def _wire(selection: Sequence[str], latency: str | None) -> int:
    # Route first, then proxy, then route again, and the faster of each: the first run of
    # a process pays for cold caches either way, and the order must not decide.
    runs: dict[str, list[SuiteTimes]] = {"proxy": [], "route": []}
    for wire_guard in ("route", "proxy", "route", "proxy"):
        times, code = run_live(selection, wire_guard, latency)
        if times is None or not times.scenarios or code not in (0, 1):
            print(f"benchmark: körningen med {wire_guard} gick inte igenom – se utskriften.",
                  file=sys.stderr)  # fmt: skip
            return code or 1
        runs[wire_guard].append(times)
    best = {key: min(values, key=lambda t: t.wall) for key, values in runs.items()}
    report_wire(best["proxy"], best["route"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

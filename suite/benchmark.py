"""Benchmark: what the suite costs per scenario beyond the scenario's own steps.

Runs a selection of the acceptance suite serially in a child pytest with a tiny
plugin that records each scenario's setup, call and teardown times, then prints
the wall time, the one-off start (browser and stub) and the median/95th
percentile per-scenario overhead: setup + teardown (fresh context, card, clock,
tracing, closing) plus the login step, which every logged-in scenario pays.
A benchmark, not a test: nothing here asserts a time.

    python -m tools.benchmark                 # whole suite
    python -m tools.benchmark -m rutin-2.1    # any pytest selection
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="mvj-bench-") as tmp:
        plugin_dir = Path(tmp)
        (plugin_dir / "mvj_bench_plugin.py").write_text(_PLUGIN, encoding="utf-8")
        out = plugin_dir / "times.json"
        command = [
            sys.executable, "-m", "pytest", "-q", "-p", "mvj_bench_plugin", "-p", "no:xdist",
            "--signoff", "no", f"--alluredir={plugin_dir / 'allure'}",
            f"--junitxml={plugin_dir / 'junit.xml'}", *argv,
        ]  # fmt: skip
        env = {"PYTHONPATH": f"{plugin_dir}:{ROOT}", "MVJ_BENCH_OUT": str(out)}
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, check=False)
        wall = time.perf_counter() - started
        if not out.exists():
            print("benchmark: pytest skrev inga tider – se utskriften ovan.", file=sys.stderr)
            return result.returncode or 1
        data = json.loads(out.read_text(encoding="utf-8"))
    report(data["times"], wall)
    return result.returncode


def report(times: dict[str, dict[str, float]], wall: float) -> None:
    scenarios = [t for t in times.values() if "call" in t]
    if not scenarios:
        print("benchmark: inga scenarier kördes.")
        return
    setups = sorted(t.get("setup", 0.0) for t in scenarios)
    # The first setup also starts the browser and the stub: report it apart.
    one_off = max(setups)
    overhead = sorted(t.get("setup", 0.0) + t.get("teardown", 0.0) for t in scenarios)
    overhead_rest = overhead[:]
    overhead_rest.remove(max(overhead))
    logins = sorted(t["login"] for t in scenarios if "login" in t)
    calls = sorted(t["call"] for t in scenarios)

    def line(label: str, values: list[float]) -> str:
        if not values:
            return f"{label:<44} –"
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        return (
            f"{label:<44} median {statistics.median(values):6.3f} s   "
            f"p95 {p95:6.3f} s   max {values[-1]:6.3f} s"
        )

    print()
    print(
        f"scenarier: {len(scenarios)}   väggtid: {wall:.1f} s   "
        f"({wall / len(scenarios):.2f} s per scenario i snitt)"
    )
    print(f"längsta uppsättning (första scenariot startar stubben): {one_off:.2f} s")
    print(line("overhead per scenario (setup + teardown)", overhead_rest))
    print(line("inloggning (steget 'är inloggad')", logins))
    print(line("scenariots steg (inklusive inloggning)", calls))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

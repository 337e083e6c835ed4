"""A live run without -n spreads over workers by itself, and says what a serial run says:
the same sign-off and JUnit, scenario for scenario (against the standalone stub)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from mvj_suite.core.settings import ROOT
from mvj_suite.signoff.sameness import compare

from .standalone import standalone_stub
from .stub_profile import PROFILE, stub_card_env


@pytest.fixture(scope="module")
def standalone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    with standalone_stub(tmp_path_factory.mktemp("fristaende")) as ready:
        yield ready


def _run(standalone: dict, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """§1 and §2.5, read-only: a dozen scenarios, enough for two workers."""
    args = [
        "-c", str(ROOT / "pyproject.toml"), "--target=live", f"--base-url={standalone['url']}",
        f"--siths-card={standalone['cards']['sjukskoterska']['path']}",
        f"--ca-cert={standalone['ca_cert']}", f"--test-data={PROFILE}",
        "-p", "no:cacheprovider", "-p", "no:randomly",
        f"--signoff-dir={out}", f"--junitxml={out / 'junit.xml'}",
        f"--alluredir={tempfile.mkdtemp(prefix='mvj-allure-')}", f"--artifacts-dir={out / 'fel'}",
        "-m", "rutin-2.5 or rutin-1", *extra,
    ]  # fmt: skip
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    return subprocess.run([sys.executable, "-m", "pytest", *args], cwd=ROOT, text=True,
                          capture_output=True, env={**env, **stub_card_env(standalone)},
                          timeout=300)  # fmt: skip


def test_a_live_run_without_n_spreads_and_says_what_a_serial_run_says(
    standalone: dict, tmp_path: Path
) -> None:
    parallel = _run(standalone, tmp_path / "parallellt")
    serial = _run(standalone, tmp_path / "serielt", "-n", "0")
    for result in (parallel, serial):
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Livekörningen sprids på 2 arbetare (journalen svarar på ≈ " in parallel.stdout, (
        parallel.stdout[:2000])  # fmt: skip
    assert "Livekörningen" not in serial.stdout  # -n 0 is the user's choice: nothing to say
    assert compare(tmp_path / "serielt", tmp_path / "parallellt") == []


def test_a_handful_of_scenarios_runs_in_one_process(standalone: dict, tmp_path: Path) -> None:
    result = _run(standalone, tmp_path / "ett", "-k", "skyddad and hittas")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Livekörningen körs i en process" in result.stdout, result.stdout[:2000]
    assert "bringing up nodes" not in result.stdout

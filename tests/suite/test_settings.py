"""Settings: one object from options and environment; bad input is one Swedish line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mvj_suite.core.settings import REPORTS, ROOT, ConfigurationError, build_settings

from .stub_profile import placeholder_card_env

# What a live target needs besides its address: a test-data profile and a card (or a
# browser with a card reader). tests/suite/test_live.py tests those requirements.
LIVE_NEEDS = {"test_data": str(ROOT / "profiles" / "stubb.yaml"), "cdp_url": "http://127.0.0.1:9"}
LIVE_NEEDS_ENV = {"MVJ_TEST_DATA": LIVE_NEEDS["test_data"], "MVJ_CDP_URL": LIVE_NEEDS["cdp_url"]}


def test_default_is_the_stub() -> None:
    settings = build_settings({}, {})
    assert settings.target == "stub"
    assert settings.is_stub
    assert settings.base_url is None


def test_options_win_over_environment() -> None:
    settings = build_settings(
        {"target": "live", "base_url": "https://journal.example.se/", **LIVE_NEEDS},
        {"MVJ_TARGET": "stub", "MVJ_BASE_URL": "https://annan.example.se"},
    )
    assert settings.target == "live"
    assert settings.base_url == "https://journal.example.se"


def test_environment_is_read() -> None:
    settings = build_settings(
        {}, {"MVJ_TARGET": "live", "MVJ_BASE_URL": "https://j.example.se", **LIVE_NEEDS_ENV}
    )
    assert (settings.target, settings.base_url) == ("live", "https://j.example.se")


@pytest.mark.parametrize(
    ("options", "env", "fragment"),
    [
        ({"target": "prod"}, {}, "Okänt mål 'prod'"),
        ({"target": "live"}, {}, "kräver journalens adress"),
        ({"target": "live", "base_url": "http://j.example.se"}, {}, "https://"),
        ({}, {"MVJ_BASE_URL": "https://j.example.se"}, "gäller bara --target live"),
    ],
)
def test_bad_configuration_is_one_line(options: dict, env: dict, fragment: str) -> None:
    with pytest.raises(ConfigurationError) as error:
        build_settings(options, env)
    assert fragment in str(error.value)
    assert "\n" not in str(error.value)


def _run(
    *args: str, env: dict[str, str] | None = None, collect_only: bool = True
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *(["--collect-only"] if collect_only else []),
            "-q",
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_unknown_target_stops_the_run_with_exit_code_4() -> None:
    result = _run("--target", "prod", "-p", "no:cacheprovider")
    assert result.returncode == 4
    output = (result.stdout + result.stderr).strip()
    assert "Okänt mål 'prod'" in output
    assert "Traceback" not in output


def test_unreachable_live_journal_stops_the_run_with_exit_code_4(tmp_path: Path) -> None:
    # Port 9 on localhost: nothing listens, so the connection is refused at once.
    # A run of the real suite: its reports go to tmp_path, never the project's reports/
    # (a run there clears the last sign-off and takes the folder's lock).
    result = _run(
        "--target=live", "--base-url=https://127.0.0.1:9", "-p", "no:cacheprovider",
        f"--signoff-dir={tmp_path}", f"--junitxml={tmp_path / 'junit.xml'}",
        f"--alluredir={tmp_path / 'allure'}", f"--artifacts-dir={tmp_path / 'artefakter'}",
        f"--test-data={LIVE_NEEDS['test_data']}", f"--cdp-url={LIVE_NEEDS['cdp_url']}",
        env={**os.environ, **placeholder_card_env()}, collect_only=False,
    )  # fmt: skip
    assert result.returncode == 4
    output = (result.stdout + result.stderr).strip()
    assert "svarar inte" in output
    assert "Traceback" not in output


def test_artifacts_dir_is_chosen_by_option_or_environment(tmp_path) -> None:
    assert build_settings({}, {}).artefacts_dir == REPORTS / "artefakter"
    chosen = build_settings({"artifacts_dir": str(tmp_path / "a")}, {"MVJ_ARTIFACTS_DIR": "b"})
    assert chosen.artefacts_dir == tmp_path / "a"
    from_env = build_settings({}, {"MVJ_ARTIFACTS_DIR": str(tmp_path / "b")})
    assert from_env.artefacts_dir == tmp_path / "b"


def test_a_latency_for_the_stub_is_taken_as_min_dash_max() -> None:
    assert build_settings({"latency": " 50 - 400 "}, {}).latency == "50-400"
    assert build_settings({}, {"MVJ_LATENCY": "0-20"}).latency == "0-20"
    assert build_settings({}, {}).latency is None  # off unless asked for


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"latency": "400-50"}, "--latency 400-50: ange svarstiden som MIN-MAX i millisekunder"),
        ({"latency": "snabb"}, "--latency snabb: ange svarstiden som MIN-MAX"),
        ({"latency": "50-400", "target": "live", "base_url": "https://j.example.se",
          **LIVE_NEEDS}, "--latency gäller bara den medföljande stubbjournalen"),
    ],
)  # fmt: skip
def test_a_bad_latency_is_one_line(options: dict, fragment: str) -> None:
    with pytest.raises(ConfigurationError) as error:
        build_settings(options, {})
    assert fragment in str(error.value)
    assert "\n" not in str(error.value)

"""Which Chromium runs: Playwright's own, else the system's — headless, Debian's
headless shell first; MVJ_CHROMIUM always wins."""

from __future__ import annotations

import os

import pytest

from mvj_suite.core import chromium


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch):
    """Pretend exactly these executables exist."""
    present: set[str] = set()
    monkeypatch.setattr(os, "access", lambda path, mode: str(path) in present)
    monkeypatch.setattr(chromium.shutil, "which", lambda name: None)
    monkeypatch.delenv("MVJ_CHROMIUM", raising=False)
    return present


def test_headless_prefers_the_headless_shell(installed: set[str]) -> None:
    installed.update({"/usr/bin/chromium", chromium.HEADLESS_SHELL})
    assert chromium.system_chromium(headless=True) == chromium.HEADLESS_SHELL
    assert chromium.system_chromium(headless=False) == "/usr/bin/chromium"  # --headed


def test_without_the_shell_the_full_browser_runs_headless(installed: set[str]) -> None:
    installed.add("/usr/bin/chromium")
    assert chromium.system_chromium(headless=True) == "/usr/bin/chromium"


def test_mvj_chromium_wins(installed: set[str], monkeypatch: pytest.MonkeyPatch) -> None:
    installed.update({"/opt/min/chromium", chromium.HEADLESS_SHELL})
    monkeypatch.setenv("MVJ_CHROMIUM", "/opt/min/chromium")
    assert chromium.system_chromium(headless=True) == "/opt/min/chromium"


def test_launch_options_pick_by_headless(installed: set[str]) -> None:
    installed.update({"/usr/bin/chromium", chromium.HEADLESS_SHELL})
    assert chromium.launch_options(None)["executable_path"] == chromium.HEADLESS_SHELL
    assert chromium.launch_options(None, headless=False)["executable_path"] == "/usr/bin/chromium"


def test_no_browser_is_one_swedish_line(installed: set[str]) -> None:
    with pytest.raises(chromium.NoChromium, match="Ingen Chromium hittades"):
        chromium.launch_options(None)


def test_setup_tries_the_headless_shell_once(
    installed: set[str], monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    from mvj_suite.cli import browser_setup

    tries: list[tuple[str, ...]] = []
    monkeypatch.setattr(browser_setup, "_apt_install", lambda packages: tries.append(packages))
    browser_setup.ensure_headless_shell(tmp_path)
    browser_setup.ensure_headless_shell(tmp_path)  # refused the first time: not again
    assert tries == [("chromium-headless-shell",)]
    installed.add(chromium.HEADLESS_SHELL)
    (tmp_path / "headless-shell-unavailable").unlink()
    browser_setup.ensure_headless_shell(tmp_path)  # present: nothing to do
    assert len(tries) == 1

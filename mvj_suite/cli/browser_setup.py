"""A browser for the suite: Playwright's Chromium where it can be downloaded, else the
system's (Debian's ``chromium``), and an ffmpeg for video recording.

Playwright's download is blocked on some machines. A failed download is remembered
per Playwright version, so later runs go straight to the system browser instead of
waiting for the same failure again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import playwright
from playwright.sync_api import sync_playwright

from mvj_suite.core.chromium import HEADLESS_SHELL, system_chromium
from mvj_suite.core.output import CommandError, say

APT_PACKAGES = ("chromium", "ffmpeg")


def ensure_browser(stamp_dir: Path) -> None:
    if _playwright_chromium_present():
        return
    stamp = stamp_dir / f"playwright-install-failed-{version('playwright')}"
    if not os.environ.get("MVJ_CHROMIUM") and not stamp.exists():
        say("hämtar Playwrights Chromium …")
        install = [sys.executable, "-m", "playwright", "install", "chromium"]
        if subprocess.run(install, capture_output=True, check=False).returncode == 0:
            return
        say("kunde inte hämta Playwrights Chromium – använder systemets Chromium.")
        stamp_dir.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    if system_chromium() is None:
        _apt_install(APT_PACKAGES)
    if system_chromium() is None:
        raise CommandError(
            "ingen Chromium hittades – kör 'sudo apt-get install chromium ffmpeg' "
            "(eller sätt MVJ_CHROMIUM=/sökväg/till/chromium)."
        )
    ensure_headless_shell(stamp_dir)
    ensure_ffmpeg()


def ensure_headless_shell(stamp_dir: Path) -> None:
    """Debian's headless build, which halves the CPU of a headless run; one try."""
    if os.environ.get("MVJ_CHROMIUM") or os.access(HEADLESS_SHELL, os.X_OK):
        return
    stamp = stamp_dir / "headless-shell-unavailable"
    if stamp.exists():
        return
    if not _apt_install(("chromium-headless-shell",)):
        stamp_dir.mkdir(parents=True, exist_ok=True)
        stamp.touch()  # not on this system (or not as root): the full browser it is


def _playwright_chromium_present() -> bool:
    try:
        with sync_playwright() as p:
            return Path(p.chromium.executable_path).exists()
    except Exception:  # a broken driver counts as no browser: the fallback follows
        return False


def ensure_ffmpeg(system_ffmpeg: Path = Path("/usr/bin/ffmpeg")) -> None:
    """Playwright records video with its own ffmpeg; Debian's stands in for it, where
    Playwright looks for its own build (by the revision it pins)."""
    listing = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    browsers = json.loads(listing.read_text(encoding="utf-8"))["browsers"]
    revision = next(b["revision"] for b in browsers if b["name"] == "ffmpeg")
    cache = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright"
    target = Path(cache) / f"ffmpeg-{revision}" / "ffmpeg-linux"
    if os.access(target, os.X_OK):
        return
    if not os.access(system_ffmpeg, os.X_OK):
        _apt_install(("ffmpeg",))
    if os.access(system_ffmpeg, os.X_OK):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        target.symlink_to(system_ffmpeg)
    else:
        say("ffmpeg saknas – videoinspelning fungerar inte (installera paketet ffmpeg).")


def _apt_install(packages: tuple[str, ...]) -> bool:
    """Only when we may: as root on a Debian-like system. Quiet unless it fails."""
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return False
    say(f"installerar {' '.join(packages)} med apt-get …")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", *packages]
    if subprocess.run(install, env=env, capture_output=True, check=False).returncode == 0:
        return True
    subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, check=False)
    return subprocess.run(install, env=env, capture_output=True, check=False).returncode == 0

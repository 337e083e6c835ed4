"""Run the real acceptance suite in a fresh pytest process, in a throwaway copy.

A copy, because the suite writes to ``<repo>/reports`` (artefacts, sign-off,
Allure results): a run inside the project's own tests must not overwrite or
clear the reports of a suite run next to it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# docs: the routine's text, where the sign-off reads its sentences (mvj_suite.model.requirements).
_COPIED_DIRS = ("features", "steps", "pages", "fixtures", "mvj_stub", "tools", "mvj_suite", "docs")
_COPIED_FILES = ("conftest.py", "pyproject.toml")


@dataclass
class SuiteRun:
    ret: int
    stdout: str
    stderr: str
    path: Path

    @property
    def reports(self) -> Path:
        return self.path / "reports"


def copy_suite(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules")
    for name in _COPIED_DIRS:
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    for name in _COPIED_FILES:
        shutil.copy2(ROOT / name, target / name)
    return target


def run_suite(
    copy: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> SuiteRun:
    """``python -m pytest <args>`` in ``copy`` with a clean MVJ_/PYTEST_ environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MVJ_", "PYTEST_"))}
    clean.update(env or {})
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args]
    done = subprocess.run(
        command, cwd=copy, env=clean, capture_output=True, text=True, timeout=timeout
    )
    return SuiteRun(done.returncode, done.stdout, done.stderr, copy)

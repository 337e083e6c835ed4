"""Which version of the suite ran: its git commit, marked when the work tree has changes.

Shared by the sign-off and ``./mvj mutation``, so that the sign-off can tell whether
a mutation result belongs to the very suite it signs with.
"""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path

UNKNOWN = "okänd"
DIRTY_MARK = "ej incheckade ändringar"


@functools.lru_cache(maxsize=8)
def suite_commit(root: Path) -> str:
    """Short commit of the suite, marked when the work tree has changes."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()

    try:
        sha = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        sha = os.environ.get("GITHUB_SHA", "")[:9] or os.environ.get("CI_COMMIT_SHORT_SHA", "")
        return sha or UNKNOWN
    return f"{sha} (med {DIRTY_MARK})" if dirty and sha else (sha or UNKNOWN)

"""Read-only on a journal that saves when it should not: nothing is written.

The stub breaks cancel-saves: its Avbryt posts what was typed to Spara's address,
which saves it. The suite runs §2.2 against it as against a real journal without
--allow-writes, the way ``./mvj live-against-stub --read-only --break cancel-saves``
does. The scenario "Avbryt sparar ingenting" fails with the guard's reason — and the
journal's customers are the same rows, with the same content, before and after.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from mvj_suite.cli.commands import live_against_stub_arguments
from mvj_suite.core.settings import ROOT

from .standalone import data_dir, request_log, standalone_stub
from .stub_profile import stub_card_env


def _customers(database: Path) -> tuple[int, str]:
    """How many customers, and a digest of every row: what "unchanged" means."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT * FROM kunder ORDER BY id").fetchall()
    return len(rows), hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()


def test_read_only_against_a_journal_whose_avbryt_saves_writes_nothing(tmp_path: Path) -> None:
    with standalone_stub(tmp_path / "stubb", breaks=("cancel-saves",)) as ready:
        database = data_dir(ready) / "journal.db"
        before = _customers(database)
        out = tmp_path / "rapporter"
        arguments = live_against_stub_arguments(ready, out, read_only=True)
        assert "--allow-writes" not in arguments
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"),
             "--rootdir", str(ROOT), *arguments, "-p", "no:cacheprovider",
             "-m", "rutin-2.2", "-q"],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
            env={**os.environ, **stub_card_env(ready)},
        )  # fmt: skip
        after = _customers(database)
        log = request_log(ready)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Avbryt sparar ingenting" in output and "Skrivskyddet stoppade POST" in output
    assert after == before, f"kunder före {before[0]}, efter {after[0]}"
    assert "GET /kunder/ny 200" in log  # the dialogs were opened: the run got that far
    assert "POST /kunder/ny " not in log  # the save's address never received a request

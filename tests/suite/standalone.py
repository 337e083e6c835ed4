"""A stub journal started on its own, as a tester starts one: no control interface,
its example data, the same path ``./mvj live-mot-stubb`` takes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from fixtures.settings import ROOT


@contextmanager
def standalone_stub(work: Path, *extra: str) -> Iterator[dict]:
    """Start ``python -m mvj_stub serve`` on a free port in ``work``; yield its ready file."""
    ready = work / "ready.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "mvj_stub", "serve", "--port", "0",
         "--data-dir", str(work / "data"), "--ready-file", str(ready), *extra],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not ready.exists():
        try:
            process.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            assert time.monotonic() < deadline, "stubben blev inte klar"
            continue
        pytest.fail("stubben avslutades innan den blev klar")
    try:
        yield json.loads(ready.read_text(encoding="utf-8"))
    finally:
        process.terminate()
        process.wait(timeout=10)


def data_dir(ready: dict) -> Path:
    """The stub's data folder (its cards lie in ``<data>/pki/kort/``)."""
    return Path(ready["cards"]["sjukskoterska"]["path"]).parents[2]


def request_log(ready: dict) -> str:
    """What the stub received: one line per request (method, path, status)."""
    return (data_dir(ready) / "stub.log").read_text(encoding="utf-8")

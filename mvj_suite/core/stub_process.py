"""Starting and stopping the bundled stub journal: the one way, for the suite, the tests
and the ``mvj`` command alike.

The stub runs as its own process (``python -m mvj_stub serve``): the suite never
imports it, so a bug in one cannot hide in the other. Readiness is the stub's
ready file; the launcher waits for it by waiting on the process itself in
short bounded slices, never by sleeping.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from mvj_suite.core.settings import ROOT

START_TIMEOUT_S = 60.0
_POLL_S = 0.05


@dataclass(frozen=True)
class Rule:
    """A rule of the routine the stub can break on purpose (``serve --break NAME``)."""

    name: str
    section: str  # the routine section it belongs to: "1", "2.1" …
    text: str  # what the journal does wrong with the break, in Swedish


def breakable_rules() -> list[Rule]:
    """The stub's own catalogue, asked over its command line (never imported)."""
    done = subprocess.run([sys.executable, "-m", "mvj_stub", "breaks", "--json"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise StubStartError(f"Stubbjournalen listade inte sina regler: {done.stderr.strip()}")
    return [Rule(str(entry["name"]), str(entry["section"]), str(entry["text"]))
            for entry in json.loads(done.stdout)]


class StubStartError(RuntimeError):
    """The stub did not come up; the message is one Swedish line with its last words."""


@dataclass(frozen=True)
class StubOptions:
    """How to start a stub (every field maps to one ``serve`` flag)."""

    control_key: str | None = None  # the control interface, on with this secret
    example_data: bool = True  # the training seed on a fresh data folder
    pu_timeout: float | None = None  # seconds the journal waits for PU
    json_api: bool = False  # log in and search like a single-page journal
    breaks: Sequence[str] = ()  # rules of the routine the stub breaks on purpose
    latency: str | None = None  # MIN-MAX milliseconds per request, as a real journal answers

    def arguments(self) -> list[str]:
        args = ["--control"] if self.control_key else []
        if not self.example_data:
            args.append("--no-example-data")
        if self.pu_timeout is not None:
            args += ["--pu-timeout", f"{self.pu_timeout:g}"]
        if self.json_api:
            args.append("--json-api")
        for name in self.breaks:
            args += ["--break", name]
        if self.latency:
            args += ["--latency", self.latency]
        return args


PASSPHRASE_ENV = "MVJ_KORT_LOSENORD"


class StubProcess:
    """A running stub; ``restart`` brings it back on the same data, port and secrets.

    The cards' passphrase is this process's own choice, handed to the stub through
    its environment: the stub's ready file names the cards but never the passphrase,
    so the launcher adds it to ``ready`` in memory only."""

    def __init__(self, work_dir: Path, options: StubOptions, port: int = 0) -> None:
        self.work_dir = work_dir
        self.options = options
        self.passphrase = os.environ.get(PASSPHRASE_ENV) or secrets.token_urlsafe(18)
        self._start(port)

    @property
    def url(self) -> str:
        return str(self.ready["url"]).rstrip("/")

    def restart(self) -> None:
        self.stop()
        # Same port: the browser's base URL, the cards' origin and the control client
        # all name it, and a restarted journal must be where the users left it.
        self._start(self.ready["port"])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _start(self, port: int) -> None:
        work_dir, options = self.work_dir, self.options
        work_dir.mkdir(parents=True, exist_ok=True)
        ready_file = work_dir / "ready.json"
        ready_file.unlink(missing_ok=True)  # a restart must wait for the new process's file
        err_log = work_dir / "stub-stderr.log"
        command = [
            sys.executable, "-m", "mvj_stub", "serve",
            "--host", "127.0.0.1", "--port", str(port),
            "--data-dir", str(work_dir / "data"), "--ready-file", str(ready_file),
            *options.arguments(),
        ]  # fmt: skip
        env = {**os.environ, PASSPHRASE_ENV: self.passphrase}
        if options.control_key:
            env["MVJ_CONTROL_KEY"] = options.control_key
        # Private: the stub's output names its data folder, cards and addresses.
        with _private(work_dir / "stub-stdout.log", "ab") as out, _private(err_log, "wb") as err:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err)
        deadline = time.monotonic() + START_TIMEOUT_S
        while not ready_file.exists():
            try:
                code = self.process.wait(timeout=_POLL_S)
            except subprocess.TimeoutExpired:
                if time.monotonic() <= deadline:
                    continue
                self.process.kill()
                why = f"blev inte klar på {START_TIMEOUT_S:.0f} s"
            else:
                why = f"avslutades med kod {code} innan den blev klar"
            raise StubStartError(f"Stubbjournalen {why}: {_tail(err_log)}")
        ready = json.loads(ready_file.read_text(encoding="utf-8"))
        self.ready: dict[str, Any] = {**ready, "passphrase": self.passphrase}


@contextmanager
def start_stub(
    work_dir: Path, options: StubOptions | None = None, port: int = 0
) -> Iterator[StubProcess]:
    """A stub in ``work_dir`` (its data in ``work_dir/data``) for the ``with`` block."""
    stub = StubProcess(work_dir, options or StubOptions(), port)
    try:
        yield stub
    finally:
        stub.stop()


def _private(path: Path, mode: str) -> IO[bytes]:
    return open(path, mode, opener=lambda name, flags: os.open(name, flags, 0o600))


def _tail(path: Path, lines: int = 3) -> str:
    """The last lines of the stub's stderr on one line (the exception is at the end)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    meaningful = [line.strip() for line in text if line.strip().strip("^~")]
    return " | ".join(meaningful[-lines:]) or "(inget på stderr)"

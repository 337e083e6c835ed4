"""``./mvj browser-server``: a Playwright browser server for ``--browser-ws-endpoint``.

Installs the pinned npm package playwright-core into ``.mvj/node/webblasarserver``
(git-ignored) on first use, then runs ``mvj_suite/core/browser_server.mjs``, which prints
the WebSocket endpoint on one line and stops on SIGTERM/Ctrl+C.

    python -m tools.browser_server [--host 127.0.0.1] [--port 0] [--headed]

Exit codes: 0 stopped, 2 bad arguments or no Chromium, 3 Node.js/npm missing or
the install failed.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from mvj_suite.core.settings import ROOT  # the project: .mvj/ beside .venv/

SCRIPT = Path(__file__).with_name("browser_server.mjs")
NODE_PREFIX = ROOT / ".mvj" / "node" / "webblasarserver"
PLAYWRIGHT_CORE = "playwright-core@1.65.1"  # npm's newest 1.65; speaks to Python's 1.65.2
START_TIMEOUT_S = 60.0


class BrowserServerError(RuntimeError):
    """The server cannot be installed or started; the message is one Swedish line."""

    def __init__(self, message: str, code: int = 3) -> None:
        super().__init__(message)
        self.code = code


def installed(prefix: Path = NODE_PREFIX) -> bool:
    package = prefix / "node_modules" / "playwright-core" / "package.json"
    return package.is_file() and f'"version": "{PLAYWRIGHT_CORE.split("@")[1]}"' in (
        package.read_text(encoding="utf-8")
    )


def ensure_installed(prefix: Path = NODE_PREFIX) -> None:
    """``npm install`` the pinned playwright-core into ``prefix`` unless it is there."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise BrowserServerError(
            "Node.js 20+ och npm behövs för webbläsarservern – installera dem och kör igen."
        )
    if installed(prefix):
        return
    prefix.mkdir(parents=True, exist_ok=True)
    command = [
        "npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
        "--save-exact", "--loglevel=error", PLAYWRIGHT_CORE,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    if done.returncode != 0 or not installed(prefix):
        last = (done.stderr.strip().splitlines() or ["okänt fel"])[-1]
        raise BrowserServerError(
            f"Kunde inte installera npm-paketet {PLAYWRIGHT_CORE} ({last}) – "
            "kontrollera att npm når sitt register."
        )


def command(args: Sequence[str] = ()) -> list[str]:
    return ["node", str(SCRIPT), *args]


def start(
    args: Sequence[str] = (), timeout: float = START_TIMEOUT_S
) -> tuple[subprocess.Popen[str], str]:
    """Start the server; return it with its ws endpoint (the first stdout line)."""
    ensure_installed()
    process = subprocess.Popen(
        command(args),
        cwd=ROOT,
        env=dict(os.environ, MVJ_NODE_PREFIX=str(NODE_PREFIX)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    # The first line, or the end of stdout when the server stops first, ends the wait.
    readable, _, _ = select.select([process.stdout], [], [], timeout)
    line = process.stdout.readline().strip() if readable else ""
    if line.startswith("ws://"):
        return process, line
    stop(process)
    reason = (process.stderr.read().strip().splitlines() or ["inget på stderr"])[-1]
    raise BrowserServerError(f"Webbläsarservern startade inte: {reason}", code=2)


def stop(process: subprocess.Popen[str]) -> int:
    """SIGTERM, then wait; the server closes its browser and exits 0."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        ensure_installed()
    except BrowserServerError as error:
        print(f"webbläsarserver: {error}", file=sys.stderr)
        return error.code
    env = dict(os.environ, MVJ_NODE_PREFIX=str(NODE_PREFIX))
    # Replace this process: Ctrl+C and SIGTERM then reach the server directly.
    os.execvpe("node", command(args), env)
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main())

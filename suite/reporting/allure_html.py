"""Build the Allure HTML report as one self-contained, analytics-free file.

    python -m tools.allure_html [--results KATALOG …] [--out reports/allure-rapport]
                                [--name TEXT]

Several result directories (CI shards) make one report.

Uses Allure Report 3 (npm package ``allure``) installed locally in
``.mvj/node/`` (git-ignored) on first use, with the ``allure2`` plugin's
``singleFile`` option and ``ALLURE_NO_ANALYTICS=true``. Generation itself
needs no network. Exit codes: 0 built, 2 no results, 3 Node.js/npm missing or
the install failed, 4 generation failed or the report is not clean.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the project (suite/reporting/…)
ALLURE_VERSION = "3.18.0"
NODE_PREFIX = ROOT / ".mvj" / "node"
MIN_NODE_MAJOR = 20
INSTALL_NODE = "Installera Node.js 20+ och npm (t.ex. apt-get install nodejs npm), och kör igen."
DEFAULT_NAME = "MittVaccin Journal – acceptanstest enligt rutin 781659 R12"
# What an analytics tag looks like in Allure's page (the script is embedded as base64).
ANALYTICS_MARKERS = ("googletagmanager", "google-analytics", "gtag(")


class BuildError(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def allure_binary() -> Path | None:
    forced = os.environ.get("MVJ_ALLURE")
    if forced:
        return Path(forced)
    local = NODE_PREFIX / "node_modules" / ".bin" / "allure"
    return local if local.exists() else None


def _node_major() -> int | None:
    node = shutil.which("node")
    if node is None:
        return None
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    match = re.match(r"v(\d+)", out.stdout.strip())
    return int(match[1]) if match else None


def ensure_allure() -> Path:
    """The local allure CLI; installs it with npm into .mvj/node/ when missing."""
    major = _node_major()
    if major is None or shutil.which("npm") is None:
        raise BuildError(f"Node.js och npm behövs för Allure-rapporten. {INSTALL_NODE}", 3)
    if major < MIN_NODE_MAJOR:
        raise BuildError(f"Node.js {major} är för gammal för Allure 3. {INSTALL_NODE}", 3)
    existing = allure_binary()
    if existing is not None:
        return existing
    print(f"Installerar Allure {ALLURE_VERSION} lokalt i {NODE_PREFIX} (en gång) …", flush=True)
    NODE_PREFIX.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            "npm", "install", "--prefix", str(NODE_PREFIX), "--no-audit", "--no-fund",
            "--loglevel=error", f"allure@{ALLURE_VERSION}",
        ],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    installed = allure_binary()
    if result.returncode != 0 or installed is None:
        raise BuildError(
            "Kunde inte installera npm-paketet allure "
            f"({result.stderr.strip().splitlines()[-1:] or 'okänt fel'}). "
            "Kontrollera att npm når sitt register, eller sätt MVJ_ALLURE till en allure-binär.",
            3,
        )
    return installed


def allure_config(output: Path, name: str) -> dict[str, object]:
    return {
        "name": name,
        "output": str(output),
        "plugins": {
            "allure2": {"options": {"reportName": name, "singleFile": True, "reportLanguage": "sv"}}
        },
    }


def analytics_found(html: str) -> list[str]:
    """Analytics markers in the page or in its embedded base64 scripts."""
    texts = [html]
    for match in re.finditer(
        r"data:(?:text|application)/javascript;base64,([A-Za-z0-9+/=]+)", html
    ):
        texts.append(base64.b64decode(match[1]).decode("utf-8", "replace"))
    found = [m for m in ANALYTICS_MARKERS if any(m in text for text in texts)]
    found += re.findall(r"<script[^>]+src=\"(https?://[^\"]+)\"", html)
    return found


def build(results: Sequence[Path], output: Path, name: str = DEFAULT_NAME) -> Path:
    present = [r for r in results if r.is_dir() and any(r.glob("*-result.json"))]
    if not present:
        where = ", ".join(str(r) for r in results) or "(ingen katalog angiven)"
        raise BuildError(f"Inga Allure-resultat i {where} – kör sviten först (./mvj suite).", 2)
    allure = ensure_allure()
    if output.exists():
        shutil.rmtree(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "ALLURE_NO_ANALYTICS": "true"}
    with tempfile.TemporaryDirectory(prefix="mvj-allure-") as temp:
        config = Path(temp) / "allurerc.json"
        config.write_text(json.dumps(allure_config(output, name), ensure_ascii=False), "utf-8")
        result = subprocess.run(
            [str(allure), "generate", "--config", str(config), *map(str, present)],
            cwd=temp, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
    index = output / "index.html"
    if result.returncode != 0 or not index.is_file():
        detail = (result.stderr or result.stdout).strip()[-800:]
        raise BuildError(f"allure generate misslyckades:\n{detail}", 4)
    leaks = analytics_found(index.read_text(encoding="utf-8"))
    if leaks:
        raise BuildError(f"Rapporten innehåller analysskript ({', '.join(leaks)}).", 4)
    return index


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.allure_html",
        description="Bygg Allure-rapporten som en fristående HTML-fil (utan analys, offline).",
    )
    parser.add_argument(
        "--results",
        "--resultat",  # the first release's name, still read this release
        nargs="+",
        default=["reports/allure-results"],
        help="katalog(er) med Allure-resultat (flera = delkörningar i en rapport)",
    )
    parser.add_argument(
        "--out", "--ut", default="reports/allure-rapport", help="katalog för index.html"
    )
    parser.add_argument("--name", "--namn", default=DEFAULT_NAME, help="rapportens namn")
    args = parser.parse_args(argv)
    try:
        results = [Path(r).resolve() for r in args.results]
        index = build(results, Path(args.out).resolve(), args.name)
    except BuildError as error:
        print(str(error), file=sys.stderr)
        return error.code
    print(f"Allure-rapporten: {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build the Allure HTML report as one self-contained, analytics-free file.

    python -m tools.allure_html [--results KATALOG …] [--out reports/allure-rapport]
                                [--name TEXT] [--signoff FIL] [--history KATALOG]

Several result directories (CI shards) make one report.

Before generating, every results directory gets

- ``environment.properties`` with the verdict of the sign-off (``signoff.json``:
  Besked GODKÄND/EJ GODKÄND, rutin, mål, bas-URL, journalversion, svitens commit,
  antal godkända/fallerade), merged over the facts the suite wrote there itself;
- ``categories.json`` with Swedish categories that together cover every failed,
  broken and skipped result, so Allure's English defaults never show;
- the run's span in Swedish local time (``Körningen``, Europe/Stockholm) from the
  results themselves: CI machines run on UTC.

Allure's own words are Swedish through ``reportLanguage`` (its allure2 plugin's
translation); its clock times follow the reader's browser, which has no option.

History: Allure 3 keeps one line per report in ``history.jsonl`` (its
``historyPath``). The previous report's ``history/`` folder (``--history``,
default the one in ``--out``) is read and the new report gets
``<out>/history/history.jsonl`` with the last ``HISTORY_LIMIT`` runs, which CI
carries from run to run so the trend graphs work.

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
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from filelock import FileLock

ROOT = Path(__file__).resolve().parents[2]  # the project (mvj_suite/allure/…)
ALLURE_VERSION = "3.18.0"
NODE_PREFIX = ROOT / ".mvj" / "node"
MIN_NODE_MAJOR = 20
INSTALL_NODE = "Installera Node.js 20+ och npm (t.ex. apt-get install nodejs npm), och kör igen."
DEFAULT_NAME = "MittVaccin Journal – acceptanstest enligt rutin 781659 R12"
# What an analytics tag looks like in Allure's page (the script is embedded as base64).
ANALYTICS_MARKERS = ("googletagmanager", "google-analytics", "gtag(")

DEFAULT_SIGNOFF = Path("reports/signoff.json")
ENVIRONMENT_FILE = "environment.properties"
CATEGORIES_FILE = "categories.json"
HISTORY_DIR = "history"  # in the report folder, what CI caches between runs
HISTORY_FILE = "history.jsonl"  # Allure 3's own history format (one report a line)
HISTORY_LIMIT = 20  # runs in the trend graphs; Allure 2 kept as many
# Shards run on different CI machines; their clocks and the merge may differ this much.
SIGNOFF_CLOCK_SLACK = timedelta(minutes=15)
NO_VERDICT = "saknas – ingen godkännanderapport (signoff.json)"
OTHER_RUN_VERDICT = "okänt – signoff.json hör till en annan körning"

# Skip reasons (mvj_suite/live/plugin.py) of scenarios only the stub can show: "verifieras
# bara mot stubben", and the server clock's "mot en riktig journal bara med --real-time".
# A regex over the text, not an import: the report layer does not know the plugins.
STUB_ONLY_MESSAGE = r".*(verifieras bara mot stubben|bara med --real-time).*"

# Allure takes the first category that matches (Allure 3's allure2 plugin) and falls
# back to its English "Product defects"/"Test defects" for failed/broken results that
# match none – so the last two are catch-alls for exactly those statuses.
CATEGORIES: tuple[dict[str, Any], ...] = (
    {
        "name": "Instabila scenarier",
        "description": "Växlar mellan godkänt och fallerat i de senaste körningarna – se "
        "historiken.",
        "matchedStatuses": ["failed", "broken", "passed"],
        "flaky": True,
    },
    {
        "name": "Bara mot stubben",
        "description": "Regeln kan bara visas mot stubbjournalen; räknas inte som körd.",
        "matchedStatuses": ["skipped"],
        "messageRegex": STUB_ONLY_MESSAGE,
    },
    {
        "name": "Överhoppade",
        "description": "Kördes inte i den här körningen – skälet står vid scenariot.",
        "matchedStatuses": ["skipped"],
    },
    {
        "name": "Fel i journalen",
        "description": "Ett påstående om journalen höll inte: journalen gör inte som "
        "rutinen säger.",
        "matchedStatuses": ["failed"],
    },
    {
        "name": "Fel i sviten eller miljön",
        "description": "Scenariot kunde inte pröva journalen (undantag, tidsgräns, nätverk, "
        "testdata) – felet ligger i sviten, miljön eller journalens tillgänglighet.",
        "matchedStatuses": ["broken"],
    },
)
# environment.properties: the verdict's keys first, in this order; the release's labels are
# also the suite's own file's (mvj_suite/allure/labels.py), so a merge replaces them.
VERDICT_KEY = "Besked"
RELEASE_LABELS: tuple[tuple[str, str], ...] = (
    ("target", "Mål"),
    ("base_url", "Bas-URL"),
    ("journal_version", "Journalversion"),
    ("browser", "Webbläsare"),
    ("suite_commit", "Sviten-commit"),
)
SHOWN_REASONS = 3
REASONS_KEY = "Skäl"
COUNT_KEYS = ("Godkända", "Fallerade", "Bara mot stubben", "Ej körda")
# Written only from a sign-off: never carried over from an earlier build's file.
VERDICT_KEYS = (VERDICT_KEY, REASONS_KEY, *COUNT_KEYS)
RUN_KEY = "Körningen"  # from the results of every build, likewise never carried over
LOCAL_ZONE = "Europe/Stockholm"


class BuildError(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def allure_binary() -> Path | None:
    forced = os.environ.get("MVJ_ALLURE")
    local = NODE_PREFIX / "node_modules" / ".bin" / "allure"
    return Path(forced) if forced else (local if local.exists() else None)


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
    NODE_PREFIX.mkdir(parents=True, exist_ok=True)
    # One install at a time: two runs at once on a fresh machine (two test workers,
    # two CI stages) each started npm in the same folder, and the one that found the
    # other's half-written allure failed ("does not provide an export named …"). The
    # second waits, then finds the first one's finished install.
    with FileLock(NODE_PREFIX.parent / "allure-installation.lock"):
        existing = allure_binary()
        if existing is not None:
            return existing
        return _install_allure()


def _install_allure() -> Path:
    print(f"Installerar Allure {ALLURE_VERSION} lokalt i {NODE_PREFIX} (en gång) …", flush=True)
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


def analytics_found(html: str) -> list[str]:
    """Analytics markers in the page or in its embedded base64 scripts."""
    scripts = re.findall(r"data:(?:text|application)/javascript;base64,([A-Za-z0-9+/=]+)", html)
    texts = [html, *(base64.b64decode(script).decode("utf-8", "replace") for script in scripts)]
    found = [m for m in ANALYTICS_MARKERS if any(m in text for text in texts)]
    found += re.findall(r"<script[^>]+src=\"(https?://[^\"]+)\"", html)
    return found


# --- the verdict in Allure's environment block ---------------------------------------------

# Java properties escaping, ASCII only: Allure 2 read the file as ISO-8859-1.
_SPECIAL, _KEY_SPECIAL = re.compile(r"[\\=:#!]"), re.compile(r"[\\=:#! ]")
_NOT_ASCII = re.compile(r"[^\x20-\x7e]")
_ESCAPED = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(.?))")
_KEY_VALUE = re.compile(r"((?:\\.|[^\\=:])*)[=:]?(.*)")  # the first unescaped = or :


def escape_property(text: str, key: bool = False) -> str:
    text = (_KEY_SPECIAL if key else _SPECIAL).sub(lambda m: "\\" + m[0], text)
    return _NOT_ASCII.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def _unescape(text: str) -> str:
    # A broken \u escape stays as text rather than stopping the report.
    return _ESCAPED.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], text)


def parse_properties(text: str) -> dict[str, str]:
    """The ``key=value`` lines the suite writes (escapes as above); comments skipped."""
    facts: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and line[0] not in "#!" and (match := _KEY_VALUE.fullmatch(line)):
            facts[_unescape(match[1]).strip()] = _unescape(match[2]).strip()
    return facts


def render_properties(facts: Mapping[str, str]) -> str:
    return "".join(
        f"{escape_property(key, key=True)}={escape_property(value)}\n"
        for key, value in facts.items()
    )


def signoff_facts(signoff: Mapping[str, Any]) -> dict[str, str]:
    """What the Allure report shows of signoff.json: read as data, not as the model, so
    the report keeps working while the sign-off's own code changes."""
    verdict, release = signoff.get("verdict") or {}, signoff.get("release") or {}
    # "label": against the suite's stub no release verdict, but what the run was (a
    # signoff.json before it had one: the verdict's text).
    text = str(verdict.get("label") or verdict.get("text")
               or ("GODKÄND" if verdict.get("approved") else "EJ GODKÄND"))
    facts = {VERDICT_KEY: text}
    reasons = [str(r) for r in verdict.get("reasons") or []]
    if reasons:
        shown = " · ".join(reasons[:SHOWN_REASONS])
        more = len(reasons) - SHOWN_REASONS
        if more > 0:
            shown += f" · … och {more} till (se signoff.html)"
        facts[REASONS_KEY] = shown
    routine = signoff.get("routine") or {}
    if routine.get("number"):
        facts["Rutin"] = f"{routine['number']} {routine.get('revision', '')}".strip()
    facts.update((label, str(release[key])) for key, label in RELEASE_LABELS if release.get(key))
    # Extra security checks are outside the routine and the verdict: not counted here.
    scenarios = [s for s in signoff.get("scenarios") or [] if not s.get("extra")]
    skipped = [s for s in scenarios if s.get("outcome") == "skipped"]
    counts = (
        sum(s.get("outcome") == "passed" for s in scenarios),
        sum(s.get("outcome") == "failed" for s in scenarios),
        sum(bool(s.get("stub_only")) for s in skipped),
        sum(not s.get("stub_only") for s in skipped),
    )
    facts.update(zip(COUNT_KEYS, map(str, counts), strict=True))
    return facts


def load_signoff(path: Path | None) -> tuple[Mapping[str, Any] | None, str]:
    """The sign-off, or None and the one Swedish line that says why there is no verdict."""
    if path is None:
        return None, "Inget besked i Allure-rapporten: ingen signoff.json angiven (--signoff FIL)."
    if not path.is_file():
        return None, (
            f"Inget besked i Allure-rapporten: {path} saknas – kör ./mvj suite eller "
            "python -m tools.signoff merge först."
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, f"Inget besked i Allure-rapporten: {path} går inte att läsa ({error})."
    if not isinstance(data, dict) or not isinstance(data.get("verdict"), dict):
        return None, f"Inget besked i Allure-rapporten: {path} har inget besked (verdict)."
    return data, ""


def result_times(results: Sequence[Path]) -> list[tuple[float, float]]:
    """(start, stop) in epoch milliseconds of every result that has them."""
    times = []
    for directory in results:
        for path in directory.glob("*-result.json"):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                continue
            start = data.get("start") if isinstance(data, dict) else None
            if isinstance(start, int | float):
                stop = data.get("stop")
                times.append((start, stop if isinstance(stop, int | float) else start))
    return times


def local_zone() -> tuple[tzinfo, str]:
    """Swedish time, or UTC said as such where the system has no time zone data."""
    try:
        return ZoneInfo(LOCAL_ZONE), "svensk tid"
    except ZoneInfoNotFoundError:
        return UTC, "UTC"


def local_span(start_ms: float, stop_ms: float) -> str:
    """``2026-12-06 kl. 12.13–12.15 (svensk tid)``: the Swedish way, dots in the time."""
    zone, label = local_zone()
    start = datetime.fromtimestamp(start_ms / 1000, tz=zone)
    stop = datetime.fromtimestamp(stop_ms / 1000, tz=zone)
    if start.date() == stop.date():
        return f"{start:%Y-%m-%d} kl. {start:%H.%M}–{stop:%H.%M} ({label})"
    return f"{start:%Y-%m-%d} kl. {start:%H.%M} – {stop:%Y-%m-%d} kl. {stop:%H.%M} ({label})"


def belongs_to(signoff: Mapping[str, Any], results: Sequence[Path]) -> bool:
    """Whether the sign-off judged these results: some scenario started in its run.

    A stale reports/signoff.json next to other results would put another run's
    verdict on this report – the one thing a release gate must not do."""
    release = signoff.get("release") or {}
    try:
        start = datetime.fromisoformat(str(release["started"]))
        end = datetime.fromisoformat(str(release["finished"]))
    except (KeyError, ValueError):
        return True  # an old or partial sign-off: nothing to compare with
    if start.tzinfo is None or end.tzinfo is None:
        return True
    starts = [datetime.fromtimestamp(started / 1000, tz=UTC)
              for started, _stop in result_times(results)]
    slack = SIGNOFF_CLOCK_SLACK
    return not starts or any(start - slack <= when <= end + slack for when in starts)


def write_report_metadata(
    results: Sequence[Path], signoff: Mapping[str, Any] | None, missing: str
) -> None:
    """environment.properties and categories.json, the same in every results folder:
    Allure keeps whichever file it reads last, so they must not differ. The verdict
    first, then the sign-off's facts, then what the suite wrote there itself."""
    facts = signoff_facts(signoff) if signoff is not None else {VERDICT_KEY: missing}
    times = result_times(results)
    if times:
        # Right after the verdict and the routine: among the five Allure shows unfolded.
        span = local_span(min(t[0] for t in times), max(t[1] for t in times))
        head = [k for k in (VERDICT_KEY, REASONS_KEY, "Rutin") if k in facts]
        facts = {**{k: facts[k] for k in head}, RUN_KEY: span, **facts}
    for directory in results:
        path = directory / ENVIRONMENT_FILE
        if path.is_file():
            for key, value in parse_properties(path.read_text(encoding="latin-1")).items():
                # an earlier build's verdict and span are not this one's
                if key not in (*VERDICT_KEYS, RUN_KEY):
                    facts.setdefault(key, value)
    categories = json.dumps(list(CATEGORIES), ensure_ascii=False, indent=2) + "\n"
    for directory in results:
        (directory / ENVIRONMENT_FILE).write_text(render_properties(facts), encoding="ascii")
        (directory / CATEGORIES_FILE).write_text(categories, encoding="utf-8")


def build(
    results: Sequence[Path],
    output: Path,
    name: str = DEFAULT_NAME,
    signoff: Path | None = None,
    history: Path | None = None,
) -> Path:
    """Build ``output/index.html``; ``history`` defaults to ``output/history``."""
    present = [r for r in results if r.is_dir() and any(r.glob("*-result.json"))]
    if not present:
        where = ", ".join(str(r) for r in results) or "(ingen katalog angiven)"
        raise BuildError(f"Inga Allure-resultat i {where} – kör sviten först (./mvj suite).", 2)
    allure = ensure_allure()
    record, why_not = load_signoff(signoff)
    missing = NO_VERDICT
    if record is not None and not belongs_to(record, present):
        why_not = (
            f"Inget besked i Allure-rapporten: {signoff} hör till en annan körning än "
            "resultaten – ange rätt fil med --signoff."
        )
        record, missing = None, OTHER_RUN_VERDICT
    if why_not:
        print(why_not, file=sys.stderr)
    write_report_metadata(present, record, missing)
    if history is not None and not (history / HISTORY_FILE).is_file():
        # Expected on CI's first run on a branch (nothing cached yet): say it, go on.
        print(
            f"Ingen tidigare historik i {history} – trenden börjar med den här körningen.",
            file=sys.stderr,
        )
    env = {**os.environ, "ALLURE_NO_ANALYTICS": "true"}
    with tempfile.TemporaryDirectory(prefix="mvj-allure-") as temp:
        # The history Allure reads and appends to, copied out first: the report folder is
        # about to be replaced, and may be where it lives. Outside the report folder while
        # Allure runs: it moves its plugin's folder up only when that is the single folder
        # in the output.
        history_file = Path(temp) / HISTORY_FILE
        previous = (history or output / HISTORY_DIR) / HISTORY_FILE
        if previous.is_file():
            shutil.copyfile(previous, history_file)
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        config = Path(temp) / "allurerc.json"
        options = {"reportName": name, "singleFile": True, "reportLanguage": "sv"}
        config.write_text(json.dumps({
            "name": name, "output": str(output), "historyPath": str(history_file),
            "historyLimit": HISTORY_LIMIT, "plugins": {"allure2": {"options": options}},
        }, ensure_ascii=False), "utf-8")
        result = subprocess.run(
            [str(allure), "generate", "--config", str(config), *map(str, present)],
            cwd=temp, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        index = output / "index.html"
        if result.returncode == 0 and index.is_file() and history_file.is_file():
            (output / HISTORY_DIR).mkdir(exist_ok=True)
            shutil.copyfile(history_file, output / HISTORY_DIR / HISTORY_FILE)
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
        nargs="+",
        default=["reports/allure-results"],
        help="katalog(er) med Allure-resultat (flera = delkörningar i en rapport)",
    )
    parser.add_argument("--out", default="reports/allure-rapport", help="katalog för index.html")
    parser.add_argument("--name", default=DEFAULT_NAME, help="rapportens namn")
    parser.add_argument(
        "--signoff",
        metavar="FIL",
        help="godkännanderapportens signoff.json, vars besked visas i rapportens miljöblock "
        f"(standard {DEFAULT_SIGNOFF} när den finns; i CI den sammanslagna)",
    )
    parser.add_argument(
        "--history",
        metavar="KATALOG",
        help="förra rapportens history/-katalog, för trenden mellan körningar "
        "(standard: history/ i --out, alltså förra rapporten på samma plats)",
    )
    args = parser.parse_args(argv)
    signoff = Path(args.signoff).resolve() if args.signoff else DEFAULT_SIGNOFF.resolve()
    try:
        results = [Path(r).resolve() for r in args.results]
        history = Path(args.history).resolve() if args.history else None
        index = build(results, Path(args.out).resolve(), args.name, signoff, history)
    except BuildError as error:
        print(str(error), file=sys.stderr)
        return error.code
    print(f"Allure-rapporten: {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

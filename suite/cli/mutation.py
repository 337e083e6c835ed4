"""``mvj mutation [--break REGEL …] [-n N]``: does the suite notice a broken rule?

For each rule the bundled stub can break (``python -m mvj_stub breaks``), the
scenarios of the routine section the rule belongs to run against a stub started
with that one break. The break is *caught* when a Gherkin step fails; a run in
which every scenario passes *missed* it. Reports: ``reports/mutation.md``,
``.html`` and ``.json``; each break's own run (log, sign-off, artefacts) under
``reports/mutation/<regel>/``. The smoke selection that ``./mvj test`` runs
reports under ``reports/mutation-urval/`` instead, so it never replaces a full
result.

First a baseline: the same sections against a faithful stub must pass, or a
failure under a break would prove nothing. The exit status is 0 only when every
break was caught.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from suite.cli.output import CommandError, say
from suite.model.routine import ROUTINE
from suite.reporting.commit import suite_commit
from suite.reporting.mutation import (
    CAUGHT,
    MISSED,
    VERDICT_TEXT,
    BreakResult,
    MutationRecord,
    write_reports,
)
from suite.reporting.signoff import FAILED, PASSED, RunRecord

REPORTS = Path("reports")
# The extra session checks are §1's rules seen from a stolen cookie: they run with §1.
EXTRA_MARKERS = {"1": ("extra-sakerhet",)}
# In `./mvj test`: one break from each of the three smallest sections, so CI stays quick.
SMOKE_BREAKS = ("reserve-without-birth-date", "reservnummer-not-replaced",
                "protected-edit-enabled")
# It reports apart, so that it never replaces a full result, and has no baseline of its
# own: `./mvj test` runs the whole suite against a faithful stub beside it.
SMOKE_REPORTS = REPORTS / "mutation-urval"
SMOKE_ARGS = (*(arg for name in SMOKE_BREAKS for arg in ("--break", name)),
              "--no-baseline", "--reports-dir", str(SMOKE_REPORTS))

RunPytest = Callable[..., int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="./mvj mutation",
        description="Kör varje avsnitts scenarier mot en stubbjournal som medvetet bryter mot "
        "en regel i rutinen och visar om sviten upptäcker det.",
    )
    parser.add_argument("--break", dest="breaks", action="append", default=[], metavar="REGEL",
                        help="bara den här regeln (kan upprepas); standard: alla")
    parser.add_argument("-n", "--numprocesses", dest="workers", type=int, default=2,
                        metavar="N", help="arbetare per körning (standard 2)")
    parser.add_argument("--no-baseline", action="store_true",
                        help="hoppa över baslinjen (sviten utan brutna regler), t.ex. när "
                        "sviten nyss var grön på samma commit")
    parser.add_argument("--reports-dir", type=Path, default=REPORTS, metavar="KATALOG",
                        help="katalog för mutation.md/.html/.json och körningarna "
                        "(standard reports)")
    parser.add_argument("--list", action="store_true", help="lista reglerna och sluta")
    return parser


def parse(args: Sequence[str]) -> argparse.Namespace:
    parser = _parser()
    try:
        options = parser.parse_args(list(args))
    except SystemExit as stop:  # argparse has printed its message
        raise CommandError("mutation: se ./mvj mutation --help.", code=int(stop.code or 0)) \
            from None
    if options.workers < 0:
        raise CommandError("mutation: -n ska vara 0 eller fler arbetare.", code=2)
    return options


def catalogue() -> list[dict[str, str]]:
    """The stub's own list of breakable rules (asked over its command line: the suite
    never imports the stub)."""
    done = subprocess.run([sys.executable, "-m", "mvj_stub", "breaks", "--json"],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise CommandError(f"mutation: stubben listade inte sina regler: {done.stderr.strip()}")
    entries: list[dict[str, str]] = json.loads(done.stdout)
    known = {section.id for section in ROUTINE.leaf_sections}
    for entry in entries:
        if entry["section"] not in known:
            raise CommandError(f"mutation: regeln {entry['name']} hör till avsnitt "
                               f"{entry['section']}, som inte finns i rutinen.")
    return entries


def choose(entries: list[dict[str, str]], names: Sequence[str]) -> list[dict[str, str]]:
    if not names:
        return entries
    by_name = {entry["name"]: entry for entry in entries}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise CommandError(f"mutation: okänd regel {', '.join(unknown)} – "
                           "./mvj mutation --list visar reglerna.", code=2)
    return [by_name[name] for name in dict.fromkeys(names)]


def marker_expression(sections: Sequence[str]) -> str:
    markers: list[str] = []
    for section in dict.fromkeys(sections):
        markers += [f"rutin-{section}", *EXTRA_MARKERS.get(section, ())]
    return " or ".join(markers)


def _run_args(folder: Path, marker: str, workers: int) -> list[str]:
    return [
        "-m", marker, "-q", "--reruns", "0", "--traces", "off",
        "-n", str(workers), "--signoff", "auto", f"--signoff-dir={folder}",
        f"--junitxml={folder / 'junit.xml'}", f"--alluredir={folder / 'allure-results'}",
        f"--artifacts-dir={folder / 'artefakter'}",
    ]  # fmt: skip


def judge_break(entry: dict[str, str], folder: Path, code: int, seconds: float) -> BreakResult:
    result = BreakResult(entry["name"], entry["section"], entry["text"], seconds=round(seconds, 1),
                         folder=str(folder))
    try:
        record = RunRecord.from_json(json.loads((folder / "signoff.json").read_text("utf-8")))
    except (OSError, ValueError) as error:
        result.problems = [f"körningen lämnade ingen läsbar signoff.json (slutkod {code}): {error}"]
        return result
    ran = [s for s in record.scenarios if s.outcome in (PASSED, FAILED)]
    result.scenarios = len(ran)
    # Only a failed Gherkin step is a catch; an error before the first step (a fixture,
    # a stub that did not start) says nothing about the suite's assertions.
    result.caught_by = [s.name for s in ran if s.outcome == FAILED and s.failed_step]
    if result.caught_by:
        result.verdict = CAUGHT
    elif not ran:
        result.problems = [f"inga scenarier kördes (slutkod {code})"]
    elif any(s.outcome == FAILED for s in ran) or code not in (0, 1):
        result.problems = [f"scenarier fallerade utan att något steg fallerade (slutkod {code})",
                           *sorted({s.reason for s in ran if s.reason})[:3]]
    else:
        result.verdict = MISSED
    return result


def run(options: argparse.Namespace, run_pytest: RunPytest) -> MutationRecord:
    """Every chosen break in turn; the record, also written to ``--reports-dir``."""
    reports: Path = options.reports_dir
    entries = catalogue()
    chosen = choose(entries, options.breaks)
    runs = reports / "mutation"
    shutil.rmtree(runs, ignore_errors=True)
    runs.mkdir(parents=True)
    record = MutationRecord(
        suite_commit=suite_commit(Path.cwd()),
        started=datetime.now().astimezone().isoformat(timespec="seconds"),
        workers=options.workers,
        catalogue_size=len(entries),
    )
    if options.no_baseline:
        record.baseline = "hoppades över (--no-baseline)"
    else:
        marker = marker_expression([entry["section"] for entry in chosen])
        say(f"baslinje: {marker} mot en stubbjournal som följer rutinen …")
        folder = runs / "baslinje"
        started = time.monotonic()
        code = run_pytest(_run_args(folder, marker, options.workers),
                          log=folder / "utskrift.txt")
        if code != 0:
            raise CommandError(
                f"mutation: baslinjen är inte grön (slutkod {code}, se {folder / 'utskrift.txt'})"
                " – då säger ett fallerat scenario under en bruten regel ingenting. "
                "Rätta sviten först.")
        record.baseline = f"grön ({time.monotonic() - started:.0f} s)"
    for number, entry in enumerate(chosen, start=1):
        folder = runs / entry["name"]
        say(f"{number}/{len(chosen)} bryter {entry['name']} (§{entry['section']}) …")
        started = time.monotonic()
        code = run_pytest(
            [*_run_args(folder, marker_expression([entry["section"]]), options.workers),
             "--break", entry["name"]],
            log=folder / "utskrift.txt",
        )
        result = judge_break(entry, folder, code, time.monotonic() - started)
        record.results.append(result)
        say(f"  {VERDICT_TEXT[result.verdict]} ({result.seconds:.0f} s)"
            + (f": {'; '.join(result.problems)}" if result.problems else ""))
    record.finished = datetime.now().astimezone().isoformat(timespec="seconds")
    write_reports(record, reports)
    return record


def mutation(args: Sequence[str], run_pytest: RunPytest) -> int:
    options = parse(args)
    if options.list:
        for entry in catalogue():
            print(f"§{entry['section']:4} {entry['name']:36} {entry['text']}")
        return 0
    record = run(options, run_pytest)
    return report(record, options.reports_dir)


def report(record: MutationRecord, reports: Path) -> int:
    """Say the headline and every break not caught; the exit status (1 = not all caught)."""
    say(record.headline() + f" Rapport: {reports / 'mutation.html'} (och .md, .json).")
    missed = [r for r in record.results if r.verdict != CAUGHT]
    for result in missed:
        say(f"  {VERDICT_TEXT[result.verdict]}: {result.name} – {result.text}")
    return 1 if missed or not record.results else 0



"""``mvj mutation [--break REGEL …] [-n N]``: does the suite notice a broken rule?

For each rule the bundled stub can break (``python -m mvj_stub breaks``), the
scenarios of the routine section the rule belongs to run against a stub started
with that one break. The break is *caught* when a Gherkin step fails on an
assertion about the journal; a run in which every scenario passes *missed* it;
anything else (a fixture, a timeout, a run error) is an *error* and proves
nothing. Reports: ``reports/mutation.md``, ``.html`` and ``.json``; each break's
own run (log, sign-off, artefacts) under ``reports/mutation/<regel>/``. The smoke
selection that ``./mvj test`` runs reports under ``reports/mutation-urval/``
instead, so it never replaces a full result.

First a baseline: the same sections against a faithful stub must pass, or a
failure under a break would prove nothing. Every run is against the bundled
stub (``--target stub``), whatever the environment says. The exit status is 0
only when every break was caught.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from mvj_suite.core.output import CommandError, say
from mvj_suite.core.stub_process import Rule, StubStartError, breakable_rules
from mvj_suite.model.commit import suite_commit
from mvj_suite.model.outcomes import FAILED, PASSED
from mvj_suite.model.routine import ROUTINE
from mvj_suite.mutation.record import (
    CAUGHT,
    MISSED,
    REPORT_NAMES,
    VERDICT_TEXT,
    BreakResult,
    MutationRecord,
    write_reports,
)

REPORTS = Path("reports")
# The extra session checks are §1's rules seen from a stolen cookie: they run with §1.
EXTRA_MARKERS = {"1": ("extra-sakerhet",)}
# Sections of the stub's break catalogue outside the routine (mvj_stub.breaks).
OUTSIDE_ROUTINE = frozenset({"a11y"})
# In `./mvj test`: one break each from §1 and the two smallest sections, so CI stays quick.
SMOKE_BREAKS = ("unauthorised-hsa-id-let-in", "reserve-without-birth-date",
                "protected-edit-enabled")
# It reports apart, so that it never replaces a full result, and has no baseline of its
# own: `./mvj test` runs the whole suite against a faithful stub beside it.
SMOKE_REPORTS = REPORTS / "mutation-urval"
SMOKE_ARGS = (*(arg for name in SMOKE_BREAKS for arg in ("--break", name)),
              "--no-baseline", "--reports-dir", str(SMOKE_REPORTS))
# Written into the runs folder, so that only a folder this command made is ever emptied.
OWNED_MARKER = ".mvj-mutation"
BREAK_NOTE = "stubbjournalen bröt medvetet mot"  # the sign-off's own note on a --break run

RunPytest = Callable[..., int]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one Swedish line through CommandError."""

    def error(self, message: str) -> NoReturn:
        raise CommandError(f"mutation: felaktiga argument ({message}) – se ./mvj mutation "
                           "--help.", code=2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="./mvj mutation",
        description="Kör varje avsnitts scenarier mot en stubbjournal som medvetet bryter mot "
        "en regel i rutinen och visar om sviten upptäcker det.",
    )
    parser.add_argument("--break", dest="breaks", action="append", default=[], metavar="REGEL",
                        help="bara den här regeln (kan upprepas); standard: alla")
    parser.add_argument("-n", "--numprocesses", dest="workers", type=int, default=2,
                        metavar="N", help="arbetare per körning (standard 2; 0 = ingen "
                        "uppdelning, allt i en process)")
    parser.add_argument("--no-baseline", action="store_true",
                        help="hoppa över baslinjen (sviten utan brutna regler), t.ex. när "
                        "sviten nyss var grön på samma commit")
    parser.add_argument("--reports-dir", type=Path, default=REPORTS, metavar="KATALOG",
                        help="katalog för mutation.md/.html/.json och körningarna "
                        "(standard reports)")
    parser.add_argument("--list", action="store_true", help="lista reglerna och sluta")
    return parser


def parse(args: Sequence[str]) -> argparse.Namespace:
    options = _parser().parse_args(list(args))
    if options.workers < 0:
        raise CommandError("mutation: -n ska vara 0 eller fler arbetare.", code=2)
    return options


def catalogue() -> list[Rule]:
    try:
        rules = breakable_rules()
    except StubStartError as error:
        raise CommandError(f"mutation: {error}") from None
    known = {section.id for section in ROUTINE.leaf_sections}
    # Accessibility breaks are shown by the sign-off's accessibility part, not by a
    # scenario of the routine failing: the routine's detection power leaves them out.
    rules = [rule for rule in rules if rule.section not in OUTSIDE_ROUTINE]
    for rule in rules:
        if rule.section not in known:
            raise CommandError(f"mutation: regeln {rule.name} hör till avsnitt {rule.section}, "
                               "som inte finns i rutinen.")
    return rules


def choose(rules: list[Rule], names: Sequence[str]) -> list[Rule]:
    """The rules named (in order, once each), or all; one Swedish line for an unknown one."""
    if not names:
        return rules
    by_name = {rule.name: rule for rule in rules}
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


def _timed_run(run_pytest: RunPytest, folder: Path, marker: str, workers: int,
               *extra: str) -> tuple[int, float]:
    """One run of the suite into ``folder`` (its log there too): exit code and seconds."""
    started = time.monotonic()
    code = run_pytest([
        "--target", "stub",  # beats MVJ_TARGET: a mutation run never touches a real journal
        "-m", marker, "-q", "--reruns", "0", "--traces", "off",
        "-n", str(workers), "--signoff", "auto", f"--signoff-dir={folder}",
        f"--junitxml={folder / 'junit.xml'}", f"--alluredir={folder / 'allure-results'}",
        f"--artifacts-dir={folder / 'artefakter'}", *extra,
    ], log=folder / "utskrift.txt")  # fmt: skip
    return code, time.monotonic() - started


def judge_break(rule: Rule, folder: Path, code: int, seconds: float) -> BreakResult:
    """CAUGHT, MISSED or ERROR for one break, from its run's sign-off and exit code."""
    result = BreakResult(rule.name, rule.section, rule.text, seconds=round(seconds, 1),
                         folder=str(folder))
    try:
        # signoff.json as a file (mvj_suite.model.outcomes): mutation never imports the
        # sign-off's code.
        record = json.loads((folder / "signoff.json").read_text("utf-8"))
        ran = [s for s in record["scenarios"] if s["outcome"] in (PASSED, FAILED)]
        run_errors = [e for e in map(str, record.get("run_errors") or [])
                      if not e.startswith(BREAK_NOTE)]
    except (OSError, ValueError, TypeError, KeyError) as error:
        result.problems = [f"körningen lämnade ingen läsbar signoff.json (slutkod {code}): {error}"]
        return result
    result.scenarios = len(ran)
    # Only an assertion about the journal that failed in a step is a catch; a fixture, a
    # stub that did not start or a click that timed out says nothing about the suite.
    failed = [s for s in ran if s["outcome"] == FAILED]
    result.caught_by = [s["name"] for s in failed
                        if s.get("failed_step") and s.get("failed_on_assertion")]
    others = sorted({s.get("reason") or "" for s in failed
                     if s["name"] not in result.caught_by} - {""})
    if run_errors:
        result.problems = [f"körningen hade fel: {'; '.join(run_errors)}"]
    elif result.caught_by:
        result.verdict = CAUGHT
    elif not ran:
        result.problems = [f"inga scenarier kördes (slutkod {code})"]
    elif others or code not in (0, 1):
        result.problems = [f"scenarier fallerade, men inte på ett påstående om journalen "
                           f"(slutkod {code})", *others[:3]]
    else:
        result.verdict = MISSED
    return result


def _fresh_runs_folder(runs: Path) -> None:
    """Empty the runs folder, but only one this command made (``--reports-dir`` is free)."""
    if runs.exists() and any(runs.iterdir()) and not (runs / OWNED_MARKER).exists():
        raise CommandError(f"mutation: {runs} finns redan och är inte mutationskommandots "
                           "egen mapp – välj en annan --reports-dir.", code=2)
    shutil.rmtree(runs, ignore_errors=True)
    runs.mkdir(parents=True)
    (runs / OWNED_MARKER).write_text("", encoding="utf-8")


def run(options: argparse.Namespace, run_pytest: RunPytest) -> MutationRecord:
    """Every chosen break in turn; the record, also written to ``--reports-dir``."""
    reports: Path = options.reports_dir
    rules = catalogue()
    chosen = choose(rules, options.breaks)
    runs = reports / "mutation"
    _fresh_runs_folder(runs)
    # The old result goes first: its rows point into the folder just emptied, and a red
    # baseline must not leave it standing as if it were this commit's.
    for name in REPORT_NAMES:
        (reports / name).unlink(missing_ok=True)
    record = MutationRecord(
        suite_commit=suite_commit(Path.cwd()),
        started=datetime.now().astimezone().isoformat(timespec="seconds"),
        workers=options.workers,
        catalogue_size=len(rules),
    )
    if options.no_baseline:
        record.baseline = "hoppades över (--no-baseline)"
    else:
        marker = marker_expression([rule.section for rule in chosen])
        say(f"baslinje: {marker} mot en stubbjournal som följer rutinen …")
        folder = runs / "baslinje"
        code, seconds = _timed_run(run_pytest, folder, marker, options.workers)
        if code != 0:
            raise CommandError(
                f"mutation: baslinjen är inte grön (slutkod {code}, se {folder / 'utskrift.txt'})"
                " – då säger ett fallerat scenario under en bruten regel ingenting. "
                "Rätta sviten först.")
        record.baseline = f"grön ({seconds:.0f} s)"
    for number, rule in enumerate(chosen, start=1):
        folder = runs / rule.name
        say(f"{number}/{len(chosen)} bryter {rule.name} (§{rule.section}) …")
        code, seconds = _timed_run(run_pytest, folder, marker_expression([rule.section]),
                                   options.workers, "--break", rule.name)
        result = judge_break(rule, folder, code, seconds)
        record.results.append(result)
        say(f"  {VERDICT_TEXT[result.verdict]} ({result.seconds:.0f} s)"
            + (f": {'; '.join(result.problems)}" if result.problems else ""))
    record.finished = datetime.now().astimezone().isoformat(timespec="seconds")
    write_reports(record, reports)
    return record


def check(args: Sequence[str]) -> argparse.Namespace | None:
    """The options, with the rules named checked against the stub; None for --help/--list.

    Done before anything is installed or started, so a typo costs a second.
    """
    if any(arg in ("-h", "--help") for arg in args):
        _parser().print_help()
        return None
    options = parse(args)
    if options.list:
        for rule in catalogue():
            print(f"§{rule.section:4} {rule.name:36} {rule.text}")
        return None
    choose(catalogue(), options.breaks)
    return options


def mutation(options: argparse.Namespace, run_pytest: RunPytest) -> int:
    """Run, then say the headline and every break not caught; 1 when not all were caught."""
    record = run(options, run_pytest)
    say(record.headline() + f" Rapport: {options.reports_dir / 'mutation.html'} (och .md, .json).")
    missed = [r for r in record.results if r.verdict != CAUGHT]
    for result in missed:
        say(f"  {VERDICT_TEXT[result.verdict]}: {result.name} – {result.text}")
    return 1 if missed or not record.results else 0


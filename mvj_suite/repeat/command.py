"""``mvj repeat N [pytest …]``: the suite N times in a row, and one flake table.

Each run gets its own folder under ``reports/upprepning/`` (sign-off, JUnit,
Allure results and the failure artefacts of that run), so the first failure of a
scenario keeps its screenshots and trace even when later runs pass. Reruns stay
as the suite has them: a scenario that passes only on a rerun shows as
*instabilt*, never as passed. The exit status is 0 only when every scenario
passed in every run.
"""

from __future__ import annotations

import json
import shlex
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from mvj_suite.core.journal_browser import artefact_folder_name
from mvj_suite.core.output import CommandError, duration, say
from mvj_suite.repeat.table import RunSummary, markdown, read_run, rows, unstable

OUT = Path("reports") / "upprepning"
MAX_RUNS = 1000
USAGE = "ange antalet körningar först, t.ex. ./mvj repeat 10 -m rutin-2.1 -n 2"


def parse(args: Sequence[str]) -> tuple[int, list[str]]:
    """``N`` and the pytest arguments after it; one Swedish line when N is not usable."""
    if not args:
        raise CommandError(f"repeat: {USAGE}.", code=2)
    try:
        count = int(args[0])
    except ValueError:
        raise CommandError(f"repeat: '{args[0]}' är inget antal – {USAGE}.", code=2) from None
    if not 1 <= count <= MAX_RUNS:
        raise CommandError(f"repeat: antalet körningar ska vara 1–{MAX_RUNS} (fick {count}).", 2)
    return count, list(args[1:])


def repeat(args: Sequence[str], run_pytest: Callable[[Sequence[str]], int]) -> int:
    count, pytest_args = parse(args)
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    runs: list[RunSummary] = []
    for number in range(1, count + 1):
        folder = OUT / f"korning-{number:02d}"
        say(f"körning {number} av {count} …")
        started = time.monotonic()
        code = run_pytest(
            [*pytest_args, f"--signoff-dir={folder}", f"--artifacts-dir={folder / 'artefakter'}",
             f"--junitxml={folder / 'junit.xml'}", f"--alluredir={folder / 'allure-results'}"]
        )  # fmt: skip
        seconds = time.monotonic() - started
        runs.append(RunSummary(number, code, seconds, folder, read_run(folder)))
        say(f"körning {number}: slutkod {code}, {duration(seconds)}")
    table = rows(runs, artefact_folder_name)
    command = "./mvj repeat " + shlex.join([str(count), *pytest_args])
    text = markdown(runs, table, command)
    (OUT / "tabell.md").write_text(text, encoding="utf-8")
    summary = {
        "command": command,
        "runs": [run.to_json() for run in runs],
        "unstable": [asdict(row) for row in unstable(table)],
        "scenarios": len(table),
    }
    (OUT / "upprepning.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(text, flush=True)
    say(f"tabellen: {OUT / 'tabell.md'}")
    # Any run that did not end well counts, also one that left no rows (nothing
    # collected, a run error): the table alone would call that green.
    broken = any(run.exit_code != 0 or run.scenarios is None for run in runs)
    return 1 if broken or unstable(table) else 0

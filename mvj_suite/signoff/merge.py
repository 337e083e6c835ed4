"""Merging sign-offs of CI shards (or repeated runs) into one, and its command line.

``merge`` keeps the worst outcome per scenario and joins the release fields;
``rebase`` moves a shard's links to the merged report's folder; the shards'
problems are condensed (``condense_errors``, ``missing_shard_errors``) so that
one collection error in 38 shards is one line. ``main`` is the command line:

    python -m tools.signoff merge reports/shard-*/signoff.json -o reports/
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from mvj_suite.signoff.anchors import feature_order
from mvj_suite.signoff.compare import PreviousSignoffError, compare, load_previous
from mvj_suite.signoff.decision import decision_from_env, merge_decisions
from mvj_suite.signoff.detection import detection_note
from mvj_suite.signoff.model import (
    FAILED,
    PASSED,
    RELEASE_FIELDS,
    SKIPPED,
    UNKNOWN,
    RunRecord,
    ScenarioResult,
)
from mvj_suite.signoff.render import summary_lines, write_reports
from mvj_suite.signoff.text import missing_shards, shard_key, shard_ranges

_OUTCOME_RANK = {FAILED: 0, PASSED: 1, SKIPPED: 2}


def merge(records: Sequence[RunRecord]) -> RunRecord:
    """One record from CI shards (or repeated runs): worst outcome per scenario."""
    scenarios: dict[str, ScenarioResult] = {}
    for record in records:
        for scenario in record.scenarios:
            current = scenarios.get(scenario.nodeid)
            if current is None:
                scenarios[scenario.nodeid] = scenario
                continue
            worse = _OUTCOME_RANK[scenario.outcome] < _OUTCOME_RANK[current.outcome]
            # Repeated runs: what every run's checks found, whichever outcome is kept.
            scans = [*current.accessibility, *scenario.accessibility]
            scenarios[scenario.nodeid] = replace(scenario if worse else current,
                                                 accessibility=scans)
    release: dict[str, str] = {}
    for key, _label in RELEASE_FIELDS:
        values = [value for r in records if (value := r.release.get(key, ""))]
        if key == "started":
            release[key] = min(values, default=UNKNOWN)
        elif key == "finished":
            release[key] = max(values, default=UNKNOWN)
        else:
            release[key] = " / ".join(dict.fromkeys(v for v in values if v != UNKNOWN)) or UNKNOWN
    return RunRecord(
        scenarios=sorted(scenarios.values(), key=feature_order),
        release=release,
        run_errors=condense_errors([(r.run_errors, r.shards) for r in records]),
        shards=sorted({s for r in records for s in r.shards}, key=shard_key),
        selection=" / ".join(sorted({r.selection for r in records if r.selection})),
        # Shards of one commit read the same mutation report: the first note stands for all.
        detection=next((r.detection for r in records if r.detection is not None), None),
        detection_link=next((r.detection_link for r in records if r.detection_link), ""),
        allure_report=next((r.allure_report for r in records if r.allure_report), ""),
        decision=merge_decisions(r.decision for r in records),
        # Every shard ran with the same options; a gate set on any of them holds.
        accessibility=replace(records[0].accessibility,
                              gate=any(r.accessibility.gate for r in records)),
    )


def rebase(record: RunRecord, source: Path, target: Path) -> RunRecord:
    """``record`` read from folder ``source``, its links made relative to ``target``
    (a shard's sign-off sits in its own folder, the merged one elsewhere)."""

    def moved(link: str) -> str:
        path, hash_mark, anchor = link.partition("#")
        return os.path.relpath(source / path, target) + hash_mark + anchor

    report = moved(record.allure_report) if record.allure_report else ""
    return replace(record, scenarios=[s.moved(moved) for s in record.scenarios],
                   allure_report=report)


def missing_shard_errors(shards: Sequence[str]) -> list[str]:
    """One line per split size: ``38 av 40 delkörningar saknas: 3–40/40``."""
    missing = missing_shards(shards)
    lines: list[str] = []
    for total in sorted({s.partition("/")[2] for s in missing}, key=int):
        of_total = [s for s in missing if s.endswith(f"/{total}")]
        lines.append(
            f"{len(of_total)} av {total} delkörningar saknas (inget resultat): "
            f"{shard_ranges(of_total)}"
        )
    return lines


def condense_errors(errors_by_run: Sequence[tuple[Sequence[str], Sequence[str]]]) -> list[str]:
    """Run errors of many shards, each text once: the same collection error in 38 shards
    is one line that says where, not 38 lines."""
    where: dict[str, list[Sequence[str]]] = {}
    for errors, shards in errors_by_run:
        for error in dict.fromkeys(errors):  # once per run, in its order
            where.setdefault(error, []).append(shards)
    lines: list[str] = []
    for error, runs in where.items():
        if len(runs) == 1:
            lines.append(error)
            continue
        shards = [s for run in runs for s in run]
        if shards and all(runs):
            totals = {s.partition("/")[2] for s in shards}
            of = f" av {totals.pop()}" if len(totals) == 1 else ""
            lines.append(f"{error} (i {len(runs)}{of} delkörningar: {shard_ranges(shards)})")
        else:
            lines.append(f"{error} ({len(runs)} gånger)")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.signoff",
        description="Godkännanderapport för rutinen 781659 R12.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    merge_parser = sub.add_parser(
        "merge", help="slå samman delkörningars signoff.json till ett besked"
    )
    merge_parser.add_argument("files", nargs="*", help="signoff.json från varje delkörning")
    merge_parser.add_argument("-o", "--output", default="reports", help="katalog för rapporterna")
    merge_parser.add_argument(
        "--mutation-report", default=None, metavar="FIL",
        help="mutation.json från ./mvj mutation: visas i beskedet när den gäller samma "
        "version av sviten",
    )
    merge_parser.add_argument(
        "--compare-with", default=None, metavar="FIL",
        help="en tidigare signoff.json: rapporten visar nya fel, åtgärdade, tillkomna och "
        "borttagna scenarier och det tidigare beskedet",
    )
    args = parser.parse_args(argv)  # "merge" is its only command
    output = Path(args.output)
    records: list[RunRecord] = []
    for name in args.files:
        path = Path(name)
        try:
            record, _data = RunRecord.read(path)
        except (OSError, ValueError) as error:
            print(f"Kan inte läsa {path}: {error}", file=sys.stderr)
            return 2
        # Links in a shard's report are relative to the shard's own folder.
        records.append(rebase(record, path.parent, output))
    if not records:
        print("Inga signoff.json-filer att slå samman.", file=sys.stderr)
        return 2
    previous = None
    if args.compare_with:
        try:
            previous = load_previous(Path(args.compare_with))
        except PreviousSignoffError as error:
            print(error, file=sys.stderr)
            return 2
    merged = merge(records)
    merged.run_errors.extend(missing_shard_errors(merged.shards))
    if args.mutation_report:
        # The shards ran where no mutation result was; the merge step may have one.
        report = Path(args.mutation_report)
        merged.detection = detection_note(report, merged.release.get("suite_commit", UNKNOWN))
        merged.detection_link = os.path.relpath(report.with_suffix(".html"), output)
    else:
        merged.detection_link = ""  # a shard's link is relative to the shard's own folder
    # The merge job decides for the whole run: its CI variables win over the shards'.
    merged.decision = merge_decisions([decision_from_env(os.environ), merged.decision])
    if previous is not None:
        merged.comparison = compare(merged, *previous, file=args.compare_with)
    verdict = write_reports(merged, output)
    for line in summary_lines(verdict, merged.comparison, record=merged):
        print(line)
    print(f"Rapporter: {output / 'signoff.md'}, {output / 'signoff.html'}")
    return 0 if verdict.approved else 1

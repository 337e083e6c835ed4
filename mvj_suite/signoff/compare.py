"""The comparison with an earlier sign-off (``--compare-with``).

Reads the earlier ``signoff.json``, matches its scenarios with this run's and
lists what changed: new failures, fixed, added and removed scenarios, and the
earlier verdict. Also how the terminal and the report say it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mvj_suite.signoff.model import (
    FAILED,
    OUTCOME_TEXT,
    PASSED,
    UNKNOWN,
    Comparison,
    RunRecord,
    ScenarioRef,
    ScenarioResult,
    judge,
)

PREVIOUS_FIELDS = ("journal_version", "suite_commit", "started", "finished")
COMPARISON_HEADING = "Jämförelse med tidigare godkännande"
COMPARISON_GROUPS = (  # (field, short label, heading)
    ("new_failures", "Nya fel", "Nya fel"),
    ("fixed", "Åtgärdade", "Åtgärdade (fallerade förra gången, godkända nu)"),
    ("added", "Tillkomna", "Tillkomna scenarier"),
    ("removed", "Borttagna", "Borttagna scenarier"),
)
MAX_COMPARISON_NAMES = 30


class PreviousSignoffError(ValueError):
    """The sign-off to compare with cannot be used; the message is one Swedish line."""


def load_previous(path: Path) -> tuple[RunRecord, str]:
    """The earlier sign-off and the verdict it gave (as it stood then)."""
    try:
        record, data = RunRecord.read(path)
    except FileNotFoundError:
        raise PreviousSignoffError(
            f"--compare-with {path}: filen finns inte – ange en tidigare signoff.json."
        ) from None
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise PreviousSignoffError(
            f"--compare-with {path}: kan inte läsas som signoff.json ({error})."
        ) from None
    stored = (data.get("verdict") or {}).get("text")
    return record, str(stored) if stored else judge(record).text


def compare(current: RunRecord, previous: RunRecord, previous_verdict: str,
            file: str) -> Comparison:
    """What changed since ``previous``: scenarios matched by nodeid, else by name and
    feature (a renamed or moved feature file keeps its scenarios' names)."""
    by_nodeid = {s.nodeid: s for s in current.scenarios}
    by_name: dict[tuple[str, str], ScenarioResult] = {}
    for scenario in current.scenarios:
        by_name.setdefault((scenario.name, scenario.feature), scenario)
    matched: dict[str, ScenarioResult] = {}  # current nodeid -> previous scenario
    comparison = Comparison(
        file=file,
        verdict=previous_verdict,
        release={key: previous.release.get(key) or UNKNOWN for key in PREVIOUS_FIELDS},
    )
    for before in previous.scenarios:
        now = by_nodeid.get(before.nodeid)
        if now is None or now.nodeid in matched:
            now = by_name.get((before.name, before.feature))
        if now is None or now.nodeid in matched:
            comparison.removed.append(ScenarioRef.of(before))
        else:
            matched[now.nodeid] = before
    for now in current.scenarios:
        before = matched.get(now.nodeid)
        if before is None:
            comparison.added.append(ScenarioRef.of(now))
        if now.outcome == FAILED and (before is None or before.outcome != FAILED):
            comparison.new_failures.append(ScenarioRef.of(now))
        elif now.outcome == FAILED:
            comparison.still_failing += 1
        elif before is not None and before.outcome == FAILED and now.outcome == PASSED:
            comparison.fixed.append(ScenarioRef.of(now))
    return comparison


def comparison_summary(comparison: Comparison) -> str:
    """One terminal line: what changed since the earlier sign-off."""
    return (f"Jämfört med {comparison.file} (tidigare besked {comparison.verdict}): "
            + _counts(comparison))


def _counts(comparison: Comparison) -> str:
    counts = [f"{short}: {len(getattr(comparison, name))}"
              for name, short, _heading in COMPARISON_GROUPS]  # fmt: skip
    counts.append(f"Fallerar fortfarande: {comparison.still_failing}")
    return " · ".join(counts)


def _ref_text(ref: ScenarioRef) -> str:
    outcome = f" – {OUTCOME_TEXT[ref.outcome]}" if ref.outcome in OUTCOME_TEXT else ""
    feature = f" ({ref.feature})" if ref.feature else ""
    return f"{ref.name}{feature}{outcome}"


def comparison_view(comparison: Comparison | None) -> dict[str, Any] | None:
    """What the report's templates show of the comparison."""
    if comparison is None:
        return None
    release = comparison.release
    date = release.get("finished") or UNKNOWN
    if date == UNKNOWN:
        date = release.get("started") or UNKNOWN
    previous = (
        f"Tidigare besked: {comparison.verdict} – journalversion "
        f"{release.get('journal_version') or UNKNOWN}, sviten (commit) "
        f"{release.get('suite_commit') or UNKNOWN}, datum {date} ({comparison.file})"
    )
    groups = []
    for name, _short, label in COMPARISON_GROUPS:
        refs = getattr(comparison, name)
        more = len(refs) - MAX_COMPARISON_NAMES
        if refs:
            groups.append({
                "label": label, "total": len(refs),
                "shown": [_ref_text(ref) for ref in refs[:MAX_COMPARISON_NAMES]],
                "rest": f"… och {more} till (alla i signoff.json, comparison)" if more > 0 else "",
            })
    return {"heading": COMPARISON_HEADING, "previous": previous,
            "counts": _counts(comparison), "groups": groups}

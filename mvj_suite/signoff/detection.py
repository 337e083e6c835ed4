"""The sign-off's line on detection power: the latest ``./mvj mutation`` for this suite.

Read from ``mutation.json`` as a file (its ``suite_commit`` and ``summary``), not through
the mutation capability's code: the two never import each other.

The line belongs to the very commit of the suite that signs: a result for another
commit, for a work tree with uncommitted changes or for an unknown commit says so
instead of lending its numbers to this run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mvj_suite.model.commit import DIRTY_MARK, UNKNOWN

MIN_SHORT_SHA = 7


@dataclass(frozen=True)
class DetectionNote:
    """The sign-off's line on detection power; ``current`` only for this very commit."""

    text: str
    current: bool
    caught: int = 0
    total: int = 0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DetectionNote:
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


def same_commit(one: str, other: str) -> bool:
    """Both name one known, clean commit (short hashes of different length agree)."""
    if DIRTY_MARK in one or DIRTY_MARK in other:
        return False
    a, b = one.strip(), other.strip()
    if UNKNOWN in (a, b) or min(len(a), len(b)) < MIN_SHORT_SHA:
        return False
    return a.startswith(b) or b.startswith(a)


def detection_note(report: Path, suite_commit: str) -> DetectionNote:
    """What the latest ``./mvj mutation`` says about the suite at ``suite_commit``."""
    try:
        record = json.loads(report.read_text(encoding="utf-8"))
        commit, summary = str(record["suite_commit"]), record["summary"]
        headline, caught, total = str(summary["headline"]), summary["caught"], summary["total"]
    except FileNotFoundError:
        return DetectionNote("Inget mutationsresultat finns för sviten (kör ./mvj mutation).",
                             current=False)
    except (OSError, ValueError, TypeError, KeyError) as error:
        return DetectionNote(f"Mutationsresultatet {report} kunde inte läsas: {error}.",
                             current=False)
    if DIRTY_MARK in suite_commit or DIRTY_MARK in commit:
        return DetectionNote(
            f"Mutationsresultatet ({commit}) kan inte knytas till sviten "
            f"({suite_commit}): någon av dem har ej incheckade ändringar.", current=False)
    if not same_commit(commit, suite_commit):
        return DetectionNote(
            f"Senaste mutationsresultatet gäller en annan eller okänd version av sviten "
            f"({commit}), inte den här ({suite_commit}) – kör ./mvj mutation.",
            current=False)
    return DetectionNote(headline, current=True, caught=int(caught), total=int(total))

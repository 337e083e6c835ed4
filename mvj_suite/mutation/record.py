"""The suite's detection power: which broken rules of the routine its scenarios catch.

Pure logic (no pytest, no processes): the record ``./mvj mutation`` stores as
``reports/mutation.json``, its Markdown and HTML renderings and the summary per
routine section. What the sign-off says about it: ``mvj_suite.signoff.detection``;
when a break counts as caught: ``mvj_suite.mutation.command``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mvj_suite.core.output import decimal
from mvj_suite.core.templates import templates
from mvj_suite.model.routine import ROUTINE

FORMAT_VERSION = 1
CAUGHT, MISSED, ERROR = "caught", "missed", "error"
VERDICT_TEXT = {CAUGHT: "UPPTÄCKT", MISSED: "MISSAD", ERROR: "FEL"}
REPORT_NAMES = ("mutation.md", "mutation.html", "mutation.json")


@dataclass
class BreakResult:
    name: str
    section: str
    text: str  # what the broken journal does (the stub's own words)
    verdict: str = ERROR
    caught_by: list[str] = field(default_factory=list)  # scenarios with a failed step
    problems: list[str] = field(default_factory=list)  # why a break is an error
    scenarios: int = 0  # scenarios that ran against the broken stub
    seconds: float = 0.0
    folder: str = ""  # its run's reports (log, sign-off, artefacts)


@dataclass
class MutationRecord:
    suite_commit: str
    started: str
    finished: str = ""
    workers: int = 1
    baseline: str = ""  # what the run without breaks showed (or why it was skipped)
    catalogue_size: int = 0  # breaks the stub knows; more than results for a selection
    results: list[BreakResult] = field(default_factory=list)

    @property
    def caught(self) -> int:
        return sum(result.verdict == CAUGHT for result in self.results)

    @property
    def total(self) -> int:
        return len(self.results)

    def per_section(self) -> list[tuple[str, int, int]]:
        """(section id, caught, total) in the routine's order, for sections with breaks."""
        order = [section.id for section in ROUTINE.sections]
        ids = sorted({r.section for r in self.results},
                     key=lambda s: order.index(s) if s in order else len(order))
        return [(section,
                 sum(r.verdict == CAUGHT for r in self.results if r.section == section),
                 sum(r.section == section for r in self.results)) for section in ids]

    def headline(self) -> str:
        text = f"Sviten upptäcker {self.caught} av {self.total} brutna regler"
        if self.total < self.catalogue_size:  # a selection
            text += f" (ett urval av stubbens {self.catalogue_size})"
        return text + "."

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        results = data.pop("results")
        summary = {  # what the sign-off reads (mvj_suite.signoff.detection)
            "headline": self.headline(), "caught": self.caught, "total": self.total,
            "sections": {s: {"caught": c, "total": t} for s, c, t in self.per_section()},
        }
        return {"format": FORMAT_VERSION, **data, "summary": summary, "results": results}


# --- rendering -----------------------------------------------------------------------


_TEMPLATES = templates("mvj_suite.mutation")


def _section_label(section_id: str) -> str:
    section = ROUTINE.section(section_id)
    return section.label if section else section_id


def _detail(result: BreakResult) -> str:
    if result.verdict == CAUGHT:
        return "; ".join(result.caught_by)
    if result.verdict == MISSED:
        return f"alla {result.scenarios} scenarier i avsnittet godkändes"
    return "; ".join(result.problems)


def _view(record: MutationRecord) -> dict[str, Any]:
    return {
        **asdict(record),
        "title": f"Sviten mot brutna regler – rutin {ROUTINE.number} {ROUTINE.revision}",
        "headline": record.headline(), "seconds": f"{sum(r.seconds for r in record.results):.0f}",
        "sections": [(_section_label(s), c, t) for s, c, t in record.per_section()],
        "results": [{**asdict(r), "verdict_text": VERDICT_TEXT[r.verdict], "detail": _detail(r),
                     "seconds": decimal(r.seconds)} for r in record.results],
    }


def render_markdown(record: MutationRecord) -> str:
    return _TEMPLATES.get_template("mutation.md.j2").render(v=_view(record))


def render_html(record: MutationRecord) -> str:
    return _TEMPLATES.get_template("mutation.html.j2").render(v=_view(record))


def write_reports(record: MutationRecord, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    texts = (render_markdown(record), render_html(record),
             json.dumps(record.to_json(), ensure_ascii=False, indent=2))
    for name, text in zip(REPORT_NAMES, texts, strict=True):
        (directory / name).write_text(text, encoding="utf-8")

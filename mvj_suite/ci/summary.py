"""The GitHub job summary: a short page from ``signoff.json`` for the run's page.

The whole ``signoff.md`` is too long for it, and its relative links lead nowhere there.
This shows the verdict, its reasons, one row per section of the routine and absolute
links to the run's artefacts, where the full sign-off is.

``signoff.json`` is read as data, not through the sign-off's model: fields it does not
know are ignored, and the verdict's text is shown as the sign-off wrote it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mvj_suite.ci.run_links import Artifact
from mvj_suite.core.templates import templates
from mvj_suite.model.routine import ROUTINE, section_url

SHOWN_REASONS = 10  # the rest is one line: the sign-off has them all
NO_COUNTS = ("–",) * 5
EXTRA_WORDS = (("passed", "godkända"), ("failed", "fallerade"), ("skipped", "överhoppade"))
RELEASE_LABELS = (("target", "Mål"), ("journal_version", "Journalversion"),
                  ("suite_commit", "Sviten (commit)"))

_MARKDOWN = re.compile(r"([\\`*_\[\]|#~])")


def md_text(text: object) -> str:
    """Text as text in GitHub's Markdown: no tags (``<dd …>`` from Playwright), no
    emphasis or links from stray characters, one line."""
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return _MARKDOWN.sub(r"\\\1", escaped)


_TEMPLATES = templates("mvj_suite.ci")
_TEMPLATES.filters["mdtext"] = md_text


class SummaryError(Exception):
    """No summary can be made: the one Swedish line says why."""


def load(path: Path) -> Mapping[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SummaryError(f"{path} saknas – sammanslagningen av delkörningarna gav inget "
                           "besked; se jobbets logg.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SummaryError(f"{path} går inte att läsa ({error}).") from None
    if not isinstance(data, dict) or not isinstance(data.get("verdict"), dict):
        raise SummaryError(f"{path} har inget besked (verdict).")
    return data


def _count(coverage: Mapping[str, Any], key: str) -> str:
    value = coverage.get(key)
    return str(value) if isinstance(value, int) else "–"


def section_rows(verdict: Mapping[str, Any], env: Mapping[str, str]) -> list[dict[str, Any]]:
    """The routine's sections in its order, then any the sign-off knows and we do not."""
    statuses: Mapping[str, str] = verdict.get("sections") or {}
    coverages: Mapping[str, Any] = verdict.get("coverage") or {}
    known = [s.id for s in ROUTINE.sections]
    rows = []
    for section_id in [*known, *(i for i in statuses if i not in known)]:
        if section_id not in statuses:
            continue
        section = ROUTINE.section(section_id)
        coverage = coverages.get(section_id)
        counts = (
            tuple(_count(coverage, key) for key in ("ran", "passed", "failed", "stub_only",
                                                    "not_run"))
            if isinstance(coverage, Mapping) else NO_COUNTS
        )
        rows.append({
            "label": section.label if section else f"{section_id} (okänt avsnitt)",
            "link": section_url(section_id, env) if section else "",
            "status": str(statuses[section_id]), "counts": counts,
        })
    return rows


def _absolute(url: str) -> str:
    # A link that only works beside the report files (../../docs/…) is left out.
    return url if re.match(r"https?://", url) else ""


def summary_view(data: Mapping[str, Any], artifacts: Sequence[Artifact],
                 env: Mapping[str, str], run_url: str = "") -> dict[str, Any]:
    verdict = data["verdict"]
    routine = data.get("routine") or {}
    release = data.get("release") or {}
    reasons = [str(r) for r in verdict.get("reasons") or []]
    rows = section_rows(verdict, env)
    for row in rows:
        row["link"] = _absolute(row["link"])
    extra = verdict.get("extra") or {}
    extra_text = ", ".join(f"{extra[key]} {word}" for key, word in EXTRA_WORDS
                           if isinstance(extra.get(key), int) and extra[key])
    detection = data.get("detection") or {}
    facts = [(label, str(release[key])) for key, label in RELEASE_LABELS if release.get(key)]
    if data.get("selection"):
        facts.append(("Urval", str(data["selection"])))
    if data.get("shards"):
        facts.append(("Delkörningar", str(len(data["shards"]))))
    return {
        "routine": f"Rutin {routine.get('number', ROUTINE.number)} "
                   f"{routine.get('revision', ROUTINE.revision)}",
        "verdict": str(verdict.get("text") or
                       ("GODKÄND" if verdict.get("approved") else "EJ GODKÄND")),
        "approved": bool(verdict.get("approved")),
        "facts_line": " · ".join(f"{label}: {md_text(value)}" for label, value in facts),
        "reasons": reasons[:SHOWN_REASONS],
        "more_reasons": max(0, len(reasons) - SHOWN_REASONS),
        "run_errors": [str(e) for e in data.get("run_errors") or []],
        "sections": rows,
        "extra": extra_text,
        "detection": str(detection.get("text") or ""),
        "artifacts": list(artifacts),
        "run_url": run_url,
        "signoff": next((a for a in artifacts if a.name == "signoff"), None),
    }


def render_github(data: Mapping[str, Any], artifacts: Sequence[Artifact],
                  env: Mapping[str, str], run_url: str = "") -> str:
    view = summary_view(data, artifacts, env, run_url)
    return _TEMPLATES.get_template("github_summary.md.j2").render(v=view)


def render_missing(reason: str, artifacts: Sequence[Artifact]) -> str:
    """What the run's page shows when there is no sign-off to summarise."""
    return _TEMPLATES.get_template("github_summary_missing.md.j2").render(
        reason=reason, artifacts=list(artifacts))


def render_artifacts(artifacts: Sequence[Artifact]) -> str:
    """Only the artefact links: under a report the job wrote itself (the repeat table,
    the mutation report), whose own links are paths inside the artefact."""
    return _TEMPLATES.get_template("_artifacts.md.j2").render(artifacts=list(artifacts))

"""Training walkthroughs: the step-by-step guide beside each video.

One HTML page per walkthrough, ``<avsnitt>-<scenario>-guide.html``: the scenario's
instructions in order, each with a still of the journal at that step (taken from the
finished video by ``mvj_suite.walkthrough.plugin``, the cursor on what is clicked), for
trainers who hand out or print the routine rather than show a video. It works offline
and stands alone: relative links only, its style inline, no script.

Pure logic: no pytest, no browser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mvj_suite.core.templates import templates
from mvj_suite.model.routine import ROUTINE
from mvj_suite.walkthrough.index import INDEX_NAME
from mvj_suite.walkthrough.video import PAGE_HEIGHT, VIDEO_WIDTH

GUIDE_SUFFIX = "-guide.html"
STILL_INFIX = "-steg-"

_TEMPLATES = templates("mvj_suite.walkthrough")


def guide_html(meta: dict[str, Any]) -> str:
    section = ROUTINE.section(meta["section"]) if meta.get("section") else None
    videos = meta.get("videos", [])
    first = videos[0] if videos else {}
    view = {
        "name": meta["name"], "stem": meta["stem"], "index": INDEX_NAME,
        "watch": first.get("mp4") or first.get("webm"), "feature": meta.get("feature", ""),
        "where": f"Rutin {ROUTINE.label}" + (f", avsnitt {section.label}" if section else ""),
        "passed": meta.get("outcome") == "passed",
        "cues": [cue for part in videos for cue in part.get("cues", [])],
        "width": VIDEO_WIDTH, "height": PAGE_HEIGHT,
    }
    return _TEMPLATES.get_template("guide.html.j2").render(v=view)


def write_guide(directory: Path, meta: dict[str, Any]) -> Path | None:
    """The guide for one walkthrough's ``meta`` (None: it has no steps to show)."""
    if not any(part.get("cues") for part in meta.get("videos", [])):
        return None
    path = directory / f"{meta['stem']}{GUIDE_SUFFIX}"
    path.write_text(guide_html(meta), encoding="utf-8")
    return path

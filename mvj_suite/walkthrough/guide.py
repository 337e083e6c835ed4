"""Training walkthroughs: the step-by-step guide beside each video.

One HTML page per walkthrough, ``<avsnitt>-<scenario>-guide.html``: the scenario's
instructions in order, each with a still of the journal at that step (taken from the
finished video by ``mvj_suite.walkthrough.plugin``, the cursor on what is clicked), for
trainers who hand out or print the routine rather than show a video. It works offline
and stands alone: relative links only, its style inline, no script.

Pure logic: no pytest, no browser.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from mvj_suite.model.routine import ROUTINE
from mvj_suite.walkthrough.video import PAGE_HEIGHT, VIDEO_WIDTH

GUIDE_SUFFIX = "-guide.html"
STILL_INFIX = "-steg-"
INDEX_NAME = "index.html"  # the same page as walkthrough_index.INDEX_NAME (no cycle)

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 980px;
       padding: 0 1rem; color: #1f2937; line-height: 1.5; }
h1 { margin-bottom: .25rem; } .ingress { color: #4b5563; margin-top: 0; }
nav { font-size: .95rem; margin-bottom: 1.5rem; }
ol.guide { list-style: none; padding: 0; counter-reset: steg; }
ol.guide > li { counter-increment: steg; margin: 0 0 2rem; break-inside: avoid; }
ol.guide > li > p { font-size: 1.15rem; margin: 0 0 .5rem; }
ol.guide > li > p::before { content: "Steg " counter(steg) ". "; font-weight: 700;
       color: #1d4f91; }
img { width: 100%; height: auto; border: 1px solid #d1d5db; border-radius: 6px; }
.varning { background: #fee2e2; color: #7f1d1d; padding: .4rem .7rem; border-radius: 4px; }
@media print { nav { display: none; } body { margin: 0; max-width: none; } }
"""


def guide_name(stem: str) -> str:
    return f"{stem}{GUIDE_SUFFIX}"


def guide_html(meta: dict[str, Any]) -> str:
    esc = html.escape
    section = ROUTINE.section(meta["section"]) if meta.get("section") else None
    where = f"Rutin {ROUTINE.label}" + (f", avsnitt {section.label}" if section else "")
    videos = meta.get("videos", [])
    first = videos[0] if videos else {}
    watch = first.get("mp4") or first.get("webm")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="sv"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Steg för steg: {esc(meta['name'])}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f'<nav><a href="{INDEX_NAME}#{esc(meta["stem"])}">← Alla genomgångar</a>'
        + (f' · <a href="{esc(watch)}">Se videon</a>' if watch else "")
        + "</nav>",
        f"<h1>{esc(meta['name'])}</h1>",
        f'<p class="ingress">{esc(meta.get("feature", ""))} · {esc(where)}. '
        "Inspelad mot stubbjournalen med påhittade uppgifter.</p>",
    ]
    if meta.get("outcome") != "passed":
        parts.append(
            '<p class="varning">Scenariot gick inte igenom när det spelades in – '
            "använd inte guiden i utbildningen.</p>"
        )
    parts.append('<ol class="guide">')
    for part in videos:
        for cue in part.get("cues", []):
            parts.append(f"<li><p>{esc(cue['text'])}</p>")
            if cue.get("still"):
                parts.append(
                    f'<img src="{esc(cue["still"])}" alt="{esc(cue["text"])}" '
                    f'width="{VIDEO_WIDTH}" height="{PAGE_HEIGHT}" loading="lazy">'
                )
            parts.append("</li>")
    parts.append("</ol></body></html>")
    return "\n".join(parts) + "\n"


def write_guide(directory: Path, meta: dict[str, Any]) -> Path | None:
    """The guide for one walkthrough's ``meta`` (None: it has no steps to show)."""
    if not any(part.get("cues") for part in meta.get("videos", [])):
        return None
    path = directory / guide_name(meta["stem"])
    path.write_text(guide_html(meta), encoding="utf-8")
    return path

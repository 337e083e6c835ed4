"""Training walkthroughs: subtitles (WebVTT) and the offline index page.

Pure logic (no pytest, no browser). The pytest plugin ``mvj_suite.walkthrough.plugin``
records one video per scenario and leaves a small ``<namn>.json`` next to it;
this module turns those into ``index.html``. The index can be rebuilt by hand,
e.g. after deleting a video that should not be shown:

    python -m tools.walkthrough_index reports/walkthroughs
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from webvtt import Caption, WebVTT
from webvtt.models import Timestamp

from mvj_suite.model.routine import ROUTINE

INDEX_NAME = "index.html"
META_SUFFIX = ".json"
NO_SECTION = "utan-avsnitt"
FORMAT_VERSION = 2  # 2: instructions, burned-in captions, poster, guide


@dataclass(frozen=True)
class Cue:
    start: float  # seconds from the start of the video
    end: float
    text: str


# --- names ---------------------------------------------------------------------------


def slugify(text: str, limit: int = 80) -> str:
    """``"Sök kund nås via menyn Kunder"`` → ``"sok-kund-nas-via-menyn-kunder"``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug[:limit].rstrip("-") or "scenario"


def base_name(section_id: str | None, scenario_name: str) -> str:
    """File stem of a walkthrough: ``<avsnitt>-<scenario>``, e.g. ``2.1-sok-kund-…``."""
    return f"{section_id or NO_SECTION}-{slugify(scenario_name)}"


# --- WebVTT --------------------------------------------------------------------------


def _escape_cue(text: str) -> str:
    # A cue payload must not contain "-->" nor raw "<" / "&" (they start tags/entities).
    return " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def vtt_text(cues: Sequence[Cue]) -> str:
    """The WebVTT file of ``cues``, numbered, written by webvtt-py."""
    return WebVTT(captions=[
        Caption(start=str(Timestamp.from_seconds(cue.start)),
                end=str(Timestamp.from_seconds(cue.end)),
                text=_escape_cue(cue.text), identifier=str(number))
        for number, cue in enumerate(cues, start=1)
    ]).content


# --- the index page ------------------------------------------------------------------


def load_entries(directory: Path) -> list[dict[str, Any]]:
    entries = []
    for path in sorted(directory.glob(f"*{META_SUFFIX}")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("format") == FORMAT_VERSION:
            entries.append(data)
    return entries


def _duration_text(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _section_groups(entries: Iterable[dict[str, Any]]) -> list[tuple[str, str, list[dict]]]:
    by_section: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_section.setdefault(entry.get("section") or NO_SECTION, []).append(entry)
    order = [s.id for s in ROUTINE.sections] + sorted(
        k for k in by_section if ROUTINE.section(k) is None and k != NO_SECTION
    )
    order.append(NO_SECTION)
    groups = []
    for section_id in order:
        items = by_section.get(section_id)
        if not items:
            continue
        section = ROUTINE.section(section_id)
        if section is not None:
            title = f"Avsnitt {section.label}"
        elif section_id == NO_SECTION:
            title = "Scenarier utan avsnitt i rutinen"
        else:
            title = f"Avsnitt {section_id} (finns inte i rutinen)"
        items.sort(key=lambda e: (e.get("order", 0), e.get("name", "")))
        groups.append((section_id, title, items))
    return groups


def _video_html(entry: dict[str, Any], part: dict[str, Any], label: str) -> str:
    esc = html.escape
    sources = []
    if part.get("mp4"):
        sources.append(f'<source src="{esc(part["mp4"])}" type="video/mp4">')
    sources.append(f'<source src="{esc(part["webm"])}" type="video/webm">')
    cues = json.dumps(
        [{"start": c["start"], "end": c["end"], "text": c["text"]} for c in part.get("cues", [])],
        ensure_ascii=False,
    )
    downloads = [f'<a href="{esc(part["webm"])}">WebM</a>']
    if part.get("mp4"):
        downloads.insert(0, f'<a href="{esc(part["mp4"])}">MP4</a>')
    downloads.append(f'<a href="{esc(part["vtt"])}">undertexter (WebVTT)</a>')
    # Captions burned into the video: the track stays available in the player's menu
    # but off, or every sentence would be on screen twice.
    burned = bool(part.get("burned_in"))
    default = "" if burned else " default"
    poster = f' poster="{esc(part["poster"])}"' if part.get("poster") else ""
    return (
        f'<figure><video controls preload="metadata" width="1280" height="720"{poster} '
        f'data-cues="{esc(cues)}" data-captions="{"burned" if burned else "track"}">'
        + "".join(sources)
        + f'<track kind="subtitles" srclang="sv" label="Svenska" src="{esc(part["vtt"])}"'
        + f"{default}>"
        + "Webbläsaren kan inte spela upp video – ladda ner filen nedan.</video>"
        + f"<figcaption>{esc(label)}Längd {_duration_text(part.get('duration', 0))} · "
        + "Ladda ner: "
        + " · ".join(downloads)
        + "</figcaption></figure>"
        + _step_list(entry, part)
    )


def _step_list(entry: dict[str, Any], part: dict[str, Any]) -> str:
    """The part's steps, each a link to its moment in the video (the script seeks)."""
    esc = html.escape
    items = []
    for cue in part.get("cues", []):
        start = float(cue.get("start", 0))
        items.append(
            f'<li><a class="tid" href="#{esc(entry["stem"])}" data-start="{start:.3f}" '
            f'title="Spela från {_duration_text(start)}">{_duration_text(start)}</a> '
            f"{esc(cue['text'])}</li>"
        )
    if not items:
        return ""
    return '<ol class="steglista">' + "".join(items) + "</ol>"


# Chromium will not load a <track> from a file:// page (each file is its own origin);
# the cues are therefore also in the page and added by script when the file fails —
# shown only when the video has no captions of its own. A step's time link seeks the
# video in the same article and plays it.
_SCRIPT = """
document.querySelectorAll("video[data-cues]").forEach(function (video) {
  var element = video.querySelector("track");
  var show = video.dataset.captions !== "burned";
  function fallback() {
    if (video.dataset.cuesAdded) return;
    video.dataset.cuesAdded = "1";
    if (element) element.remove();
    var track = video.addTextTrack("subtitles", "Svenska", "sv");
    JSON.parse(video.dataset.cues).forEach(function (c) {
      track.addCue(new VTTCue(c.start, c.end, c.text));
    });
    track.mode = show ? "showing" : "disabled";
  }
  if (!element || typeof VTTCue === "undefined") return;
  element.addEventListener("error", fallback);
  if (element.readyState === 3) fallback();
  // Burned in, the track is off and never loads by itself; from disk it could not be
  // switched on later: the page's own cues stand ready in the player's menu instead.
  if (!show && location.protocol === "file:") fallback();
});
document.querySelectorAll("a[data-start]").forEach(function (link) {
  link.addEventListener("click", function (event) {
    var figure = link.closest("ol").previousElementSibling;
    var video = figure && figure.querySelector("video");
    if (!video) return;
    event.preventDefault();
    video.currentTime = parseFloat(link.dataset.start);
    video.scrollIntoView({ block: "nearest", behavior: "smooth" });
    video.play();
  });
});
"""

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1320px;
       padding: 0 1rem; color: #1f2937; }
h1 { margin-bottom: .25rem; } .ingress { color: #4b5563; margin-top: 0; }
nav ul { padding-left: 1.2rem; } section { margin-top: 2.5rem; }
h2 { border-bottom: 2px solid #d1d5db; padding-bottom: .3rem; }
article { margin: 1.5rem 0 2.5rem; }
video { width: 100%; max-width: 1280px; height: auto; background: #111; border-radius: 6px; }
figure { margin: .5rem 0; } figcaption { color: #4b5563; font-size: .9rem; }
.egenskap { color: #4b5563; margin: .2rem 0; }
.varning { background: #fee2e2; color: #7f1d1d; padding: .4rem .7rem; border-radius: 4px; }
ol { margin: .3rem 0; }
ol.steglista { padding-left: 1.6rem; } ol.steglista li { margin: .15rem 0; }
ul.oversikt { list-style: none; padding: 0; display: grid; gap: 1rem;
  grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); }
ul.oversikt a { display: block; color: inherit; text-decoration: none; font-size: .9rem; }
ul.oversikt img, .ingen-bild { display: block; width: 100%; height: auto; aspect-ratio: 16 / 9;
  border-radius: 4px; background: #111827; margin-bottom: .3rem; }
a.tid { font-variant-numeric: tabular-nums; display: inline-block; min-width: 2.8rem; }
.guide { margin: .4rem 0; font-weight: 600; }
"""


def _overview(groups: list[tuple[str, str, list[dict[str, Any]]]]) -> str:
    """Every video as a thumbnail (its poster) that leads to it, in the routine's order."""
    esc = html.escape
    tiles = []
    for _, _, items in groups:
        for entry in items:
            videos = entry.get("videos") or [{}]
            poster = videos[0].get("poster")
            picture = (
                f'<img src="{esc(poster)}" alt="" width="320" height="180" loading="lazy">'
                if poster
                else '<span class="ingen-bild"></span>'
            )
            section = f"{entry['section']} · " if entry.get("section") else ""
            tiles.append(
                f'<li><a href="#{esc(entry["stem"])}">{picture}'
                f"<span>{esc(section)}{esc(entry['name'])}</span></a></li>"
            )
    return '<ul class="oversikt">' + "".join(tiles) + "</ul>"


def index_html(entries: Sequence[dict[str, Any]]) -> str:
    esc = html.escape
    groups = _section_groups(entries)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="sv"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Genomgångar – MittVaccin Journal</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Genomgångar – MittVaccin Journal</h1>",
        f'<p class="ingress">Rutin {esc(ROUTINE.label)}. Inspelade mot stubbjournalen med '
        "påhittade uppgifter. Varje video visar instruktionen för varje steg under bilden; "
        "klicka på en tid i steglistan för att spela från det steget. Sidan fungerar "
        "utan nätverk.</p>",
    ]
    if not groups:
        parts.append("<p>Inga genomgångar är inspelade ännu.</p>")
    else:
        parts.append("<nav><h2>Innehåll</h2><ul>")
        for section_id, title, items in groups:
            parts.append(
                f'<li><a href="#avsnitt-{esc(section_id)}">{esc(title)}</a> ({len(items)})</li>'
            )
        parts.append("</ul></nav>")
        parts.append(_overview(groups))
    for section_id, title, items in groups:
        parts.append(f'<section id="avsnitt-{esc(section_id)}"><h2>{esc(title)}</h2>')
        for entry in items:
            parts.append(f'<article id="{esc(entry["stem"])}"><h3>{esc(entry["name"])}</h3>')
            parts.append(f'<p class="egenskap">Egenskap: {esc(entry.get("feature", ""))}</p>')
            if entry.get("outcome") != "passed":
                parts.append(
                    '<p class="varning">Scenariot gick inte igenom när det spelades in – '
                    "använd inte videon i utbildningen.</p>"
                )
            videos = entry.get("videos", [])
            for number, part in enumerate(videos, start=1):
                label = f"Del {number} av {len(videos)} · " if len(videos) > 1 else ""
                parts.append(_video_html(entry, part, label))
            if entry.get("guide"):
                parts.append(
                    f'<p class="guide"><a href="{esc(entry["guide"])}">Steg för steg med '
                    "bilder (att skriva ut eller dela)</a></p>"
                )
            steps = "".join(f"<li>{esc(step)}</li>" for step in entry.get("steps", []))
            parts.append(
                f"<details><summary>Scenariots steg i Gherkin</summary><ol>{steps}</ol></details>"
            )
            parts.append("</article>")
        parts.append("</section>")
    parts.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts) + "\n"


def write_index(directory: Path) -> Path:
    path = directory / INDEX_NAME
    path.write_text(index_html(load_entries(directory)), encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.walkthrough_index",
        description="Bygger om index.html för inspelade genomgångar.",
    )
    parser.add_argument("directory", nargs="?", default="reports/walkthroughs", metavar="KATALOG")
    args = parser.parse_args(argv)
    directory = Path(args.directory)
    if not directory.is_dir():
        print(f"Katalogen {directory} finns inte.", file=sys.stderr)
        return 2
    print(write_index(directory))
    return 0


if __name__ == "__main__":
    sys.exit(main())

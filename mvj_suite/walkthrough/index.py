"""Training walkthroughs: subtitles (WebVTT) and the offline index page.

Pure logic (no pytest, no browser). The pytest plugin ``mvj_suite.walkthrough.plugin``
records one video per scenario and leaves a small ``<namn>.json`` next to it;
this module turns those into ``index.html``. The index can be rebuilt by hand,
e.g. after deleting a video that should not be shown:

    python -m tools.walkthrough_index reports/walkthroughs
"""

from __future__ import annotations

import argparse
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

from mvj_suite.core.templates import templates
from mvj_suite.model.routine import ROUTINE
from mvj_suite.walkthrough.video import VIDEO_HEIGHT

INDEX_NAME = "index.html"
META_SUFFIX = ".json"
NO_SECTION = "utan-avsnitt"
FORMAT_VERSION = 2  # 2: instructions, burned-in captions, poster, guide
# Under each video on the index, a strip for the browser's own controls (Chromium's
# buttons and timeline take about 60 px, Firefox's 40 px), so that they are drawn there
# and never over the caption band.
CONTROLS_STRIP = 64
_TEMPLATES = templates("mvj_suite.walkthrough")


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


def _section_groups(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries by section, in the routine's order; unknown sections and none last."""
    by_section: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_section.setdefault(entry.get("section") or NO_SECTION, []).append(entry)
    order = [s.id for s in ROUTINE.sections] + sorted(
        k for k in by_section if ROUTINE.section(k) is None and k != NO_SECTION
    )
    order.append(NO_SECTION)
    groups = []
    for section_id in (s for s in order if s in by_section):
        section = ROUTINE.section(section_id)
        title = (f"Avsnitt {section.label}" if section
                 else "Scenarier utan avsnitt i rutinen" if section_id == NO_SECTION
                 else f"Avsnitt {section_id} (finns inte i rutinen)")
        items = sorted(by_section[section_id], key=lambda e: (e.get("order", 0), e.get("name", "")))
        groups.append({"id": section_id, "title": title, "entries": [_entry(e) for e in items]})
    return groups


def _video(part: dict[str, Any], label: str) -> dict[str, Any]:
    cues = [{"start": c["start"], "end": c["end"], "text": c["text"]}
            for c in part.get("cues", [])]
    return {
        "mp4": part.get("mp4"), "webm": part["webm"], "vtt": part["vtt"],
        "poster": part.get("poster"), "label": label,
        "duration": _duration_text(part.get("duration", 0)),
        "cues_json": json.dumps(cues, ensure_ascii=False),
        # Captions burned into the video: the track stays available in the player's menu
        # but off, or every sentence would be on screen twice.
        "burned": bool(part.get("burned_in")),
        # Each step a link to its moment in the video (the page's script seeks).
        "steps": [(f"{float(c.get('start', 0)):.3f}", _duration_text(float(c.get("start", 0))),
                   c["text"]) for c in part.get("cues", [])],
    }


def _entry(entry: dict[str, Any]) -> dict[str, Any]:
    videos = entry.get("videos", [])
    section = f"{entry['section']} · " if entry.get("section") else ""
    return {
        "stem": entry["stem"], "name": entry["name"], "feature": entry.get("feature", ""),
        "passed": entry.get("outcome") == "passed", "guide": entry.get("guide"),
        "steps": entry.get("steps", []), "tile": f"{section}{entry['name']}",
        "poster": (videos or [{}])[0].get("poster"),
        "videos": [_video(part, f"Del {n} av {len(videos)} · " if len(videos) > 1 else "")
                   for n, part in enumerate(videos, start=1)],
    }


def index_html(entries: Sequence[dict[str, Any]]) -> str:
    """Every walkthrough, by the routine's sections: thumbnails, videos with their steps
    (Chromium loads no <track> from a file:// page: the cues are also in the page, and its
    script adds them when the file fails), the guide and the Gherkin."""
    view = {"routine": ROUTINE.label, "groups": _section_groups(entries),
            "controls_strip": CONTROLS_STRIP, "player_height": VIDEO_HEIGHT + CONTROLS_STRIP}
    return _TEMPLATES.get_template("index.html.j2").render(v=view)


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

"""One scenario's walkthrough as it is filmed: its pages, its captions, its files.

:class:`Recording` follows the newest page of one scenario, narrates each step under
it (the caption band, the cursor on what is clicked, what the step is about scrolled
into view, a still for the guide, the caption held as ``pacing`` says), and at the end
joins the parts into the video, its WebVTT captions, its poster (the step the video is
about), its guide and the JSON the index reads. The plugin
(``mvj_suite.walkthrough.plugin``) makes one per scenario and feeds it the steps.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import time
import uuid
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page

from mvj_suite.core.scenario_info import scenario_info
from mvj_suite.model.routine import ROUTINE, sections_from_keywords
from mvj_suite.walkthrough import focus, pacing, video
from mvj_suite.walkthrough.guide import STILL_INFIX, write_guide
from mvj_suite.walkthrough.index import FORMAT_VERSION, META_SUFFIX, Cue, base_name, vtt_text

VIDEO_SIZE = {"width": video.VIDEO_WIDTH, "height": video.VIDEO_HEIGHT}
PAGE_SIZE = {"width": video.VIDEO_WIDTH, "height": video.PAGE_HEIGHT}
PARTS_DIR = ".delar"  # a scenario's pages, filmed one by one, before they are joined
# Playwright's own action names are English and technical: no title. The styles are
# inline on Playwright's own overlay elements (not the journal's), which its CSP allows.
_ACTION_STYLE = {
    "point": "width:22px;height:22px;border-radius:50%;background:rgba(228,0,124,.55);"
    "box-shadow:0 0 0 4px rgba(228,0,124,.25)",
    "highlight": "outline:3px solid #e4007c;outline-offset:2px;background:rgba(228,0,124,.08)",
    "title": "display:none",
}


def actions_style(tempo_ms: int) -> dict[str, Any]:
    return {"duration": tempo_ms, "cursor": "pointer", "position": "top-right",
            "style": _ACTION_STYLE}  # fmt: skip


# --- one recording per scenario ----------------------------------------------------------


@dataclass
class _Segment:
    page: Page
    path: Path
    started: float  # time.monotonic() when its screencast started
    settling: focus.Settling
    duration: float | None = None  # of the saved file; None while recording


@dataclass
class _Mark:
    segment: int  # index of the part the time belongs to
    at: float  # seconds from the start of that part


@dataclass
class _Caption:
    text: str  # the instruction shown
    step: str  # the Gherkin step it stands for
    start: _Mark
    done: _Mark | None = None  # the step finished: ✓ (or ✗) from here
    end: _Mark | None = None
    failed: bool = False
    pointer: _Mark | None = None  # the step's last click, while the cursor is on its target
    shot: _Mark | None = None  # the moment the guide shows for this step
    point: bool = False  # the step the scenario is there to teach (its poster)
    navigations: int = 0  # the page's navigations when the caption came (a new page?)
    # what the end of the step brought into the picture
    view: focus.View = field(default_factory=focus.View)


class Recording:
    """Follows the newest page of one scenario and narrates its steps under it."""

    def __init__(
        self, item: pytest.Item, directory: Path, tempo_ms: int, end_pause_ms: int,
        order: int = 0,
    ) -> None:
        self.item = item
        self.order = order  # the scenario's place in the run, for the index
        self.directory = directory
        self.tempo_ms = tempo_ms
        self.end_pause_ms = end_pause_ms
        self.name = item.name
        self.feature = ""
        self.section: str | None = None
        self.steps: list[str] = []
        self._segments: list[_Segment] = []
        self._captions: list[_Caption] = []  # one per step that was on screen
        self._current: tuple[str, str, bool] | None = None  # (instruction, step, point)
        self._open: _Caption | None = None  # its caption, once on screen
        self._targets = focus.Targets()  # what the running step acts on and checks
        self._unshown: list[tuple[str, str, bool]] = []  # finished before any page existed

    # -- scenario facts
    def describe(self, feature: Any, scenario: Any) -> None:
        info = scenario_info(self.item) or {}
        self.name = info.get("name") or scenario.name
        self.feature = info.get("feature") or getattr(feature, "name", "") or ""
        sections = sections_from_keywords(m.name for m in self.item.iter_markers())
        self.section = sections[0] if sections else None

    def _free_stem(self) -> str:
        stem = base_name(self.section, self.name)
        candidate, number = stem, 2
        while (self.directory / f"{candidate}{META_SUFFIX}").exists():
            candidate, number = f"{stem}-{number}", number + 1
        return candidate

    @property
    def _segment(self) -> _Segment | None:
        return self._segments[-1] if self._segments else None

    def _mark(self) -> _Mark:
        segment = self._segment
        assert segment is not None
        return _Mark(len(self._segments) - 1, time.monotonic() - segment.started)

    def _live_page(self) -> Page | None:
        segment = self._segment
        if segment is None or segment.duration is not None or segment.page.is_closed():
            return None
        return segment.page

    def _hold(self, ms: int) -> None:
        """Keep filming for ``ms`` with nothing happening (a caption being read)."""
        page = self._live_page()
        if ms <= 0 or page is None:
            return
        # Playwright's own wait keeps its events flowing; a page closed under us has
        # nothing left to film.
        with contextlib.suppress(Exception):
            page.wait_for_timeout(ms)

    # -- the page
    def attach(self, page: Page) -> None:
        """A page opened: record it from now on (the previous page's part ends)."""
        if self._segment is not None:
            self._stop_segment()
        parts = self.directory / PARTS_DIR
        parts.mkdir(parents=True, exist_ok=True)
        path = parts / f"{uuid.uuid4().hex}.webm"
        # The page gets the upper part of the frame; Playwright pads the rest, and the
        # captions are drawn into that band afterwards, never over the page.
        page.set_viewport_size(PAGE_SIZE)
        started = time.monotonic()
        page.screencast.start(path=path, size=VIDEO_SIZE)
        self._segments.append(
            _Segment(page=page, path=path, started=started, settling=focus.Settling(page))
        )
        page.screencast.show_actions(**actions_style(self.tempo_ms))
        if len(self._segments) == 1:
            page.screencast.show_chapter(
                self.name, description=self._chapter_description(), duration=5 * self.tempo_ms
            )
        # Steps that ran before there was anything to film get their caption now.
        for text, step, point in self._unshown:
            caption = _Caption(text, step, self._mark(), point=point)
            self._hold(pacing.reading_ms(text, self.tempo_ms))  # nothing to wait for
            caption.done = caption.shot = self._mark()
            self._hold(self.tempo_ms // 2)
            caption.end = self._mark()
            self._captions.append(caption)
        self._unshown.clear()
        if self._current is not None and self._open is None:
            # The step that opened the page (or a new tab): its caption starts here.
            text, step, point = self._current
            self._open = _Caption(text, step, self._mark(), point=point)
        elif self._open is not None:
            # A new tab mid-step: the caption goes on in the new part.
            self._open.start = self._mark()
            self._open.navigations = 0

    def _chapter_description(self) -> str:
        section = ROUTINE.section(self.section) if self.section else None
        where = f"Rutin {ROUTINE.number} {ROUTINE.revision}"
        where += f", avsnitt {section.label}" if section else ""
        return f"{self.feature} · {where}" if self.feature else where

    # -- the steps
    def step_started(self, text: str, step: str, point: bool = False) -> None:
        self._current = (text, step, point)
        self._targets = focus.Targets()
        self.steps.append(step)
        if self._live_page() is not None and self._segment is not None:
            self._open = _Caption(text, step, self._mark(), point=point,
                                  navigations=self._segment.settling.navigations)  # fmt: skip

    def action(self, kind: str, target: Locator | None = None) -> None:
        """A click or a field typed into, in the running step: the guide's still shows the
        cursor on it, and the end of the step keeps it in view."""
        if target is not None and self._current is not None:
            self._targets.add(target)
        if self._open is not None and self._live_page() is not None:
            self._open.pointer = self._mark() if kind == "pointer" else None

    def checked(self, target: Locator) -> None:
        """An element the running step checks: the end of the step brings it into view."""
        if self._current is not None:
            self._targets.add(target)

    def step_finished(self, step_type: str, failed: bool = False) -> None:
        if self._current is None:
            return
        caption = self._open
        if caption is not None:
            page, segment = self._live_page(), self._segment
            if page is not None and segment is not None:
                # Part of the action: the page its click brought, and what the step is
                # about in the picture, before the step counts as done.
                segment.settling.settle()
                caption.view = focus.bring_into_view(page, self._targets.on(page))
            new_page = segment is not None and (
                caption.start.segment != len(self._segments) - 1  # a tab it opened
                or segment.settling.navigations > caption.navigations
            )
            # _hold does nothing once the step has closed its page: the caption still
            # counts, until the end of that part of the video.
            caption.done = self._mark()
            caption.failed = failed
            shown_ms = int(1000 * (caption.done.at - caption.start.at))
            if caption.done.segment != caption.start.segment:
                shown_ms = int(1000 * caption.done.at)
            hold = pacing.hold_ms(caption.text, self.tempo_ms, shown_ms, step_type, failed,
                                  new_page)  # fmt: skip
            caption.shot = self._shot(caption, hold)
            self._hold(hold)
            caption.end = self._mark()
            self._captions.append(caption)
        elif self._segment is None and not failed:
            self._unshown.append(self._current)
        self._current = None
        self._open = None

    def _shot(self, caption: _Caption, hold_ms: int) -> _Mark:
        """The guide's still: the cursor on a clicked target, else the step's result
        (after the scroll to it, when the end of the step scrolled)."""
        assert caption.done is not None
        pointer = caption.pointer
        if (pointer is not None and pointer.segment == caption.done.segment
                and not caption.view.scrolled):
            # Playwright holds the cursor and highlight on the target for one tempo
            # before it clicks: most of that time in, the target is marked.
            at = min(pointer.at + 0.6 * self.tempo_ms / 1000, caption.done.at)
            return _Mark(pointer.segment, at)
        return _Mark(caption.done.segment, caption.done.at + min(0.4, hold_ms / 2000))

    # -- the end
    def _stop_segment(self) -> None:
        segment = self._segment
        if segment is None or segment.duration is not None:
            return
        try:
            segment.page.screencast.stop()
        except Exception:  # the page was closed under the recording: its part is lost
            segment.duration = 0.0
            return
        segment.duration = video.probe_duration(segment.path) or (
            time.monotonic() - segment.started
        )

    def finish(self, outcome: str) -> Path | None:
        """Stop recording; write video(s), subtitles, guide and index entry. Returns the JSON."""
        if self._open is not None:  # a step that neither finished nor failed (a skip)
            self._open.end = self._mark() if self._segment else None
            self._captions.append(self._open)
            self._open = None
        if self._captions and self._live_page() is not None:
            # The last result stays on screen a moment before the video ends.
            self._hold(self.end_pause_ms)
            self._captions[-1].end = self._mark()
        self._stop_segment()
        if not any(s.duration and s.path.is_file() for s in self._segments):
            return None
        stem = self._free_stem()
        parts = [self._finish_part(raw, name, self._cues(starts, length), length)
                 for raw, name, starts, length in self._videos(stem)]
        meta: dict[str, Any] = {
            "format": FORMAT_VERSION, "stem": stem, "name": self.name, "feature": self.feature,
            "section": self.section, "nodeid": self.item.nodeid, "order": self.order,
            "outcome": outcome, "steps": self.steps, "tempo_ms": self.tempo_ms, "videos": parts,
        }
        guide = write_guide(self.directory, meta)
        if guide is not None:
            meta["guide"] = guide.name
        path = self.directory / f"{stem}{META_SUFFIX}"
        path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        return path

    def _finish_part(
        self, raw: Path, name: str, captions: list[dict[str, Any]], duration: float
    ) -> dict[str, Any]:
        """The part's final files: captions burned in (or not), subtitles, poster, stills."""
        webm = self.directory / f"{name}.webm"
        mp4 = self.directory / f"{name}.mp4"
        band = [video.BandCaption(c["start"], c["end"], c["text"], c["done"], c["failed"])
                for c in captions]
        burned = video.finish_video(raw, webm, mp4, band, self.directory / PARTS_DIR)
        if burned:
            raw.unlink(missing_ok=True)
            duration = video.probe_duration(webm) or duration
        else:
            shutil.move(raw, webm)
            video.to_mp4(webm)
        vtt = webm.with_suffix(".vtt")
        vtt.write_text(vtt_text([Cue(c["start"], c["end"], c["text"]) for c in captions]),
                       encoding="utf-8")
        part: dict[str, Any] = {"webm": webm.name, "vtt": vtt.name, "duration": duration,
                                "burned_in": burned, "cues": captions}
        if mp4.is_file():
            part["mp4"] = mp4.name
        source = mp4 if mp4.is_file() else webm
        poster = self.directory / f"{name}.jpg"
        if captions and video.still(source, poster_time(captions, duration), poster):
            part["poster"] = poster.name
            part["poster_step"] = key_cue(captions)["step"]
        for number, caption in enumerate(captions, start=1):
            shot = self.directory / f"{name}{STILL_INFIX}{number:02d}.jpg"
            if video.still(source, caption["shot"], shot, page_only=True):
                caption["still"] = shot.name
        return part

    def _cues(self, starts: dict[int, float], total: float) -> list[dict[str, Any]]:
        """Each caption that starts in this video, in seconds of it: ``starts`` says where
        each part in it begins; a mark in a part that is not in it takes the default."""

        def seconds(mark: _Mark | None, default: float) -> float:
            if mark is None or mark.segment not in starts:
                return default
            return starts[mark.segment] + mark.at

        cues = []
        previous_end = 0.0
        for caption in self._captions:
            if caption.start.segment not in starts:
                continue
            start = min(max(seconds(caption.start, 0.0), previous_end, 0.0), total)
            end = min(max(seconds(caption.end, total), start), total)
            done = min(max(seconds(caption.done, end), start), end)
            shot = min(max(seconds(caption.shot, done), start), end)
            previous_end = end
            cues.append({
                "start": round(start, 3), "end": round(end, 3), "done": round(done, 3),
                "shot": round(shot, 3), "text": caption.text, "step": caption.step,
                "failed": caption.failed, "point": caption.point,
                "scrolled": caption.view.scrolled, "shows": list(caption.view.shows),
            })  # fmt: skip
        return cues

    def _videos(self, stem: str) -> list[tuple[Path, str, dict[int, float], float]]:
        """The raw videos to finish, each with its name, where its parts begin in it and its
        length: one for the scenario, its pages' parts joined; or, when a part was lost or
        ffmpeg cannot join them, each part that is left on its own."""
        segments = self._segments
        kept = {n: s for n, s in enumerate(segments) if s.duration and s.path.is_file()}
        if len(kept) == len(segments):
            raw = segments[0].path
            if len(segments) > 1:
                raw = raw.with_name(f"{uuid.uuid4().hex}.webm")
            if len(segments) == 1 or video.join([s.path for s in segments], raw):
                starts = accumulate((s.duration or 0.0 for s in segments), initial=0.0)
                total = sum(s.duration or 0.0 for s in segments)
                return [(raw, stem, dict(enumerate(starts)), video.probe_duration(raw) or total)]
        return [(s.path, f"{stem}-del{n + 1}", {n: 0.0}, s.duration or 0.0)
                for n, s in kept.items()]


def key_cue(cues: list[dict[str, Any]]) -> dict[str, Any]:
    """The step the video is about: the one its training comments mark as the point
    (``# Utbildning (poängen):``); else the first line of its last outcome (its last
    ``Så`` step); in a recording that failed, the step that failed."""
    failed = [cue for cue in cues if cue.get("failed")]
    marked = [cue for cue in cues if cue.get("point")]
    outcomes = [cue for cue in cues if cue.get("step", "").startswith("Så ")]
    return (failed or marked or outcomes[-1:] or cues[-1:])[0]


def poster_time(cues: list[dict[str, Any]], duration: float) -> float:
    """The poster: the key step's still (its result in view), caption and all."""
    cue = key_cue(cues)
    return max(0.0, min(cue.get("shot", cue["done"]), cue["end"], duration - 0.1))

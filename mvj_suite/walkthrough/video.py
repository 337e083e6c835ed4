"""Training walkthroughs: the finished video — captions burned into their own band,
a poster frame, and one still per step for the step-by-step guide.

The page is filmed in the upper part of the frame only (its viewport is shorter than
the video); the band below belongs to the captions, so a caption never covers the
form a nurse is watching being filled in. Captions are drawn there afterwards with
ffmpeg (libass), from the same cues as the WebVTT file, which therefore stays
available in players but is not switched on by default (the sentence would show twice).

Needs a full ffmpeg (the system's, not Playwright's trimmed build). Without one the
recording keeps its raw video and the index turns the WebVTT track on instead.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

VIDEO_WIDTH = 1280
VIDEO_HEIGHT = 720
CAPTION_BAND = 120  # px under the page, for at most three lines of caption
PAGE_HEIGHT = VIDEO_HEIGHT - CAPTION_BAND
BAND_COLOR = "111827"  # the old caption box's colour
FPS = 25  # Playwright's own recording rate
DONE_MARK = "✓"
FAILED_MARK = "✗"
_FONT_SIZES = (30, 27, 24, 21)  # the largest that keeps the caption within three lines
_LINE_CHARS_AT_30 = 70  # DejaVu Sans at 30 px on 1200 px, measured with margin to spare
_MAX_LINES = 3


@dataclass(frozen=True)
class BandCaption:
    """One caption in the band: the step's instruction, marked from ``done`` on."""

    start: float
    end: float
    text: str
    done: float | None = None  # when the step finished (✓ or ✗ from then on)
    failed: bool = False


def probe_duration(path: Path) -> float | None:
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        return None
    result = subprocess.run(
        [ffprobe, "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return float(result.stdout.strip())
    except ValueError:
        return None


# --- captions as an ASS subtitle script ------------------------------------------------------


def font_size_for(text: str) -> int:
    """The largest font size at which ``text`` wraps to three lines at most."""
    words = " ".join(text.split())
    for size in _FONT_SIZES:
        per_line = _LINE_CHARS_AT_30 * 30 // size
        lines = textwrap.wrap(words, per_line, break_long_words=False, break_on_hyphens=False)
        if len(lines) <= _MAX_LINES:
            return size
    return _FONT_SIZES[-1]


def _ass_time(seconds: float) -> str:
    centis = max(0, round(seconds * 100))
    hours, rest = divmod(centis, 360_000)
    minutes, rest = divmod(rest, 6000)
    secs, centis = divmod(rest, 100)
    return f"{hours}:{minutes:02d}:{secs:02d}.{centis:02d}"


def _ass_escape(text: str) -> str:
    # Braces start override tags, a backslash an escape: neither may come from a caption.
    return " ".join(text.split()).replace("\\", "\u29f5").replace("{", "(").replace("}", ")")


def ass_script(captions: Sequence[BandCaption]) -> str:
    """An ASS script that writes each caption in the band under the page, top-aligned
    (a long caption grows down into the band, never up into the page)."""
    top = PAGE_HEIGHT + 12
    lines = [
        "[Script Info]",
        "ScriptType: v4.00+",
        f"PlayResX: {VIDEO_WIDTH}",
        f"PlayResY: {VIDEO_HEIGHT}",
        "WrapStyle: 0",
        "ScaledBorderAndShadow: yes",
        "",
        "[V4+ Styles]",
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
        "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
        "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding",
        "Style: Steg,DejaVu Sans,30,&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,0,0,0,0,"
        "100,100,0,0,1,0,0,8,40,40,0,1",
        "",
        "[Events]",
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
    ]
    for caption in captions:
        if caption.end <= caption.start:
            continue
        size = font_size_for(f"{DONE_MARK} {caption.text}")
        text = _ass_escape(caption.text)
        place = f"{{\\an8\\pos({VIDEO_WIDTH // 2},{top})\\fs{size}}}"
        done = caption.done if caption.done is not None else caption.end
        done = min(max(done, caption.start), caption.end)
        mark, colour = (FAILED_MARK, "&H7171F8&") if caption.failed else (DONE_MARK, "&H99D334&")
        marked = f"{{\\b1\\c{colour}}}{mark}{{\\b0\\c&HFFFFFF&}} "
        # The instruction while the step runs; from ``done`` on, with its ✓ or ✗.
        for start, end, prefix in ((caption.start, done, ""), (done, caption.end, marked)):
            if end > start:
                lines.append(
                    f"Dialogue: 0,{_ass_time(start)},{_ass_time(end)},Steg,,0,0,0,,"
                    f"{place}{prefix}{text}"
                )
    return "\n".join(lines) + "\n"


# --- ffmpeg --------------------------------------------------------------------------------

# H.264/yuv420p with the index up front: plays in every browser and on phones.
_H264 = ("-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p")
_MP4 = (*_H264, "-movflags", "+faststart")


def _ffmpeg(*arguments: str, made: Sequence[Path], cwd: Path | None = None) -> bool:
    """ffmpeg, quiet and overwriting; when it fails (or is missing) none of ``made`` is left.

    The system's full ffmpeg: Playwright's own build is too small for captions and MP4."""
    tool = shutil.which("ffmpeg")
    if tool is not None:
        command = [tool, "-v", "error", "-y", *arguments]
        if subprocess.run(command, capture_output=True, check=False, cwd=cwd).returncode == 0:
            return True
    for path in made:
        path.unlink(missing_ok=True)
    return False


def finish_video(
    raw: Path, webm: Path, mp4: Path, captions: Sequence[BandCaption], work: Path
) -> bool:
    """``raw`` with the caption band and its captions, as WebM (VP9) and MP4 (H.264).

    One decode, two encodes. Returns False (and leaves no half-written files) when
    ffmpeg is missing or fails; the caller then keeps the raw video.
    """
    work.mkdir(parents=True, exist_ok=True)
    script = work / f"{uuid.uuid4().hex}.ass"
    script.write_text(ass_script(captions), encoding="utf-8")
    # Playwright writes a frame only when the page changes: a still page is one long
    # frame. At a constant rate first, so a caption changes when it should (not with the
    # page's next change) and a still at any time shows what was on screen then.
    graph = (
        f"[0:v]fps={FPS},drawbox=x=0:y={PAGE_HEIGHT}:w={VIDEO_WIDTH}:h={CAPTION_BAND}:"
        f"color=0x{BAND_COLOR}:t=fill,ass={script.name},split=2[webm][mp4]"
    )
    made = _ffmpeg(
        *("-i", str(raw.resolve()), "-filter_complex", graph),
        # VP9 as Playwright records it, sharp enough for text in screen content.
        *("-map", "[webm]", "-an", "-c:v", "libvpx-vp9", "-deadline", "realtime"),
        *("-cpu-used", "8", "-row-mt", "1", "-crf", "24", "-b:v", "0", str(webm.resolve())),
        *("-map", "[mp4]", "-an", *_MP4, str(mp4.resolve())),
        made=(webm, mp4),
        cwd=work,  # the script by its bare name: no path escaping inside the filter graph
    )
    script.unlink(missing_ok=True)
    return made


def to_mp4(video: Path) -> bool:
    """An MP4 copy of a video as it is (no captions burned in), beside it."""
    target = video.with_suffix(".mp4")
    return _ffmpeg("-i", str(video), "-an", "-vf", f"fps={FPS}", *_MP4, str(target), made=[target])


def join(parts: Sequence[Path], target: Path) -> bool:
    """The parts one after the other in ``target`` (copied, not encoded again); the parts go."""
    listing = target.with_suffix(".txt")
    listing.write_text("".join(f"file '{part.resolve()}'\n" for part in parts), encoding="utf-8")
    joined = _ffmpeg(
        *("-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", str(target)),
        made=[target],
    )
    listing.unlink(missing_ok=True)
    for part in parts if joined else ():
        part.unlink(missing_ok=True)
    return joined


def still(video: Path, at: float, target: Path, page_only: bool = False) -> bool:
    """One frame of ``video`` at ``at`` seconds as JPEG (``page_only``: without the band)."""
    crop = ["-vf", f"crop={VIDEO_WIDTH}:{PAGE_HEIGHT}:0:0"] if page_only else []
    made = _ffmpeg(
        *("-ss", f"{max(at, 0):.3f}", "-i", str(video), "-frames:v", "1", *crop),
        *("-q:v", "3", str(target)),
        made=[target],
    )
    return made and target.is_file()

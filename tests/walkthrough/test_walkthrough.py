"""Training walkthroughs end to end: a real walkthrough run on a small selection.

Runs the suite in a subprocess with ``--walkthrough`` (fast tempo, own output
folder) on three scenarios — one with a Bakgrund (2.1), one without (1) and the
training scenario of 2.2 (PU first, then by hand, typing into the dialog) — and
checks what trainers get: a playable video per scenario (ffprobe) with its captions
burned into a band under the page, subtitles with one instruction per Gherkin step in
order and inside the video, a pause at the end, an MP4, a poster, a step-by-step
guide, and an index page that links every file. Also: a live target is refused.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pytest_bdd.feature import get_feature
from webvtt import WebVTT
from webvtt.models import Timestamp

from mvj_suite.progress.text import swedish_count
from mvj_suite.walkthrough.captions import instruction, training_text
from mvj_suite.walkthrough.index import Cue, slugify, vtt_text
from mvj_suite.walkthrough.pacing import reading_ms
from mvj_suite.walkthrough.plugin import REFUSE_LIVE
from mvj_suite.walkthrough.video import PAGE_HEIGHT, VIDEO_HEIGHT, VIDEO_WIDTH
from pages import vocabulary as v

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "features"


@dataclass(frozen=True)
class Chosen:
    feature_file: str
    scenario: str
    test_name: str


CHOSEN = (
    Chosen(
        "rutin-2.1-sok-patient.feature",
        "Sök kund nås via menyn Kunder",
        "test_sök_kund_nås_via_menyn_kunder",
    ),
    Chosen(
        "rutin-1-logga-in.feature",
        "Utan SITHS-kort går det inte att logga in",
        "test_utan_sithskort_går_det_inte_att_logga_in",
    ),
    Chosen(
        "rutin-2.2-lagga-till-ny-patient.feature",
        "Ny patient – hämta från PU-tjänsten och komplettera det som saknas",
        "test_ny_patient__hämta_från_putjänsten_och_komplettera_det_som_saknas",
    ),
)
END_PAUSE_MS = 1000
TEMPO_MS = 50
# The recording is this module's fixture: with `--dist loadgroup` (./mvj test) one
# worker records once, instead of each worker recording the same videos.
pytestmark = pytest.mark.xdist_group("genomgang")

needs_tools = pytest.mark.skipif(
    not (shutil.which("ffmpeg") and shutil.which("ffprobe")), reason="ffmpeg/ffprobe saknas"
)


def expected_steps(chosen: Chosen) -> list[str]:
    """The scenario's steps as the feature file has them, Bakgrund included."""
    feature = get_feature(str(FEATURES), chosen.feature_file)
    template = feature.scenarios[chosen.scenario]
    return [f"{step.keyword.strip()} {step.name}" for step in template.steps]


def expected_captions(chosen: Chosen) -> list[str]:
    """Each step's instruction: its training comment, a default, or the step itself."""
    feature = get_feature(str(FEATURES), chosen.feature_file)
    return [
        instruction(step.keyword, step.name, training_text(feature.filename, step.line_number))
        for step in feature.scenarios[chosen.scenario].steps
    ]


def gray_frame(video: Path, at: float, png: Path | None = None) -> list[bytes]:
    """The frame at ``at`` seconds as rows of 8-bit gray pixels (and as PNG, if asked)."""
    if png is not None:
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-ss", f"{at:.3f}", "-i", str(video),
             "-frames:v", "1", str(png)],
            check=True,
        )  # fmt: skip
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-ss", f"{at:.3f}", "-i", str(video), "-frames:v", "1",
         "-f", "rawvideo", "-pix_fmt", "gray", "-"],
        capture_output=True,
        check=True,
    ).stdout  # fmt: skip
    return [raw[y * VIDEO_WIDTH : (y + 1) * VIDEO_WIDTH] for y in range(VIDEO_HEIGHT)]


def probe_duration(path: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out.strip())


def probe_size(path: Path) -> tuple[int, int]:
    out = subprocess.run(
        [
            *("ffprobe", "-v", "error", "-select_streams", "v:0"),
            *("-show_entries", "stream=width,height", "-of", "csv=p=0", str(path)),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    width, height = out.strip().split(",")
    return int(width), int(height)


def _pytest(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MVJ_TARGET", "MVJ_BASE_URL")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


@pytest.fixture(scope="module")
def walkthrough(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("genomgang")
    out = work / "walkthroughs"
    selection = " or ".join(c.test_name for c in CHOSEN)
    result = _pytest(
        "steps",
        "-k",
        selection,
        "--walkthrough",
        "--walkthrough-tempo",
        str(TEMPO_MS),
        "--walkthrough-dir",
        str(out),
        "--walkthrough-typing",
        "5",
        "--walkthrough-end-pause",
        str(END_PAUSE_MS),
        "-p",
        "no:xdist",
        "--signoff",
        "no",
        "--alluredir",
        str(work / "allure-results"),
        "--junitxml",
        str(work / "junit.xml"),
        # Folders of its own: another run in the checkout's reports/ must not stop it.
        "--signoff-dir",
        str(work / "signoff"),
        "--artifacts-dir",
        str(work / "artefakter"),
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert swedish_count(f"{len(CHOSEN)} passed") in result.stdout, result.stdout[-2000:]
    return out


def _meta(out: Path, chosen: Chosen) -> dict:
    matches = [
        json.loads(p.read_text("utf-8"))
        for p in out.glob("*.json")
        if json.loads(p.read_text("utf-8"))["name"] == chosen.scenario
    ]
    assert len(matches) == 1, f"ingen eller flera genomgångar för {chosen.scenario!r}"
    return matches[0]


@needs_tools
@pytest.mark.parametrize("chosen", CHOSEN, ids=lambda c: c.feature_file)
def test_each_scenario_gets_a_playable_video_with_its_steps_as_subtitles(
    walkthrough: Path, chosen: Chosen
) -> None:
    meta = _meta(walkthrough, chosen)
    assert len(meta["videos"]) == 1
    part = meta["videos"][0]
    webm = walkthrough / part["webm"]
    section = chosen.feature_file.split("-")[1]
    assert webm.name == f"{section}-{slugify(chosen.scenario)}.webm"
    duration = probe_duration(webm)
    assert duration > 0
    assert probe_size(webm) == (1280, 720)

    cues = [Cue(Timestamp.from_string(c.start).in_milliseconds() / 1000,
                Timestamp.from_string(c.end).in_milliseconds() / 1000, html.unescape(c.text))
            for c in WebVTT.from_string((walkthrough / part["vtt"]).read_text("utf-8"))]
    # One cue per step, in order, saying what to do; the steps themselves stay in the JSON.
    assert [c.text for c in cues] == expected_captions(chosen)
    assert meta["steps"] == expected_steps(chosen)
    assert [c["step"] for c in part["cues"]] == expected_steps(chosen)
    previous_end = 0.0
    for cue in cues:
        assert previous_end <= cue.start <= cue.end <= duration + 0.001, cue
        previous_end = cue.end
    assert cues[-1].end > cues[0].start
    assert duration >= cues[-1].end
    # The last result stays on screen before the video ends.
    assert duration - part["cues"][-1]["done"] >= END_PAUSE_MS / 1000 - 0.05
    assert part["burned_in"] is True
    assert (walkthrough / part["poster"]).is_file()
    assert all((walkthrough / c["still"]).is_file() for c in part["cues"])
    assert (walkthrough / meta["guide"]).is_file()

    mp4 = walkthrough / part["mp4"]
    assert mp4.suffix == ".mp4" and mp4.is_file()
    assert probe_duration(mp4) > 0


@needs_tools
def test_what_a_caption_is_about_is_in_the_picture_under_it(walkthrough: Path) -> None:
    """The §2.2 teaching moment: while the caption says that the mobile number was
    fetched and the e-mail is empty, both fields are in the picture, not below it."""
    part = _meta(walkthrough, CHOSEN[2])["videos"][0]
    cues = part["cues"]
    (contact,) = [c for c in cues if c["point"]]
    assert contact["step"] == "Och är mobiltelefonen hämtad och e-postadressen tom"
    shown = {s["what"]: s for s in contact["shows"]}
    assert {v.DIALOG_FIELDS["mobile"], v.DIALOG_FIELDS["email"]} <= set(shown)
    for field in shown.values():
        assert 0 <= field["top"] < field["bottom"] <= PAGE_HEIGHT, field
    assert contact["scrolled"]  # the dialog is taller than the picture: it had to move
    # Name and address were checked one step before: a picture of their own in the guide.
    names = next(c for c in cues if c["step"].startswith("Så har namn och adress"))
    checked = {s["what"] for s in names["shows"]}
    assert {v.DIALOG_FIELDS[k] for k in ("first_name", "city")} <= checked
    still = (walkthrough / contact["still"]).read_bytes()
    assert (walkthrough / names["still"]).read_bytes() != still
    # The still of a checked step is taken once it is in the picture.
    assert contact["shot"] >= contact["done"]
    # The thumbnail is that step, not the end of the video.
    assert part["poster_step"] == contact["step"]


@needs_tools
@pytest.mark.parametrize("chosen", CHOSEN, ids=lambda c: c.feature_file)
def test_each_caption_stays_until_read_and_past_its_action(
    walkthrough: Path, chosen: Chosen
) -> None:
    for cue in _meta(walkthrough, chosen)["videos"][0]["cues"]:
        on_screen = cue["end"] - cue["start"]
        assert on_screen >= reading_ms(cue["text"], TEMPO_MS) / 1000 - 0.02, cue
        assert cue["end"] - cue["done"] >= TEMPO_MS / 1000 - 0.02, cue  # the result is seen


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.posters: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.links.append((tag, value))
            if name == "poster" and value:
                self.posters.append(value)


@needs_tools
def test_captions_have_their_own_band_and_never_cover_the_page(walkthrough: Path) -> None:
    meta = _meta(walkthrough, CHOSEN[2])
    part = meta["videos"][0]
    cue = next(c for c in part["cues"] if "fyll i det som saknas" in c["text"].lower())
    at = (cue["start"] + cue["done"]) / 2  # typing the e-mail into the open dialog
    rows = gray_frame(walkthrough / part["mp4"], at, walkthrough.parent / "bildruta.png")
    band = rows[PAGE_HEIGHT + 4 :]
    band_pixels = b"".join(band)
    dark = sum(1 for value in band_pixels if value < 60)
    assert dark > 0.8 * len(band_pixels)  # the band itself: dark, under the page
    assert sum(1 for value in band_pixels if value > 200) > 200  # and the caption in it
    # The page keeps every row above the band: the journal's light background, no caption.
    page_rows = rows[PAGE_HEIGHT - 40 : PAGE_HEIGHT - 2]
    for row in page_rows:
        assert sum(row) / len(row) > 150


@needs_tools
def test_index_links_every_video_and_subtitle_file(walkthrough: Path) -> None:
    index = walkthrough / "index.html"
    text = index.read_text("utf-8")
    parser = _Links()
    parser.feed(text)
    targets = {value for _, value in parser.links if not value.startswith("#")}
    for target in targets:
        assert "://" not in target and not target.startswith("/"), target  # relative only
        assert (walkthrough / target).is_file(), target
    produced = {p.name for p in walkthrough.iterdir() if p.suffix in (".webm", ".mp4", ".vtt")}
    assert produced <= targets
    assert {tag for tag, value in parser.links if value.endswith(".vtt")} >= {"track"}
    guides = {p.name for p in walkthrough.glob("*-guide.html")}
    assert len(guides) == len(CHOSEN) and guides <= targets
    assert parser.posters and all((walkthrough / p).is_file() for p in parser.posters)
    # Every picture is shown somewhere: posters on the index, stills in their guide.
    stills: set[str] = set()
    for guide in guides:
        in_guide = _Links()
        in_guide.feed((walkthrough / guide).read_text("utf-8"))
        for tag, value in in_guide.links:
            assert "://" not in value and (walkthrough / value.split("#")[0]).is_file(), value
            if tag == "img":
                stills.add(value)
    pictures = {p.name for p in walkthrough.glob("*.jpg")}
    assert pictures == stills | set(parser.posters) | (targets & pictures)
    assert text.count("<video") == len(CHOSEN)
    assert text.count('srclang="sv"') == len(CHOSEN)
    assert " default>" not in text  # burned in: the track is available, not on (no doubles)
    # grouped by routine section, in the routine's order
    assert text.index("Avsnitt 1 Logga in") < text.index("Avsnitt 2.1 Sök patient")


def test_live_target_is_refused_with_one_line() -> None:
    result = _pytest("steps", "--walkthrough", "--target", "live", "--collect-only", cwd=ROOT)
    assert result.returncode == 4
    output = (result.stdout + result.stderr).strip()
    assert REFUSE_LIVE in output
    assert "Traceback" not in output


def test_a_broken_stub_is_never_recorded_for_training() -> None:
    result = _pytest(
        "steps", "--walkthrough", "--break", "consent-preticked", "--collect-only", cwd=ROOT
    )
    assert result.returncode == 4
    output = (result.stdout + result.stderr).strip()
    assert "aldrig in mot en stubbjournal som bryter mot rutinen" in output
    assert "Traceback" not in output


def test_webvtt_cues_are_numbered_escaped_and_read_back_and_names() -> None:
    cues = [Cue(0.0, 1.5, "Givet att <Sara> & Per"), Cue(3661.25, 3662.0, "Så klart")]
    read = WebVTT.from_string(vtt_text(cues))
    assert [(c.identifier, c.start, c.end, c.text) for c in read] == [
        ("1", "00:00:00.000", "00:00:01.500", "Givet att &lt;Sara&gt; &amp; Per"),
        ("2", "01:01:01.250", "01:01:02.000", "Så klart"),
    ]
    assert re.fullmatch(r"[a-z0-9-]+", slugify("Sök kund nås via menyn Kunder – å ä ö"))

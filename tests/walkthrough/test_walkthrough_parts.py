"""Training walkthroughs piece by piece, without a browser: the curated selection, the
captions as instructions, believable data, the caption band, the index and the guide."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from faker.providers.person.sv_SE import Provider as SwedishNames
from playwright.sync_api import Locator
from pytest_bdd.feature import get_feature

from mvj_suite.cli import commands
from mvj_suite.model.testdata import BelievableTestData, TestData, make_testdata
from mvj_suite.walkthrough import keystrokes
from mvj_suite.walkthrough.captions import (
    default_instruction,
    instruction,
    is_point,
    training_comments,
    training_points,
    training_text,
)
from mvj_suite.walkthrough.guide import guide_html, write_guide
from mvj_suite.walkthrough.index import index_html
from mvj_suite.walkthrough.pacing import caption_ms, hold_ms, reading_ms
from mvj_suite.walkthrough.recording import key_cue, poster_time
from mvj_suite.walkthrough.video import (
    PAGE_HEIGHT,
    VIDEO_HEIGHT,
    VIDEO_WIDTH,
    BandCaption,
    ass_script,
    finish_video,
    font_size_for,
    still,
)

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "features"
_KEYWORDS = ("Givet ", "När ", "Så ", "Och ", "Men ")


# --- the curated selection ---------------------------------------------------------------


def _training_scenarios() -> list[tuple[Any, Any]]:
    found = []
    for path in sorted(FEATURES.glob("*.feature")):
        feature = get_feature(str(FEATURES), path.name)
        for scenario in feature.scenarios.values():
            if "utbildning" in scenario.tags | feature.tags:
                found.append((feature, scenario))
    return found


def test_the_training_selection_follows_the_routine() -> None:
    chosen = _training_scenarios()
    tags = {tag for _, s in chosen for tag in s.tags | s.feature.tags}
    sections = {tag for tag in tags if tag.startswith("rutin-")}
    # Log in, search, add a new patient, reservnummer, change details, protected identity.
    assert sections == {"rutin-1", "rutin-2.1", "rutin-2.2", "rutin-2.3", "rutin-2.4", "rutin-2.5"}
    new_patient = [s for _, s in chosen if "rutin-2.2" in s.feature.tags]
    assert len(new_patient) == 1
    steps = [step.name for step in new_patient[0].steps]
    # As a nurse works: search, PU first, then complete by hand what is missing, then save.
    fetch = steps.index("hon hämtar uppgifterna från PU-tjänsten")
    by_hand = steps.index("hon fyller i det som inte hämtades")
    search = "hon söker på kundens personnummer skrivet som 12 siffror med bindestreck"
    assert steps.index(search) < fetch
    assert fetch < by_hand < steps.index("hon sparar")
    assert "hon fyller i kundens uppgifter" not in steps  # never everything by hand


def test_every_training_step_has_an_instruction_not_a_gherkin_line() -> None:
    for feature, scenario in _training_scenarios():
        for step in scenario.steps:
            training = training_text(feature.filename, step.line_number)
            text = instruction(step.keyword, step.name, training)
            assert not text.startswith(_KEYWORDS), (scenario.name, step.name)
            assert "skrivet som" not in text and " hon " not in f" {text} ", text


def test_walkthrough_records_the_training_selection_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    runs: list[list[str]] = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(commands, "ensure_browser", lambda stamp: None)
    monkeypatch.setattr(commands, "say", lambda text: None)
    monkeypatch.setattr(commands, "run_pytest", lambda args, **kw: runs.append(list(args)) or 0)
    commands.walkthrough([])
    commands.walkthrough(["--walkthrough-tempo", "900"])
    commands.walkthrough(["-m", "rutin-2.1"])
    commands.walkthrough(["-k", "nås_via_menyn"])
    commands.walkthrough(["steps/test_rutinen.py::test_kunden_väljs_genom_att_klicka_på_raden"])
    commands.walkthrough(["--all"])
    defaults = [_selection(args) for args in runs]
    assert defaults == [True, True, False, False, False, False]
    assert all("--all" not in args for args in runs)


def _selection(args: list[str]) -> bool:
    return any(a == "-m" and b == "utbildning" for a, b in itertools.pairwise(args))


# --- captions as instructions --------------------------------------------------------------


def test_training_comments_sit_directly_above_their_step() -> None:
    text = "\n".join(
        [
            "  Scenario: x",
            "    # Utbildning: Klicka på Hämta från PU-tjänsten –",
            "    # skriv inget för hand innan.",
            "    När hon hämtar uppgifterna från PU-tjänsten",
            "    # en vanlig kommentar",
            "    Och hon sparar",
            "    # Utbildning: gäller inte, en tom rad emellan",
            "",
            "    Så ser hon att kunden har sparats",
            "    # Utbildning: Välj <kontaktväg>.",
            "    Och hon väljer kontaktvägen <kontaktväg>",
        ]
    )
    comments = training_comments(text)
    assert comments == {
        4: "Klicka på Hämta från PU-tjänsten – skriv inget för hand innan.",
        11: "Välj <kontaktväg>.",
    }
    example = {"kontaktväg": "SMS"}
    assert instruction("Och", "hon väljer kontaktvägen SMS", comments[11], example) == "Välj SMS."


def test_default_instructions_replace_test_language() -> None:
    text = default_instruction(
        "hon söker på kundens personnummer skrivet som 12 siffror med bindestreck"
    )
    assert text == "Skriv patientens personnummer (ÅÅÅÅMMDD-NNNN) i sökfältet och klicka på Sök."
    assert default_instruction("är mobiltelefonen hämtad och e-postadressen tom") == (
        "Mobilnumret hämtades från 1177 – e-postadressen är tom."
    )
    # A step nobody has written an instruction for still says something.
    assert instruction("När ", "något helt nytt händer") == "När något helt nytt händer"


def test_training_scenarios_mark_the_step_they_are_about() -> None:
    text = "\n".join([
        "  Scenario: x",
        "    # Utbildning: Klicka på Hämta från PU-tjänsten.",
        "    När hon hämtar uppgifterna från PU-tjänsten",
        "    # Utbildning (poängen): Mobilnumret hämtades från 1177 –",
        "    # e-postadressen är tom.",
        "    Och är mobiltelefonen hämtad och e-postadressen tom",
    ])  # fmt: skip
    assert training_points(text) == {6}
    assert training_comments(text)[6] == "Mobilnumret hämtades från 1177 – e-postadressen är tom."
    # Each scenario of the training selection says which step its thumbnail shows.
    for feature, scenario in _training_scenarios():
        points = [s for s in scenario.steps if is_point(feature.filename, s.line_number)]
        assert len(points) == 1, scenario.name
    feature, scenario = next((f, s) for f, s in _training_scenarios() if "rutin-2.2" in f.tags)
    (point,) = [s for s in scenario.steps if is_point(feature.filename, s.line_number)]
    assert point.name == "är mobiltelefonen hämtad och e-postadressen tom"


# --- pacing ------------------------------------------------------------------------------

SHORT = "Klicka på Spara."
LONG = ("Fråga patienten och fyll i det som saknas för hand, här e-postadressen. "
        "Kontaktvägen Båda är förvald; kryssrutan för erbjudanden markeras inte av regionen.")


def test_a_caption_is_read_at_150_words_a_minute() -> None:
    # One tempo to notice it, then 400 ms a word at the default tempo.
    assert reading_ms(SHORT, 600) == 600 + 3 * 400
    assert reading_ms(LONG, 600) == 600 + 23 * 400  # 9.8 s, not 7.5 s as before
    assert reading_ms(LONG, 1200) == 2 * reading_ms(LONG, 600)  # a slower tempo reads slower


def test_a_caption_is_never_shorter_than_its_action_and_a_look_at_the_result() -> None:
    # A quick click: the reading time decides.
    assert caption_ms(SHORT, 600, action_ms=500, step_type="when") == 1800
    # A click whose page takes long to come: the action and a look at it decide.
    assert caption_ms(SHORT, 600, action_ms=2500, step_type="when") == 2500 + 600
    # A result (Så) is looked at twice as long; so is a failed step.
    assert caption_ms(SHORT, 600, action_ms=2500, step_type="then") == 2500 + 1200
    assert caption_ms(SHORT, 600, action_ms=2500, step_type="when", failed=True) == 3700
    # A long caption whose typing is quick still stays until it is read.
    assert caption_ms(LONG, 600, action_ms=3000, step_type="when") == 9800
    # "Klicka på Spara." brings the Kundkort: a new page is looked at as long as a result.
    assert caption_ms(SHORT, 600, action_ms=800, step_type="when", new_page=True) == 2000
    # What is held after the step: the rest, and never less than the look at the result.
    assert hold_ms(LONG, 600, action_ms=3000, step_type="when") == 6800
    assert hold_ms(SHORT, 600, action_ms=9000, step_type="then") == 1200


# --- the caption band --------------------------------------------------------------------


def test_captions_are_drawn_in_the_band_under_the_page_only() -> None:
    script = ass_script(
        [
            BandCaption(1.0, 4.0, "Klicka på {Spara}.", done=3.0),
            BandCaption(4.0, 6.0, "Fel", done=5.0, failed=True),
        ]
    )
    events = [line for line in script.splitlines() if line.startswith("Dialogue:")]
    assert len(events) == 4  # each caption: before and after its step finished
    for event in events:
        position = re.search(r"\\pos\((\d+),(\d+)\)", event)
        assert position is not None
        y = int(position[2])
        assert PAGE_HEIGHT < y < VIDEO_HEIGHT and "\\an8" in event  # top of the band, growing down
    assert "{Spara}" not in script and "(Spara)" in script  # no override tags from a caption
    assert "✓" in events[1] and "✗" in events[3] and "✓" not in events[0]
    assert "0:00:01.00,0:00:03.00" in events[0] and "0:00:03.00,0:00:04.00" in events[1]


def test_long_captions_get_a_smaller_font_to_stay_within_the_band() -> None:
    assert font_size_for("Klicka på Spara.") == 30
    assert font_size_for(" ".join(["Fyll i det som saknas för hand"] * 8)) < 30


# --- believable data ---------------------------------------------------------------------


def test_walkthrough_data_looks_like_ordinary_swedes() -> None:
    data = BelievableTestData(seed=7)
    surnames = set(SwedishNames.last_names)
    customers = [data.customer() for _ in range(40)]
    for customer in customers:
        assert customer.last_name in surnames
        assert re.fullmatch(r"[A-ZÅÄÖ][a-zåäöé]+(-[A-ZÅÄÖ][a-zåäöé]+)?", customer.first_name)
        street, number = customer.street_address.rsplit(" ", 1)
        assert street and number.isdigit() and not number.startswith("0")
        assert re.fullmatch(r"[a-z]+\.[a-z]+\d\d@example\.se", customer.email), customer.email
        assert customer.email.startswith(
            customer.first_name.lower().translate(str.maketrans("åäöé", "aaoe")).replace("-", "")
        )
    names = [c.last_name.lower() for c in customers]
    assert len(set(names)) == len(names)
    assert not [a for a in names for b in names if a != b and a in b]  # a search finds one
    assert all(any(ch in n for ch in "åäö") for n in names[:20])  # å/ä/ö names first
    # A step's own e-mail (typed by hand for the scenario's person) uses that person's name.
    assert data.email("handskriven").startswith(customers[-1].email.split("@")[0][:-2])


def test_the_normal_suite_keeps_its_own_data() -> None:
    assert type(make_testdata(False)) is TestData
    assert isinstance(make_testdata(True), BelievableTestData)
    customer = TestData(seed=7).customer()
    assert re.search(r"\.[0-9a-f]{8}@example\.se$", customer.email)


@pytest.mark.parametrize("walkthrough", [False, True])
def test_the_data_fixture_picks_believable_data_for_walkthroughs(
    tmp_path: Path, walkthrough: bool
) -> None:
    """The ``testdata`` fixture as pytest hands it to a test, with and without
    --walkthrough (in a pytest of its own: the fixture reads the run's options)."""
    test = tmp_path / "test_data.py"
    test.write_text(
        "from mvj_suite.model.testdata import BelievableTestData\n\n\n"
        "def test_the_generator(testdata):\n"
        f"    assert isinstance(testdata, BelievableTestData) is {walkthrough}\n",
        encoding="utf-8",
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    args = [sys.executable, "-m", "pytest", str(test), "-p", "fixtures.data", "-q",
            "-c", str(tmp_path / "pytest.ini"), "-p", "no:cacheprovider",
            "--signoff=no", f"--walkthrough-dir={tmp_path / 'walkthroughs'}",
            f"--signoff-dir={tmp_path}", f"--junitxml={tmp_path / 'junit.xml'}",
            f"--alluredir={tmp_path / 'allure'}", f"--artifacts-dir={tmp_path / 'artefakter'}",
            *(["--walkthrough"] if walkthrough else [])]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False,
                          env={k: v for k, v in os.environ.items() if not k.startswith("MVJ_")})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout


# --- typing ------------------------------------------------------------------------------


def test_typing_is_patched_only_while_installed() -> None:
    original = Locator.fill
    keystrokes.install(keystrokes.Pace(typing_delay_ms=80, tempo_ms=600))
    try:
        assert Locator.fill is not original
    finally:
        keystrokes.uninstall()
    assert Locator.fill is original


# --- index and guide ---------------------------------------------------------------------


def _entry(burned: bool) -> dict[str, Any]:
    cues = [
        {"start": 3.0, "end": 6.0, "done": 5.0, "shot": 4.0, "text": "Klicka på Spara.",
         "step": "När hon sparar", "failed": False, "still": "x-steg-01.jpg"},
        {"start": 6.0, "end": 70.5, "done": 8.0, "shot": 8.4, "text": "Kunden är sparad.",
         "step": "Så ser hon att kunden har sparats", "failed": False, "still": "x-steg-02.jpg"},
    ]  # fmt: skip
    return {
        "format": 2, "stem": "x", "name": "Spara", "feature": "Lägga till ny patient",
        "section": "2.2", "order": 0, "outcome": "passed", "steps": [c["step"] for c in cues],
        "videos": [{"webm": "x.webm", "mp4": "x.mp4", "vtt": "x.vtt", "duration": 70.4,
                    "burned_in": burned, "poster": "x.jpg", "cues": cues}],
        "guide": "x-guide.html",
    }  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(text: str, name: str) -> list[dict[str, str | None]]:
    parser = _Tags()
    parser.feed(text)
    return [attrs for tag, attrs in parser.tags if tag == name]


@pytest.mark.parametrize("burned", [True, False])
def test_index_shows_each_caption_once(burned: bool) -> None:
    page = index_html([_entry(burned)])
    (track,) = _tags(page, "track")
    assert ("default" in track) is not burned  # burned in: the track is there, but off
    (video,) = _tags(page, "video")
    assert video["data-captions"] == ("burned" if burned else "track")


def test_index_has_posters_step_links_and_the_guide() -> None:
    page = index_html([_entry(True)])
    (video,) = _tags(page, "video")
    assert video["poster"] == "x.jpg"
    assert [img["src"] for img in _tags(page, "img")] == ["x.jpg"]  # the overview's thumbnail
    links = [a for a in _tags(page, "a") if a.get("data-start")]
    assert [a["data-start"] for a in links] == ["3.000", "6.000"]
    assert all(a["href"] == "#x" for a in links)  # without script: at least the video
    assert "Klicka på Spara." in page and "1:10" in page  # the step list, the length
    assert any(a["href"] == "x-guide.html" for a in _tags(page, "a"))
    assert "://" not in page  # offline: nothing from elsewhere


def test_guide_has_one_still_and_instruction_per_step(tmp_path: Path) -> None:
    path = write_guide(tmp_path, _entry(True))
    assert path is not None and path.name == "x-guide.html"
    text = path.read_text("utf-8")
    assert [img["src"] for img in _tags(text, "img")] == ["x-steg-01.jpg", "x-steg-02.jpg"]
    assert text.index("Klicka på Spara.") < text.index("Kunden är sparad.")
    assert any(a["href"] == "index.html#x" for a in _tags(text, "a"))
    assert "<script" not in text and "://" not in text
    failed = guide_html({**_entry(True), "outcome": "failed"})
    assert "använd inte guiden" in failed


def test_a_step_without_a_still_keeps_its_instruction_in_the_guide() -> None:
    # Without ffmpeg (or when a still fails) the cue has no "still": text only, no crash.
    entry = _entry(True)
    del entry["videos"][0]["cues"][0]["still"]
    page = guide_html(entry)
    assert [img["src"] for img in _tags(page, "img")] == ["x-steg-02.jpg"]
    assert "Klicka på Spara." in page


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg saknas")
def test_a_caption_changes_on_time_even_when_the_page_stands_still(tmp_path: Path) -> None:
    # Playwright writes a frame only when the page changes: two frames, three seconds apart.
    raw = tmp_path / "raw.webm"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=white:s=1280x720:r=25:d=4",
         "-vf", "select='eq(n\\,0)+eq(n\\,75)'", "-fps_mode", "vfr", "-c:v", "libvpx-vp9",
         "-deadline", "realtime", str(raw)],
        check=True,
    )  # fmt: skip
    captions = [BandCaption(0.0, 1.0, "Först"), BandCaption(1.0, 4.0, "Sedan en längre text")]
    webm, mp4 = tmp_path / "x.webm", tmp_path / "x.mp4"
    assert finish_video(raw, webm, mp4, captions, tmp_path / "delar")
    first, second = (_band(mp4, at) for at in (0.5, 1.5))
    assert first != second  # the second caption is there at 1.5 s, not only at 3 s
    assert still(mp4, 1.5, tmp_path / "bild.jpg", page_only=True)


def _band(video: Path, at: float) -> bytes:
    return subprocess.run(
        ["ffmpeg", "-v", "error", "-ss", str(at), "-i", str(video), "-frames:v", "1",
         "-vf", f"crop={VIDEO_WIDTH}:{VIDEO_HEIGHT - PAGE_HEIGHT}:0:{PAGE_HEIGHT}",
         "-f", "rawvideo", "-pix_fmt", "gray", "-"],
        capture_output=True,
        check=True,
    ).stdout  # fmt: skip


def test_guide_images_load_at_once_so_that_a_printout_has_them_all() -> None:
    page = guide_html(_entry(True))
    images = _tags(page, "img")
    assert len(images) == 2
    assert all(img.get("loading") == "eager" for img in images)  # never "lazy"


# --- the poster --------------------------------------------------------------------------


def _cue(step: str, start: float, **extra: Any) -> dict[str, Any]:
    return {"start": start, "done": start + 1, "shot": start + 1.4, "end": start + 2,
            "text": step, "step": step, "failed": False, "point": False, **extra}  # fmt: skip


def test_the_poster_shows_the_step_the_video_is_about() -> None:
    cues = [
        _cue("När hon hämtar uppgifterna från PU-tjänsten", 0),
        _cue("Så har namn och adress hämtats från PU-tjänsten", 2),
        _cue("Och är mobiltelefonen hämtad och e-postadressen tom", 4, point=True),
        _cue("Så ser hon att kunden har sparats", 6),
        _cue("Och visar kundkortet uppgifterna från PU-tjänsten", 8),
    ]
    # The step the training comments mark, at its still (after the scroll), not the end.
    assert key_cue(cues) is cues[2]
    assert poster_time(cues, duration=13.0) == 5.4
    # Unmarked: the first line of the last outcome.
    unmarked = [{**cue, "point": False} for cue in cues]
    assert key_cue(unmarked) is unmarked[3]
    # A recording that failed shows where.
    failed = [*cues[:4], {**cues[4], "failed": True}]
    assert key_cue(failed) is failed[4]
    # Only actions: the last one; and the poster stays inside the video.
    actions = cues[:1]
    assert key_cue(actions) is actions[0]
    assert poster_time(actions, duration=1.2) == pytest.approx(1.1)

"""PII-safe artefacts: masked screenshots on live, no unasked video/trace, no secrets.

- The masks: on a real Kundkort in the stub, every field that shows the
  customer is covered by a mask locator from the page objects, and the masked
  screenshot really is painted over there (pixels checked).
- The refusals: pytest-playwright's --video/--tracing/--screenshot on live need
  --live-artifacts.
- The secrets: a failing scenario run with tracing and a screenshot after every
  step leaves reports (Allure results, JUnit, environment.properties, traces
  unzipped, screenshots, sign-off) and console output without the card
  passphrase, the control secret or the session cookie.
"""

from __future__ import annotations

import io
import json
import re
import secrets
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright

from mvj_suite.core.privacy import (
    MASK_COLOR,
    REDACTED,
    known_secrets,
    personal_data_masks,
    screenshot,
    scrub_trace,
    unmasked_artefact_refusal,
)
from mvj_suite.core.settings import build_settings
from mvj_suite.core.stub_control import ControlClient
from mvj_suite.core.stub_process import StubOptions, start_stub
from mvj_suite.model.testdata import TestData
from pages import vocabulary as v
from pages.login import LoginPage
from tests.suite.isolated_suite import copy_suite, run_suite

CHROMIUM = "/usr/bin/chromium"
CUSTOMER_FIELDS = ("personnummer", "birth_date", "address", "mobile", "email")


# --- a tiny PNG reader (8-bit RGB/RGBA, as Chromium writes them) ----------------------------


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) bytes of a non-interlaced 8-bit PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and color in (2, 6), (depth, color)
    bpp = 3 if color == 2 else 4
    raw, stride, rows, previous = zlib.decompress(idat), width * bpp, [], bytes(width * bpp)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = previous[i], previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 0xFF
        rows.append(bytes(line))
        previous = bytes(line)
    return width, height, rows


def pixel(image: tuple[int, int, list[bytes]], x: float, y: float) -> tuple[int, int, int]:
    width, _, rows = image
    bpp = len(rows[0]) // width
    start = int(x) * bpp
    r, g, b = rows[int(y)][start : start + 3]
    return r, g, b


MASK_RGB = tuple(int(MASK_COLOR[i : i + 2], 16) for i in (1, 3, 5))


# --- masks on a real Kundkort ----------------------------------------------------------------


@pytest.fixture(scope="module")
def customer_card(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Page, Any]]:
    secret = secrets.token_urlsafe(16)
    options = StubOptions(control_key=secret, example_data=False)
    customer = TestData(seed=7).customer()
    with start_stub(tmp_path_factory.mktemp("stubb"), options) as stub:
        ready = stub.ready
        ControlClient(ready["url"], secret, Path(ready["ca_cert"])).create_customers(
            [customer.as_control_data()]
        )
        card = ready["cards"]["sjukskoterska"]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            context = browser.new_context(
                base_url=ready["url"],
                ignore_https_errors=True,
                viewport={"width": 1280, "height": 720},
                client_certificates=[
                    {
                        "origin": ready["url"],
                        "pfxPath": card["path"],
                        "passphrase": ready["passphrase"],
                    }
                ],
            )
            page = context.new_page()
            shell = LoginPage.open(page).log_in()
            search = shell.open_search().search(customer.number.twelve("-"))
            search.open_customer(customer.number.twelve("-")).expect_customer(customer.name)
            yield page, customer
            browser.close()


def _boxes(page: Page) -> list[dict[str, float]]:
    return [
        box
        for mask in personal_data_masks(page)
        for element in mask.all()
        if (box := element.bounding_box()) is not None
    ]


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def test_the_masks_cover_every_field_showing_the_customer(customer_card: tuple[Page, Any]) -> None:
    page, customer = customer_card
    boxes = _boxes(page)
    assert boxes, "inga maskerade fält på kundkortet"
    shown = [page.get_by_role("heading", name=customer.name, exact=True)]
    shown += [page.get_by_label(v.CARD_LABELS[field], exact=True) for field in CUSTOMER_FIELDS]
    for locator in shown:
        if not locator.count():
            continue  # e.g. no Födelsedatum for a personnummer customer
        box = locator.bounding_box()
        assert box is not None
        assert any(_inside(box, mask) for mask in boxes), f"omaskerat: {locator}"
    # The name and the address really are on the page (so the check above meant something).
    assert customer.last_name in page.content()


def test_a_live_screenshot_is_painted_over_where_personal_data_is(
    customer_card: tuple[Page, Any],
) -> None:
    page, customer = customer_card
    plain = png_pixels(screenshot(page, masked=False))
    masked = png_pixels(screenshot(page, masked=True))
    assert plain[2] != masked[2]
    for field in ("address", "mobile", "email"):
        box = page.get_by_label(v.CARD_LABELS[field], exact=True).bounding_box()
        assert box is not None
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert pixel(masked, *centre) == MASK_RGB, field
    heading = page.get_by_role("heading", name=customer.name, exact=True).bounding_box()
    assert heading is not None
    assert pixel(masked, heading["x"] + 2, heading["y"] + heading["height"] / 2) == MASK_RGB
    assert pixel(masked, 1, 1) != MASK_RGB  # the page itself is still visible


# --- refusing unmasked artefacts on live --------------------------------------------------


def _live(live_artifacts: bool) -> Any:
    return replace(build_settings({}, {}), target="live", live_artifacts=live_artifacts)


@pytest.mark.parametrize(
    ("option", "value"),
    [("--video", "on"), ("--video", "retain-on-failure"), ("--tracing", "on"),
     ("--screenshot", "only-on-failure")],
)  # fmt: skip
def test_video_trace_and_unmasked_screenshots_on_live_need_the_flag(
    option: str, value: str
) -> None:
    def options(name: str) -> str:
        return value if name == option else "off"

    refusal = unmasked_artefact_refusal(_live(False), options)
    assert refusal.startswith(f"{option} {value} mot en riktig journal")
    assert "--live-artifacts" in refusal and "\n" not in refusal
    assert unmasked_artefact_refusal(_live(True), options) == ""
    stub = build_settings({}, {})
    assert unmasked_artefact_refusal(stub, options) == ""


def test_the_refusal_stops_a_live_run_with_exit_code_4(tmp_path: Path) -> None:
    copy = copy_suite(tmp_path / "repo")
    profile = copy / "profil.yaml"
    profile.write_text(
        "version: 1\n"
        "inloggning: {namn: Sara Sjöberg, hsa_id: SE2321000016-SJS1}\n"
        "kunder:\n  - {nummer: 19121212-1212, fornamn: Tolvan, efternamn: Tolvansson}\n",
        encoding="utf-8",
    )
    card = copy / "kort.p12"
    card.write_bytes(b"inte ett riktigt kort")
    outcome = run_suite(
        copy, "--target", "live", "--base-url", "https://127.0.0.1:9", "--video", "on",
        "--siths-card", str(card), "--test-data", str(profile), "--collect-only",
        env={"MVJ_SITHS_PASSPHRASE": "hemligt-losen"},
    )  # fmt: skip
    output = outcome.stdout + outcome.stderr
    assert outcome.ret == 4, output[-2000:]
    assert "--video on mot en riktig journal ger video med personuppgifter" in output
    assert "hemligt-losen" not in output


# --- secrets out of traces and reports ---------------------------------------------------


def test_scrub_trace_removes_secrets_and_session_cookies(tmp_path: Path) -> None:
    trace = tmp_path / "spar.zip"
    network = {
        "type": "resource-snapshot",
        "snapshot": {
            "request": {
                "headers": [{"name": "Cookie", "value": "mvj_session=abc123token"}],
                "cookies": [{"name": "mvj_session", "value": "abc123token"}],
            },
            "response": {
                "headers": [
                    {"name": "Set-Cookie", "value": "mvj_session=abc123token; Secure"},
                    {"name": "Content-Type", "value": "text/html"},
                ],
                "cookies": [],
            },
        },
    }
    with zipfile.ZipFile(trace, "w") as archive:
        archive.writestr("trace.network", json.dumps(network) + "\n")
        archive.writestr("trace.trace", '{"log": "lösenord hemligt-kortlosen i en rad"}\n')
        archive.writestr("resources/bild.jpeg", b"\xff\xd8\xff\xe0 binary")
    scrub_trace(trace, known_secrets(["hemligt-kortlosen"], env={}))
    with zipfile.ZipFile(trace) as archive:
        text = archive.read("trace.network").decode() + archive.read("trace.trace").decode()
        assert archive.read("resources/bild.jpeg") == b"\xff\xd8\xff\xe0 binary"
    assert "abc123token" not in text and "hemligt-kortlosen" not in text
    assert REDACTED in text and "text/html" in text


def test_known_secrets_reads_the_secret_variables_and_ignores_short_values() -> None:
    env = {
        "MVJ_SITHS_PASSPHRASE": "kortets-losen",
        "MVJ_CONTROL_KEY": "nyckel-123",
    }
    assert known_secrets(["abc", None, "fran-journalen"], env=env) == [
        "fran-journalen", "kortets-losen", "nyckel-123",
    ]  # fmt: skip


FAILING_FEATURE = """# language: sv
@rutin-1
Egenskap: Hemligheter i rapporterna

  Scenario: Ett misslyckat scenario lämnar artefakter utan hemligheter
    Givet att sjuksköterskan Sara är inloggad
    Så visas inloggningssidan
"""

RECORD_SECRETS = '''
"""Test plugin: write the secrets the run used to a file outside reports/."""
import json
import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _record_secrets(request):
    journal = request.getfixturevalue("journal")  # session-scoped: the worker's stub
    Path(os.environ["HEMLIGHETER_FIL"]).write_text(
        json.dumps([journal.card("sjukskoterska").passphrase, journal.stub_control._secret]),
        encoding="utf-8",
    )
'''


def _all_text(folder: Path) -> Iterator[tuple[str, bytes]]:
    """Every file under ``folder``, zip archives opened (a trace is a zip)."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        yield str(path.relative_to(folder)), data
        if zipfile.is_zipfile(io.BytesIO(data)):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for name in archive.namelist():
                    yield f"{path.relative_to(folder)}!{name}", archive.read(name)


def _expect_no_session_tokens(network: bytes) -> None:
    """Every cookie and cookie header in a trace's network log is redacted."""
    checked = 0
    for line in network.decode("utf-8").splitlines():
        snapshot = json.loads(line).get("snapshot") or {}
        for part in ("request", "response"):
            message = snapshot.get(part) or {}
            for header in message.get("headers") or []:
                if header["name"].lower() in ("cookie", "set-cookie"):
                    assert header["value"] == REDACTED, header
                    checked += 1
            for cookie in message.get("cookies") or []:
                assert cookie["value"] == REDACTED, cookie
    assert checked, "spåret visade inga kakor alls – inget att kontrollera"


def test_a_failing_scenario_leaves_no_secret_in_reports_or_traces(tmp_path: Path) -> None:
    copy = copy_suite(tmp_path / "repo")
    (copy / "features" / "zz-hemligheter.feature").write_text(FAILING_FEATURE, encoding="utf-8")
    (copy / "record_secrets.py").write_text(RECORD_SECRETS, encoding="utf-8")
    recorded = tmp_path / "hemligheter.json"
    env = {
        "MVJ_KORT_LOSENORD": "kortlosen-" + secrets.token_hex(8),  # the stub's card passphrase
        "MVJ_SITHS_PASSPHRASE": "sithslosen-" + secrets.token_hex(8),
        "MVJ_CONTROL_KEY": "kontrollnyckel-" + secrets.token_hex(8),
        "HEMLIGHETER_FIL": str(recorded),
    }
    reports = copy / "reports"
    outcome = run_suite(
        copy, "-p", "record_secrets", "-k", "misslyckat_scenario_lämnar",
        # One attempt, traced (--traces failed): a rerun would only repeat the same wait.
        "--screenshot-each-step", "--reruns=0",
        f"--junitxml={reports / 'junit.xml'}", f"--alluredir={reports / 'allure-results'}",
        env=env,
    )  # fmt: skip
    assert outcome.ret == 1, outcome.stdout[-3000:]
    assert re.search(r"\b1 fallerat\b", outcome.stdout)
    passphrase, control_secret = json.loads(recorded.read_text(encoding="utf-8"))
    assert passphrase == env["MVJ_KORT_LOSENORD"]  # the suite really used this passphrase
    needles = {
        passphrase, control_secret, env["MVJ_SITHS_PASSPHRASE"], env["MVJ_CONTROL_KEY"],
    }  # fmt: skip

    seen: list[str] = []
    for name, data in _all_text(reports):
        seen.append(name)
        if name.endswith("!trace.network"):
            _expect_no_session_tokens(data)
        for needle in needles:
            assert needle.encode() not in data, f"hemlighet i {name}"
        # The session cookie's value: a token, never in a report.
        assert not re.search(rb"mvj_session=[A-Za-z0-9_\-]{16,}", data), f"sessionskaka i {name}"
    for needle in needles:
        assert needle not in outcome.stdout + outcome.stderr
    # What was searched: a kept trace (opened), a failure screenshot, Allure, JUnit.
    assert any(name.endswith(".zip!trace.network") for name in seen), seen
    assert any(re.search(r"artefakter/.+/sida-\d+\.png$", name) for name in seen), seen
    assert any(name.endswith("environment.properties") for name in seen), seen
    assert any(name.endswith("-attachment.png") for name in seen), seen
    assert "junit.xml" in seen

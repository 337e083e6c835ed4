"""What a caption is about is in the picture: the elements a step acts on or checks are
scrolled into the 600 px the video films, per step, and only then is the step done.

In a real Chromium on small pages of its own (no stub, no video encoding): a form
taller than the picture, as the Lägg till kund dialog is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from playwright.sync_api import Page, Route

from mvj_suite.walkthrough import focus
from mvj_suite.walkthrough.recording import PAGE_SIZE, Recording
from pages.expect import expect
from tests.browser_page import headless_page

HEIGHT = PAGE_SIZE["height"]
_ROWS = "".join(
    f'<p><label for="f{n}">Fält {n}</label><br><input id="f{n}" value="{n}"></p>'
    for n in range(1, 31)
)  # each row about 60 px: 30 rows are three pictures tall
FORM = f"""<!DOCTYPE html><html lang="sv"><head><title>Lägg till kund</title>
<style>body {{ font: 16px sans-serif; margin: 0 2rem; }} p {{ margin: 0; height: 60px; }}</style>
</head><body><div role="dialog" aria-label="Lägg till kund"><h1>Lägg till kund</h1>{_ROWS}
</div></body></html>"""


@pytest.fixture(scope="module")
def browser_page() -> Iterator[Page]:
    with headless_page(viewport=PAGE_SIZE) as page:
        yield page


@pytest.fixture
def page(browser_page: Page) -> Page:
    browser_page.set_content(FORM)
    browser_page.evaluate("scrollTo(0, 0)")  # a new content keeps the old scroll position
    return browser_page


def _field(page: Page, n: int) -> Any:
    return page.get_by_role("textbox", name=f"Fält {n}", exact=True)


def _in_picture(page: Page, n: int) -> bool:
    box = _field(page, n).bounding_box()
    assert box is not None
    return box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT


def test_checked_fields_below_the_picture_are_scrolled_into_it(page: Page) -> None:
    assert not _in_picture(page, 14) and not _in_picture(page, 15)
    view = focus.bring_into_view(page, [_field(page, 14), _field(page, 15)])
    assert view.scrolled
    assert _in_picture(page, 14) and _in_picture(page, 15)
    assert [shown["what"] for shown in view.shows] == ["Fält 14", "Fält 15"]
    assert all(0 <= shown["top"] < shown["bottom"] <= HEIGHT for shown in view.shows)
    # The label above the first field is in the picture too (the margin).
    label = page.get_by_text("Fält 14", exact=True).bounding_box()
    assert label is not None and label["y"] >= 0


def test_what_is_already_in_the_picture_does_not_move_it(page: Page) -> None:
    view = focus.bring_into_view(page, [_field(page, 2)])
    assert not view.scrolled
    assert page.evaluate("scrollY") == 0


def test_a_dialog_that_holds_a_checked_field_is_only_its_frame(page: Page) -> None:
    dialog = page.get_by_role("dialog", name="Lägg till kund")
    view = focus.bring_into_view(page, [dialog, _field(page, 20)])
    assert [shown["what"] for shown in view.shows] == ["Fält 20"]
    assert _in_picture(page, 20)


def test_more_than_fits_is_shown_from_the_topmost_down(page: Page) -> None:
    view = focus.bring_into_view(page, [_field(page, 25), _field(page, 12)])
    assert view.scrolled
    assert _in_picture(page, 12) and not _in_picture(page, 25)


def test_a_dialog_taller_than_the_picture_shown_from_its_top_stays(page: Page) -> None:
    dialog = page.get_by_role("dialog", name="Lägg till kund")
    dialog.evaluate("d => { d.style.marginTop = '250px'; }")  # its top in the upper half
    view = focus.bring_into_view(page, [dialog])
    assert not view.scrolled and [shown["what"] for shown in view.shows] == ["Lägg till kund"]
    assert view.shows[0]["top"] >= 250


def test_the_end_of_a_step_waits_for_the_page_its_click_brought(browser_page: Page) -> None:
    page = browser_page
    held: list[Route] = []  # the journal's answer to the click, held back until the test lets it go
    page.route("http://mvj.test/kundkort", lambda route: held.append(route))
    page.route("http://mvj.test/dialog", lambda route: route.fulfill(
        body="<title>Dialog</title><h1>Lägg till kund</h1>", content_type="text/html"))
    page.goto("http://mvj.test/dialog")
    settling = focus.Settling(page)
    with page.expect_request("http://mvj.test/kundkort"):
        page.evaluate("location.href = '/kundkort'")  # as Spara does: another page comes
    assert settling.navigating and settling.navigations == 0
    for _ in range(100):  # Playwright hands the route over after the request event
        if held:
            break
        page.wait_for_timeout(20)
    assert held and page.url == "http://mvj.test/dialog"  # still on its way
    held[0].fulfill(body="<title>Kundkort</title><h1>Kundkort</h1>", content_type="text/html")
    settling.settle()
    assert not settling.navigating and settling.navigations == 1
    assert page.url == "http://mvj.test/kundkort"
    assert page.evaluate("document.readyState") == "complete"
    page.unroute_all()


def test_what_is_gone_shows_nothing_and_fails_nothing(page: Page) -> None:
    view = focus.bring_into_view(page, [page.get_by_role("button", name="Spara")])
    assert view == focus.View()


def test_each_caption_brings_its_own_step_into_view(page: Page, tmp_path: Path) -> None:
    """Two steps, each checking a field (through the page objects' expect, as a step
    does): each caption shows its own field, and the still comes after the scroll."""
    item = SimpleNamespace(name="Två steg", nodeid="x", iter_markers=lambda: iter(()))
    recording = Recording(item, tmp_path, tempo_ms=0, end_pause_ms=0)  # type: ignore[arg-type]
    focus.install(recording.checked)
    try:
        recording.attach(page)
        for n, text in ((15, "Fält 15 är ifyllt."), (28, "Fält 28 är ifyllt.")):
            recording.step_started(text, f"Så är fält {n} ifyllt")
            expect(_field(page, n)).to_have_value(str(n))
            recording.step_finished("then")
    finally:
        focus.uninstall()
        recording._stop_segment()
    first, second = recording._captions
    assert [s["what"] for s in first.view.shows] == ["Fält 15"]
    assert [s["what"] for s in second.view.shows] == ["Fält 28"]
    assert first.view.scrolled and second.view.scrolled
    for caption in (first, second):
        assert caption.done is not None and caption.shot is not None
        assert caption.shot.at >= caption.done.at  # the still: after the scroll


def test_checks_are_reported_only_while_installed() -> None:
    seen: list[object] = []
    original = focus.Expectation.__init__
    focus.install(seen.append)
    try:
        locator = object()
        focus.Expectation(locator)  # type: ignore[arg-type]
        assert seen == [locator]
    finally:
        focus.uninstall()
    assert focus.Expectation.__init__ is original

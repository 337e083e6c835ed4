"""The index page in a real Chromium: the browser's video controls fall on a strip of
their own under the picture, never over the caption band at the bottom of the video,
at any width of the window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from mvj_suite.walkthrough.index import CONTROLS_STRIP, index_html
from mvj_suite.walkthrough.video import VIDEO_HEIGHT, VIDEO_WIDTH
from tests.browser_page import headless_page
from tests.walkthrough.test_walkthrough_parts import _entry


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with headless_page() as page:
        yield page


@pytest.mark.parametrize("width", [1600, 900, 380])
def test_the_controls_have_a_strip_under_the_picture(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.set_content(index_html([_entry(True)]))
    video = page.locator("video")
    box = video.bounding_box()
    assert box is not None
    picture = box["width"] * VIDEO_HEIGHT / VIDEO_WIDTH  # the video, scaled to the width
    # Chromium's buttons and timeline take about 60 px, Firefox's 40 px: room for either.
    assert box["height"] - picture == pytest.approx(CONTROLS_STRIP, abs=1)
    assert CONTROLS_STRIP >= 60
    style = video.evaluate("v => ((s) => [s.objectFit, s.objectPosition])(getComputedStyle(v))")
    assert style == ["contain", "50% 0%"]  # the picture at the top, the band right under it

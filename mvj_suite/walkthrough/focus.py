"""Training walkthroughs: what a caption is about is on screen while it is shown.

The page is filmed 600 px tall; a dialog is taller. Playwright scrolls to what it
clicks or types into, but a check scrolls nowhere: "Mobilnumret hämtades från 1177 –
e-postadressen är tom" was shown while both fields were below the picture. So during a
walkthrough, and only then,

1. every element a step acts on or checks is noted (:class:`Targets`): actions are
   reported by ``mvj_suite.walkthrough.keystrokes``, checks by a patch on the page
   objects' ``expect`` (:func:`install`; ``pages/`` knows nothing of walkthroughs);
2. when the step is done, the page is first let come to rest (:class:`Settling`: a
   click that leads to another page has loaded it), then
3. :func:`bring_into_view` scrolls, smoothly, so that the step's elements are in the
   picture: the most specific ones (a dialog that holds a checked field is only its
   frame), all of them when they fit, else from the topmost one down (one already shown
   from its top, taller than the picture, stays as it is), with a margin for the label
   above a field. Only after that is the step marked done and its still for
   the guide taken.

What was in view is kept per caption (``View.shows``: each element's label and where it
stood in the picture), for the guide's reader and for the tests.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Locator, Page, Request

from pages.expect import Expectation

MARGIN_PX = 48  # around what is shown: the label above a field, a line of context below
SCROLL_MS = 1500  # a smooth scroll that has not arrived by then jumps the rest
SETTLE_MS = 5000  # the longest a step's page is waited for before it is filmed as it is
_POLL_MS = 40

# The page side of bring_into_view. Where every scroll container above the chosen
# elements must stand is found by scrolling there at once ('nearest': the last one, then
# the first, so both show when they fit and the first wins when they do not); then each
# goes back and scrolls there smoothly, for the viewer to follow.
_SCROLL_JS = """([elements, margin]) => {
  const shown = [...new Set(elements)]
    .filter((e) => e.isConnected && e.getClientRects().length > 0);
  const chosen = shown.filter((e) => !shown.some((o) => o !== e && e.contains(o)));
  if (!chosen.length) return { moves: [], chosen };
  const box = (e) => e.getBoundingClientRect();
  const first = chosen.reduce((a, b) => (box(b).top < box(a).top ? b : a));
  const last = chosen.reduce((a, b) => (box(b).bottom > box(a).bottom ? b : a));
  // Taller than the picture and already shown from its top: as it is (an open dialog).
  const top = box(first).top;
  const tall = box(last).bottom - top > innerHeight - 2 * margin;
  if (tall && top >= 0 && top < innerHeight / 2) return { moves: [], chosen };
  const scrollers = new Set([document.scrollingElement]);
  for (const e of [first, last]) {
    for (let p = e.parentElement; p; p = p.parentElement) {
      if (p.scrollHeight > p.clientHeight || p.scrollWidth > p.clientWidth) scrollers.add(p);
    }
  }
  const before = [...scrollers].filter(Boolean).map((s) => [s, s.scrollLeft, s.scrollTop]);
  const margins = [first, last].map((e) => e.style.scrollMargin);
  for (const e of [first, last]) e.style.scrollMargin = margin + "px";
  for (const e of [last, first]) {
    e.scrollIntoView({ block: "nearest", inline: "nearest", behavior: "instant" });
  }
  [first, last].forEach((e, i) => { e.style.scrollMargin = margins[i]; });
  const moves = before
    .map(([s, left, top]) => [s, s.scrollLeft, s.scrollTop, left, top])
    .filter(([, l, t, left, top]) => Math.abs(l - left) >= 1 || Math.abs(t - top) >= 1);
  for (const [s, , , left, top] of moves) s.scrollTo({ left, top, behavior: "instant" });
  for (const [s, l, t] of moves) s.scrollTo({ left: l, top: t, behavior: "smooth" });
  return { moves: moves.map(([s, l, t]) => [s, l, t]), chosen };
}"""
_ARRIVED_JS = """(r) => r.moves.every(([s, l, t]) =>
  Math.abs(s.scrollLeft - l) < 1.5 && Math.abs(s.scrollTop - t) < 1.5)"""
_JUMP_JS = """(r) => r.moves.forEach(([s, l, t]) =>
  s.scrollTo({ left: l, top: t, behavior: "instant" }))"""
_SHOWS_JS = """(r) => r.chosen.filter((e) => e.isConnected).map((e) => {
  const b = e.getBoundingClientRect();
  const label = (e.labels && e.labels[0] && e.labels[0].innerText)
    || e.getAttribute("aria-label") || e.getAttribute("role") || e.tagName.toLowerCase();
  return { what: label.trim().slice(0, 60), top: Math.round(b.top), bottom: Math.round(b.bottom) };
})"""


# --- what a step acts on or checks ---------------------------------------------------------


@dataclass
class Targets:
    """The elements one step acted on or checked, in order, each once."""

    locators: list[Locator] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)

    def add(self, locator: Locator) -> None:
        key = repr(locator)  # the frame and the selector: the same element asked for again
        if key not in self._seen:
            self._seen.add(key)
            self.locators.append(locator)

    def on(self, page: Page) -> list[Locator]:
        """The ones on ``page`` (a step may have opened another)."""
        return [locator for locator in self.locators if _page_of(locator) == page]


def _page_of(locator: Locator) -> Page | None:
    try:
        return locator.page
    except PlaywrightError:
        return None


_original_init: list[Callable[..., None]] = []


def install(on_check: Callable[[Locator], None]) -> None:
    """From now on every check a page object makes (``expect(locator)…``) tells
    ``on_check`` which locator it checks."""
    uninstall()
    original = Expectation.__init__
    _original_init.append(original)

    def init(self: Expectation, locator: Locator, *args: Any, **kwargs: Any) -> None:
        original(self, locator, *args, **kwargs)
        on_check(locator)

    init.__doc__ = original.__doc__
    setattr(Expectation, "__init__", init)  # noqa: B010 - on the class, for every check


def uninstall() -> None:
    while _original_init:
        setattr(Expectation, "__init__", _original_init.pop())  # noqa: B010


# --- the page at rest --------------------------------------------------------------------


class Settling:
    """Whether ``page`` is on its way to another document (a link followed, a form
    posted), so that the end of a step waits for the page its click brought."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self._pending: set[Request] = set()
        self.navigations = 0  # documents (or views of a single-page app) the page has shown
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("framenavigated", self._navigated)

    def _request(self, request: Request) -> None:
        with contextlib.suppress(PlaywrightError):  # a service worker's has no frame
            if request.is_navigation_request() and request.frame == self.page.main_frame:
                self._pending.add(request)

    def _failed(self, request: Request) -> None:
        self._pending.discard(request)

    def _navigated(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self._pending.clear()
            self.navigations += 1

    @property
    def navigating(self) -> bool:
        return bool(self._pending)

    def settle(self, timeout_ms: int = SETTLE_MS) -> None:
        """Until the page the step led to has loaded (at once when it stayed)."""
        with contextlib.suppress(PlaywrightError):
            if self._pending:
                self.page.wait_for_event(
                    "framenavigated", lambda frame: frame == self.page.main_frame,
                    timeout=timeout_ms,
                )  # fmt: skip
            self.page.wait_for_load_state("load", timeout=timeout_ms)


# --- scrolling it into the picture ---------------------------------------------------------


@dataclass(frozen=True)
class View:
    """What a step's end brought into the picture."""

    scrolled: bool = False  # the page moved to show it
    shows: tuple[dict[str, Any], ...] = ()  # {"what": label, "top": px, "bottom": px}


def bring_into_view(
    page: Page, locators: Iterable[Locator], margin_px: int = MARGIN_PX,
    scroll_ms: int = SCROLL_MS,
) -> View:
    """Scroll ``page`` so that the elements of ``locators`` are in the picture (see the
    module's text); returns what it showed. Never fails a step: an element that is gone,
    or a page that closed, is simply not shown."""
    handles = []
    for locator in locators:
        with contextlib.suppress(PlaywrightError):
            handles.extend(locator.element_handles())  # at once: no waiting for any
    if not handles:
        return View()
    try:
        result = page.evaluate_handle(_SCROLL_JS, [handles, margin_px])
    except PlaywrightError:
        return View()
    try:
        moved = bool(result.evaluate("(r) => r.moves.length"))
        deadline = time.monotonic() + scroll_ms / 1000
        # Polled from here, not awaited in the page: a scenario may have stopped the
        # page's clock, and with it its timers.
        while moved and not result.evaluate(_ARRIVED_JS):
            if time.monotonic() >= deadline:
                result.evaluate(_JUMP_JS)
                break
            page.wait_for_timeout(_POLL_MS)
        return View(moved, tuple(result.evaluate(_SHOWS_JS)))
    except PlaywrightError:
        return View()
    finally:
        with contextlib.suppress(PlaywrightError):
            result.dispose()
        for handle in handles:
            with contextlib.suppress(PlaywrightError):
                handle.dispose()

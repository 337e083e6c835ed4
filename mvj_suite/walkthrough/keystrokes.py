"""Training walkthroughs: typing as a nurse types, with the cursor where the text goes.

The page objects fill fields with ``Locator.fill`` — instant, and Playwright's
screencast cursor does not move for it (``fill`` has no pointer position), so in a
video the text appeared out of nowhere while the cursor stayed parked elsewhere.
During a walkthrough run, and only then, ``fill`` therefore

1. clicks into the field (the cursor travels there, at the walkthrough's tempo),
2. selects what the field holds (typing replaces it, as ``fill`` does), and
3. types the text key by key at a readable speed, the field still highlighted.

Empty values, very long ones (a 200-character robustness value would take ages) and
fields that are not editable keep Playwright's own ``fill``, so a step still fails
exactly as it would without the walkthrough. Clicks and checks only report that they
happen, and on what (the step-by-step guide takes its still while the cursor is on the
target; the end of the step keeps the target in view, ``mvj_suite.walkthrough.focus``).

Patched on the class for the run: the page objects stay as they are (pages/ knows
nothing of walkthroughs) and ``uninstall`` restores Playwright's methods.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Locator

LONGEST_TYPED = 60  # characters; longer values are filled at once
POINTER_METHODS = ("click", "dblclick", "check", "uncheck", "set_checked", "tap")


@dataclass
class Pace:
    """How the walkthrough types, and who hears about each action."""

    typing_delay_ms: int
    tempo_ms: int
    actions_style: dict[str, Any] = field(default_factory=dict)  # show_actions' arguments
    # told of each action: "pointer" or "typing", and the element it is done to
    on_action: Callable[[str, Locator], None] | None = None

    def notify(self, kind: str, locator: Locator) -> None:
        if self.on_action is not None:
            self.on_action(kind, locator)


_originals: dict[str, Callable[..., Any]] = {}


def install(pace: Pace) -> None:
    """From now on every ``Locator`` types and reports its actions as ``pace`` says."""
    uninstall()
    for name in ("fill", *POINTER_METHODS):
        _originals[name] = getattr(Locator, name)
    original_fill = _originals["fill"]
    original_click = _originals["click"]

    def fill(
        self: Locator,
        value: str,
        *,
        timeout: float | None = None,
        no_wait_after: bool | None = None,
        force: bool | None = None,
    ) -> None:
        pace.notify("typing", self)
        if force or not value or len(value) > LONGEST_TYPED or "\n" in value:
            original_fill(self, value, timeout=timeout, no_wait_after=no_wait_after, force=force)
            return
        original_click(self, timeout=timeout)  # the cursor goes where the text will be
        if not self.is_editable():
            # Let Playwright's fill wait and fail with its own message, as without us.
            original_fill(self, value, timeout=timeout, no_wait_after=no_wait_after)
            return
        self.select_text(timeout=timeout)
        screencast = self.page.screencast
        # The click already showed where; the keys follow without a second pause.
        screencast.show_actions(**{**pace.actions_style, "duration": min(pace.tempo_ms, 150)})
        try:
            self.press_sequentially(value, delay=pace.typing_delay_ms, timeout=timeout)
        finally:
            screencast.show_actions(**{**pace.actions_style, "duration": pace.tempo_ms})

    setattr(Locator, "fill", fill)  # noqa: B010 - on the class, for every page object
    for name in POINTER_METHODS:
        setattr(Locator, name, _reporting(name, _originals[name], pace))


def _reporting(name: str, original: Callable[..., Any], pace: Pace) -> Callable[..., Any]:
    def method(self: Locator, *args: Any, **kwargs: Any) -> Any:
        pace.notify("pointer", self)
        return original(self, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = original.__doc__
    return method


def uninstall() -> None:
    for name, original in _originals.items():
        setattr(Locator, name, original)
    _originals.clear()

"""The focus walk of the keyboard scenarios on dialogs built other ways than the stub's:
a native modal ``<dialog>`` keeps the focus (Tab passing the browser's own controls is
not leaving it), a dialog without a focus trap lets it out and is caught."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from pages.keyboard import Keyboard
from tests.browser_page import headless_page

PAGE = """<!DOCTYPE html><html lang="sv"><head><title>Kund</title></head><body>
<main><h1>Kund</h1><button>Ändra personuppgifter</button>{dialog}</main>
<footer><a href="#hjalp">Hjälp</a></footer></body></html>"""
NATIVE = """<dialog aria-label="Ändra kund"><label>Förnamn <input></label>
<button>Spara</button><button>Avbryt</button></dialog>
<script>document.querySelector("dialog").showModal()</script>"""
NO_TRAP = """<div role="dialog" aria-modal="true" aria-label="Ändra kund">
<label>Förnamn <input autofocus></label><button>Spara</button><button>Avbryt</button></div>"""


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with headless_page() as page:
        yield page


@pytest.mark.parametrize("backwards", [False, True], ids=["Tab", "Skift+Tab"])
def test_a_native_modal_dialog_keeps_the_focus(page: Page, backwards: bool) -> None:
    page.set_content(PAGE.format(dialog=NATIVE))
    dialog = page.get_by_role("dialog", name="Ändra kund")
    walk = Keyboard(page).walk(dialog, "dialogen Ändra kund", backwards=backwards)
    walk.expect_stayed_inside()


def test_a_dialog_without_a_trap_lets_the_focus_out_and_is_caught(page: Page) -> None:
    page.set_content(PAGE.format(dialog=NO_TRAP))
    dialog = page.get_by_role("dialog", name="Ändra kund")
    walk = Keyboard(page).walk(dialog, "dialogen Ändra kund")
    with pytest.raises(AssertionError, match="Fokus lämnade dialogen Ändra kund vid tryck nr"):
        walk.expect_stayed_inside()

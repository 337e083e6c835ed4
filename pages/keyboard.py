"""The journal with the keyboard only: Tab, Skift+Tab, Enter, Mellanslag and Escape.

For the accessibility scenarios outside the routine (WCAG 2.1.1 Tangentbord, 2.4.3
Fokusordning). ``Keyboard`` moves the focus the way a nurse without a mouse does and
checks where it is; the actions below it walk the routine's core flows that way and
hand back the same page objects the mouse-driven steps use, so the same checks
follow. Elements are found as everywhere else (role and name from
``pages.vocabulary``); where the focus is, is asked of the page
(``document.activeElement``), never of its markup. The keys, the messages and those
questions are in the vocabulary too.

Every key press is a reading action: a journal may count a key press as activity and
tell its server so (a POST), and that belongs to the suite's reading, like a click.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from mvj_suite.model.intent import reading, writing
from pages import vocabulary as v
from pages.customer_card import CustomerCard
from pages.customer_dialog import AddCustomerDialog, CustomerDialog, EditCustomerDialog
from pages.expect import expect
from pages.login import LoginPage
from pages.search import SearchPage
from pages.shell import AppShell

TAB, SHIFT_TAB = v.KEYS["tab"], v.KEYS["shift_tab"]
ENTER, SPACE, ESCAPE = v.KEYS["enter"], v.KEYS["space"], v.KEYS["escape"]
ASK = v.FOCUS_QUESTIONS
SAY = v.FOCUS_MESSAGES
# Enough to cross any of the journal's pages (a page longer than this by the keyboard
# is a finding of its own).
MAX_PRESSES = 40
FOCUS_TIMEOUT_MS = 5_000  # as long as an expect() waits
# Roles a user can reach with Tab: counted in a dialog, they bound its tab stops from
# above (a radio group is one stop but counts each radio).
INTERACTIVE_ROLES = ("button", "link", "textbox", "searchbox", "combobox", "checkbox",
                     "radio", "switch", "spinbutton", "slider", "listbox", "tab")  # fmt: skip


def _target(kind: str, name: str) -> str:
    """What the focus is moved to, as a failure message names it."""
    return v.FOCUS_TARGETS[kind].format(name=name)


@dataclass(frozen=True)
class FocusWalk:
    """Where the focus went on each of ``presses`` presses of ``key`` in a container."""

    target: str  # the container, as a message names it ("dialogen Lägg till kund")
    key: str
    presses: int
    outside: tuple[int, ...]  # the presses after which the focus was outside it
    distinct: int  # how many elements the focus stood on

    def expect_stayed_inside(self) -> FocusWalk:
        key = v.KEY_NAMES[self.key]
        assert not self.outside, SAY["left"].format(
            target=self.target,
            first=self.outside[0],
            outside=len(self.outside),
            total=self.presses,
            key=key,
        )
        assert self.distinct >= 2, SAY["stuck"].format(
            target=self.target, total=self.presses, key=key, distinct=self.distinct
        )
        return self


class Keyboard:
    def __init__(self, page: Page) -> None:
        self.page = page

    # --- the focus ----------------------------------------------------------------------
    def is_focused(self, target: Locator) -> bool:
        return bool(target.evaluate(ASK["is_focused"]))

    def before_focus(self, target: Locator) -> bool:
        """Whether ``target`` comes before the focused element (Skift+Tab reaches it first)."""
        return bool(target.evaluate(ASK["before_focus"]))

    def _where(self) -> str:
        text = str(self.page.evaluate(ASK["describe"]))
        return SAY["on"].format(text=text) if text else SAY["nowhere"]

    def expect_focus_on(self, target: Locator) -> Keyboard:
        expect(target).to_be_focused()
        return self

    def expect_focus_inside(self, container: Locator, target: str) -> Keyboard:
        """The focus is (or comes, as the page settles) inside ``container``."""
        expect(container).to_be_visible()
        try:
            self.page.wait_for_function(
                ASK["holds_focus"], arg=container.element_handle(), timeout=FOCUS_TIMEOUT_MS
            )
        except PlaywrightTimeout as error:  # said in the scenario's words
            message = SAY["not_inside"].format(target=target, where=self._where())
            raise AssertionError(message) from error
        return self

    def expect_focus_in_dialog(self, dialog: CustomerDialog) -> Keyboard:
        return self.expect_focus_inside(dialog.dialog, _target("dialog", dialog.title))

    # --- keys ---------------------------------------------------------------------------
    @reading
    def press(self, key: str) -> Keyboard:
        self.page.keyboard.press(key)
        return self

    @reading
    def write(self, text: str) -> Keyboard:
        """Write ``text`` where the focus is (the keys of the letters, one by one)."""
        self.page.keyboard.type(text)
        return self

    @reading
    def tab_to(
        self,
        target: Locator,
        backwards: bool = False,
        max_presses: int = MAX_PRESSES,
        name: str = "",
    ) -> Keyboard:
        """Tab (Skift+Tab) until ``target`` has the focus; no press if it has it already.
        ``name``: what the target is, for the failure message (``_target``)."""
        expect(target).to_be_visible()
        return self._press_until(target, SHIFT_TAB if backwards else TAB, max_presses, name)

    @reading
    def arrow_to(self, target: Locator, max_presses: int = MAX_PRESSES, name: str = "") -> Keyboard:
        """Pil ned until ``target`` (an item of an open menu) has the focus."""
        return self._press_until(target, v.KEYS["down"], max_presses, name)

    def _press_until(self, target: Locator, key: str, max_presses: int, name: str) -> Keyboard:
        for _ in range(max_presses):
            if self.is_focused(target):
                return self
            self.page.keyboard.press(key)
        if self.is_focused(target):
            return self
        raise AssertionError(
            SAY["not_reached"].format(
                target=name or target,
                presses=max_presses,
                key=v.KEY_NAMES[key],
                where=self._where(),
            )
        )

    @reading
    def walk(self, container: Locator, target: str, backwards: bool = False) -> FocusWalk:
        """Press Tab (Skift+Tab) more times than ``container`` has elements to stop on,
        noting after each press whether the focus is still inside it."""
        expect(container).to_be_visible()
        key = SHIFT_TAB if backwards else TAB
        presses = sum(container.get_by_role(role).count() for role in INTERACTIVE_ROLES) + 2
        handle = container.element_handle()
        outside: list[int] = []
        focused = []
        for number in range(1, presses + 1):
            self.page.keyboard.press(key)
            if handle.evaluate(ASK["on_page_outside"]):
                outside.append(number)
            focused.append(self.page.evaluate_handle(ASK["focused"]))
        distinct = int(self.page.evaluate(ASK["distinct"], focused))
        return FocusWalk(target, key, presses, tuple(outside), distinct)

    def walk_dialog(self, dialog: CustomerDialog, backwards: bool = False) -> FocusWalk:
        return self.walk(dialog.dialog, _target("dialog", dialog.title), backwards)

    # --- the routine's core flows -------------------------------------------------------
    @reading
    def log_in(self, login: LoginPage) -> AppShell:
        """Tab to Logga in med SITHS-kort and press Enter, until the journal answers."""
        self.tab_to(login.login_button, name=_target("button", v.LOGIN_BUTTON))
        self.press(ENTER)
        shell = AppShell(self.page)
        expect(shell.logged_in_text.or_(self.page.get_by_role("alert")).first).to_be_visible()
        return shell

    @reading
    def open_search(self) -> SearchPage:
        """Kunder – Sök kund: Enter on Kunder, then Enter on Sök kund (Tab to it first
        when the menu leaves the focus on Kunder, as a disclosure of links does)."""
        menu = AppShell(self.page).customers_menu
        expect(menu).to_be_visible()
        # Back up to it (Skift+Tab) from a field below it, as a nurse would.
        self.tab_to(menu, backwards=self.before_focus(menu), name=_target("menu", v.CUSTOMERS_MENU))
        self.press(ENTER)
        item = (
            self.page.get_by_role("menuitem", name=v.SEARCH_MENU_ITEM, exact=True)
            .or_(self.page.get_by_role("link", name=v.SEARCH_MENU_ITEM, exact=True))
            .first
        )
        expect(item).to_be_visible()
        if not self.is_focused(item):
            # In a menu (WAI-ARIA menu pattern) the items are reached with the arrows;
            # in a disclosure of links with Tab.
            in_menu = self.page.get_by_role("menuitem", name=v.SEARCH_MENU_ITEM, exact=True)
            if in_menu.count():
                self.arrow_to(in_menu.first, name=_target("menuitem", v.SEARCH_MENU_ITEM))
            else:
                self.tab_to(item, name=_target("menuitem", v.SEARCH_MENU_ITEM))
        self.press(ENTER)
        return SearchPage(self.page).expect_shown()

    @reading
    def search(self, search: SearchPage, text: str) -> SearchPage:
        """Tab to the search field, write ``text``, press Enter; until the journal answers."""
        self.tab_to(search.field, name=_target("field", v.SEARCH_FIELD))
        if search.field.input_value():
            self.press(v.KEYS["select_all"])  # what is written is replaced
        self.write(text)
        self.press(ENTER)
        answer = search.results.or_(self.page.get_by_role("status")).or_(
            self.page.get_by_role("alert")
        )
        expect(answer.first).to_be_visible()
        return search

    @reading
    def open_customer(self, search: SearchPage, number: str) -> CustomerCard:
        """Tab to the customer's result row (the link or button in it, or the row itself
        when the row is what takes the focus) and press Enter."""
        row = search.row(number)
        expect(row).to_have_count(1)
        inside = row.get_by_role("link").or_(row.get_by_role("button"))
        target = inside.first if inside.count() else row
        self.tab_to(target, name=_target("result", number))
        self.press(ENTER)
        card = CustomerCard(self.page)
        expect(card.edit_button).to_be_visible()  # every Kundkort has it (disabled or not)
        return card

    @reading
    def add_customer(self, search: SearchPage) -> AddCustomerDialog:
        """Lägg till kund, after the question for a number that is not in the journal."""
        search.expect_offer_to_add()
        dialog = AddCustomerDialog(self.page)
        self._open(search.add_customer_button, v.ADD_CUSTOMER_BUTTON, dialog)
        return dialog

    @reading
    def edit(self, card: CustomerCard) -> EditCustomerDialog:
        """Ändra personuppgifter on the Kundkort."""
        dialog = EditCustomerDialog(self.page)
        self._open(card.edit_button, v.EDIT_CUSTOMER_BUTTON, dialog)
        return dialog

    def _open(self, button: Locator, label: str, dialog: CustomerDialog) -> None:
        """Tab to the button that opens ``dialog``, press Enter, until it is open."""
        self.tab_to(button, name=_target("button", label))
        self.press(ENTER)
        dialog.expect_open()

    @reading
    def fetch_from_pu(self, dialog: AddCustomerDialog) -> AddCustomerDialog:
        """Hämta från PU-tjänsten with Mellanslag (a button answers Enter and Mellanslag
        alike), until the journal has answered."""
        self.tab_to(dialog.fetch_button, name=_target("button", v.FETCH_FROM_PU_BUTTON))
        with self.page.expect_response(lambda response: True):
            self.press(SPACE)
        return dialog

    @writing
    def save(self, dialog: CustomerDialog) -> CustomerCard:
        """Tab to Spara and press Enter; the caller checks what the journal answered."""
        self.tab_to(dialog.save_button, name=_target("button", v.SAVE_BUTTON))
        # Enter where the focus is (on Spara, by now), as the element's own press: like
        # a click, it waits until a navigation the key starts has begun.
        dialog.save_button.press(ENTER)
        return CustomerCard(self.page)

    @reading
    def close(self, dialog: CustomerDialog) -> None:
        """Escape, until the dialog has closed; where the focus went is the caller's check."""
        self.press(ESCAPE)
        try:
            dialog.expect_closed()
        except AssertionError as error:
            message = SAY["not_closed"].format(target=_target("dialog", dialog.title))
            raise AssertionError(message) from error

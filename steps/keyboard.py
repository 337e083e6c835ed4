"""The core flows with the keyboard only (accessibility outside the routine, WCAG 2.1.1
and 2.4.3): logging in, Kunder – Sök kund, the Kundkort, the dialogs, and where the focus
goes and stays. The page objects they hand on are the mouse-driven steps' own, so the
same Then steps check the outcome."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from mvj_suite.model.intent import reads, writes
from mvj_suite.model.scenario import ScenarioState
from pages.customer_card import CustomerCard
from pages.customer_dialog import AddCustomerDialog, CustomerDialog, EditCustomerDialog
from pages.keyboard import FocusWalk, Keyboard
from pages.login import LoginPage
from pages.search import SearchPage
from steps.actors import User


@when(parsers.re(r"(?:hon|han) loggar in med tangentbordet"))
@reads
def log_in(user: User) -> None:
    user.expect_own_session("loggar in på nytt")
    Keyboard(user.page).log_in(LoginPage.open(user.page).expect_shown())


# --- Kunder – Sök kund and the Kundkort ---------------------------------------------------
@when(
    parsers.re(r"(?:hon|han) väljer Kunder – Sök kund med tangentbordet"),
    target_fixture="search_page",
)
@reads
def choose_search(user: User) -> SearchPage:
    return Keyboard(user.page).open_search()


@when("hon öppnar kunden i sökresultatet med tangentbordet", target_fixture="customer_card")
@reads
def open_customer(search_page: SearchPage, scenario: ScenarioState) -> CustomerCard:
    number = scenario.subject().number
    return Keyboard(search_page.page).open_customer(search_page, number)


# --- the dialogs --------------------------------------------------------------------------
@when("hon väljer Lägg till kund med tangentbordet", target_fixture="dialog")
@reads
def choose_add(search_page: SearchPage) -> AddCustomerDialog:
    return Keyboard(search_page.page).add_customer(search_page)


@given(
    "att hon med tangentbordet har öppnat dialogen Lägg till kund för kunden",
    target_fixture="dialog",
)
@reads
def add_dialog_opened(user: User, scenario: ScenarioState) -> AddCustomerDialog:
    keyboard = Keyboard(user.page)
    search_page = keyboard.search(keyboard.open_search(), scenario.customer.number.twelve("-"))
    return keyboard.add_customer(search_page)


@given(
    "att hon med tangentbordet har öppnat dialogen Ändra kund för kunden",
    target_fixture="dialog",
)
@reads
def edit_dialog_opened(user: User, scenario: ScenarioState) -> EditCustomerDialog:
    keyboard = Keyboard(user.page)
    number = scenario.subject().number
    search_page = keyboard.search(keyboard.open_search(), number)
    return keyboard.edit(keyboard.open_customer(search_page, number))


@when("hon hämtar uppgifterna från PU-tjänsten med tangentbordet")
@reads
def fetch_from_pu(dialog: AddCustomerDialog, scenario: ScenarioState) -> None:
    Keyboard(dialog.page).fetch_from_pu(dialog)
    # What the dialog now holds, as after the mouse's Hämta från PU-tjänsten (steps/pu.py).
    record = scenario.pu_record
    if record is None or scenario.pu_mode != "normal" or record.answer != "hittad":
        return
    if not record.protected:
        scenario.expected = record.fetched(scenario.expected)


@when("hon sparar med tangentbordet", target_fixture="customer_card")
@writes
def save_with_keyboard(dialog: CustomerDialog) -> CustomerCard:
    return Keyboard(dialog.page).save(dialog)


@when("hon stänger dialogen med Escape")
@reads
def close_with_escape(dialog: CustomerDialog) -> None:
    Keyboard(dialog.page).close(dialog)


# --- where the focus is -------------------------------------------------------------------
@then(
    parsers.re(
        r"är dialogen stängd och fokus tillbaka på knappen "
        r"(?P<button>Lägg till kund|Ändra personuppgifter)"
    )
)
@reads
def focus_back_on_opener(dialog: CustomerDialog, button: str) -> None:
    dialog.expect_closed()
    page = dialog.page
    opener = (
        SearchPage(page).add_customer_button
        if button == "Lägg till kund"
        else CustomerCard(page).edit_button
    )
    Keyboard(page).expect_focus_on(opener)


@then("står fokus i dialogen")
@reads
def focus_in_dialog(dialog: CustomerDialog) -> None:
    Keyboard(dialog.page).expect_focus_in_dialog(dialog)


@when(
    parsers.re(
        r"(?:hon|han) trycker (?P<key>Tab|Skift\+Tab) fler gånger än dialogen har element "
        r"att stanna på"
    ),
    target_fixture="focus_walk",
)
@reads
def walk_dialog(dialog: CustomerDialog, key: str) -> FocusWalk:
    return Keyboard(dialog.page).walk_dialog(dialog, backwards=key == "Skift+Tab")


@then("har fokus hela tiden stannat i dialogen")
@reads
def stayed_in_dialog(focus_walk: FocusWalk) -> None:
    focus_walk.expect_stayed_inside()

"""§1: the 45-minute inactivity logout — time is moved on both clocks together."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from mvj_suite.core.clocks import Clocks
from mvj_suite.core.journal_browser import JournalBrowser
from mvj_suite.model.intent import reads
from pages.logged_out import LoggedOutPage
from pages.login import LoginPage
from pages.shell import AppShell
from steps.actors import User

_DURATION = r"(?P<minutes>\d+) minuter?(?: och (?P<seconds>\d+) sekunder?)?"


def _seconds(minutes: str, seconds: str | None) -> int:
    return int(minutes) * 60 + int(seconds or 0)


@when(parsers.re(_DURATION + r" går utan att (?:hon|han) gör något i journalen"))
@reads
def time_passes(clocks: Clocks, user: User, minutes: str, seconds: str | None) -> None:
    user.expect_own_session("flyttar klockan fram")
    clocks.forward(_seconds(minutes, seconds))


@given(parsers.re(r"att (?:hon|han) har loggats ut på grund av inaktivitet"))
@reads
def logged_out_by_inactivity(clocks: Clocks, user: User) -> None:
    user.expect_own_session("låter sessionen gå ut")
    clocks.forward(45 * 60)
    LoggedOutPage(user.page).expect_inactivity_logout()


@given(parsers.re(r"att (?:hon|han) har stängt journalens flik men inte webbläsaren"))
@reads
def close_tab(journal_browser: JournalBrowser, user: User) -> None:
    # A blank tab keeps the browser (context and cookies) alive without the journal's
    # page and its timers, so only the journal's own session rule is left to act.
    journal_tab = user.page
    user.switch_to(journal_browser.new_tab(journal_tab))
    journal_tab.close()


@when(parsers.re(r"(?:hon|han) öppnar journalen i en ny flik"))
@reads
def open_in_new_tab(user: User) -> None:
    LoginPage.open(user.page)


@then(parsers.re(r"är (?:hon|han) fortfarande inloggad"))
@reads
def still_logged_in(user: User) -> None:
    assert user.card is not None
    LoggedOutPage(user.page).expect_no_inactivity_logout()
    AppShell(user.page).expect_logged_in_as(user.card.name, user.card.hsa_id)


@then("godtar journalen fortfarande hennes session")
@reads
def server_session_alive(user: User) -> None:
    assert user.card is not None
    AppShell(user.page).reload().expect_logged_in_as(user.card.name, user.card.hsa_id)


@then(parsers.re(r"är (?:hon|han) inte längre inloggad"))
@reads
def no_longer_logged_in(user: User) -> None:
    AppShell(user.page).expect_not_logged_in()


@then(parsers.re(r"loggas (?:hon|han) ut på grund av inaktivitet"))
@reads
def logged_out_inactivity(user: User) -> None:
    LoggedOutPage(user.page).expect_inactivity_logout()
    AppShell(user.page).expect_not_logged_in()


@then("har journalen avslutat hennes session")
@reads
def server_session_gone(user: User) -> None:
    LoginPage.open(user.page).expect_shown()
    AppShell(user.page).expect_not_logged_in()

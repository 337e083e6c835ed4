"""§1: logging in with a SITHS card, logging out, pages that need a login."""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, then, when

from mvj_suite.core.journal import JOURNAL_VERSION_PROPERTY, Journal
from mvj_suite.core.journal_browser import JournalBrowser
from mvj_suite.core.shared_login import SharedLogins, needs_own_login
from mvj_suite.model.intent import reads
from pages.logged_out import LoggedOutPage
from pages.login import LoginPage
from pages.shell import AppShell
from steps.actors import PERSONA_CARDS, User, open_browser


@given(
    parsers.re(r"att (?P<persona>sjuksköterskan \w+) har sitt SITHS-kort i läsaren"),
    target_fixture="user",
)
@reads
def with_card(journal_browser: JournalBrowser, journal: Journal, persona: str) -> User:
    return open_browser(journal_browser, journal, persona, with_card=True)


@given("att Sara inte har något SITHS-kort i läsaren", target_fixture="user")
@reads
def without_card(journal_browser: JournalBrowser, journal: Journal) -> User:
    return open_browser(journal_browser, journal, "Sara", with_card=False)


@given(
    "att Olof har ett giltigt SITHS-kort men ingen behörighet till journalen",
    target_fixture="user",
)
@reads
def card_without_access(journal_browser: JournalBrowser, journal: Journal) -> User:
    return open_browser(journal_browser, journal, "Olof", with_card=True)


@given("att Ulla har ett SITHS-kort som har gått ut", target_fixture="user")
@reads
def expired_card(journal_browser: JournalBrowser, journal: Journal) -> User:
    return open_browser(journal_browser, journal, "Ulla", with_card=True)


@given(
    "att Frida har ett SITHS-kort från en utfärdare som journalen inte litar på",
    target_fixture="user",
)
@reads
def foreign_card(journal_browser: JournalBrowser, journal: Journal) -> User:
    return open_browser(journal_browser, journal, "Frida", with_card=True)


@given(
    parsers.re(r"att (?P<persona>sjuksköterskan \w+) är inloggad"),
    target_fixture="user",
)
@reads
def logged_in(
    journal_browser: JournalBrowser,
    journal: Journal,
    shared_logins: SharedLogins,
    persona: str,
    request: pytest.FixtureRequest,
) -> User:
    markers = {marker.name for marker in request.node.iter_markers()}
    if journal_browser.attached:
        # A browser the tester logged into by hand (--cdp-url) is logged in already.
        user = open_browser(journal_browser, journal, persona, with_card=True)
        shell = LoginPage.open(user.page).log_in_unless_logged_in()
    elif needs_own_login(markers):
        user = open_browser(journal_browser, journal, persona, with_card=True)
        shell = LoginPage.open(user.page).log_in()
    else:
        user, shell = _from_shared_login(journal_browser, journal, shared_logins, persona)
    assert user.card is not None
    shell.expect_logged_in_as(user.card.name, user.card.hsa_id)
    # What the journal says its version is, as a fact of this test (JUnit shows it; the
    # sign-off names the release under test by it). Read at each real login; a scenario
    # on the kept session has the version its login read.
    if user.shared_session and shared_logins.journal_version is not None:
        version: str | None = shared_logins.journal_version
    else:
        version = shell.journal_version()
        if user.shared_session:
            shared_logins.journal_version = version
    if version and (JOURNAL_VERSION_PROPERTY, version) not in request.node.user_properties:
        request.node.user_properties.append((JOURNAL_VERSION_PROPERTY, version))
    return user


def _from_shared_login(
    journal_browser: JournalBrowser, journal: Journal, shared_logins: SharedLogins, persona: str
) -> tuple[User, AppShell]:
    """A fresh browser on the worker's shared session, logging in for it the first time.

    A kept session the journal no longer accepts (a restart that lost it, a journal
    whose login lives in session storage) is replaced by a new real login here.
    """
    key = PERSONA_CARDS[persona]
    state = shared_logins.get(key)
    user = open_browser(journal_browser, journal, persona, with_card=True, storage_state=state)
    login = LoginPage.open(user.page)
    shell = AppShell(user.page)
    if state is not None and shell.logout_button.is_visible():  # loaded: no waiting
        shared_logins.reused += 1
        return user, shell
    # No kept session yet, or one not shown at once (a single-page journal still
    # drawing, a session the journal dropped): wait for the login page or the shell.
    shell = login.log_in_unless_logged_in()
    if state is not None and not login.logged_in_here:
        shared_logins.reused += 1
        return user, shell
    assert user.card is not None
    shell.expect_logged_in_as(user.card.name, user.card.hsa_id)
    shared_logins.remember(key, user.page.context.storage_state())
    shared_logins.journal_version = None  # read again after this real login
    shared_logins.logins += 1
    user.shared_session = True
    return user, shell


@when(parsers.re(r"(?:hon|han) loggar in"))
@reads
def log_in(user: User) -> None:
    user.expect_own_session("loggar in på nytt")
    LoginPage.open(user.page).log_in()


@when(parsers.re(r"(?:hon|han) loggar in igen i samma webbläsare"))
@reads
def log_in_again(user: User) -> None:
    user.expect_own_session("loggar in på nytt")
    LoginPage.open(user.page).log_in()


@when(parsers.re(r"(?:hon|han) öppnar en ny webbläsare och loggar in"))
@reads
def log_in_fresh_browser(journal_browser: JournalBrowser, journal: Journal, user: User) -> None:
    fresh = open_browser(journal_browser, journal, user.persona, with_card=True)
    user.switch_to(fresh.page)
    LoginPage.open(user.page).log_in()


@when(parsers.re(r"(?:hon|han) öppnar journalens startsida"))
@reads
def open_start(user: User) -> None:
    LoginPage.open(user.page)


@when(parsers.re(r"(?:hon|han) loggar ut"))
@reads
def log_out(user: User) -> None:
    user.expect_own_session("loggar ut")
    user.left_at = user.page.url
    AppShell(user.page).log_out()


@then(parsers.re(r"ser (?:hon|han) att (?:hon|han) är inloggad med sitt namn och HSA-id"))
@reads
def sees_logged_in(user: User) -> None:
    assert user.card is not None
    AppShell(user.page).expect_logged_in_as(user.card.name, user.card.hsa_id)


@then("visas inloggningssidan")
@reads
def login_page_shown(user: User) -> None:
    LoginPage(user.page).expect_shown()
    AppShell(user.page).expect_not_logged_in()


@then("nekas inloggningen eftersom inget giltigt SITHS-kort hittades")
@reads
def refused_no_valid_card(user: User) -> None:
    LoginPage(user.page).expect_no_valid_card()
    AppShell(user.page).expect_not_logged_in()


@then("nekas inloggningen eftersom kortets HSA-id saknar behörighet")
@reads
def refused_no_access(user: User) -> None:
    assert user.card is not None
    LoginPage(user.page).expect_no_access(user.card.hsa_id)
    AppShell(user.page).expect_not_logged_in()


@then("nekas inloggningen med uppmaningen att stänga webbläsaren")
@reads
def refused_close_browser(user: User) -> None:
    LoginPage(user.page).expect_browser_must_be_closed()
    AppShell(user.page).expect_not_logged_in()


@then(parsers.re(r"ser (?:hon|han) att (?:hon|han) är utloggad"))
@reads
def sees_logged_out(user: User) -> None:
    LoggedOutPage(user.page).expect_manual_logout()
    AppShell(user.page).expect_not_logged_in()


@then("är journalen stängd för webbläsaren tills hon loggar in igen")
@reads
def journal_closed(user: User) -> None:
    LoginPage.open(user.page).expect_shown()
    AppShell(user.page).expect_not_logged_in()
    if user.left_at:
        # Not only the start page: the very page she left (its address as the browser
        # showed it) must not open either.
        user.page.goto(user.left_at)
        LoginPage(user.page).expect_shown()
        AppShell(user.page).expect_not_logged_in()

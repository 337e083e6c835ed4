"""The login page and the refusals it can show."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from playwright.sync_api import Page

from mvj_suite.model import views
from mvj_suite.model.intent import reading
from pages import vocabulary as v
from pages.expect import expect
from pages.shell import AppShell


class LoginPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name=v.LOGIN_HEADING)
        self.login_button = page.get_by_role("button", name=v.LOGIN_BUTTON)
        self.logged_in_here = False  # whether log_in_unless_logged_in had to log in

    @classmethod
    def open(cls, page: Page) -> LoginPage:
        """Open the journal's start address, as a user following the routine's link."""
        # "/" resolves against the browser's base URL. A browser the tester attached
        # (--cdp-url) has none, but its tab already shows the journal: same origin.
        shown = urlsplit(page.url)
        on_web = shown.scheme in ("http", "https") and shown.netloc
        page.goto(urlunsplit((shown.scheme, shown.netloc, "/", "", "")) if on_web else "/")
        return cls(page)

    def expect_shown(self) -> LoginPage:
        expect(self.heading).to_be_visible()
        expect(self.login_button).to_be_visible()
        views.shown(self.page, views.LOGIN)
        return self

    @reading
    def log_in(self) -> AppShell:
        """Log in with the card in the reader, until the journal answers (logged in, or a
        refusal); the caller checks which."""
        self.login_button.click()
        shell = AppShell(self.page)
        expect(shell.logged_in_text.or_(self.page.get_by_role("alert")).first).to_be_visible()
        return shell

    @reading
    def log_in_unless_logged_in(self) -> AppShell:
        """Log in, or accept a browser that is logged in already (by hand, or from a
        kept session)."""
        shell = AppShell(self.page)
        expect(self.login_button.or_(shell.logout_button).first).to_be_visible()
        if self.login_button.is_visible():
            self.logged_in_here = True
            # Until the journal has answered: a single-page journal's login is a request
            # sent after the click returns, and it belongs to this (reading) action.
            return self.log_in()
        return shell

    def expect_refused(self, message: str) -> LoginPage:
        expect(self.page.get_by_role("alert").filter(has_text=message)).to_be_visible()
        views.shown(self.page, views.LOGIN_REFUSED)
        return self

    def expect_no_valid_card(self) -> LoginPage:
        return self.expect_refused(v.NO_VALID_CARD)

    def expect_no_access(self, hsa_id: str) -> LoginPage:
        return self.expect_refused(v.NO_ACCESS.format(hsa_id=hsa_id))

    def expect_browser_must_be_closed(self) -> LoginPage:
        return self.expect_refused(v.CLOSE_BROWSER)

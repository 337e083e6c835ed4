"""What every logged-in page has: who is logged in, Logga ut and the Kunder menu."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from mvj_suite.model import views
from mvj_suite.model.intent import reading
from pages import vocabulary as v
from pages.expect import expect
from pages.logged_out import LoggedOutPage
from pages.search import SearchPage


class AppShell:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.logged_in_text = page.get_by_text(v.LOGGED_IN_PREFIX)
        self.logout_button = page.get_by_role("button", name=v.LOGOUT_BUTTON, exact=True)
        self.customers_menu = page.get_by_role("button", name=v.CUSTOMERS_MENU, exact=True)

    def expect_logged_in_as(self, name: str, hsa_id: str) -> AppShell:
        expect(
            self.page.get_by_text(v.LOGGED_IN_AS.format(name=name, hsa_id=hsa_id))
        ).to_be_visible()
        expect(self.logout_button).to_be_visible()
        views.shown(self.page, views.LANDING)
        return self

    def journal_version(self) -> str | None:
        """The journal's version text where the page shows one (not every journal does)."""
        # One round trip: this runs in every scenario's login step.
        shown = self.page.get_by_text(v.JOURNAL_VERSION).all_inner_texts()
        return shown[0].strip() if shown else None

    def expect_not_logged_in(self) -> AppShell:
        expect(self.logged_in_text).to_have_count(0)
        expect(self.logout_button).to_have_count(0)
        return self

    def reload(self) -> AppShell:
        """Ask the journal for the current page again (a request that needs the session)."""
        self.page.reload()
        return self

    @reading
    def log_out(self) -> LoggedOutPage:
        self.logout_button.click()
        expect(self.logout_button).to_have_count(0)  # the journal has answered
        return LoggedOutPage(self.page)

    @reading
    def open_search(self) -> SearchPage:
        """Kunder – Sök kund, as the routine says."""
        self.customers_menu.click()
        item = self.page.get_by_role("menuitem", name=v.SEARCH_MENU_ITEM, exact=True).or_(
            self.page.get_by_role("link", name=v.SEARCH_MENU_ITEM, exact=True)
        )
        item.first.click()
        return SearchPage(self.page).expect_shown()

    def source(self) -> str:
        """The current page's HTML as the browser holds it (checks that nothing leaks)."""
        return self.page.content()

    def personal_data(self) -> list[Locator]:
        """Who is logged in: a real name and HSA-id (masked on screenshots of a live journal)."""
        return [self.logged_in_text]

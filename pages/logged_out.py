"""The pages shown after a manual logout and after the inactivity logout."""

from __future__ import annotations

from playwright.sync_api import Page

from mvj_suite.model import views
from pages import vocabulary as v
from pages.expect import expect


class LoggedOutPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def expect_manual_logout(self) -> LoggedOutPage:
        expect(self.page.get_by_role("heading", name=v.LOGGED_OUT_HEADING)).to_be_visible()
        views.shown(self.page, views.LOGGED_OUT)
        return self

    def expect_inactivity_logout(self) -> LoggedOutPage:
        expect(self.page.get_by_role("heading", name=v.INACTIVITY_HEADING)).to_be_visible()
        expect(self.page.get_by_text(v.INACTIVITY_TEXT)).to_be_visible()
        views.shown(self.page, views.LOGGED_OUT_INACTIVE)
        return self

    def expect_no_inactivity_logout(self) -> LoggedOutPage:
        expect(self.page.get_by_role("heading", name=v.INACTIVITY_HEADING)).to_have_count(0)
        return self

"""What `Lägg till ny kund` offers: adding a customer with a reservnummer (§2.3)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from mvj_suite.model.intent import reading
from pages import vocabulary as v
from pages.customer_dialog import ReserveDialog


class NewCustomerChoice:
    def __init__(self, page: Page) -> None:
        self.page = page
        # The contract allows a button or a menu item.
        self.reserve = page.get_by_role("button", name=v.RESERVE_BUTTON, exact=True).or_(
            page.get_by_role("menuitem", name=v.RESERVE_BUTTON, exact=True)
        )

    @reading
    def add_with_reservnummer(self) -> ReserveDialog:
        self.reserve.first.click()
        dialog = ReserveDialog(self.page)
        dialog.expect_open()
        return dialog

    def personal_data(self) -> list[Locator]:
        """Nothing personal is shown here (the interface other page objects have)."""
        return []

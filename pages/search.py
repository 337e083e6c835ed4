"""Sök kund: the search field, its answers and the result table."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from mvj_suite.model import views
from mvj_suite.model.intent import reading
from pages import vocabulary as v
from pages.customer_card import CustomerCard
from pages.customer_dialog import AddCustomerDialog
from pages.expect import expect
from pages.new_customer import NewCustomerChoice


class SearchPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name=v.SEARCH_HEADING, exact=True)
        self.field = page.get_by_label(v.SEARCH_FIELD, exact=True)
        self.search_button = page.get_by_role("button", name=v.SEARCH_BUTTON, exact=True)
        self.results = page.get_by_role("table", name=v.RESULTS_TABLE)
        self.add_customer_button = page.get_by_role(
            "button", name=v.ADD_CUSTOMER_BUTTON, exact=True
        )
        self.add_new_customer_button = page.get_by_role(
            "button", name=v.ADD_NEW_CUSTOMER_BUTTON, exact=True
        )

    def expect_shown(self) -> SearchPage:
        expect(self.heading).to_be_visible()
        expect(self.field).to_be_visible()
        expect(self.add_new_customer_button).to_be_visible()
        views.shown(self.page, views.SEARCH)
        return self

    @reading
    def search(self, text: str) -> SearchPage:
        """Search, until the journal has answered: hits, a status or an alert."""
        self.field.fill(text)
        self.search_button.click()
        answer = self.results.or_(self.page.get_by_role("status")).or_(
            self.page.get_by_role("alert")
        )
        expect(answer.first).to_be_visible()
        if self.results.is_visible():  # answered: no wait
            views.shown(self.page, views.SEARCH_RESULTS)
        return self

    # --- answers -------------------------------------------------------------------
    def _alert(self, text: str) -> Locator:
        return self.page.get_by_role("alert").filter(has_text=text)

    def _status(self, text: str) -> Locator:
        return self.page.get_by_role("status").filter(has_text=text)

    def expect_too_short(self) -> SearchPage:
        expect(self._alert(v.TOO_SHORT)).to_be_visible()
        expect(self.results).to_have_count(0)
        return self

    def expect_no_too_short_warning(self) -> SearchPage:
        expect(self._alert(v.TOO_SHORT)).to_have_count(0)
        return self

    def expect_no_customers_found(self) -> SearchPage:
        expect(self._status(v.NO_CUSTOMERS_FOUND)).to_be_visible()
        expect(self.results).to_have_count(0)
        return self

    def expect_invalid_number(self) -> SearchPage:
        expect(self._alert(v.INVALID_PERSONNUMMER)).to_be_visible()
        expect(self.results).to_have_count(0)
        return self

    def expect_offer_to_add(self) -> SearchPage:
        expect(self._status(v.NOT_IN_JOURNAL)).to_be_visible()
        expect(self.add_customer_button).to_be_visible()
        return self

    # --- results -------------------------------------------------------------------
    def _data_rows(self) -> Locator:
        # Header rows hold column headers, data rows hold cells; keep the latter.
        return self.results.get_by_role("row").filter(has=self.page.get_by_role("cell"))

    def row(self, number: str) -> Locator:
        return self._data_rows().filter(has_text=number)

    def expect_customer_found(self, number: str) -> SearchPage:
        expect(self.row(number)).to_have_count(1)
        return self

    def expect_no_customer_with(self, *texts: str) -> SearchPage:
        """The search was answered, and no hit shows all of ``texts`` (other customers
        may share one of them: a real journal has namesakes)."""
        answered = self.results.or_(self._status(v.NO_CUSTOMERS_FOUND))
        expect(answered.first).to_be_visible()
        rows = self._data_rows()
        for text in texts:
            rows = rows.filter(has_text=text)
        expect(rows).to_have_count(0)
        return self

    def expect_only_customers(self, numbers: list[str]) -> SearchPage:
        expect(self._data_rows()).to_have_count(len(numbers))
        for number in numbers:
            self.expect_customer_found(number)
        return self

    def row_values(self, number: str) -> dict[str, str]:
        """The row's cells by column header (the contract fixes names, not order)."""
        self.expect_customer_found(number)
        headers = [h.strip() for h in self.results.get_by_role("columnheader").all_inner_texts()]
        cells = [c.strip() for c in self.row(number).get_by_role("cell").all_inner_texts()]
        return dict(zip(headers, cells, strict=False))

    def expect_row(
        self, number: str, name_parts: list[str], address_parts: list[str]
    ) -> SearchPage:
        """The row names the customer, and its Adress shows some of ``address_parts``.

        The contract fixes the Kundkort's address format, not the result row's: a
        journal may show the street, the place or both there.
        """
        values = self.row_values(number)
        assert number in values.get(v.COLUMN_NUMBER, ""), values
        for part in name_parts:
            assert part in values.get(v.COLUMN_NAME, ""), values
        shown = values.get(v.COLUMN_ADDRESS, "")
        known = [part for part in address_parts if part]
        assert not known or any(part in shown for part in known), values
        return self

    def expect_protected_row(self, number: str, hidden: list[str]) -> SearchPage:
        """The row says Skyddad identitet where the name would be and shows no address."""
        row = self.row(number)
        expect(row).to_contain_text(v.PROTECTED_IDENTITY)
        for secret in hidden:
            expect(row).not_to_contain_text(secret)
        values = self.row_values(number)
        assert values.get(v.COLUMN_NAME) == v.PROTECTED_IDENTITY, values
        assert values.get(v.COLUMN_ADDRESS, "") == "", values
        return self

    @reading
    def open_customer(self, number: str) -> CustomerCard:
        """Choose the customer by clicking the row, as the routine says."""
        self.row(number).click()
        card = CustomerCard(self.page)
        expect(card.edit_button).to_be_visible()  # every Kundkort has it (disabled or not)
        return card

    # --- adding customers (§2.2, §2.3) ---------------------------------------------------
    @reading
    def add_customer(self) -> AddCustomerDialog:
        """Lägg till kund, after the question for a number that is not in the journal."""
        self.add_customer_button.click()
        dialog = AddCustomerDialog(self.page)
        dialog.expect_open()
        return dialog

    @reading
    def add_new_customer(self) -> NewCustomerChoice:
        self.add_new_customer_button.click()
        choice = NewCustomerChoice(self.page)
        expect(choice.reserve.first).to_be_visible()
        return choice

    def personal_data(self) -> list[Locator]:
        """Locators that can show personal data (masked on screenshots of a live journal)."""
        return [self.results, self.field]

    def source(self) -> str:
        """The page's HTML as the browser holds it (for checks that nothing leaks)."""
        return self.page.content()

"""Kundkort: the customer's saved data as labelled, read-only values."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from mvj_suite.model import views
from mvj_suite.model.intent import reading
from pages import vocabulary as v
from pages.expect import expect


class CustomerCard:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.edit_button = page.get_by_role("button", name=v.EDIT_CUSTOMER_BUTTON, exact=True)

    def expect_customer(self, heading: str) -> CustomerCard:
        expect(self.page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        # The heading seen says which Kundkort it is (a card may render in stages).
        protected = heading == v.PROTECTED_IDENTITY
        views.shown(self.page, views.PROTECTED_CARD if protected else views.CARD)
        return self

    def value(self, field: str) -> str:
        """The text shown under a label (``field`` is a key of ``CARD_LABELS``)."""
        locator = self.page.get_by_label(v.CARD_LABELS[field], exact=True)
        expect(locator).to_be_visible()
        return (locator.text_content() or "").strip()

    def expect_value(self, field: str, text: str) -> CustomerCard:
        expect(self.page.get_by_label(v.CARD_LABELS[field], exact=True)).to_have_text(text)
        return self

    def expect_consent(self, given: bool) -> CustomerCard:
        return self.expect_value("consent", v.CONSENT_YES if given else v.CONSENT_NO)

    def expect_saved(self) -> CustomerCard:
        expect(self.page.get_by_role("status").filter(has_text=v.CUSTOMER_SAVED)).to_be_visible()
        return self

    def expect_no_value(self, field: str) -> CustomerCard:
        """The label is absent or shows nothing (the contract allows either)."""
        locator = self.page.get_by_label(v.CARD_LABELS[field], exact=True)
        if locator.count():
            expect(locator).to_have_text("")
        return self

    def expect_protected(self, number: str) -> CustomerCard:
        """§2.5: the heading Skyddad identitet, the no-manual-completion text, the number."""
        self.expect_customer(v.PROTECTED_IDENTITY)
        expect(self.page.get_by_text(v.NO_MANUAL_COMPLETION)).to_be_visible()
        self.expect_value("personnummer", number)
        for field in v.CARD_LABELS:  # everything but the number shows nothing
            if field not in ("personnummer", "reservnummer"):
                self.expect_no_value(field)
        return self

    def expect_edit_disabled(self) -> CustomerCard:
        expect(self.edit_button).to_be_disabled()
        return self

    @reading
    def edit(self) -> None:
        """Ändra personuppgifter; the caller goes on in the dialog (``EditCustomerDialog``),
        which knows this card's page (the card does not know the dialog: Spara leads back
        here)."""
        self.edit_button.click()
        expect(self.page.get_by_role("dialog")).to_be_visible()

    def personal_data(self) -> list[Locator]:
        """Locators that can show personal data (masked on screenshots of a live journal)."""
        heading = self.page.get_by_role("heading")
        return [
            heading,
            *(self.page.get_by_label(label, exact=True) for label in v.CARD_LABELS.values()),
        ]

    def source(self) -> str:
        """The page's HTML as the browser holds it (for checks that nothing leaks)."""
        return self.page.content()

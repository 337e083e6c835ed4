"""Kundkort: the customer's saved data as labelled, read-only values."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from pages import vocabulary as v


class CustomerCard:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.edit_button = page.get_by_role("button", name=v.EDIT_CUSTOMER_BUTTON, exact=True)

    def expect_customer(self, heading: str) -> CustomerCard:
        expect(self.page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
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
        return self.expect_value("samtycke", v.CONSENT_YES if given else v.CONSENT_NO)

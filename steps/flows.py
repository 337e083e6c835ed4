"""The routine's flows that several steps share, in page objects' terms.

Not steps themselves: what a nurse does to reach a dialog, to add a customer
or to open a Kundkort, used by steps and handed to ``journal_data`` (which adds
a live scenario's own customer through the journal's UI).
"""

from __future__ import annotations

from playwright.sync_api import Page

from mvj_suite.model.customers import ReserveCustomer, reservnummer_problems
from mvj_suite.model.details import CustomerDetails
from mvj_suite.model.testdata import Customer
from pages.customer_card import CustomerCard
from pages.customer_dialog import (
    AddCustomerDialog,
    CustomerDialog,
    EditCustomerDialog,
    ReserveDialog,
)
from pages.shell import AppShell


def fill(dialog: CustomerDialog, details: CustomerDetails) -> CustomerDetails:
    """Type ``details`` into the dialog: what it then holds (and Spara should save)."""
    values = {**details.text_values(), "birth_date": details.birth_date}
    dialog.enter(values, details.contact_route, details.consent, sex=details.sex)
    return details


def open_add_dialog(page: Page, customer: Customer) -> AddCustomerDialog:
    """Kunder – Sök kund, the number, and Lägg till kund after the journal's question."""
    search = AppShell(page).open_search().search(customer.number.twelve("-"))
    search.expect_offer_to_add()
    return search.add_customer()


def open_reserve_dialog(page: Page) -> ReserveDialog:
    return AppShell(page).open_search().add_new_customer().add_with_reservnummer()


def open_card(page: Page, number: str) -> CustomerCard:
    return AppShell(page).open_search().search(number).open_customer(number)


def edit(card: CustomerCard) -> EditCustomerDialog:
    """Ändra personuppgifter on an open Kundkort."""
    card.edit()
    return EditCustomerDialog(card.page)


def add_customer(page: Page, customer: Customer) -> CustomerCard:
    """Add ``customer`` with the details typed by hand; the Kundkort confirms it."""
    dialog = open_add_dialog(page, customer)
    fill(dialog, customer.typed())
    return dialog.save().expect_saved()


def add_reserve_customer(page: Page, customer: ReserveCustomer) -> ReserveCustomer:
    """Add a customer with a reservnummer; returns them with the number the journal gave."""
    dialog = open_reserve_dialog(page)
    fill(dialog, customer.typed())
    card = dialog.save().expect_saved()
    number = card.value("reservnummer")
    problems = reservnummer_problems(number, customer.birth_date)
    assert not problems, problems
    return customer.with_reservnummer(number)

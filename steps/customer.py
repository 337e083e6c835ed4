"""Kundkort: opening a customer from the result list and what the card shows."""

from __future__ import annotations

from pytest_bdd import then, when

from pages.customer_card import CustomerCard
from pages.search import SearchPage
from suite.model.intent import reads
from suite.model.profile_people import unknown_card_fields
from suite.model.testdata import Customer


@when("hon väljer kunden genom att klicka på raden", target_fixture="customer_card")
@reads
def open_customer(search_page: SearchPage, customer: Customer) -> CustomerCard:
    return search_page.open_customer(customer.number.display)


@then("visas kundkortet med kundens sparade uppgifter")
@reads
def card_shows_saved_data(customer_card: CustomerCard, customer: Customer) -> None:
    customer_card.expect_customer(customer.name)
    customer_card.expect_value("personnummer", customer.number.display)
    customer_card.expect_value("birth_date", customer.number.born.isoformat())
    customer_card.expect_value("address", customer.address)
    customer_card.expect_value("mobile", customer.phone.as_saved)
    customer_card.expect_value("email", customer.email)
    # A test profile may leave these out; the stub's own customers always have them.
    unknown = unknown_card_fields(customer)
    if "contact_route" not in unknown:
        customer_card.expect_value("contact_route", customer.contact_route)
    if "consent" not in unknown:
        customer_card.expect_consent(customer.consent)

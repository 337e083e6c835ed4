"""Kundkort: opening a customer from the result list and what the card shows."""

from __future__ import annotations

from pytest_bdd import then, when

from pages.customer_card import CustomerCard
from pages.search import SearchPage
from suite.model.intent import reads
from suite.model.profile_people import unknown_card_fields
from suite.model.testdata import Kund


@when("hon väljer kunden genom att klicka på raden", target_fixture="customer_card")
@reads
def open_customer(search_page: SearchPage, kund: Kund) -> CustomerCard:
    return search_page.open_customer(kund.nummer.visning)


@then("visas kundkortet med kundens sparade uppgifter")
@reads
def card_shows_saved_data(customer_card: CustomerCard, kund: Kund) -> None:
    customer_card.expect_customer(kund.namn)
    customer_card.expect_value("personnummer", kund.nummer.visning)
    customer_card.expect_value("födelsedatum", kund.nummer.born.isoformat())
    customer_card.expect_value("adress", kund.adress)
    customer_card.expect_value("mobiltelefon", kund.telefon.som_sparat)
    customer_card.expect_value("e-post", kund.epost)
    # A test profile may leave these out; the stub's own customers always have them.
    unknown = unknown_card_fields(kund)
    if "kontaktväg" not in unknown:
        customer_card.expect_value("kontaktväg", kund.kontaktvag)
    if "samtycke" not in unknown:
        customer_card.expect_consent(kund.samtycke)

"""The Kundkort: opening a customer and what the card shows after a search or a save."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from mvj_suite.model.details import CustomerDetails
from mvj_suite.model.intent import reads
from mvj_suite.model.scenario import ScenarioState, Subject
from pages.customer_card import CustomerCard
from pages.search import SearchPage
from steps.actors import User
from steps.flows import open_card
from steps.known_values import check_field, check_fields

CARD = "Kundkortet"


def expect_card(card: CustomerCard, who: Subject, shown: CustomerDetails) -> None:
    """The card of ``who`` shows ``shown``, field by field: what a live profile leaves
    out is not checked, and a difference in what it states is the profile's."""
    check_fields(shown, ("first_name", "last_name"), CARD,
                 lambda: card.expect_customer(shown.name))  # fmt: skip
    card.expect_value(who.number_key, who.number)
    card.expect_value("birth_date", who.born)
    check_fields(shown, ("street_address", "postcode", "city"), CARD,
                 lambda: card.expect_value("address", shown.address))  # fmt: skip
    check_field(shown, "mobile", CARD, lambda: card.expect_value("mobile", shown.mobile))
    check_field(shown, "email", CARD, lambda: card.expect_value("email", shown.email))
    check_field(shown, "contact_route", CARD,
                lambda: card.expect_value("contact_route", shown.contact_route))  # fmt: skip
    check_field(shown, "consent", CARD, lambda: card.expect_consent(shown.consent))


@when("hon väljer kunden genom att klicka på raden", target_fixture="customer_card")
@reads
def open_customer(search_page: SearchPage, scenario: ScenarioState) -> CustomerCard:
    return search_page.open_customer(scenario.customer.number.display)


@given("att hon har öppnat kundkortet", target_fixture="customer_card")
@reads
def card_opened(scenario: ScenarioState, user: User) -> CustomerCard:
    return open_card(user.page, scenario.subject().number)


@when("hon söker upp kunden igen", target_fixture="customer_card")
@reads
def find_again(scenario: ScenarioState, user: User) -> CustomerCard:
    return open_card(user.page, scenario.subject().number)


@then("visas kundkortet med kundens sparade uppgifter")
@reads
def card_shows_saved_data(customer_card: CustomerCard, scenario: ScenarioState) -> None:
    who = scenario.subject()
    expect_card(customer_card, who, who.details)


@then(
    parsers.re(
        r"visar kundkortet (?:det hon fyllde i|de ändrade uppgifterna"
        r"|uppgifterna från PU-tjänsten(?: och det hon fyllt i)?)"
    )
)
@reads
def card_shows_expected(customer_card: CustomerCard, scenario: ScenarioState) -> None:
    expect_card(customer_card, scenario.subject(), scenario.expected)


@then("ser hon att kunden har sparats")
@reads
def saved(customer_card: CustomerCard) -> None:
    customer_card.expect_saved()


@then(parsers.re(r"visar kundkortet kontaktvägen (?P<route>.+)"))
@reads
def card_shows_route(customer_card: CustomerCard, route: str) -> None:
    customer_card.expect_saved().expect_value("contact_route", route)


@then("visar kundkortet att kunden inte samtycker till erbjudanden")
@reads
def card_no_consent(customer_card: CustomerCard) -> None:
    customer_card.expect_saved().expect_consent(False)


@then("har inget skript i uppgifterna körts")
@reads
def no_script_ran(customer_card: CustomerCard, user: User) -> None:
    customer_card.expect_saved()
    assert user.script_boxes == [], f"sidan öppnade rutor: {user.script_boxes}"

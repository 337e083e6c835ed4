"""§2.5: a customer with skyddad identitet — every view shows that and the number only."""

from __future__ import annotations

import re

from pytest_bdd import given, then

from mvj_suite.model.customers import PuPerson
from mvj_suite.model.intent import reads, writes
from mvj_suite.model.person_needs import person_step
from mvj_suite.model.scenario import ScenarioState
from pages import vocabulary as v
from pages.customer_card import CustomerCard
from pages.customer_dialog import AddCustomerDialog
from pages.search import SearchPage
from pages.shell import AppShell
from steps.actors import User
from steps.flows import open_add_dialog


@then("visar dialogen Skyddad identitet och inga uppgifter går att fylla i")
@reads
def dialog_protected(dialog: AddCustomerDialog) -> None:
    dialog.expect_open().expect_protected()


@then("visar kundkortet Skyddad identitet och bara personnumret")
@reads
def card_protected(customer_card: CustomerCard, scenario: ScenarioState) -> None:
    customer_card.expect_protected(scenario.customer.number.display)


@then("kan hon inte ändra personuppgifterna")
@reads
def cannot_edit(customer_card: CustomerCard) -> None:
    customer_card.expect_edit_disabled()


@given("att hon har lagt till kunden från PU-tjänsten", target_fixture="customer_card")
@writes
def added_from_pu(user: User, scenario: ScenarioState) -> CustomerCard:
    dialog = open_add_dialog(user.page, scenario.customer)
    dialog.fetch_from_pu().expect_protected()
    return dialog.save().expect_saved()


@then("visar träffen Skyddad identitet i stället för namn och ingen adress")
@reads
def protected_row(search_page: SearchPage, scenario: ScenarioState) -> None:
    record = scenario.pu_record
    hidden = record.details.personal_values if record else []
    search_page.expect_protected_row(scenario.customer.number.display, hidden=hidden)


@then("finns kunden inte bland träffarna")
@reads
def not_among_hits(search_page: SearchPage, scenario: ScenarioState) -> None:
    search_page.expect_no_customer_with(scenario.customer.number.display)


# The journal's own words (the UI contract's fixed texts), longest first. They are no
# patient's data: "Inga kunder hittades." must not read as a leak of a protected
# person named Inga (found at 50–400 ms in ./mvj repeat: a suite crying wolf).
_JOURNAL_WORDS = sorted(
    (text for name, text in vars(v).items()
     if name.isupper() and isinstance(text, str) and "{" not in text),
    key=len, reverse=True,
)  # fmt: skip


def without_journal_words(source: str) -> str:
    for text in _JOURNAL_WORDS:
        source = source.replace(text, " ")
    return source


def _leaks(source: str, person: PuPerson) -> list[str]:
    """PU's values that point at the person and occur in ``source`` as whole words.

    Postnummer and ort alone are left out: on a real journal's page a place name
    (the region's, another customer's) occurs for reasons of its own.
    """
    u = person.details
    values = [u.first_name, u.last_name, u.street_address, u.mobile, u.email]
    values.append(u.mobile.replace("-", "").replace(" ", ""))  # in another notation
    found = []
    for value in values:
        # Whole words only: a short place name may be part of an ordinary word.
        if value and re.search(rf"(?<!\w){re.escape(value)}(?!\w)", source):
            found.append(value)
    return found


# Without the person's name in the profile there is nothing to look for: a check that
# cannot fail is no check, so a live scenario needs a person whose name it states.
@then(person_step("finns inga av personens uppgifter i sidans källkod", "namn"))
@reads
def nothing_in_source(user: User, scenario: ScenarioState) -> None:
    source = AppShell(user.page).source()
    if user.card is not None:
        # "Inloggad som Sara Sjöberg (…)" is the nurse, not the patient: a protected
        # person who happens to share her first name must not look like a leak.
        source = source.replace(user.card.name, "").replace(user.card.hsa_id, "")
    leaks = _leaks(without_journal_words(source), scenario.pu_record_required)
    assert not leaks, f"Sidans källkod innehåller personens uppgifter: {leaks}"

"""Who a scenario is about: every Given that brings a person into it.

Each step asks ``journal_data`` for a kind of person and never learns the
target. Steps that take a person from one of a live profile's pools are
declared with ``pool_step``, so the run knows before it starts how many
people of each pool the selected scenarios need (``suite.model.pools``).

State: ``kund`` (a customer or someone to add; a ``ReservKund`` when the
number is unknown), ``reservkund`` (a reservnummer customer in the journal),
``annan_kund`` and ``pu_people`` (what PU knows of the scenario's people).
"""

from __future__ import annotations

import re

import pytest
from pytest_bdd import given, parsers

from steps.actors import User
from steps.forms import add_customer, add_reserve_customer
from suite.journal_data import (
    NEW_PERSONNUMMER,
    NEW_SAMORDNINGSNUMMER,
    PU_SAMORDNINGSNUMMER,
    JournalData,
    pu_protected_need,
    pu_sharing_need,
)
from suite.model.customers import PuPerson, ReserveCustomer
from suite.model.intent import reads, writes
from suite.model.pools import PROTECTION_WORDS, PoolNeed, pool_step
from suite.model.testdata import Customer


@pytest.fixture
def pu_people() -> dict[str, PuPerson]:
    """What PU-tjänsten knows of the scenario's people, by their 12 digits."""
    return {}


@pytest.fixture
def pu_person(
    customer: Customer | ReserveCustomer, pu_people: dict[str, PuPerson]
) -> PuPerson | None:
    """PU's record of the scenario's customer (None: PU does not know them)."""
    if isinstance(customer, ReserveCustomer):
        return None  # no number, so nothing PU could be asked about
    return pu_people.get(customer.number.twelve())


def _known_to_pu(pu_people: dict[str, PuPerson], customer: Customer, pu: PuPerson) -> Customer:
    pu_people[customer.number.twelve()] = pu
    return customer


# --- customers in the journal (read only on a live journal) ---------------------------------
@given("att det finns en kund i journalen", target_fixture="customer")
@reads
def customer(journal_data: JournalData) -> Customer:
    return journal_data.customer()


@given("att det finns en kund med samordningsnummer i journalen", target_fixture="customer")
@reads
def customer_samordning(journal_data: JournalData) -> Customer:
    return journal_data.customer(samordning=True)


@given("att det finns en kund som är över hundra år i journalen", target_fixture="customer")
@reads
def customer_over_hundred(journal_data: JournalData) -> Customer:
    return journal_data.customer(over_hundred=True)


@given("att det finns en kund med skyddad identitet i journalen", target_fixture="customer")
@reads
def customer_protected(journal_data: JournalData, pu_people: dict[str, PuPerson]) -> Customer:
    return _known_to_pu(pu_people, *journal_data.protected_customer())


@given("att det finns en kund med reservnummer i journalen", target_fixture="reserve_customer")
@reads
def reserve_customer(journal_data: JournalData) -> ReserveCustomer:
    return journal_data.reserve_customer()


@given("att det finns en annan kund i journalen", target_fixture="other_customer")
@reads
def other_customer(journal_data: JournalData) -> Customer:
    return journal_data.customer()


# --- customers that exist for this scenario alone (it may change them) ------------------------
@given(
    pool_step("att det finns en kund som just har lagts till i journalen", NEW_PERSONNUMMER),
    target_fixture="customer",
)
@writes
def customer_just_added(journal_data: JournalData, user: User) -> Customer:
    return journal_data.customer_to_change(lambda customer: add_customer(user.page, customer))


@given(
    "att det finns en kund med reservnummer som just har lagts till i journalen",
    target_fixture="reserve_customer",
)
@writes
def reserve_customer_just_added(journal_data: JournalData, user: User) -> ReserveCustomer:
    return journal_data.reserve_customer_to_change(
        lambda customer: add_reserve_customer(user.page, customer)
    )


# --- people who are not customers yet ---------------------------------------------------------
@given(
    pool_step("att det finns en ny kund som inte finns i journalen", NEW_PERSONNUMMER),
    target_fixture="customer",
)
@given(
    pool_step("att det finns en ny kund som inte finns i PU-tjänsten", NEW_PERSONNUMMER),
    target_fixture="customer",
)
@reads
def new_customer(journal_data: JournalData) -> Customer:
    return journal_data.new_customer()


@given(
    pool_step(
        "att det finns en ny kund med samordningsnummer som inte finns i PU-tjänsten",
        NEW_SAMORDNINGSNUMMER,
    ),
    target_fixture="customer",
)
@reads
def new_customer_samordning(journal_data: JournalData) -> Customer:
    return journal_data.new_customer(samordning=True)


@given("att det finns en ny kund vars personnummer inte är känt", target_fixture="customer")
@reads
def new_customer_without_number(journal_data: JournalData) -> ReserveCustomer:
    return journal_data.new_reserve_customer()


_IN_PU_SHARING = r"att det finns en ny kund i PU-tjänsten som delar (?P<sharing>.+) från 1177"


def _sharing_need(match: re.Match[str]) -> PoolNeed:
    return pu_sharing_need(match["sharing"])


@given(parsers.re(pool_step(_IN_PU_SHARING, _sharing_need)), target_fixture="customer")
@reads
def new_customer_in_pu(
    journal_data: JournalData, pu_people: dict[str, PuPerson], sharing: str
) -> Customer:
    return _known_to_pu(pu_people, *journal_data.new_customer_in_pu(sharing))


@given(
    pool_step("att det finns en ny kund med samordningsnummer i PU-tjänsten", PU_SAMORDNINGSNUMMER),
    target_fixture="customer",
)
@reads
def new_samordning_in_pu(journal_data: JournalData, pu_people: dict[str, PuPerson]) -> Customer:
    return _known_to_pu(pu_people, *journal_data.new_customer_in_pu(None))


_PROTECTED_IN_PU = (
    r"att det finns en ny kund med (?P<protection>sekretessmarkering|skyddad folkbokföring) "
    r"i PU-tjänsten"
)


def _protection_need(match: re.Match[str]) -> PoolNeed:
    return pu_protected_need(PROTECTION_WORDS[match["protection"]])


@given(parsers.re(pool_step(_PROTECTED_IN_PU, _protection_need)), target_fixture="customer")
@reads
def new_protected_in_pu(
    journal_data: JournalData, pu_people: dict[str, PuPerson], protection: str
) -> Customer:
    return _known_to_pu(pu_people, *journal_data.new_protected_in_pu(PROTECTION_WORDS[protection]))

"""Who a scenario is about: every Given that brings a person into it.

Each step asks ``journal_data`` for a kind of person and never learns the
target; what it gets goes into the scenario's record (``scenario``). Steps that
take a person from one of a live profile's pools are declared with
``pool_step``, so the run knows before it starts how many people of each pool
the selected scenarios need (``mvj_suite.model.pools``).
"""

from __future__ import annotations

import re

from pytest_bdd import given, parsers

from mvj_suite.core.journal_data import (
    NEW_PERSONNUMMER,
    NEW_SAMORDNINGSNUMMER,
    PU_SAMORDNINGSNUMMER,
    JournalData,
    pu_protected_need,
    pu_sharing_need,
)
from mvj_suite.model.intent import reads, writes
from mvj_suite.model.person_needs import source_step
from mvj_suite.model.pools import PROTECTION_WORDS, PoolNeed, pool_step
from mvj_suite.model.scenario import ScenarioState
from steps.actors import User
from steps.flows import add_customer, add_reserve_customer


# --- customers in the journal (read only on a live journal) ---------------------------------
@given(source_step("att det finns en kund i journalen", "kunder", "personnummer"))
@reads
def customer(scenario: ScenarioState, journal_data: JournalData) -> None:
    scenario.person = journal_data.customer()


@given(source_step("att det finns en kund med samordningsnummer i journalen", "kunder",
                   "samordningsnummer"))
@reads
def customer_samordning(scenario: ScenarioState, journal_data: JournalData) -> None:
    scenario.person = journal_data.customer(samordning=True)


@given(source_step("att det finns en kund som är över hundra år i journalen", "kunder",
                   "personnummer", "over_hundra"))
@reads
def customer_over_hundred(scenario: ScenarioState, journal_data: JournalData) -> None:
    scenario.person = journal_data.customer(over_hundred=True)


@given(source_step("att det finns en kund med skyddad identitet i journalen", "skyddade_kunder"))
@reads
def customer_protected(scenario: ScenarioState, journal_data: JournalData) -> None:
    scenario.known_to_pu(*journal_data.protected_customer())


@given(source_step("att det finns en kund med reservnummer i journalen", "reservnummerkunder"))
@reads
def reserve_customer(scenario: ScenarioState, journal_data: JournalData) -> None:
    scenario.reserve_customer = journal_data.reserve_customer()


@given(source_step("att det finns en annan kund i journalen", "kunder", "personnummer",
                   person=False))
@reads
def other_customer(scenario: ScenarioState, journal_data: JournalData) -> None:
    scenario.other_customer = journal_data.other_customer()


# --- customers that exist for this scenario alone (it may change them) ------------------------
@given(pool_step("att det finns en kund som just har lagts till i journalen", NEW_PERSONNUMMER))
@writes
def customer_just_added(scenario: ScenarioState, journal_data: JournalData, user: User) -> None:
    scenario.person = journal_data.customer_to_change(
        lambda customer: add_customer(user.page, customer)
    )


@given("att det finns en kund med reservnummer som just har lagts till i journalen")
@writes
def reserve_customer_just_added(
    scenario: ScenarioState, journal_data: JournalData, user: User
) -> None:
    scenario.reserve_customer = journal_data.reserve_customer_to_change(
        lambda customer: add_reserve_customer(user.page, customer)
    )


# --- people who are not customers yet ---------------------------------------------------------
@given(pool_step("att det finns en ny kund som inte finns i journalen", NEW_PERSONNUMMER))
@given(pool_step("att det finns en ny kund som inte finns i PU-tjänsten", NEW_PERSONNUMMER))
@reads
def new_customer(scenario: ScenarioState, journal_data: JournalData) -> None:
    scenario.person = journal_data.new_customer()


@given(
    pool_step(
        "att det finns en ny kund med samordningsnummer som inte finns i PU-tjänsten",
        NEW_SAMORDNINGSNUMMER,
    )
)
@reads
def new_customer_samordning(scenario: ScenarioState, journal_data: JournalData) -> None:
    scenario.person = journal_data.new_customer(samordning=True)


@given("att det finns en ny kund vars personnummer inte är känt")
@reads
def new_customer_without_number(scenario: ScenarioState, journal_data: JournalData) -> None:
    scenario.person = journal_data.new_reserve_customer()


_IN_PU_SHARING = r"att det finns en ny kund i PU-tjänsten som delar (?P<sharing>.+) från 1177"


def _sharing_need(match: re.Match[str]) -> PoolNeed:
    return pu_sharing_need(match["sharing"])


@given(parsers.re(pool_step(_IN_PU_SHARING, _sharing_need)))
@reads
def new_customer_in_pu(scenario: ScenarioState, journal_data: JournalData, sharing: str) -> None:
    scenario.known_to_pu(*journal_data.new_customer_in_pu(sharing))


@given(
    pool_step("att det finns en ny kund med samordningsnummer i PU-tjänsten", PU_SAMORDNINGSNUMMER)
)
@reads
def new_samordning_in_pu(scenario: ScenarioState, journal_data: JournalData) -> None:
    scenario.known_to_pu(*journal_data.new_customer_in_pu(None))


_PROTECTED_IN_PU = (
    r"att det finns en ny kund med (?P<protection>sekretessmarkering|skyddad folkbokföring) "
    r"i PU-tjänsten"
)


def _protection_need(match: re.Match[str]) -> PoolNeed:
    return pu_protected_need(PROTECTION_WORDS[match["protection"]])


@given(parsers.re(pool_step(_PROTECTED_IN_PU, _protection_need)))
@reads
def new_protected_in_pu(
    scenario: ScenarioState, journal_data: JournalData, protection: str
) -> None:
    scenario.known_to_pu(*journal_data.new_protected_in_pu(PROTECTION_WORDS[protection]))

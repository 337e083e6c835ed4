"""§2.1: Sök kund — reaching the page, what is searched and what the journal answers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from mvj_suite.core.journal_data import NEW_PERSONNUMMER, NEW_SAMORDNINGSNUMMER, JournalData
from mvj_suite.model.customers import PuPerson
from mvj_suite.model.intent import reads
from mvj_suite.model.person_needs import person_step
from mvj_suite.model.pools import PoolNeed, pool_step
from mvj_suite.model.scenario import ScenarioState
from mvj_suite.model.testdata import Customer, IdentityNumber
from pages.keyboard import Keyboard
from pages.search import SearchPage
from pages.shell import AppShell
from steps.actors import User
from steps.known_values import check_fields
from steps.notations import number_notation, phone_notation, ten_digits


@given(parsers.re(r"att (?:hon|han) har valt Kunder – Sök kund"), target_fixture="search_page")
@when(parsers.re(r"(?:hon|han) väljer Kunder – Sök kund"), target_fixture="search_page")
@reads
def choose_search(user: User) -> SearchPage:
    return AppShell(user.page).open_search()


@then("visas sidan Sök kund")
@reads
def search_page_shown(search_page: SearchPage) -> None:
    search_page.expect_shown()


# --- what she searches for: each phrase of the feature files is one step ---------------
# "söker på …" and "söker med tangentbordet på …" alike: typed into the search field, or
# reached with Tab alone (pages/keyboard.py).
_SEARCH = r"(?:hon|han) söker (?P<keyboard>med tangentbordet )?på "
NOT_IN_JOURNAL_PNR = (
    r"ett giltigt personnummer som inte finns i journalen skrivet som (?P<notation>.+)"
)
NOT_IN_JOURNAL_SNR = r"ett giltigt samordningsnummer som inte finns i journalen"
_KEYBOARD = {"keyboard": lambda text: bool(text)}
_COUNT = {"tre": 3, "fyra": 4}
_CASE = {"": str, " med versaler": str.upper, " med gemener": str.lower}


def search_step(pattern: str, **converters: Callable[[str], object]) -> Any:
    return when(parsers.re(_SEARCH + pattern), target_fixture="search_page",
                converters={**_KEYBOARD, **converters})


def _type(search_page: SearchPage, text: str, keyboard: bool) -> SearchPage:
    if keyboard:
        return Keyboard(search_page.page).search(search_page, text)
    return search_page.search(text)


@search_step(r'"(?P<text>[^"]*)"')
@reads
def search_text(search_page: SearchPage, text: str, keyboard: bool) -> SearchPage:
    return _type(search_page, text, keyboard)


@search_step(r"de (?P<count>tre|fyra) första bokstäverna i kundens efternamn",
             count=_COUNT.__getitem__)
@reads
def search_first_letters(search_page: SearchPage, scenario: ScenarioState, count: int,
                         keyboard: bool) -> SearchPage:
    return _type(search_page, scenario.customer.last_name[:count], keyboard)


@search_step(r"kundens förnamn")
@reads
def search_first_name(search_page: SearchPage, scenario: ScenarioState,
                      keyboard: bool) -> SearchPage:
    return _type(search_page, scenario.customer.first_name, keyboard)


@search_step(r"kundens efternamn(?P<case>| med versaler| med gemener)", case=_CASE.__getitem__)
@reads
def search_last_name(search_page: SearchPage, scenario: ScenarioState,
                     case: Callable[[str], str], keyboard: bool) -> SearchPage:
    return _type(search_page, case(scenario.customer.last_name), keyboard)


@search_step(r"en del av kundens efternamn med å, ä eller ö")
@reads
def search_part_with_diacritic(search_page: SearchPage, scenario: ScenarioState,
                               keyboard: bool) -> SearchPage:
    return _type(search_page, _middle_with_diacritic(scenario.customer), keyboard)


@search_step(r"kundens (?:personnummer|samordningsnummer)(?P<wrong> med fel kontrollsiffra)? "
             r"skrivet som (?P<notation>.+)", wrong=bool, notation=number_notation)
@reads
def search_number(search_page: SearchPage, scenario: ScenarioState, wrong: bool,
                  notation: Callable[[IdentityNumber], str], keyboard: bool) -> SearchPage:
    number = scenario.customer.number
    return _type(search_page, notation(number.with_wrong_check_digit() if wrong else number),
                 keyboard)


@search_step(NOT_IN_JOURNAL_PNR, notation=str)
@reads
def search_unknown_number(search_page: SearchPage, journal_data: JournalData, notation: str,
                          keyboard: bool) -> SearchPage:
    number = journal_data.new_number(ten_digits=ten_digits(notation))
    return _type(search_page, number_notation(notation)(number), keyboard)


@search_step(NOT_IN_JOURNAL_SNR)
@reads
def search_unknown_samordningsnummer(search_page: SearchPage, journal_data: JournalData,
                                     keyboard: bool) -> SearchPage:
    return _type(search_page, journal_data.new_number(samordning=True).twelve("-"), keyboard)


@search_step(r"kundens telefonnummer skrivet (?P<style>.+)", style=phone_notation)
@reads
def search_phone(search_page: SearchPage, scenario: ScenarioState, style: str,
                 keyboard: bool) -> SearchPage:
    return _type(search_page, scenario.customer.phone.render(style), keyboard)


@search_step(r"en del av kundens telefonnummer")
@reads
def search_part_of_phone(search_page: SearchPage, scenario: ScenarioState,
                         keyboard: bool) -> SearchPage:
    return _type(search_page, scenario.customer.phone.partial_number, keyboard)


@search_step(r"(?P<part>en del av )?kundens e-postadress(?P<case>| med versaler)",
             part=bool, case=_CASE.__getitem__)
@reads
def search_email(search_page: SearchPage, scenario: ScenarioState, part: bool,
                 case: Callable[[str], str], keyboard: bool) -> SearchPage:
    email = _email(scenario.customer)
    return _type(search_page, case(email.split("@")[0] if part else email), keyboard)


@search_step(r"personens efternamn")
@reads
def search_protected_name(search_page: SearchPage, scenario: ScenarioState,
                          keyboard: bool) -> SearchPage:
    return _type(search_page, _protected_name(scenario.pu_record), keyboard)


# What each search needs of the scenario's customer on a live profile (a customer who
# lacks it is not chosen: mvj_suite.model.person_needs).
person_step(_SEARCH + r"de tre första bokstäverna i kundens efternamn", "efternamn_tre")
person_step(_SEARCH + r"de fyra första bokstäverna i kundens efternamn", "efternamn_fyra")
person_step(_SEARCH + r"kundens förnamn", "fornamn_fyra")
person_step(_SEARCH + r"kundens efternamn(?: med versaler| med gemener)?", "efternamn_fyra")
person_step(_SEARCH + r"en del av kundens efternamn med å, ä eller ö", "efternamn_aao")
person_step(_SEARCH + r"kundens (?:personnummer|samordningsnummer)(?: med fel kontrollsiffra)? "
            r"skrivet som 10 siffror(?: med bindestreck)?", "under_hundra")  # fmt: skip
person_step(_SEARCH + r"(?:en del av )?kundens telefonnummer.*", "mobil")
person_step(_SEARCH + r"(?:en del av )?kundens e-postadress.*", "epost")
person_step(_SEARCH + r"personens efternamn", "namn")


def _middle_with_diacritic(customer: Customer) -> str:
    """Four or more letters from inside the surname, including an å/ä/ö, case swapped."""
    name = customer.last_name
    index = next((i for i, ch in enumerate(name.lower()) if ch in "åäö"), None)
    if index is None:  # only a test profile's customer can lack one
        pytest.skip("Testdataprofilens kund har inget å, ä eller ö i efternamnet.")
    start = max(0, min(index - 1, len(name) - 4))
    return name[start : start + 4].swapcase()


def _email(customer: Customer) -> str:
    if not customer.email:  # only a test profile's customer can lack one
        pytest.skip("Testdataprofilens kund saknar e-postadress.")
    return customer.email


def _protected_name(pu: PuPerson | None) -> str:
    """The protected person's surname as PU knows it (four letters at least)."""
    person = pu.details if pu else None
    if person is None or not person.last_name:
        pytest.skip(
            "Testdataprofilen anger inte den skyddade kundens namn (fornamn/efternamn "
            "i skyddade_kunder) – namnsökningen kan inte prövas."
        )
    if len(person.last_name) >= 4:
        return person.last_name
    return f"{person.first_name} {person.last_name}".strip()


# Numbers "not in the journal" come from a live profile's pool: declared for the budget.
def _unknown_number_need(match: re.Match[str]) -> PoolNeed:
    return NEW_PERSONNUMMER.for_number(ten_digits=ten_digits(match["notation"]))


pool_step(_SEARCH + NOT_IN_JOURNAL_PNR, _unknown_number_need, person=False)
pool_step(_SEARCH + NOT_IN_JOURNAL_SNR, NEW_SAMORDNINGSNUMMER, person=False)


@then("ombeds hon ange minst fyra tecken och ingen sökning görs")
@reads
def too_short(search_page: SearchPage) -> None:
    search_page.expect_too_short()


@then("hittar hon kunden")
@reads
def finds_customer(search_page: SearchPage, scenario: ScenarioState) -> None:
    search_page.expect_no_too_short_warning()
    search_page.expect_only_customers([scenario.customer.number.display])


@then("finns kunden bland träffarna")
@reads
def customer_among_hits(search_page: SearchPage, scenario: ScenarioState) -> None:
    customer = scenario.customer
    details = customer.details
    number = customer.number.display
    search_page.expect_no_too_short_warning()
    search_page.expect_customer_found(number)
    # What a live profile leaves out is not looked for; a difference in what it states
    # is the profile's.
    check_fields(details, ("first_name", "last_name"), "sökträffen",
                 lambda: search_page.expect_row(number, [customer.first_name,
                                                         customer.last_name], []))  # fmt: skip
    keys = tuple(key for key in ("street_address", "city") if details.known(key))
    parts = [getattr(details, key) for key in keys]
    check_fields(details, keys, "sökträffen", lambda: search_page.expect_row(number, [], parts))


@then("hittas inga kunder")
@reads
def no_customers(search_page: SearchPage) -> None:
    search_page.expect_no_customers_found()


@then("får hon beskedet att personnumret är ogiltigt")
@reads
def invalid_number(search_page: SearchPage) -> None:
    search_page.expect_invalid_number()


@then("frågar journalen om kunden ska läggas till")
@reads
def offer_to_add(search_page: SearchPage) -> None:
    search_page.expect_offer_to_add()

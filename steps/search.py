"""§2.1: Sök kund — reaching the page, what is searched and what the journal answers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from pytest_bdd import given, parsers, then, when

from mvj_suite.core.journal_data import NEW_PERSONNUMMER, NEW_SAMORDNINGSNUMMER, JournalData
from mvj_suite.model.customers import PuPerson
from mvj_suite.model.intent import reads
from mvj_suite.model.person_needs import person_step
from mvj_suite.model.pools import PoolNeed, pool_step
from mvj_suite.model.scenario import ScenarioState
from mvj_suite.model.testdata import Customer
from pages.search import SearchPage
from pages.shell import AppShell
from steps.actors import User
from steps.known_values import check_fields


@given(parsers.re(r"att (?:hon|han) har valt Kunder – Sök kund"), target_fixture="search_page")
@when(parsers.re(r"(?:hon|han) väljer Kunder – Sök kund"), target_fixture="search_page")
@reads
def choose_search(user: User) -> SearchPage:
    return AppShell(user.page).open_search()


@then("visas sidan Sök kund")
@reads
def search_page_shown(search_page: SearchPage) -> None:
    search_page.expect_shown()


@dataclass(frozen=True)
class Context:
    """What a search term can be made of: the scenario's customer, PU's record of them
    and the source of further people."""

    customer: Customer | None
    pu: PuPerson | None
    data: JournalData


# What a scenario searches for, by the words the feature file uses. Each entry turns
# the scenario's people into the text typed in the search field.
_Term = Callable[[Customer, JournalData, re.Match[str]], str]
NOT_IN_JOURNAL_PNR = (
    r"ett giltigt personnummer som inte finns i journalen skrivet som (?P<notation>.+)"
)
NOT_IN_JOURNAL_SNR = r"ett giltigt samordningsnummer som inte finns i journalen"
_TERMS: list[tuple[str, _Term]] = [
    (r'"(?P<text>[^"]*)"', lambda k, t, m: m["text"]),
    (r"de (?P<antal>tre|fyra) första bokstäverna i kundens efternamn",
     lambda k, t, m: k.last_name[: {"tre": 3, "fyra": 4}[m["antal"]]]),
    (r"kundens förnamn", lambda k, t, m: k.first_name),
    (r"kundens efternamn", lambda k, t, m: k.last_name),
    (r"kundens efternamn med versaler", lambda k, t, m: k.last_name.upper()),
    (r"kundens efternamn med gemener", lambda k, t, m: k.last_name.lower()),
    (r"en del av kundens efternamn med å, ä eller ö", lambda k, t, m: _middle_with_diacritic(k)),
    (r"kundens (?:personnummer|samordningsnummer) skrivet som (?P<notation>.+)",
     lambda k, t, m: k.number.notation(m["notation"])),
    (r"kundens (?:personnummer|samordningsnummer) med fel kontrollsiffra skrivet som "
     r"(?P<notation>.+)",
     lambda k, t, m: k.number.with_wrong_check_digit().notation(m["notation"])),
    (NOT_IN_JOURNAL_PNR,
     lambda k, t, m: t.new_number(ten_digits=_ten(m["notation"])).notation(m["notation"])),
    (NOT_IN_JOURNAL_SNR, lambda k, t, m: t.new_number(samordning=True).twelve("-")),
    (r"kundens telefonnummer skrivet (?P<notation>.+)",
     lambda k, t, m: k.phone.notation(m["notation"])),
    (r"en del av kundens telefonnummer", lambda k, t, m: k.phone.partial_number),
    (r"kundens e-postadress", lambda k, t, m: _email(k)),
    (r"kundens e-postadress med versaler", lambda k, t, m: _email(k).upper()),
    (r"en del av kundens e-postadress", lambda k, t, m: _email(k).split("@")[0]),
]  # fmt: skip


def _ten(notation: str) -> bool:
    """A ten-digit notation names the person only if they are under a hundred ("-")."""
    return notation.startswith("10 siffror") and "plustecken" not in notation


# What each search term needs of the scenario's customer on a live profile (a customer
# who lacks it is not chosen: mvj_suite.model.person_needs).
_SEARCH = r"(?:hon|han) söker (?:med tangentbordet )?på "
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


def _protected_name(context: Context) -> str:
    """The protected person's surname as PU knows it (four letters at least)."""
    person = context.pu.details if context.pu else None
    if person is None or not person.last_name:
        pytest.skip(
            "Testdataprofilen anger inte den skyddade kundens namn (fornamn/efternamn "
            "i skyddade_kunder) – namnsökningen kan inte prövas."
        )
    if len(person.last_name) >= 4:
        return person.last_name
    return f"{person.first_name} {person.last_name}".strip()


def search_term(words: str, context: Context) -> str:
    if words == "personens efternamn":
        return _protected_name(context)
    for pattern, term in _TERMS:
        match = re.fullmatch(pattern, words)
        if match:
            return term(context.customer, context.data, match)  # type: ignore[arg-type]
    raise ValueError(f"Okänt sökord i scenariot: {words!r}")


# Numbers "not in the journal" come from a live profile's pool: declared for the budget.
def _unknown_number_need(match: re.Match[str]) -> PoolNeed:
    return NEW_PERSONNUMMER.for_number(ten_digits=_ten(match["notation"]))


pool_step(_SEARCH + NOT_IN_JOURNAL_PNR, _unknown_number_need, person=False)
pool_step(_SEARCH + NOT_IN_JOURNAL_SNR, NEW_SAMORDNINGSNUMMER, person=False)


@when(parsers.re(r"(?:hon|han) söker på (?P<words>.+)"), target_fixture="search_page")
@reads
def search(
    scenario: ScenarioState, search_page: SearchPage, journal_data: JournalData, words: str
) -> SearchPage:
    # Scenarios without a customer (an unknown number, a text) search all the same.
    context = Context(scenario.known_customer, scenario.pu_record, journal_data)
    return search_page.search(search_term(words, context))


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

"""§2.1: Sök kund — reaching the page, what is searched and what the journal answers."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from pytest_bdd import given, parsers, then, when

from fixtures.journal_data import JournalData
from fixtures.testdata import Kund
from pages.search import SearchPage
from pages.shell import AppShell
from steps.actors import User


@given("att det finns en kund i journalen", target_fixture="kund")
def customer(journal_data: JournalData) -> Kund:
    return journal_data.kund()


@given("att det finns en kund med samordningsnummer i journalen", target_fixture="kund")
def customer_samordning(journal_data: JournalData) -> Kund:
    return journal_data.kund(samordning=True)


@given("att det finns en kund som är över hundra år i journalen", target_fixture="kund")
def customer_over_hundred(journal_data: JournalData) -> Kund:
    return journal_data.kund(over_hundra=True)


@given("att det finns en kund med skyddad identitet i journalen", target_fixture="kund")
def customer_protected(journal_data: JournalData) -> Kund:
    return journal_data.kund(skyddad=True)


@given(parsers.re(r"att (?:hon|han) har valt Kunder – Sök kund"), target_fixture="search_page")
@when(parsers.re(r"(?:hon|han) väljer Kunder – Sök kund"), target_fixture="search_page")
def choose_search(user: User) -> SearchPage:
    return AppShell(user.page).open_search()


@then("visas sidan Sök kund")
def search_page_shown(search_page: SearchPage) -> None:
    search_page.expect_shown()


# What a scenario searches for, by the words the feature file uses. Each entry turns
# the scenario's customer (and test data) into the text typed in the search field.
_Term = Callable[[Kund, JournalData, re.Match[str]], str]
_TERMS: list[tuple[str, _Term]] = [
    (r'"(?P<text>[^"]*)"', lambda k, t, m: m["text"]),
    (r"de (?P<antal>tre|fyra) första bokstäverna i kundens efternamn",
     lambda k, t, m: k.efternamn[: {"tre": 3, "fyra": 4}[m["antal"]]]),
    (r"kundens förnamn", lambda k, t, m: k.fornamn),
    (r"kundens efternamn", lambda k, t, m: k.efternamn),
    (r"kundens efternamn med versaler", lambda k, t, m: k.efternamn.upper()),
    (r"kundens efternamn med gemener", lambda k, t, m: k.efternamn.lower()),
    (r"en del av kundens efternamn med å, ä eller ö", lambda k, t, m: _middle_with_diacritic(k)),
    (r"kundens (?:personnummer|samordningsnummer) skrivet som (?P<notation>.+)",
     lambda k, t, m: k.nummer.notation(m["notation"])),
    (r"kundens (?:personnummer|samordningsnummer) med fel kontrollsiffra skrivet som "
     r"(?P<notation>.+)",
     lambda k, t, m: k.nummer.med_fel_kontrollsiffra().notation(m["notation"])),
    (r"ett giltigt personnummer som inte finns i journalen skrivet som (?P<notation>.+)",
     lambda k, t, m: t.personnummer_ej_i_journalen().notation(m["notation"])),
    (r"ett giltigt samordningsnummer som inte finns i journalen",
     lambda k, t, m: t.samordningsnummer_ej_i_journalen().tolv("-")),
    (r"kundens telefonnummer skrivet (?P<notation>.+)",
     lambda k, t, m: k.telefon.notation(m["notation"])),
    (r"en del av kundens telefonnummer", lambda k, t, m: k.telefon.del_av_numret),
    (r"kundens e-postadress", lambda k, t, m: _email(k)),
    (r"kundens e-postadress med versaler", lambda k, t, m: _email(k).upper()),
    (r"en del av kundens e-postadress", lambda k, t, m: _email(k).split("@")[0]),
]  # fmt: skip


def _middle_with_diacritic(kund: Kund) -> str:
    """Four or more letters from inside the surname, including an å/ä/ö, case swapped."""
    name = kund.efternamn
    index = next((i for i, ch in enumerate(name.lower()) if ch in "åäö"), None)
    if index is None:  # only a test profile's customer can lack one
        pytest.skip("Testdataprofilens kund har inget å, ä eller ö i efternamnet.")
    start = max(0, min(index - 1, len(name) - 4))
    return name[start : start + 4].swapcase()


def _email(kund: Kund) -> str:
    if not kund.epost:  # only a test profile's customer can lack one
        pytest.skip("Testdataprofilens kund saknar e-postadress.")
    return kund.epost


def search_term(words: str, kund: Kund | None, journal_data: JournalData) -> str:
    for pattern, term in _TERMS:
        match = re.fullmatch(pattern, words)
        if match:
            return term(kund, journal_data, match)  # type: ignore[arg-type]
    raise ValueError(f"Okänt sökord i scenariot: {words!r}")


@when(parsers.re(r"(?:hon|han) söker på (?P<words>.+)"), target_fixture="search_page")
def search(
    request: pytest.FixtureRequest, search_page: SearchPage, journal_data: JournalData, words: str
) -> SearchPage:
    kund = _optional_customer(request)
    return search_page.search(search_term(words, kund, journal_data))


def _optional_customer(request: pytest.FixtureRequest) -> Kund | None:
    # Scenarios without a customer (e.g. an unknown number) have no "kund" fixture.
    try:
        return request.getfixturevalue("kund")
    except pytest.FixtureLookupError:
        return None


@then("ombeds hon ange minst fyra tecken och ingen sökning görs")
def too_short(search_page: SearchPage) -> None:
    search_page.expect_too_short()


@then("hittar hon kunden")
def finds_customer(search_page: SearchPage, kund: Kund) -> None:
    search_page.expect_no_too_short_warning()
    search_page.expect_only_customers([kund.nummer.visning])


@then("finns kunden bland träffarna")
def customer_among_hits(search_page: SearchPage, kund: Kund) -> None:
    search_page.expect_no_too_short_warning()
    search_page.expect_customer_found(kund.nummer.visning)
    search_page.expect_row(kund.nummer.visning, [kund.fornamn, kund.efternamn], kund.ort)


@then("hittas inga kunder")
def no_customers(search_page: SearchPage) -> None:
    search_page.expect_no_customers_found()


@then("får hon beskedet att personnumret är ogiltigt")
def invalid_number(search_page: SearchPage) -> None:
    search_page.expect_invalid_number()


@then("frågar journalen om kunden ska läggas till")
def offer_to_add(search_page: SearchPage) -> None:
    search_page.expect_offer_to_add()


@then("visar träffen Skyddad identitet i stället för namn och ingen adress")
def protected_row(search_page: SearchPage, kund: Kund) -> None:
    search_page.expect_protected_row(kund.nummer.visning, hidden=[])

"""The check that a protected person's details are nowhere in the page's source: the
journal's own words are no leak (a person named Inga beside "Inga kunder hittades.")."""

from __future__ import annotations

import pytest

from mvj_suite.model.customers import PuPerson
from mvj_suite.model.testdata import TestData
from pages import vocabulary as v
from steps.protected import _leaks, without_journal_words

pytestmark = pytest.mark.unit


def _inga() -> PuPerson:
    customer = TestData().customer()
    return PuPerson(customer.number, customer.details.updated(first_name="Inga"),
                    skyddad_folkbokforing=True)


def test_the_journals_own_words_are_no_leak() -> None:
    page = f"<p role='status'>{v.NO_CUSTOMERS_FOUND}</p>"
    assert _leaks(page, _inga()) == ["Inga"]  # as it read before: a false alarm
    assert _leaks(without_journal_words(page), _inga()) == []


def test_the_persons_name_on_the_page_is_still_a_leak() -> None:
    page = f"<p role='status'>{v.NO_CUSTOMERS_FOUND}</p><td>Inga Berg</td>"
    assert _leaks(without_journal_words(page), _inga()) == ["Inga"]

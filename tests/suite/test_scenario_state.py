"""The scenario's record: what a step gets, and the line it gets when a Given is missing."""

from __future__ import annotations

import pytest

from mvj_suite.model.customers import make_reserve_customer, pu_person
from mvj_suite.model.scenario import ScenarioError, ScenarioState
from mvj_suite.model.testdata import TestData


def test_a_missing_given_is_named_in_one_swedish_line() -> None:
    empty = ScenarioState()
    for read in ("customer", "someone", "reserve", "other", "unnumbered", "pu_record_required"):
        with pytest.raises(ScenarioError) as error:
            getattr(empty, read)
        message = str(error.value)
        assert "\n" not in message and message.endswith(("?", ".")), (read, message)
        assert "Scenari" in message or "scenariots" in message, (read, message)


def test_a_customer_without_a_number_is_not_a_customer_with_one() -> None:
    data = TestData(seed=21)
    scenario = ScenarioState(person=make_reserve_customer(data))
    assert scenario.someone is scenario.person and scenario.unnumbered is scenario.person
    assert scenario.known_customer is None and scenario.pu_record is None
    with pytest.raises(ScenarioError, match=r"ingen kund med känt nummer"):
        _ = scenario.customer


def test_pu_knows_the_scenarios_customer_by_their_number() -> None:
    data = TestData(seed=22)
    customer = data.customer()
    record = pu_person(customer, "bara mobil")
    scenario = ScenarioState()
    assert scenario.known_to_pu(customer, record) is customer
    assert scenario.customer is customer and scenario.pu_record is record
    scenario.person = data.customer()  # someone else: PU's record is not theirs
    assert scenario.pu_record is None


def test_the_subject_is_the_reservnummer_customer_when_there_is_one() -> None:
    data = TestData(seed=23)
    customer = data.customer()
    scenario = ScenarioState(person=customer)
    subject = scenario.subject()
    assert (subject.number_key, subject.number) == ("personnummer", customer.number.display)
    assert subject.details == customer.details
    reserve = make_reserve_customer(data, with_number=True)
    scenario.reserve_customer = reserve
    subject = scenario.subject()
    assert (subject.number_key, subject.number) == ("reservnummer", reserve.reservnummer)
    assert subject.born == reserve.birth_date.isoformat()

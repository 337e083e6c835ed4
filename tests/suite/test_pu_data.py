"""The §2.2–§2.5 test data: PU persons the stub accepts, the suite's reservnummer check."""

from __future__ import annotations

import json
from datetime import date

import pytest

from mvj_stub.contact import normalize_phone
from mvj_stub.pu.model import validate_persons
from mvj_stub.pu.service import person_wire_form
from mvj_suite.model.customers import (
    SHARING,
    PuPerson,
    invalid_reservnummer,
    make_reserve_customer,
    make_reservnummer,
    pu_person,
    reservnummer_problems,
)
from mvj_suite.model.details import CustomerDetails, postcode_as_saved
from mvj_suite.model.testdata import PHONE_FIRST, PHONE_LAST, TestData


def _people(seed: int, count: int = 50) -> list[PuPerson]:
    data = TestData(seed=seed)
    people = []
    for index in range(count):
        sharing = list(SHARING)[index % len(SHARING)]
        customer = data.customer(samordning=index % 5 == 0)
        people.append(
            pu_person(
                customer,
                sharing,
                sekretessmarkering=index % 7 == 1,
                skyddad_folkbokforing=index % 7 == 2,
                deceased=index % 11 == 3,
            )
        )
    return people


def test_pu_persons_pass_the_stubs_own_validation() -> None:
    people = _people(seed=11)
    # Through JSON, as the control client sends them.
    wire = json.loads(json.dumps([person.as_control_data() for person in people]))
    accepted = validate_persons(wire)
    assert [p.nummer for p in accepted] == [p.number.twelve() for p in people]


def test_pu_persons_use_only_fictional_phones_and_example_se() -> None:
    for person in _people(seed=12):
        data = person.as_control_data()
        digits = normalize_phone(data["mobiltelefon"])
        assert digits is not None
        assert PHONE_FIRST <= int(digits[-7:]) <= PHONE_LAST, data["mobiltelefon"]
        assert data["epost"].endswith("@example.se"), data["epost"]


@pytest.mark.parametrize(("sharing", "mobile", "email"), [
    ("både mobil och e-post", True, True),
    ("bara mobil", True, False),
    ("bara e-post", False, True),
    ("ingenting", False, False),
])  # fmt: skip
def test_sharing_decides_what_pu_passes_on(sharing: str, mobile: bool, email: bool) -> None:
    customer = TestData(seed=13).customer()
    person = pu_person(customer, sharing)
    [stored] = validate_persons([person.as_control_data()])
    contact = person_wire_form(stored)["kontaktuppgifter_1177"]
    assert ("mobiltelefon" in contact) is mobile
    assert ("epost" in contact) is email
    # And the suite expects the same in the dialog, keeping what was typed otherwise.
    typed = CustomerDetails(mobile="070-174 06 99", email="skrivet@example.se")
    filled = person.fetched(typed)
    assert filled.first_name == customer.first_name
    assert filled.mobile == (person.details.mobile if mobile else typed.mobile)
    assert filled.email == (person.details.email if email else typed.email)


def test_unknown_sharing_or_answer_is_refused() -> None:
    customer = TestData(seed=14).customer()
    with pytest.raises(ValueError, match="okänd delning"):
        pu_person(customer, "allt")
    with pytest.raises(ValueError, match="okänt svar"):
        pu_person(customer, answer="kanske").as_control_data()


def test_protected_person_is_flagged_and_lists_all_personal_values() -> None:
    person = pu_person(TestData(seed=15).customer(), sekretessmarkering=True)
    assert person.protected
    values = person.details.personal_values
    assert person.details.first_name in values
    assert person.details.email in values
    assert person.details.mobile in values


@pytest.mark.parametrize("number", ["991981000010", "991945000023"])
def test_ineras_reservnummer_examples_are_valid(number: str) -> None:
    assert reservnummer_problems(number) == []
    assert reservnummer_problems(number, date(int(number[2:6]), 6, 14)) == []


def test_reservnummer_check_refuses_what_is_not_one() -> None:
    assert reservnummer_problems("991981000011")  # wrong check digit
    assert reservnummer_problems("99198100001")  # eleven digits
    assert reservnummer_problems("99198100001X")
    assert reservnummer_problems("191212121212")  # a personnummer
    assert reservnummer_problems("991981000010", date(1982, 1, 1))  # another birth year


def test_made_reservnummer_are_valid_and_unique() -> None:
    data = TestData(seed=16)
    numbers = set()
    for _ in range(300):
        customer = make_reserve_customer(data, with_number=True)
        assert reservnummer_problems(customer.reservnummer, customer.birth_date) == []
        assert reservnummer_problems(invalid_reservnummer(customer.reservnummer))
        assert int(customer.reservnummer[6:11]) >= 50000  # never one the journal assigns
        numbers.add(customer.reservnummer)
        seed = customer.as_control_data()
        assert seed["fodelsedatum"][:4] == customer.reservnummer[2:6]
    assert len(numbers) == 300
    assert make_reservnummer(1981, 1) == "991981000010"


def test_addresses_as_the_kundkort_shows_them() -> None:
    u = CustomerDetails(street_address="Storgatan 1", postcode="12345", city="Exempelby")
    assert u.address == "Storgatan 1, 123 45 Exempelby"
    assert CustomerDetails(city="Exempelby").address == "Exempelby"
    assert postcode_as_saved("123 45") == "123 45"
    assert postcode_as_saved("1234") == "1234"

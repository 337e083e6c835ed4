"""The §2.2–§2.5 test data: PU persons the stub accepts, the suite's reservnummer check."""

from __future__ import annotations

import json
from datetime import date

import pytest

from mvj_stub.contact import normalize_phone
from mvj_stub.pu.model import validate_persons
from mvj_stub.pu.service import person_wire_form
from suite.model.customers import (
    SHARING,
    PuPerson,
    Uppgifter,
    i_morgon,
    make_reservnummer,
    ogiltigt_reservnummer,
    postnummer_som_sparat,
    pu_person,
    reservkund,
    reservnummer_problems,
)
from suite.model.testdata import PHONE_FIRST, PHONE_LAST, TestData


def _people(seed: int, count: int = 50) -> list[PuPerson]:
    data = TestData(seed=seed)
    people = []
    for index in range(count):
        delning = list(SHARING)[index % len(SHARING)]
        kund = data.kund(samordning=index % 5 == 0)
        people.append(
            pu_person(
                kund,
                delning,
                sekretessmarkering=index % 7 == 1,
                skyddad_folkbokforing=index % 7 == 2,
                avliden=index % 11 == 3,
            )
        )
    return people


def test_pu_persons_pass_the_stubs_own_validation() -> None:
    people = _people(seed=11)
    # Through JSON, as the control client sends them.
    wire = json.loads(json.dumps([person.som_kontroll() for person in people]))
    accepted = validate_persons(wire)
    assert [p.nummer for p in accepted] == [p.nummer.tolv() for p in people]


def test_pu_persons_use_only_fictional_phones_and_example_se() -> None:
    for person in _people(seed=12):
        data = person.som_kontroll()
        digits = normalize_phone(data["mobiltelefon"])
        assert digits is not None
        assert PHONE_FIRST <= int(digits[-7:]) <= PHONE_LAST, data["mobiltelefon"]
        assert data["epost"].endswith("@example.se"), data["epost"]


@pytest.mark.parametrize(("delning", "mobil", "epost"), [
    ("både mobil och e-post", True, True),
    ("bara mobil", True, False),
    ("bara e-post", False, True),
    ("ingenting", False, False),
])  # fmt: skip
def test_sharing_decides_what_pu_passes_on(delning: str, mobil: bool, epost: bool) -> None:
    kund = TestData(seed=13).kund()
    person = pu_person(kund, delning)
    [stored] = validate_persons([person.som_kontroll()])
    kontakt = person_wire_form(stored)["kontaktuppgifter_1177"]
    assert ("mobiltelefon" in kontakt) is mobil
    assert ("epost" in kontakt) is epost
    # And the suite expects the same in the dialog, keeping what was typed otherwise.
    typed = Uppgifter(mobiltelefon="070-174 06 99", epost="skrivet@example.se")
    filled = person.hamtat(typed)
    assert filled.fornamn == kund.fornamn
    assert filled.mobiltelefon == (person.uppgifter.mobiltelefon if mobil else typed.mobiltelefon)
    assert filled.epost == (person.uppgifter.epost if epost else typed.epost)


def test_unknown_sharing_or_answer_is_refused() -> None:
    kund = TestData(seed=14).kund()
    with pytest.raises(ValueError, match="okänd delning"):
        pu_person(kund, "allt")
    with pytest.raises(ValueError, match="okänt svar"):
        pu_person(kund, svar="kanske").som_kontroll()


def test_protected_person_is_flagged_and_lists_all_personal_values() -> None:
    person = pu_person(TestData(seed=15).kund(), sekretessmarkering=True)
    assert person.skyddad
    values = person.uppgifter.personuppgifter
    assert person.uppgifter.fornamn in values
    assert person.uppgifter.epost in values
    assert person.uppgifter.mobiltelefon in values


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
        customer = reservkund(data, with_number=True)
        assert reservnummer_problems(customer.reservnummer, customer.fodelsedatum) == []
        assert reservnummer_problems(ogiltigt_reservnummer(customer.reservnummer))
        assert int(customer.reservnummer[6:11]) >= 50000  # never one the journal assigns
        numbers.add(customer.reservnummer)
        seed = customer.som_seed()
        assert seed["fodelsedatum"][:4] == customer.reservnummer[2:6]
    assert len(numbers) == 300
    assert make_reservnummer(1981, 1) == "991981000010"


def test_addresses_as_the_kundkort_shows_them() -> None:
    u = Uppgifter(utdelningsadress="Storgatan 1", postnummer="12345", ort="Exempelby")
    assert u.adress == "Storgatan 1, 123 45 Exempelby"
    assert Uppgifter(ort="Exempelby").adress == "Exempelby"
    assert postnummer_som_sparat("123 45") == "123 45"
    assert postnummer_som_sparat("1234") == "1234"
    assert i_morgon(date(2025, 12, 31)) == date(2026, 1, 1)

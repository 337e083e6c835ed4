"""The suite's test-data factories: valid, unique and never real contact data."""

from __future__ import annotations

import re

import pytest
from personnummer import personnummer

from mvj_stub.contact import normalize_phone
from mvj_suite.model.identities import luhn
from mvj_suite.model.identity_text import numbers_in
from mvj_suite.model.testdata import (
    _FIRST_PARTS,
    _LAST_PARTS,
    PHONE_FIRST,
    PHONE_LAST,
    PHONE_SUBSCRIBERS,
    TestData,
)
from steps.notations import NUMBER, PHONE

# Under a hundred years: the "+" form would name someone a century older.
NOTATIONS = ["12 siffror", "12 siffror med bindestreck", "10 siffror", "10 siffror med bindestreck"]


def test_luhn_matches_skatteverkets_example() -> None:
    assert luhn("121212121") == 2  # Tolvan: 19121212-1212


@pytest.mark.parametrize("samordning", [False, True])
def test_numbers_are_valid_in_every_notation(samordning: bool) -> None:
    data = TestData(seed=1)
    for _ in range(300):
        number = data.number(samordning=samordning)
        for words in NOTATIONS:
            text = NUMBER[words](number)
            assert personnummer.valid(text), text
            parsed = personnummer.parse(text)
            assert parsed.is_coordination_number() is samordning
            assert parsed.format(True).replace("-", "") == number.twelve()


def test_renderings() -> None:
    number = TestData(seed=2).personnummer()
    assert re.fullmatch(r"\d{12}", number.twelve())
    assert re.fullmatch(r"\d{8}-\d{4}", number.display)
    assert re.fullmatch(r"\d{6}[-+]\d{4}", number.ten())
    assert re.fullmatch(r"\d{10}", number.ten(""))


def test_wrong_check_digit_is_invalid() -> None:
    data = TestData(seed=3)
    for _ in range(200):
        wrong = data.personnummer().with_wrong_check_digit()
        for words in NOTATIONS:
            assert not personnummer.valid(NUMBER[words](wrong))


def test_numbers_names_and_addresses_are_unique() -> None:
    data = TestData(seed=4)
    numbers = [data.personnummer().twelve() for _ in range(500)]
    numbers += [data.samordningsnummer().twelve() for _ in range(500)]
    assert len(set(numbers)) == len(numbers)
    surnames = [data.last_name() for _ in range(150)]
    assert len(set(surnames)) == len(surnames)
    # No surname is part of another: a name search finds only its own scenario's customer.
    for name in surnames:
        assert sum(name.lower() in other.lower() for other in surnames) == 1
        assert any(letter in name for letter in "åäö")
    emails = [data.email() for _ in range(500)]
    assert len(set(emails)) == len(emails)


def test_surnames_are_believable_compounds_and_stay_unique_when_they_run_out() -> None:
    """"Lindström", "Björkqvist": two parts of a Swedish surname, never a string of
    syllables ("Sjöärnärnhål"); after the two-part names, three parts, still unique."""
    data = TestData(seed=4)
    firsts = [part.lower() for part in _FIRST_PARTS]
    lasts = list(_LAST_PARTS)
    names = [data.last_name() for _ in range(1200)]  # more than there are two-part names
    assert len(set(names)) == len(names)
    for name in names[:150]:
        lower = name.lower()
        assert len(name) >= 6 and name[0].isupper() and name[1:].islower()
        assert any(lower.startswith(f) and lower[len(f):] in lasts for f in firsts), name
    for name in names[-50:]:  # the three-part names after them
        lower = name.lower()
        assert any(lower.startswith(f) and any(lower[len(f):].startswith(m) and
                                               lower[len(f) + len(m):] in lasts
                                               for m in firsts) for f in firsts), name
    for name in names:
        assert any(letter in name[1:] for letter in "åäö"), name


def _sequence(data: TestData) -> list[list[object]]:
    """What a worker's generator hands out first: numbers, surnames, phones, e-mails."""
    return [
        [data.personnummer().twelve() for _ in range(10)],
        [data.last_name() for _ in range(10)],
        [data.phone().subscriber for _ in range(10)],
        [data.email() for _ in range(10)],
    ]


def test_two_workers_do_not_share_a_sequence() -> None:
    # The comparison sees a shared sequence: one seed gives the same values, every kind.
    assert _sequence(TestData(seed=9)) == _sequence(TestData(seed=9))
    # Each worker makes its own unseeded generator: no kind of value repeats the other's.
    first, second = _sequence(TestData()), _sequence(TestData())
    for mine, theirs in zip(first, second, strict=True):
        assert mine != theirs


def test_phones_only_from_the_fictional_range_in_every_notation() -> None:
    data = TestData(seed=5)
    seen = set()
    for _ in range(len(PHONE_SUBSCRIBERS)):
        phone = data.phone()
        seen.add(phone.subscriber)
        assert PHONE_FIRST <= phone.subscriber <= PHONE_LAST
        renderings = {phone.render(style) for style in PHONE.values()}
        assert len(renderings) == 6
        assert {normalize_phone(r) for r in renderings} == {f"070{phone.subscriber}"}
        assert normalize_phone(phone.partial_number) != f"070{phone.subscriber}"
        # However a journal writes it, it is no identity number for the wire guard.
        assert not any(numbers_in(r.replace(" ", "")) for r in renderings), phone
    assert len(seen) == len(PHONE_SUBSCRIBERS) == 85  # a whole round without repeats


def test_email_only_at_example_se() -> None:
    data = TestData(seed=6)
    for _ in range(100):
        customer = data.customer()
        assert customer.email.endswith("@example.se")
        assert re.fullmatch(r"[a-z0-9.\-]+@example\.se", customer.email), customer.email
        assert len(customer.first_name) >= 4


def test_protected_customer_seed_has_only_number_and_protection() -> None:
    customer = TestData(seed=7).customer(protected=True)
    assert customer.as_control_data() == {"nummer": customer.number.display, "skyddad": True}


def test_people_over_a_hundred_use_plus_in_the_ten_digit_form() -> None:
    data = TestData(seed=8)
    for _ in range(100):
        number = data.number(over_hundred=True)
        text = NUMBER["10 siffror med plustecken"](number)
        assert "+" in text and number.ten() == text
        assert personnummer.parse(text).format(True).replace("-", "") == number.twelve()

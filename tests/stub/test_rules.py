"""Identity numbers (cross-checked with the ``personnummer`` package), validation, PKI."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID
from personnummer import personnummer as reference

from mvj_stub.clock import StubClock
from mvj_stub.identity import InvalidIdentityNumber, Kind, luhn_check_digit, parse
from mvj_stub.pki import CARD_SPECS, ensure_pki
from mvj_stub.validation import (
    ValidationError,
    normalize_postal_code,
    parse_customer,
    validate_birth_date,
    validate_person_fields,
)

TODAY = date(2026, 6, 1)


def _numbers(count: int) -> list[str]:
    rng = random.Random(781659)
    numbers = []
    for _ in range(count):
        born = date(1900, 1, 1) + timedelta(days=rng.randrange(0, 40_000))
        if born > TODAY:
            continue
        day = born.day + (60 if rng.random() < 0.3 else 0)
        short = f"{born:%y%m}{day:02d}{rng.randrange(0, 1000):03d}"
        check = luhn_check_digit(short)
        if rng.random() < 0.4:
            check = (check + rng.randrange(1, 10)) % 10
        numbers.append(f"{born.year:04d}{short[2:]}{check}")
    return numbers


def test_identity_agrees_with_personnummer_package() -> None:
    for number in _numbers(2000):
        _agrees(number)


def _agrees(number: str) -> None:
    expected = reference.valid(number)
    try:
        parsed = parse(number, TODAY)
        ours = True
    except InvalidIdentityNumber:
        ours = False
    assert ours == expected, number
    if ours:
        kind = Kind.SAMORDNINGSNUMMER if int(number[6:8]) > 60 else Kind.PERSONNUMMER
        assert parsed.kind is kind and parsed.digits == number
        hyphenated = f"{number[:8]}-{number[8:]}"
        assert parse(hyphenated, TODAY).digits == number


def test_century_rule() -> None:
    assert parse("121212-1212", TODAY).digits == "201212121212"
    assert parse("121212+1212", TODAY).digits == "191212121212"
    assert parse("1212121212", TODAY).digits == "201212121212"


def test_person_field_messages() -> None:
    assert validate_person_fields({}) == ["Förnamn: obligatoriskt.", "Efternamn: obligatoriskt."]
    assert validate_person_fields({
        "fornamn": "A", "efternamn": "B", "postnummer": "12 345", "mobiltelefon": "12345",
        "epost": "a@b",
    }) == ["Postnummer: ange fem siffror.", "Mobiltelefon: ange ett svenskt telefonnummer.",
           "E-post: ange en giltig e-postadress."]
    assert validate_person_fields({"fornamn": " A ", "efternamn": "B", "postnummer": "123 45",
                                   "mobiltelefon": "+46 70-174 06 05",
                                   "epost": "A@Example.se"}) == []


def test_postnummer_is_stored_nnn_nn() -> None:
    assert normalize_postal_code("12345") == "123 45"
    assert normalize_postal_code(" 123 45 ") == "123 45"
    assert normalize_postal_code("1234") is None


def test_birth_date_messages() -> None:
    assert validate_birth_date("", TODAY) == ["Födelsedatum: obligatoriskt."]
    assert validate_birth_date("2026-13-01", TODAY) == [
        "Födelsedatum: ange ett giltigt datum (ÅÅÅÅ-MM-DD)."]
    assert validate_birth_date("20260101", TODAY) == [
        "Födelsedatum: ange ett giltigt datum (ÅÅÅÅ-MM-DD)."]
    assert validate_birth_date("2026-06-02", TODAY) == ["Födelsedatum: får inte vara i framtiden."]
    assert validate_birth_date("2026-06-01", TODAY) == []


def test_a_protected_customer_needs_nothing_but_a_real_number() -> None:
    parse_customer({"nummer": "201701012393", "skyddad": True}, TODAY)  # no other field
    with pytest.raises(ValidationError) as refused:
        parse_customer({"nummer": "991981000010", "skyddad": True}, TODAY)
    assert refused.value.messages == ["Skyddad identitet: kan inte ha reservnummer."]


def test_clock() -> None:
    clock = StubClock()
    clock.freeze(True)
    first = clock.now()
    clock.advance(2700)
    assert (clock.now() - first).total_seconds() == 2700
    with pytest.raises(ValueError):
        clock.advance(-1)
    clock.freeze(False)
    assert (clock.now() - first).total_seconds() >= 2700
    clock.reset()
    assert not clock.frozen


def test_pki_cards_carry_hsa_id_and_names(tmp_path) -> None:
    pki = ensure_pki(tmp_path / "pki", "x")
    ca = pki.ca_certificate()
    for spec in CARD_SPECS:
        pem = pki.cards[spec.key].path.with_suffix(".pem").read_bytes()
        cert = x509.load_pem_x509_certificate(pem)
        subject = cert.subject
        assert subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == spec.hsa_id
        assert subject.get_attributes_for_oid(NameOID.GIVEN_NAME)[0].value == spec.given_name
        assert subject.get_attributes_for_oid(NameOID.SURNAME)[0].value == spec.surname
        assert (cert.issuer == ca.subject) == (spec.issuer == "siths")
    assert ensure_pki(tmp_path / "pki", "x").ca_cert_path.read_bytes() == \
        pki.ca_cert_path.read_bytes()

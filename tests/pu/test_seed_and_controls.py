"""Seeding (all or nothing, Swedish messages), modes, reset, persistence, defaults."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from mvj_stub.pu import (
    Found,
    Mode,
    NotFound,
    Protected,
    PuComponent,
    PuControlError,
    PuSeedError,
    Sex,
    Unavailable,
    UnavailableReason,
)
from mvj_stub.pu.control import register_pu_control
from mvj_stub.pu.seed import DEFAULT_PERSONS

pytestmark = pytest.mark.unit

CLIENT_TIMEOUT_S = 0.3
PersonFactory = Callable[..., dict[str, Any]]

REPO = Path(__file__).resolve().parents[2]


def test_seed_normalises_numbers_and_derives_sex_and_birth(
    pu: PuComponent, person: PersonFactory
) -> None:
    numbers = pu.seed_persons(
        [
            {"nummer": "19121212-1212", "fornamn": "Tolvan", "efternamn": "Tolvansson"},
            {"nummer": "198503152426", "fornamn": "Karin", "efternamn": "Lindqvist"},
        ]
    )
    assert numbers == ["191212121212", "198503152426"]
    tolvan = pu.get_person("19121212-1212")
    assert tolvan is not None
    assert (tolvan.kon, tolvan.fodelsedatum, tolvan.postnummer) == (Sex.MALE, "1912-12-12", "0")
    karin = pu.get_person("198503152426")
    assert karin is not None and karin.kon is Sex.FEMALE


def test_seed_replaces_an_existing_person(pu: PuComponent, person: PersonFactory) -> None:
    pu.seed_persons([person()])
    pu.seed_persons([person(fornamn="Tolva")])
    stored = pu.get_person("191212121212")
    assert stored is not None and stored.fornamn == "Tolva"
    assert len(pu.persons()) == 1


def test_seed_is_all_or_nothing_and_lists_every_problem(
    pu: PuComponent, person: PersonFactory
) -> None:
    good = person(nummer="201701012393")
    bad = person(
        nummer="191212121213",
        fornamn="",
        mobiltelefon="070-1234567",
        epost="tolvan@gmail.com",
        postnummer="12",
        kon="Annat",
        förnamn="Tolvan",
    )
    with pytest.raises(PuSeedError) as caught:
        pu.seed_persons([good, bad])
    assert isinstance(caught.value, ValueError)
    assert caught.value.messages == [
        "Person 2: förnamn: okänt fält.",
        "Person 2: nummer: 191212121213 är inte ett giltigt personnummer eller samordningsnummer.",
        "Person 2: fornamn: obligatoriskt.",
        "Person 2: kon: ange Kvinna, Man eller Okänt.",
        'Person 2: postnummer: ange fem siffror (eller "0" när adress saknas).',
        "Person 2: mobiltelefon: använd ett fiktivt nummer, 070-1740605 – 070-1740699.",
        "Person 2: epost: använd en adress under example.se eller example.com.",
    ]
    assert pu.persons() == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nummer": "99198100001-0"}, "inte ett giltigt personnummer"),
        ({"nummer": "991981000010"}, "inte ett giltigt personnummer"),
        ({"mobiltelefon": "", "delar_mobil": True}, "delar_mobil: kräver ett mobiltelefonnummer."),
        ({"epost": "", "delar_epost": True}, "delar_epost: kräver en e-postadress."),
        ({"epost": "tolvan@"}, "epost: ange en giltig e-postadress."),
        ({"mobiltelefon": "08-123 456 78"}, "mobiltelefon: ange ett svenskt mobilnummer."),
        ({"fodelsedatum": "1912-12-13"}, "fodelsedatum: stämmer inte med numret."),
        ({"fodelsedatum": "1912-13-12"}, "fodelsedatum: ange ett giltigt datum (ÅÅÅÅ-MM-DD)."),
        ({"sekretessmarkering": "ja"}, "sekretessmarkering: måste vara true eller false."),
        ({"svar": "kanske"}, "svar: ange hittad, saknas, fel eller langsam."),
        ({"efternamn": None}, "efternamn: måste vara text."),
    ],
)
def test_seed_refuses(
    pu: PuComponent, overrides: dict[str, object], message: str, person: PersonFactory
) -> None:
    with pytest.raises(PuSeedError) as caught:
        pu.seed_persons([person(**overrides)])
    assert any(message in line for line in caught.value.messages), caught.value.messages
    assert pu.persons() == []


def test_seed_refuses_duplicates_and_empty_requests(pu: PuComponent, person: PersonFactory) -> None:
    with pytest.raises(PuSeedError) as caught:
        pu.seed_persons([person(), person(nummer="19121212-1212")])
    assert caught.value.messages == [
        "Person 2: nummer: 191212121212 förekommer redan som person 1."
    ]
    with pytest.raises(PuSeedError):
        pu.seed_persons([])
    assert pu.persons() == []


def test_set_mode_and_reset(pu: PuComponent, person: PersonFactory) -> None:
    assert pu.set_mode("langsam") is Mode.SLOW
    with pytest.raises(PuControlError) as caught:
        pu.set_mode("trasig")
    assert isinstance(caught.value, ValueError)
    assert pu.mode is Mode.SLOW
    pu.seed_persons([person()])
    pu.reset()
    assert pu.mode is Mode.NORMAL
    assert pu.persons() == []
    pu.reset(default_seed=True)
    assert len(pu.persons()) == len(DEFAULT_PERSONS)


def test_persons_survive_restart_but_mode_does_not(tmp_path: Path, person: PersonFactory) -> None:
    with PuComponent.start(tmp_path, default_seed=False) as first:
        first.seed_persons([person()])
        first.set_mode("fel")
    assert (tmp_path / "pu.db").is_file()
    with PuComponent.start(tmp_path) as second:
        assert second.mode is Mode.NORMAL
        # Not the first start any more: no default persons added.
        assert [p.nummer for p in second.persons()] == ["191212121212"]
        assert isinstance(second.client(CLIENT_TIMEOUT_S).lookup("191212121212"), Found)


def test_default_seed_on_first_start_only(tmp_path: Path) -> None:
    with PuComponent.start(tmp_path) as first:
        assert len(first.persons()) == len(DEFAULT_PERSONS)
        first.reset()
    with PuComponent.start(tmp_path) as second:
        assert second.persons() == []


def test_default_persons_cover_every_case(tmp_path: Path) -> None:
    with PuComponent.start(tmp_path, slow_delay_s=CLIENT_TIMEOUT_S + 2) as component:
        client = component.client(CLIENT_TIMEOUT_S)
        results = {p["nummer"]: client.lookup(p["nummer"]) for p in DEFAULT_PERSONS}
    found = {n: r for n, r in results.items() if isinstance(r, Found)}
    sharing = {(r.mobiltelefon is not None, r.epost is not None) for r in found.values()}
    assert sharing == {(True, True), (True, False), (False, True), (False, False)}
    protected = [n for n, r in results.items() if isinstance(r, Protected)]
    expected = [p["nummer"] for p in DEFAULT_PERSONS
                if p.get("sekretessmarkering") or p.get("skyddad_folkbokforing")]  # fmt: skip
    assert sorted(protected) == sorted(expected) and len(expected) >= 2
    assert any(r.avliden for r in found.values())
    assert any(int(n[6:8]) > 60 for n in found)
    assert NotFound() in results.values()
    reasons = {r.reason for r in results.values() if isinstance(r, Unavailable)}
    assert reasons == {UnavailableReason.FAULT, UnavailableReason.TIMEOUT}



def test_control_routes(pu: PuComponent, person: PersonFactory) -> None:
    app = Flask(__name__)
    register_pu_control(app, pu)
    http = app.test_client()

    answer = http.post("/_kontroll/pu/personer", json={"personer": [person()]})
    assert answer.status_code == 200
    assert answer.get_json() == {"personer": [{"nummer": "191212121212"}]}

    refused = http.post(
        "/_kontroll/pu/personer",
        json={"personer": [person(nummer="201701012393"), person(fornamn="")]},
    )
    assert refused.status_code == 400
    assert refused.get_json()["fel"] == "Person 2: fornamn: obligatoriskt."
    assert http.get("/_kontroll/pu/personer/201701012393").status_code == 404
    assert http.post("/_kontroll/pu/personer", json={"fel": 1}).status_code == 400

    stored = http.get("/_kontroll/pu/personer/19121212-1212")
    assert stored.status_code == 200
    assert stored.get_json()["epost"] == "tolvan.tolvansson@example.se"
    assert len(http.get("/_kontroll/pu/personer").get_json()["personer"]) == 1

    assert http.post("/_kontroll/pu/lage", json={"lage": "fel"}).get_json() == {"lage": "fel"}
    assert pu.mode is Mode.FAULT
    bad_mode = http.post("/_kontroll/pu/lage", json={"lage": "trasig"})
    assert bad_mode.status_code == 400
    assert bad_mode.get_json()["fel"] == "lage: ange normal, fel eller langsam."
    assert http.get("/_kontroll/pu/lage").get_json() == {"lage": "fel"}

    wiped = http.post("/_kontroll/pu/aterstall", json={})
    assert wiped.get_json() == {"lage": "normal", "personer": 0}

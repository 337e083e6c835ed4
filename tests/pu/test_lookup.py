"""Service + client round trips: every answer mode and every 1177 sharing case."""

from __future__ import annotations

import dataclasses
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

from mvj_stub.pu import (
    Found,
    NotFound,
    Protected,
    PuClient,
    PuComponent,
    Unavailable,
    UnavailableReason,
)
from mvj_stub.pu.client import _interpret

pytestmark = pytest.mark.unit

CLIENT_TIMEOUT_S = 0.3
PersonFactory = Callable[..., dict[str, Any]]


def raw_get(
    component: PuComponent, nummer: str, secret: str | None = None
) -> tuple[int, bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(
        f"{component.url}/personer/{nummer}",
        headers={"Authorization": f"Bearer {component.secret if secret is None else secret}"},
    )
    try:
        with opener.open(request, timeout=2) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


@pytest.mark.parametrize(
    ("delar_mobil", "delar_epost", "mobil", "epost"),
    [
        (True, True, "070-1740605", "tolvan.tolvansson@example.se"),
        (True, False, "070-1740605", None),
        (False, True, None, "tolvan.tolvansson@example.se"),
        (False, False, None, None),
    ],
    ids=["delar-bada", "bara-mobil", "bara-epost", "delar-inget"],
)
def test_found_returns_only_shared_contact_items(
    pu: PuComponent,
    delar_mobil: bool,
    delar_epost: bool,
    mobil: str | None,
    epost: str | None,
    person: PersonFactory,
) -> None:
    pu.seed_persons([person(delar_mobil=delar_mobil, delar_epost=delar_epost)])

    result = pu.client(CLIENT_TIMEOUT_S).lookup("191212121212")

    assert result == Found(
        nummer="191212121212",
        fornamn="Tolvan",
        efternamn="Tolvansson",
        kon="Man",
        fodelsedatum="1912-12-12",
        care_of="",
        utdelningsadress="Provgatan 12",
        postnummer="123 45",
        ort="Exempelby",
        avliden=False,
        mobiltelefon=mobil,
        epost=epost,
    )
    # The service itself never sends what is not shared.
    _, body = raw_get(pu, "191212121212")
    assert (b"070-1740605" in body) is delar_mobil
    assert (b"tolvan.tolvansson@example.se" in body) is delar_epost


def test_unknown_number_is_an_empty_answer_and_not_found(pu: PuComponent) -> None:
    assert raw_get(pu, "201701012393") == (200, b"{}")
    assert pu.client(CLIENT_TIMEOUT_S).lookup("201701012393") == NotFound()


def test_svar_saknas_answers_empty_although_registered(
    pu: PuComponent, person: PersonFactory
) -> None:
    pu.seed_persons([person(svar="saknas")])
    assert raw_get(pu, "191212121212") == (200, b"{}")
    assert pu.client(CLIENT_TIMEOUT_S).lookup("191212121212") == NotFound()


def test_svar_fel_is_http_500_and_unavailable(pu: PuComponent, person: PersonFactory) -> None:
    pu.seed_persons([person(svar="fel")])
    status, body = raw_get(pu, "191212121212")
    assert status == 500
    assert b"Tolvan" not in body
    result = pu.client(CLIENT_TIMEOUT_S).lookup("191212121212")
    assert result == Unavailable(UnavailableReason.FAULT, "HTTP 500")


def test_svar_langsam_really_times_out(pu: PuComponent, person: PersonFactory) -> None:
    pu.seed_persons([person(svar="langsam")])
    started = time.monotonic()
    result = pu.client(CLIENT_TIMEOUT_S).lookup("191212121212")
    elapsed = time.monotonic() - started
    assert isinstance(result, Unavailable)
    assert result.reason is UnavailableReason.TIMEOUT
    assert CLIENT_TIMEOUT_S * 0.9 <= elapsed < CLIENT_TIMEOUT_S + 1


def test_svar_langsam_answers_a_patient_client(tmp_path: Any, person: PersonFactory) -> None:
    with PuComponent.start(tmp_path, slow_delay_s=0.2, default_seed=False) as component:
        component.seed_persons([person(svar="langsam")])
        started = time.monotonic()
        result = component.client(5).lookup("191212121212")
        assert time.monotonic() - started >= 0.2
    assert isinstance(result, Found)
    assert result.fornamn == "Tolvan"


@pytest.mark.parametrize("flag", ["sekretessmarkering", "skyddad_folkbokforing"])
def test_protected_person_yields_protected_without_any_data(
    pu: PuComponent, flag: str, person: PersonFactory
) -> None:
    pu.seed_persons([person(care_of="c/o Hemlig", **{flag: True})])

    result = pu.client(CLIENT_TIMEOUT_S).lookup("191212121212")

    assert result == Protected()
    assert dataclasses.fields(result) == ()
    shown = repr(result) + str(result) + json.dumps(vars(result))
    for secret in (
        "Tolvan",
        "Tolvansson",
        "Provgatan",
        "123 45",
        "12345",
        "Exempelby",
        "Hemlig",
        "1740605",
        "example.se",
    ):
        assert secret not in shown
    # The service, like PU, serves the flag to the client; the client withholds the rest.
    status, body = raw_get(pu, "191212121212")
    assert status == 200
    assert json.loads(body)["person"][flag] is True


def test_deceased_person_is_found_and_marked(pu: PuComponent, person: PersonFactory) -> None:
    pu.seed_persons([person(avliden=True)])
    _, body = raw_get(pu, "191212121212")
    assert json.loads(body)["person"]["avregistrering"] == {"orsak": "AV"}
    result = pu.client(CLIENT_TIMEOUT_S).lookup("191212121212")
    assert isinstance(result, Found)
    assert result.avliden is True


def test_samordningsnummer_without_address(pu: PuComponent) -> None:
    numbers = pu.seed_persons(
        [
            {
                "nummer": "701063-2391",
                "fornamn": "Piotr",
                "efternamn": "Nowak",
                "postnummer": "0",
            }
        ]
    )
    assert numbers == ["197010632391"]
    _, body = raw_get(pu, "197010632391")
    wire = json.loads(body)["person"]
    assert wire["typ"] == "samordningsnummer"
    assert wire["folkbokforingsadress"]["postnummer"] == "0"
    result = pu.client(CLIENT_TIMEOUT_S).lookup("197010632391")
    assert isinstance(result, Found)
    assert (result.fodelsedatum, result.postnummer, result.kon) == ("1970-10-03", "", "Man")


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("fel", UnavailableReason.FAULT),
        ("langsam", UnavailableReason.TIMEOUT),
    ],
)
def test_global_mode_overrides_every_person(
    pu: PuComponent, mode: str, expected: UnavailableReason, person: PersonFactory
) -> None:
    pu.seed_persons([person(), person(nummer="201701012393", svar="saknas")])
    client = pu.client(CLIENT_TIMEOUT_S)
    pu.set_mode(mode)
    for nummer in ("191212121212", "201701012393", "198503152426"):
        result = client.lookup(nummer)
        assert isinstance(result, Unavailable)
        assert result.reason is expected
    pu.set_mode("normal")
    assert isinstance(client.lookup("191212121212"), Found)
    assert client.lookup("201701012393") == NotFound()


def test_service_not_running_is_unavailable(tmp_path: Any) -> None:
    component = PuComponent.start(tmp_path, default_seed=False)
    client = component.client(CLIENT_TIMEOUT_S)
    component.stop()
    result = client.lookup("191212121212")
    assert isinstance(result, Unavailable)
    assert result.reason is UnavailableReason.FAULT


def test_client_refuses_anything_but_twelve_digits() -> None:
    client = PuClient("http://127.0.0.1:9", 1, secret="x")
    for bad in ("19121212-1212", "121212121212x", "../status", ""):
        with pytest.raises(ValueError):
            client.lookup(bad)


@pytest.mark.parametrize(
    "answer",
    [
        b"inte json",
        b"[]",
        # Protection flags missing or not booleans: fail closed, never Found.
        json.dumps({"person": {"nummer": "191212121212", "namn": {"fornamn": "X"}}}).encode(),
        json.dumps(
            {"person": {"sekretessmarkering": "nej", "skyddad_folkbokforing": False}}
        ).encode(),
        # An answer about somebody else.
        json.dumps(
            {
                "person": {
                    "nummer": "201701012393",
                    "sekretessmarkering": False,
                    "skyddad_folkbokforing": False,
                }
            }
        ).encode(),
    ],
)
def test_unreadable_answers_fail_closed(answer: bytes) -> None:
    with pytest.raises(Exception) as caught:
        _interpret("191212121212", answer)
    assert type(caught.value).__name__ == "_MalformedAnswer"


def test_protection_is_decided_before_anything_else() -> None:
    answer = json.dumps(
        {"person": {"sekretessmarkering": True, "skyddad_folkbokforing": False, "namn": 5}}
    ).encode()
    assert _interpret("191212121212", answer) == Protected()


@pytest.mark.parametrize("secret", ["", "fel-hemlighet"], ids=["utan", "fel"])
def test_pu_answers_only_the_journal(pu: PuComponent, secret: str) -> None:
    """Loopback is no boundary: a local process without the secret learns nothing."""
    status, body = raw_get(pu, "191212121212", secret=secret)
    assert status == 401
    assert b"Tolvan" not in body and b"fornamn" not in body

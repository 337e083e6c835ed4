"""The control interface: guard, answers, and all-or-nothing input checks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mvj_stub.config import StubConfig
from mvj_stub.server import RunningStub, start

from .conftest import ASA, KEY, PROTECTED, TOLVAN, Client, control, seed


@pytest.fixture(scope="module")
def stub_without_control(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStub]:
    running = start(StubConfig(data_dir=tmp_path_factory.mktemp("utan"), port=0))
    yield running
    running.stop()


def customer_count(stub) -> int:
    return control(stub, "GET", "/_kontroll/status").json()["kunder"]


def test_disabled_is_404(stub_without_control) -> None:
    for path in ("/_kontroll/status", "/_kontroll/aterstall", "/_kontroll/kunder"):
        reply = control(stub_without_control, "POST" if path != "/_kontroll/status" else "GET",
                        path, {})
        assert reply.status == 404, path


@pytest.mark.parametrize("key", [None, "", "fel-nyckel", KEY + "x"])
def test_missing_or_wrong_key_is_403(journal, key) -> None:
    reply = control(journal, "GET", "/_kontroll/status", key=key)
    assert reply.status == 403
    assert "fel" in reply.json()
    seeded = control(journal, "POST", "/_kontroll/kunder", {"kunder": [TOLVAN]}, key=key)
    assert seeded.status == 403
    assert customer_count(journal) == 0


def test_status_and_reset(journal) -> None:
    seed(journal, TOLVAN, PROTECTED)
    status = control(journal, "GET", "/_kontroll/status").json()
    assert status["kunder"] == 2 and status["fryst"] is False and "klocka" in status
    assert control(journal, "POST", "/_kontroll/aterstall").status == 200
    assert customer_count(journal) == 0


def test_clock_freeze_forward_reset(journal) -> None:
    frozen = control(journal, "POST", "/_kontroll/klocka", {"frys": True}).json()
    assert frozen["fryst"] is True
    moved = control(journal, "POST", "/_kontroll/klocka", {"framat_sekunder": 2700}).json()
    from datetime import datetime

    delta = datetime.fromisoformat(moved["klocka"]) - datetime.fromisoformat(frozen["klocka"])
    assert delta.total_seconds() == 2700
    again = control(journal, "GET", "/_kontroll/status").json()
    assert again["klocka"] == moved["klocka"]  # frozen: stands still
    running = control(journal, "POST", "/_kontroll/klocka", {"frys": False}).json()
    assert running["fryst"] is False
    back = control(journal, "POST", "/_kontroll/klocka", {"aterstall": True}).json()
    assert abs((datetime.fromisoformat(back["klocka"]) - datetime.now().astimezone())
               .total_seconds()) < 5


@pytest.mark.parametrize("body", [
    {}, {"framat_sekunder": -1}, {"framat_sekunder": "10"}, {"framat_sekunder": True},
    {"frys": "ja"}, {"aterstall": False}, {"frys": True, "framat_sekunder": 5}, {"okand": 1},
    [1, 2],
])
def test_clock_bad_input_is_400_and_changes_nothing(journal, body) -> None:
    before = control(journal, "POST", "/_kontroll/klocka", {"frys": True}).json()
    reply = control(journal, "POST", "/_kontroll/klocka", body)
    assert reply.status == 400
    assert reply.json()["fel"]
    assert control(journal, "GET", "/_kontroll/status").json()["klocka"] == before["klocka"]


def test_clock_rejects_non_json(journal) -> None:
    reply = Client(journal).request("POST", "/_kontroll/klocka", None,
                                    {"X-Kontroll-Nyckel": KEY, "Content-Type": "text/plain"})
    assert reply.status == 400


def test_seed_answers_ids_and_twelve_digit_numbers(journal) -> None:
    added = seed(journal, TOLVAN, ASA, PROTECTED)
    assert [entry["nummer"] for entry in added] == ["191212121212", "198001010001",
                                                     "201701012393"]
    assert len({entry["id"] for entry in added}) == 3


@pytest.mark.parametrize(("bad", "message"), [
    ({**ASA, "fornamn": ""}, "Kund 2: Förnamn: obligatoriskt."),
    ({**ASA, "efternamn": None}, "Kund 2: Efternamn: obligatoriskt."),
    ({**ASA, "postnummer": "1234"}, "Kund 2: Postnummer: ange fem siffror."),
    ({**ASA, "mobiltelefon": "+47 70 174 06 05"},
     "Kund 2: Mobiltelefon: ange ett svenskt telefonnummer."),
    ({**ASA, "epost": "asa.example.se"}, "Kund 2: E-post: ange en giltig e-postadress."),
    ({**ASA, "nummer": "19800101-0002"}, "Kund 2: Personnummer: ogiltigt nummer."),
    ({**ASA, "kontaktvag": "Brev"}, "Kund 2: Kontaktväg"),
    ({**ASA, "skostorlek": 42}, "Kund 2: Okänt fält: skostorlek."),
    ({**PROTECTED, "fornamn": "Hemlig"},
     "Kund 2: Förnamn: får inte anges för en kund med skyddad identitet."),
    ({**TOLVAN}, "Kund 2: samma nummer som kund 1."),
    ({"nummer": "991981000010", "fornamn": "R", "efternamn": "P", "kon": "Man"},
     "Kund 2: Födelsedatum: obligatoriskt."),
    ({"nummer": "991981000010", "fornamn": "R", "efternamn": "P",
      "fodelsedatum": "1981-02-30", "kon": "Man"},
     "Kund 2: Födelsedatum: ange ett giltigt datum (ÅÅÅÅ-MM-DD)."),
    ({"nummer": "991981000010", "fornamn": "R", "efternamn": "P",
      "fodelsedatum": "1981-02-03"}, "Kund 2: Kön: obligatoriskt."),
    ("inte ett objekt", "Kund 2: ange ett objekt."),
])
def test_seed_is_all_or_nothing(journal, bad, message) -> None:
    reply = control(journal, "POST", "/_kontroll/kunder", {"kunder": [TOLVAN, bad]})
    assert reply.status == 400, reply.text
    assert message in reply.json()["fel"]
    assert customer_count(journal) == 0


def test_seed_existing_number_is_refused(journal) -> None:
    seed(journal, TOLVAN)
    reply = control(journal, "POST", "/_kontroll/kunder", {"kunder": [ASA, TOLVAN]})
    assert reply.status == 400
    assert reply.json()["fel"] == "Kund 2: Personnumret finns redan i MittVaccin Journal."
    assert customer_count(journal) == 1


@pytest.mark.parametrize("body", [{}, {"kunder": {}}, {"kunder": [], "extra": 1}, [TOLVAN]])
def test_seed_body_shape(journal, body) -> None:
    assert control(journal, "POST", "/_kontroll/kunder", body).status == 400


def test_protected_customer_stores_nothing_personal(journal) -> None:
    seed(journal, PROTECTED)
    customer = journal.state.store.find_by_number("201701012393")
    assert customer is not None and customer.skyddad
    assert customer.fornamn is None and customer.fodelsedatum is None
    assert customer.address == "" and customer.mobiltelefon is None

"""The example data on the first start of a fresh data directory, and `--no-example-data`."""

from __future__ import annotations

from pathlib import Path

from mvj_stub.config import StubConfig
from mvj_stub.identity import Kind, parse
from mvj_stub.pu import Found, NotFound, Protected
from mvj_stub.pu.seed import DEFAULT_PERSONS
from mvj_stub.seed import DEFAULT_CUSTOMERS
from mvj_stub.server import start
from mvj_stub.validation import parse_customer

from .conftest import KEY, control

REPO = Path(__file__).resolve().parents[2]


def test_first_start_seeds_once_and_never_again(tmp_path: Path) -> None:
    config = StubConfig(data_dir=tmp_path, port=0, control=True, control_key=KEY)
    first = start(config)
    try:
        store = first.state.store
        assert store.count_customers() == len(DEFAULT_CUSTOMERS)
        assert len(first.pu.persons()) == len(DEFAULT_PERSONS)
        # one of each kind, one protected customer
        kinds = {c.nummertyp for c in (store.find_by_number(parse(item["nummer"],
                 first.state.clock.today()).digits) for item in DEFAULT_CUSTOMERS)
                 if c is not None}
        assert kinds == {Kind.PERSONNUMMER, Kind.SAMORDNINGSNUMMER, Kind.RESERVNUMMER}
        assert store.find_by_number("197811221824").skyddad
        assert control(first, "POST", "/_kontroll/aterstall", {}).status == 200
    finally:
        first.stop()
    second = start(config)
    try:
        assert second.state.store.count_customers() == 0  # not seeded after a reset
        assert second.pu.persons() == []
    finally:
        second.stop()


def test_restart_does_not_seed_again(tmp_path: Path) -> None:
    config = StubConfig(data_dir=tmp_path, port=0)
    first = start(config)
    first.stop()
    second = start(config)
    try:
        assert second.state.store.count_customers() == len(DEFAULT_CUSTOMERS)
    finally:
        second.stop()


def test_no_example_data_starts_empty(tmp_path: Path) -> None:
    running = start(StubConfig(data_dir=tmp_path, port=0, example_data=False))
    try:
        assert running.state.store.count_customers() == 0
        assert running.pu.persons() == []
    finally:
        running.stop()


def test_seed_is_consistent_with_pu() -> None:
    """Personnummer customers are PU persons with the same name; the rest are not in PU."""
    from datetime import date

    pu = {item["nummer"]: item for item in DEFAULT_PERSONS}
    in_journal = set()
    for item in DEFAULT_CUSTOMERS:
        customer = parse_customer(item, date.today())
        in_journal.add(customer.nummer)
        person = pu.get(customer.nummer)
        if customer.nummertyp is Kind.PERSONNUMMER:
            assert person is not None, customer.nummer
            protected = person.get("sekretessmarkering") or person.get("skyddad_folkbokforing")
            assert bool(protected) == customer.skyddad
            if not customer.skyddad:
                assert (person["fornamn"], person["efternamn"]) == (
                    customer.fornamn, customer.efternamn)
        else:
            assert person is None, customer.nummer
        for phone in filter(None, [customer.mobiltelefon_norm]):
            assert 701740605 <= int(phone) <= 701740699
        assert customer.epost is None or customer.epost.endswith("@example.se")
    # PU persons that are not customers yet, for adding with `Hämta från PU-tjänsten`.
    assert len(set(pu) - in_journal) >= 5


def test_seeded_pu_answers_match_the_journal(tmp_path: Path) -> None:
    running = start(StubConfig(data_dir=tmp_path, port=0, pu_timeout=0.3))
    try:
        client = running.state.pu_client
        assert isinstance(client.lookup("191212121212"), Found)
        assert client.lookup("197811221824") == Protected()
        assert client.lookup("199204782347") == NotFound()  # the samordningsnummer customer
    finally:
        running.stop()

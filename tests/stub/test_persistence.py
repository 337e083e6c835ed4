"""Data and PKI survive a restart; the database file is configurable."""

from __future__ import annotations

from mvj_stub.config import StubConfig
from mvj_stub.server import start

from .conftest import KEY, TOLVAN, control, seed


def test_data_and_pki_survive_restart(tmp_path) -> None:
    config = StubConfig(data_dir=tmp_path / "data", port=0, kontroll=True, kontroll_nyckel=KEY,
                        exempeldata=False)
    first = start(config)
    try:
        seed(first, TOLVAN)
        ca = first.pki.ca_cert_path.read_bytes()
        card = first.pki.cards["sjukskoterska"].path.read_bytes()
    finally:
        first.stop()
    second = start(config)
    try:
        assert control(second, "GET", "/_kontroll/status").json()["kunder"] == 1
        customer = second.state.store.find_by_nummer("191212121212")
        assert customer is not None and customer.namn == "Tolvan Tolvansson"
        assert second.pki.ca_cert_path.read_bytes() == ca
        assert second.pki.cards["sjukskoterska"].path.read_bytes() == card
    finally:
        second.stop()
    assert (tmp_path / "data" / "journal.db").exists()
    assert (tmp_path / "data" / "pki" / "kort.json").exists()


def test_db_path_option_and_new_passphrase(tmp_path) -> None:
    config = StubConfig(data_dir=tmp_path / "d", db_path=tmp_path / "annan.db", port=0,
                        passphrase="nytt-losen")
    running = start(config)
    try:
        assert running.ready_info()["passphrase"] == "nytt-losen"
        assert (tmp_path / "annan.db").exists()
        assert not (tmp_path / "d" / "journal.db").exists()
    finally:
        running.stop()

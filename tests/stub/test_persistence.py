"""Data and PKI survive a restart; the database file is configurable; one stub per data
directory; every file with personal data or a key is the stub user's alone (0600)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from mvj_stub.config import StubConfig
from mvj_stub.files import prepare_sqlite_file
from mvj_stub.pki import CARD_SPECS
from mvj_stub.server import DataDirInUse, start

from .conftest import KEY, TOLVAN, Client, control, logged_in_nurse, pu_person, seed, seed_pu


def test_data_and_pki_survive_restart(tmp_path) -> None:
    config = StubConfig(data_dir=tmp_path / "data", port=0, control=True, control_key=KEY,
                        example_data=False)
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
        customer = second.state.store.find_by_number("191212121212")
        assert customer is not None and customer.name == "Tolvan Tolvansson"
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
        assert running.pki.passphrase == "nytt-losen"
        assert "nytt-losen" not in str(running.ready_info())  # never in the ready file
        assert (tmp_path / "annan.db").exists()
        assert not (tmp_path / "d" / "journal.db").exists()
    finally:
        running.stop()


# --- one stub per data directory ------------------------------------------------

def test_data_dir_is_locked_while_a_stub_runs(tmp_path: Path) -> None:
    config = StubConfig(data_dir=tmp_path / "data", port=0, example_data=False)
    first = start(config)
    try:
        with pytest.raises(DataDirInUse) as refused:
            start(config)
        assert str(refused.value) == (
            f"Datakatalogen {(tmp_path / 'data').resolve()} används redan av en annan "
            f"stubbjournal (pid {os.getpid()}).")
        assert Client(first).get("/").status == 200  # the first one is unharmed
    finally:
        first.stop()
    second = start(config)  # stop, then start: the suite's restart
    second.stop()


def test_a_database_is_locked_too_whatever_the_data_dir(tmp_path: Path) -> None:
    """A second stub on its own data directory but the first one's database (--db) must
    not start: its reset would empty the first one's journal."""
    first_config = StubConfig(data_dir=tmp_path / "first", port=0, example_data=True)
    first = start(first_config)
    try:
        customers = first.state.store.count_customers()
        assert customers > 0
        database = first_config.database.resolve()
        other = StubConfig(data_dir=tmp_path / "second", port=0, db_path=database)
        with pytest.raises(DataDirInUse) as refused:
            start(other)
        assert str(refused.value) == (
            f"Databasen {database} används redan av en annan stubbjournal.")
        assert first.state.store.count_customers() == customers
        assert Client(first).get("/").status == 200
    finally:
        first.stop()


# --- private files ----------------------------------------------------------------

PKI_PRIVATE = ["pki/ca.nyckel.pem", "pki/frammande-ca.nyckel.pem", "pki/server.nyckel.pem",
               "pki/kort.json",
               *[f"pki/kort/{spec.key}.p12" for spec in CARD_SPECS],
               *[f"pki/kort/{spec.key}.nyckel.pem" for spec in CARD_SPECS]]
PRIVATE = ["journal.db", "pu.db", "stub.log", "stub.lock", *PKI_PRIVATE]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@contextmanager
def permissive_umask() -> Iterator[None]:
    """Umask 022, as on most machines: what the stub does not restrict, others can read."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_data_files_are_created_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with permissive_umask():
        running = start(StubConfig(data_dir=data, port=0, control=True, control_key=KEY,
                                   example_data=False))
        try:
            seed(running, TOLVAN)
            seed_pu(running, pu_person())
            logged_in_nurse(running, tmp_path / "kort").get("/sok?q=Tolvan")
            # SQLite removes -wal and -shm when the last connection closes: hold one open.
            with running.state.store.connect() as connection:
                connection.execute("UPDATE kunder SET ort = 'Ny ort'")
                for name in ("journal.db-wal", "journal.db-shm"):
                    assert mode(data / name) == 0o600, name
            for name in PRIVATE:
                assert mode(data / name) == 0o600, name
            assert mode(data) == 0o700  # a new data directory is the stub user's alone
            assert mode(data / "pki" / "ca.pem") == 0o644  # certificates stay public
        finally:
            running.stop()


def test_files_from_older_runs_are_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    config = StubConfig(data_dir=data, port=0, example_data=False)
    start(config).stop()
    for name in PRIVATE:
        os.chmod(data / name, 0o644)  # as an older stub left them
    running = start(config)
    try:
        for name in PRIVATE:
            assert mode(data / name) == 0o600, name
    finally:
        running.stop()


def test_sqlite_side_files_are_tightened(tmp_path: Path) -> None:
    database = tmp_path / "journal.db"
    sides = [tmp_path / f"journal.db{suffix}" for suffix in ("-wal", "-shm", "-journal")]
    for path in (database, *sides):
        path.write_bytes(b"")
        os.chmod(path, 0o644)
    prepare_sqlite_file(database)
    assert [mode(path) for path in (database, *sides)] == [0o600] * 4

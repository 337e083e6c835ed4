"""PU-tjänstens own register: one SQLite file, separate from the journal's database."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mvj_stub.files import prepare_sqlite_file
from mvj_stub.pu.model import PuPerson

_SCHEMA = """
CREATE TABLE IF NOT EXISTS personer (
    nummer TEXT PRIMARY KEY,
    data   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    nyckel TEXT PRIMARY KEY,
    varde  TEXT NOT NULL
);
"""


class PuStore:
    """Thread-safe: every operation opens its own connection; writes are serialised."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._write_lock = threading.Lock()
        # Private: it holds protected persons' names and addresses.
        prepare_sqlite_file(path)
        with self._connect() as connection:
            connection.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=5)
        try:
            with connection:  # commit on success, roll back on error
                yield connection
        finally:
            connection.close()

    def is_initialised(self) -> bool:
        with self._connect() as connection:
            row = connection.execute("SELECT 1 FROM meta WHERE nyckel = 'initierad'").fetchone()
        return row is not None

    def mark_initialised(self) -> None:
        with self._write_lock, self._connect() as connection:
            connection.execute("INSERT OR REPLACE INTO meta VALUES ('initierad', '1')")

    def put_all(self, persons: Iterable[PuPerson]) -> None:
        """Insert or replace, in one transaction."""
        rows = [(person.nummer, person.dumps()) for person in persons]
        with self._write_lock, self._connect() as connection:
            connection.executemany("INSERT OR REPLACE INTO personer VALUES (?, ?)", rows)

    def get(self, number: str) -> PuPerson | None:
        with self._connect() as connection:
            row = connection.execute(
                "SELECT data FROM personer WHERE nummer = ?", (number,)
            ).fetchone()
        return PuPerson.loads(row[0]) if row else None

    def all(self) -> list[PuPerson]:
        with self._connect() as connection:
            rows = connection.execute("SELECT data FROM personer ORDER BY nummer").fetchall()
        return [PuPerson.loads(row[0]) for row in rows]

    def clear(self) -> None:
        with self._write_lock, self._connect() as connection:
            connection.execute("DELETE FROM personer")

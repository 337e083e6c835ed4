"""The journal's store: customers, sessions and access, in one SQLite file (WAL).

Thread-safe by construction: every operation opens its own short-lived
connection (the server is threaded). Session tokens are stored hashed, each
with the SHA-256 of the SITHS card that logged in (the session is bound to it).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path

from mvj_stub.files import prepare_sqlite_file
from mvj_stub.identity import Kind, make_reservnummer
from mvj_stub.model import Customer, CustomerData

_SCHEMA = """
CREATE TABLE IF NOT EXISTS kunder (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    nummer            TEXT NOT NULL UNIQUE CHECK (length(nummer) = 12),
    nummertyp         TEXT NOT NULL,
    skyddad           INTEGER NOT NULL DEFAULT 0,
    fodelsedatum      TEXT,
    fornamn           TEXT,
    efternamn         TEXT,
    utdelningsadress  TEXT,
    postnummer        TEXT,
    ort               TEXT,
    mobiltelefon      TEXT,
    mobiltelefon_norm TEXT,
    epost             TEXT,
    epost_norm        TEXT,
    kontaktvag        TEXT,
    samtycke          INTEGER NOT NULL DEFAULT 0,
    kon               TEXT,
    skapad            REAL NOT NULL,
    andrad            REAL NOT NULL,
    -- a protected customer is a number and a flag, nothing else
    CHECK (skyddad = 0 OR (fodelsedatum IS NULL AND fornamn IS NULL AND efternamn IS NULL
        AND utdelningsadress IS NULL AND postnummer IS NULL AND ort IS NULL
        AND mobiltelefon IS NULL AND mobiltelefon_norm IS NULL AND epost IS NULL
        AND epost_norm IS NULL AND kontaktvag IS NULL AND samtycke = 0 AND kon IS NULL))
);
CREATE INDEX IF NOT EXISTS kunder_mobil ON kunder (mobiltelefon_norm);
CREATE INDEX IF NOT EXISTS kunder_epost ON kunder (epost_norm);
CREATE TABLE IF NOT EXISTS sessioner (
    token_hash   TEXT PRIMARY KEY,
    hsa_id       TEXT NOT NULL,
    namn         TEXT NOT NULL,
    skapad       REAL NOT NULL,
    senast_aktiv REAL NOT NULL,
    avslutad     REAL,
    orsak        TEXT,
    kort_sha256  TEXT
);
CREATE TABLE IF NOT EXISTS behorighet (
    hsa_id TEXT PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS meta (
    nyckel TEXT PRIMARY KEY,
    varde  TEXT NOT NULL
);
"""

_CUSTOMER_COLUMNS = tuple(field.name for field in fields(CustomerData))
# SQLite's INTEGER is signed 64-bit: a larger id is no customer (and would overflow).
MAX_ID = 2**63 - 1


class DuplicateNumber(ValueError):
    """The number is already a customer."""

    def __init__(self, number: str) -> None:
        super().__init__(number)
        self.number = number


@dataclass(frozen=True)
class Session:
    """One row of ``sessioner``; each field's column is named beside it."""

    token_hash: str  # token_hash
    hsa_id: str  # hsa_id
    name: str  # namn: the card holder's name
    created: float  # skapad
    last_active: float  # senast_aktiv
    ended: float | None  # avslutad
    end_reason: str | None  # orsak: "manuell" | "inaktivitet" | … | None while active
    # kort_sha256: SHA-256 (hex) of the card's DER; None for a session from before cards
    # were bound, which then matches no card at all.
    card_sha256: str | None = None

    @property
    def active(self) -> bool:
        return self.ended is None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Store:
    def __init__(self, path: Path, granted_hsa_ids: Iterable[str] = ()) -> None:
        self.path = path
        prepare_sqlite_file(path)
        with self.connect() as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(_SCHEMA)
            columns = {row["name"] for row in connection.execute(
                "PRAGMA table_info(sessioner)")}
            if "kort_sha256" not in columns:  # a database from before cards were bound
                connection.execute("ALTER TABLE sessioner ADD COLUMN kort_sha256 TEXT")
            connection.executemany(
                "INSERT OR IGNORE INTO behorighet (hsa_id) VALUES (?)",
                [(hsa_id,) for hsa_id in granted_hsa_ids],
            )

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """One connection, one transaction: committed on success, rolled back on error."""
        connection = sqlite3.connect(self.path, timeout=10)
        connection.row_factory = sqlite3.Row
        # WAL + NORMAL: durable across an application crash, far fewer fsyncs.
        connection.execute("PRAGMA synchronous=NORMAL")
        try:
            with connection:
                yield connection
        finally:
            connection.close()

    # --- access -----------------------------------------------------------
    def has_access(self, hsa_id: str) -> bool:
        with self.connect() as connection:
            row = connection.execute(
                "SELECT 1 FROM behorighet WHERE hsa_id = ?", (hsa_id,)
            ).fetchone()
        return row is not None

    # --- customers --------------------------------------------------------
    def add_customers(self, customers: Sequence[CustomerData], now: float) -> list[Customer]:
        """Insert all or nothing; ``DuplicateNumber`` names the first number that exists."""
        columns = ", ".join(_CUSTOMER_COLUMNS)
        marks = ", ".join("?" for _ in _CUSTOMER_COLUMNS)
        ids: list[int] = []
        with self.connect() as connection:
            connection.execute("BEGIN IMMEDIATE")
            for customer in customers:
                try:
                    cursor = connection.execute(
                        f"INSERT INTO kunder ({columns}, skapad, andrad) "
                        f"VALUES ({marks}, ?, ?)",
                        (*_row_values(customer), now, now),
                    )
                except sqlite3.IntegrityError as error:
                    if "UNIQUE" in str(error):
                        raise DuplicateNumber(customer.nummer) from error
                    raise
                assert cursor.lastrowid is not None
                ids.append(cursor.lastrowid)
        return [Customer(**_as_kwargs(customer), id=new_id)
                for customer, new_id in zip(customers, ids, strict=True)]

    def add_customer(self, customer: CustomerData, now: float) -> Customer:
        return self.add_customers([customer], now)[0]

    def update_customer(self, customer_id: int, customer: CustomerData, now: float) -> None:
        """Replace every stored field (the number too). ``DuplicateNumber`` if it is taken."""
        if not 0 < customer_id <= MAX_ID:
            return
        assignments = ", ".join(f"{column} = ?" for column in _CUSTOMER_COLUMNS)
        with self.connect() as connection:
            try:
                connection.execute(
                    f"UPDATE kunder SET {assignments}, andrad = ? WHERE id = ?",
                    (*_row_values(customer), now, customer_id),
                )
            except sqlite3.IntegrityError as error:
                if "UNIQUE" in str(error):
                    raise DuplicateNumber(customer.nummer) from error
                raise

    def get_customer(self, customer_id: int) -> Customer | None:
        if not 0 < customer_id <= MAX_ID:
            return None
        with self.connect() as connection:
            row = connection.execute("SELECT * FROM kunder WHERE id = ?",
                                     (customer_id,)).fetchone()
        return _customer(row) if row else None

    def find_by_number(self, number: str) -> Customer | None:
        with self.connect() as connection:
            row = connection.execute("SELECT * FROM kunder WHERE nummer = ?",
                                     (number,)).fetchone()
        return _customer(row) if row else None

    def find_by_phone(self, normalised: str) -> list[Customer]:
        return self._select("skyddad = 0 AND mobiltelefon_norm = ?", (normalised,))

    def find_by_email(self, normalised: str) -> list[Customer]:
        return self._select("skyddad = 0 AND epost_norm = ?", (normalised,))

    def unprotected_customers(self) -> list[Customer]:
        return self._select("skyddad = 0", ())

    def count_customers(self) -> int:
        with self.connect() as connection:
            return int(connection.execute("SELECT count(*) FROM kunder").fetchone()[0])

    def add_reserve_customer(self, customer: CustomerData, birth_year: int,
                             now: float) -> Customer:
        """Store a customer under the next free reservnummer for ``birth_year``.

        The serial is the highest one for that year + 1 (the first is 00001),
        read and used inside one write transaction (``BEGIN IMMEDIATE``), so two
        requests at the same moment never get the same number.
        """
        prefix = f"99{birth_year:04d}"
        with self.connect() as connection:
            connection.execute("BEGIN IMMEDIATE")
            row = connection.execute(
                "SELECT max(substr(nummer, 7, 5)) FROM kunder WHERE nummertyp = ? "
                "AND substr(nummer, 1, 6) = ?",
                (Kind.RESERVNUMMER.value, prefix),
            ).fetchone()
            highest = int(row[0]) if row and row[0] is not None else 0
            nummer = make_reservnummer(birth_year, highest + 1)
            stored = replace(customer, nummer=nummer, nummertyp=Kind.RESERVNUMMER)
            columns = ", ".join(_CUSTOMER_COLUMNS)
            marks = ", ".join("?" for _ in _CUSTOMER_COLUMNS)
            cursor = connection.execute(
                f"INSERT INTO kunder ({columns}, skapad, andrad) VALUES ({marks}, ?, ?)",
                (*_row_values(stored), now, now),
            )
            assert cursor.lastrowid is not None
            new_id = cursor.lastrowid
        return Customer(**_as_kwargs(stored), id=new_id)

    def _select(self, where: str, parameters: tuple[object, ...]) -> list[Customer]:
        with self.connect() as connection:
            rows = connection.execute(
                f"SELECT * FROM kunder WHERE {where} ORDER BY efternamn, fornamn, nummer",
                parameters,
            ).fetchall()
        return [_customer(row) for row in rows]

    # --- sessions ---------------------------------------------------------
    def create_session(self, token: str, hsa_id: str, name: str, now: float,
                       card_sha256: str) -> None:
        with self.connect() as connection:
            connection.execute(
                "INSERT INTO sessioner (token_hash, hsa_id, namn, skapad, senast_aktiv, "
                "kort_sha256) VALUES (?, ?, ?, ?, ?, ?)",
                (hash_token(token), hsa_id, name, now, now, card_sha256),
            )

    def get_session(self, token: str) -> Session | None:
        with self.connect() as connection:
            row = connection.execute("SELECT * FROM sessioner WHERE token_hash = ?",
                                     (hash_token(token),)).fetchone()
        return _session(row) if row else None

    def touch_session(self, token: str, now: float) -> None:
        with self.connect() as connection:
            connection.execute(
                "UPDATE sessioner SET senast_aktiv = max(senast_aktiv, ?) "
                "WHERE token_hash = ? AND avslutad IS NULL",
                (now, hash_token(token)),
            )

    def end_session(self, token: str, reason: str, now: float) -> None:
        with self.connect() as connection:
            connection.execute(
                "UPDATE sessioner SET avslutad = ?, orsak = ? "
                "WHERE token_hash = ? AND avslutad IS NULL",
                (now, reason, hash_token(token)),
            )

    # --- first start ------------------------------------------------------
    def claim_first_start(self) -> bool:
        """True exactly once per database: on the first start of a fresh data directory.

        A database from before this marker existed counts as fresh only when it
        holds no customers.
        """
        with self.connect() as connection:
            connection.execute("BEGIN IMMEDIATE")
            if connection.execute(
                "SELECT 1 FROM meta WHERE nyckel = 'initierad'"
            ).fetchone() is not None:
                return False
            connection.execute("INSERT INTO meta (nyckel, varde) VALUES ('initierad', '1')")
            return connection.execute("SELECT count(*) FROM kunder").fetchone()[0] == 0

    # --- control ----------------------------------------------------------
    def wipe(self) -> None:
        """Customers and sessions go; access grants stay."""
        with self.connect() as connection:
            connection.execute("DELETE FROM kunder")
            connection.execute("DELETE FROM sessioner")
            connection.execute("DELETE FROM sqlite_sequence WHERE name = 'kunder'")


def _row_values(customer: CustomerData) -> tuple[object, ...]:
    values: list[object] = []
    for column in _CUSTOMER_COLUMNS:
        value = getattr(customer, column)
        if isinstance(value, Kind):
            value = value.value
        elif isinstance(value, bool):
            value = int(value)
        values.append(value)
    return tuple(values)


def _as_kwargs(customer: CustomerData) -> dict[str, object]:
    return {column: getattr(customer, column) for column in _CUSTOMER_COLUMNS}


def _session(row: sqlite3.Row) -> Session:
    return Session(
        token_hash=row["token_hash"],
        hsa_id=row["hsa_id"],
        name=row["namn"],
        created=row["skapad"],
        last_active=row["senast_aktiv"],
        ended=row["avslutad"],
        end_reason=row["orsak"],
        card_sha256=row["kort_sha256"],
    )


def _customer(row: sqlite3.Row) -> Customer:
    data = {column: row[column] for column in _CUSTOMER_COLUMNS}
    data["nummertyp"] = Kind(data["nummertyp"])
    data["skyddad"] = bool(data["skyddad"])
    data["samtycke"] = bool(data["samtycke"])
    return Customer(**data, id=int(row["id"]))

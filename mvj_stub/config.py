"""Settings of one running stub."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mvj_stub.pki import DEFAULT_PASSPHRASE

INACTIVITY_SECONDS = 45 * 60


@dataclass(frozen=True)
class StubConfig:
    data_dir: Path = Path(".stub-data")
    host: str = "127.0.0.1"
    port: int = 8443  # 0 = any free port
    db_path: Path | None = None  # default <data_dir>/journal.db
    kontroll: bool = False
    kontroll_nyckel: str | None = None
    passphrase: str = DEFAULT_PASSPHRASE
    vardgivartyp: str = "region"  # region | privat
    pu_timeout: float = 3.0  # seconds the journal waits for PU-tjänsten
    exempeldata: bool = True  # example customers/PU persons on the first start
    inactivity_seconds: int = INACTIVITY_SECONDS
    heartbeat_min_interval_ms: int = 5_000

    @property
    def database(self) -> Path:
        return self.db_path if self.db_path is not None else self.data_dir / "journal.db"

    @property
    def pki_dir(self) -> Path:
        return self.data_dir / "pki"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "stub.log"

"""Settings of one running stub."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from pathlib import Path

from mvj_stub.latency import Latency
from mvj_stub.pki import DEFAULT_PASSPHRASE

INACTIVITY_SECONDS = 45 * 60


@dataclass(frozen=True)
class StubConfig:
    data_dir: Path = Path(".stub-data")
    host: str = "127.0.0.1"
    port: int = 8443  # 0 = any free port
    db_path: Path | None = None  # default <data_dir>/journal.db
    control: bool = False  # the control interface under /_kontroll/ (--control)
    control_key: str | None = None  # its X-Kontroll-Nyckel; required when control is on
    # The control interface can rewrite data and clock: off loopback only when asked for.
    allow_remote_control: bool = False
    passphrase: str = DEFAULT_PASSPHRASE
    provider_type: str = "region"  # vårdgivartyp: region | privat
    pu_timeout: float = 3.0  # seconds the journal waits for PU-tjänsten
    example_data: bool = True  # example customers/PU persons on the first start
    # Login and search as a single-page app does: JSON posts, nothing personal in URLs.
    json_api: bool = False
    inactivity_seconds: int = INACTIVITY_SECONDS
    # Rules of the routine this stub breaks on purpose (--break, mvj_stub.breaks):
    # none unless asked for, and only on loopback.
    breaks: frozenset[str] = frozenset()
    heartbeat_min_interval_ms: int = 5_000
    # How long each answer takes (--latency MIN-MAX, mvj_stub.latency); None = at once.
    latency: Latency | None = None

    @property
    def database(self) -> Path:
        return self.db_path if self.db_path is not None else self.data_dir / "journal.db"

    @property
    def pki_dir(self) -> Path:
        return self.data_dir / "pki"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "stub.log"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "stub.lock"


def is_loopback_host(host: str) -> bool:
    """True when ``host`` binds to loopback only: 127.0.0.0/8 or ::1.

    A name counts when every address it resolves to is loopback (``localhost``);
    a name that does not resolve, ``""`` and the wildcards ``0.0.0.0``/``::`` do not.
    """
    candidate = host.strip().removeprefix("[").removesuffix("]")
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        if not candidate:
            return False
        try:
            infos = socket.getaddrinfo(candidate, None)
        except OSError:
            return False
        addresses = {str(info[4][0]) for info in infos}
        return bool(addresses) and all(_is_loopback_address(text) for text in addresses)
    return _is_loopback_address(str(address))


def _is_loopback_address(text: str) -> bool:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback  # ::ffff:127.0.0.1
    return address.is_loopback

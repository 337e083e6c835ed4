"""PU-tjänsten as a running component: its register, its HTTP service and its controls."""

from __future__ import annotations

import secrets
import threading
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from mvj_stub.identity import parse
from mvj_stub.latency import Latency
from mvj_stub.pu.client import PuClient
from mvj_stub.pu.model import Mode, PuPerson, parse_mode, validate_persons
from mvj_stub.pu.seed import DEFAULT_PERSONS
from mvj_stub.pu.service import PuService
from mvj_stub.pu.store import PuStore

DB_FILE_NAME = "pu.db"
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One line per lookup would drown the stub's own output."""


class PuComponent:
    """A started PU service. Create with ``PuComponent.start``; stop with ``stop()``."""

    def __init__(
        self,
        store: PuStore,
        service: PuService,
        server: BaseWSGIServer,
        stopping: threading.Event,
        secret: str,
    ) -> None:
        self._secret = secret
        self._store = store
        self._service = service
        self._server = server
        self._stopping = stopping
        # A short poll interval keeps stop() fast (tests start many components).
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="pu-tjansten",
            daemon=True,
        )
        self._stopped = False

    @classmethod
    def start(
        cls,
        data_dir: Path | str,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        slow_delay_s: float = 5.0,
        default_seed: bool = True,
        secret: str | None = None,
        latency: Latency | None = None,
    ) -> PuComponent:
        """Open ``<data_dir>/pu.db`` (seeding the default persons on first start) and serve.

        ``slow_delay_s`` is how long a ``langsam`` answer takes; make it longer than
        the journal's PU time-out (e.g. time-out + 2 s). ``secret``: what a caller must
        send to get an answer (a new random one when not given; ``client()`` knows it).
        ``latency``: how long each answer takes besides (``mvj_stub.latency``).
        """
        if host not in _LOOPBACK:
            raise ValueError(f"PU-tjänsten lyssnar bara på loopback, inte {host!r}")
        if slow_delay_s <= 0:
            raise ValueError("slow_delay_s must be positive")
        store = PuStore(Path(data_dir) / DB_FILE_NAME)
        if not store.is_initialised():
            if default_seed:
                store.put_all(validate_persons(DEFAULT_PERSONS))
            store.mark_initialised()
        stopping = threading.Event()
        secret = secret or secrets.token_urlsafe(32)
        service = PuService(store, slow_delay_s, stopping, secret, latency)
        server = make_server(host, port, service, threaded=True, request_handler=_QuietHandler)
        component = cls(store, service, server, stopping, secret)
        component._thread.start()
        return component

    # -- where it is -------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host = self._server.server_address[0]
        if ":" in str(host):
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def db_path(self) -> Path:
        return self._store.path

    def client(self, timeout_s: float) -> PuClient:
        return PuClient(self.url, timeout_s, self._secret)

    @property
    def secret(self) -> str:
        """What a caller sends as ``Authorization: Bearer …`` (the standalone service
        prints it; nothing else needs it but ``client()``)."""
        return self._secret

    # -- controls ----------------------------------------------------------

    @property
    def mode(self) -> Mode:
        return self._service.mode

    def set_mode(self, mode: Mode | str) -> Mode:
        """Global answer mode; raises ``PuControlError`` (a ``ValueError``) if unknown."""
        parsed = parse_mode(str(mode) if isinstance(mode, Mode) else mode)
        self._service.mode = parsed
        return parsed

    def seed_persons(self, items: list[dict[str, Any]]) -> list[str]:
        """Add or replace persons, all or nothing; returns their 12-digit numbers.

        Raises ``PuSeedError`` (a ``ValueError``) listing every problem; then nothing is stored.
        """
        persons = validate_persons(items)
        self._store.put_all(persons)
        return [person.nummer for person in persons]

    def reset(self, *, default_seed: bool = False) -> None:
        """Forget every person and go back to mode ``normal``; optionally re-seed the defaults."""
        self._store.clear()
        if default_seed:
            self._store.put_all(validate_persons(DEFAULT_PERSONS))
        self.set_mode(Mode.NORMAL)

    def get_person(self, number: str) -> PuPerson | None:
        """The register entry (full data, for the control interface), or ``None``."""
        try:
            digits = parse(number, date.today()).digits
        except ValueError:
            return None
        return self._store.get(digits)

    def persons(self) -> list[PuPerson]:
        return self._store.all()

    # -- lifecycle ---------------------------------------------------------

    def stop(self) -> None:
        """Stop serving; slow answers in progress are cut short. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> PuComponent:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"PuComponent(url={self.url!r}, mode={self.mode.value!r})"

"""Starting and stopping the stub: HTTPS with optional client certificates, threaded.

``start(config)`` returns a ``RunningStub`` serving in a background thread;
``stop()`` ends it. The CLI (``python -m mvj_stub serve``) and the tests both
use it.
"""

from __future__ import annotations

import itertools
import logging
import os
import ssl
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from mvj_stub.app import create_app
from mvj_stub.breaks import parse_breaks
from mvj_stub.clock import StubClock
from mvj_stub.config import StubConfig, is_loopback_host
from mvj_stub.files import create_private, prepare_sqlite_file
from mvj_stub.keep_alive import KeepAliveHandler
from mvj_stub.latency import check_against_pu
from mvj_stub.pki import GRANTED_HSA_IDS, Pki, ensure_pki
from mvj_stub.pu import PuComponent
from mvj_stub.seed import seed_journal
from mvj_stub.state import StubState
from mvj_stub.store import Store

# A `langsam` PU answer arrives this long after the journal has given up.
PU_SLOW_MARGIN_S = 2.0

# OpenSSL X509_V_FLAG_NO_CHECK_TIME: an expired card passes the handshake, so the
# application can refuse it with the journal's message instead of a browser error.
_X509_V_FLAG_NO_CHECK_TIME = 0x200000
_HANDSHAKE_TIMEOUT_S = 15.0
_IDLE_TIMEOUT_S = 120.0
_logger_numbers = itertools.count(1)


class DataDirInUse(RuntimeError):
    """Another stub holds the data directory's lock, or its database's."""

    def __init__(self, what: str, path: Path, pid: int | None) -> None:
        holder = f" (pid {pid})" if pid is not None else ""
        super().__init__(f"{what} {path} används redan av en annan stubbjournal{holder}.")
        self.data_dir = path
        self.pid = pid


class ExclusiveLock:
    """An exclusive lock on a file (``filelock``: an ``flock``), held while the stub runs.

    Two stubs on one data directory would share the database and the sessions, and
    two stubs on one database (``--db``) would empty each other's on a reset: the
    second must stop instead. So the stub locks ``<data-dir>/stub.lock`` (which holds
    its pid, for the message) and the database file itself. ``flock`` belongs to the
    open file, so the kernel lets go when the process ends, even in a crash: no stale
    lock is ever left behind. (SQLite's own locks are ``fcntl`` byte ranges, which
    ``flock`` does not touch, and the lock never truncates the file it locks.)
    """

    def __init__(self, path: Path, what: str, write_pid: bool) -> None:
        create_private(path)
        self._lock: FileLock | None = FileLock(path, timeout=0)
        try:
            self._lock.acquire()
        except Timeout:
            pid = _read_pid(path) if write_pid else None
            self._lock = None
            raise DataDirInUse(what, path.parent if write_pid else path, pid) from None
        if write_pid:
            path.write_text(f"{os.getpid()}\n", encoding="ascii")

    def release(self) -> None:
        """Idempotent."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def lock_data(config: StubConfig) -> list[ExclusiveLock]:
    """The data directory's lock, then the database's: both, or neither and the reason."""
    locks = [ExclusiveLock(config.lock_path.resolve(), "Datakatalogen", write_pid=True)]
    try:
        database = config.database.resolve()
        prepare_sqlite_file(database)
        locks.append(ExclusiveLock(database, "Databasen", write_pid=False))
    except BaseException:
        locks[0].release()
        raise
    return locks


def _read_pid(path: Path) -> int | None:
    # The holder may not have written its pid yet: then there is none to show.
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def make_ssl_context(pki: Pki) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(pki.server_cert_path, pki.server_key_path)
    context.verify_mode = ssl.CERT_OPTIONAL
    context.verify_flags |= _X509_V_FLAG_NO_CHECK_TIME
    # Both CAs pass at TLS level; the application decides (mvj_stub.cards).
    context.load_verify_locations(cafile=str(pki.ca_cert_path))
    context.load_verify_locations(cafile=str(pki.foreign_ca_cert_path))
    return context


class _Handler(KeepAliveHandler):
    """Handshake in the request thread, not in the accept loop; no access log on stderr;
    connections kept alive between requests (``mvj_stub.keep_alive``)."""

    timeout = _IDLE_TIMEOUT_S
    # Headers and body go out as separate writes: without this, delayed ACKs add ~40 ms.
    disable_nagle_algorithm = True

    def handle(self) -> None:
        connection = self.connection
        if isinstance(connection, ssl.SSLSocket):
            try:
                connection.settimeout(_HANDSHAKE_TIMEOUT_S)
                connection.do_handshake()
                connection.settimeout(self.timeout)
            except (OSError, ssl.SSLError, ValueError):
                return
        super().handle()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # werkzeug's own line carries the query string (personal data): the app logs
        # method, path and status to stub.log instead.
        pass

    def log_error(self, format: str, *args: Any) -> None:
        pass


@dataclass
class RunningStub:
    config: StubConfig
    state: StubState
    app: Flask
    server: BaseWSGIServer
    thread: threading.Thread
    pu: PuComponent
    locks: list[ExclusiveLock]

    @property
    def port(self) -> int:
        return int(self.server.port)

    @property
    def url(self) -> str:
        return f"https://{self.config.host}:{self.port}"

    @property
    def pki(self) -> Pki:
        return self.state.pki

    def ready_info(self) -> dict[str, Any]:
        """The ready-file JSON (INTERFACES.md)."""
        return {
            "url": self.url,
            "port": self.port,
            "ca_cert": str(self.pki.ca_cert_path),
            # Never the cards' passphrase: whoever started the stub chose it
            # (MVJ_KORT_LOSENORD) or it is the documented default.
            # "kontroll" is what callers read today; "control" is the same, in English.
            "kontroll": self.config.control,
            "control": self.config.control,
            "json_api": self.config.json_api,
            "pu_url": self.pu.url,
            "cards": self.pki.ready_cards(),
            # The rules this stub breaks on purpose: whoever started it checks them.
            "breaks": sorted(self.config.breaks),
            # How slowly it answers (--latency), so whoever measures knows what they measured.
            "latency": str(self.config.latency) if self.config.latency else None,
        }

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()
        self.pu.stop()
        for handler in list(self.state.request_log.handlers):
            handler.close()
            self.state.request_log.removeHandler(handler)
        # Last: only now may another stub take the data directory (e.g. a restart).
        for lock in self.locks:
            lock.release()


def _request_logger(path: Path) -> logging.Logger:
    logger = logging.getLogger(f"mvj_stub.requests.{next(_logger_numbers)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    create_private(path)  # who used the journal when is nobody else's business
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    logger.addHandler(handler)
    return logger


def start(
    config: StubConfig,
    setup: Sequence[Callable[[Flask, StubState], None]] = (),
    clock: StubClock | None = None,
) -> RunningStub:
    """Create PKI/DB if needed, bind, and serve in a daemon thread.

    ``setup`` callbacks run on the app before serving (e.g. a component adding
    routes under ``/_kontroll/`` or a reset hook to ``state.reset_hooks``).
    """
    if config.control and not config.control_key:
        raise ValueError("--control kräver en kontrollnyckel")
    if config.breaks and not is_loopback_host(config.host):
        raise ValueError(f"--break på {config.host} (inte loopback) vägras: en journal som "
                         "bryter mot rutinen får inte nås från andra datorer.")
    parse_breaks(sorted(config.breaks))  # UnknownBreak for a name not in the catalogue
    if config.latency is not None:
        check_against_pu(config.latency, config.pu_timeout)
    if config.control and not config.allow_remote_control and not is_loopback_host(
            config.host):
        raise ValueError(f"--control på {config.host} (inte loopback) kräver "
                         "--allow-remote-control")
    data_dir = config.data_dir.resolve()
    # A new data directory is the stub user's alone; an existing one is left as it is.
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    # First of all: a second stub must not touch the PKI or the databases.
    locks = lock_data(config)
    try:
        return _start_locked(config, setup, clock, data_dir, locks)
    except BaseException:
        for lock in locks:
            lock.release()
        raise


def _start_locked(
    config: StubConfig,
    setup: Sequence[Callable[[Flask, StubState], None]],
    clock: StubClock | None,
    data_dir: Path,
    locks: list[ExclusiveLock],
) -> RunningStub:
    pki = ensure_pki(config.pki_dir, config.passphrase)
    store = Store(config.database, GRANTED_HSA_IDS)
    stub_clock = clock or StubClock()
    if store.claim_first_start() and config.example_data:
        seed_journal(store, stub_clock.today(), stub_clock.timestamp())
    pu = PuComponent.start(data_dir, slow_delay_s=config.pu_timeout + PU_SLOW_MARGIN_S,
                           default_seed=config.example_data, latency=config.latency)
    try:
        stub_state = StubState(
            config=config,
            clock=stub_clock,
            store=store,
            pki=pki,
            ca_certificate=pki.ca_certificate(),
            request_log=_request_logger(config.log_path),
            pu_client=pu.client(config.pu_timeout),
        )
        stub_state.reset_hooks.append(pu.reset)
        app = create_app(stub_state, pu)
        for callback in setup:
            callback(app, stub_state)

        server = make_server(config.host, config.port, app, threaded=True,
                             request_handler=_Handler)
    except BaseException:
        pu.stop()
        raise
    # Wrap ourselves so the TLS handshake happens in the request thread: a client
    # that connects and never speaks must not block the accept loop.
    context = make_ssl_context(pki)
    server.socket = context.wrap_socket(server.socket, server_side=True,
                                        do_handshake_on_connect=False)
    server.ssl_context = context  # makes werkzeug report https
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name=f"mvj-stub-{server.port}", daemon=True)
    thread.start()
    return RunningStub(config, stub_state, app, server, thread, pu, locks)


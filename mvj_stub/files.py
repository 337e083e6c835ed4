"""Files in the data directory that only the stub's own user may read.

The databases hold customers' personal data (and ``pu.db`` protected persons'),
the log holds who did what when, and the PKI holds private keys: all of it is
created 0600, and files left by an older stub with wider modes are tightened.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_MODE = 0o600
# SQLite's side files: WAL mode writes -wal and -shm, rollback mode -journal. SQLite
# gives a new side file its database's mode, so a 0600 database keeps them 0600; old
# ones are tightened here.
SQLITE_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def create_private(path: Path) -> None:
    """Create ``path`` (empty) with mode 0600 if missing; tighten it if it exists.

    Opened with the mode from the start: a file written first and chmod-ed after
    would be readable by others for a moment.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_MODE)
    try:
        os.fchmod(descriptor, PRIVATE_MODE)
    finally:
        os.close(descriptor)


def restrict(path: Path) -> None:
    """Mode 0600 for an existing file; nothing when it does not exist."""
    with contextlib.suppress(FileNotFoundError):
        os.chmod(path, PRIVATE_MODE)


def prepare_sqlite_file(path: Path) -> None:
    """A database file and its side files, private before SQLite writes a byte."""
    create_private(path)
    for suffix in SQLITE_SIDE_SUFFIXES:
        restrict(path.with_name(path.name + suffix))

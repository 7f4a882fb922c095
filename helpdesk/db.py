"""Write transactions that queue instead of spinning on SQLite's busy handler."""

import fcntl
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from django.db import connection, transaction

# SQLite lets one writer in at a time and makes the others sleep and retry, with
# ever longer sleeps, so under load a write can wait far longer than the queue
# ahead of it. Writers take turns before BEGIN IMMEDIATE instead: threads of this
# process on a lock, processes on an advisory lock on a file beside the database.
_thread_turn = threading.Lock()
_lock_files: dict[str, BinaryIO] = {}


def _lock_file(database: str) -> int:
    if database not in _lock_files:
        path = Path(database).with_name(Path(database).name + ".write-lock")
        _lock_files[database] = open(path, "ab")  # noqa: SIM115 (open for the process's life)
    return _lock_files[database].fileno()


@contextmanager
def write_transaction():
    """A transaction for a short write; on SQLite it waits its turn first."""
    database = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or database == ":memory:" or "mode=memory" in database:
        with transaction.atomic(savepoint=False):
            yield
        return
    with _thread_turn:
        fd = _lock_file(database)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            with transaction.atomic(savepoint=False):
                yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)

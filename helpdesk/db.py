"""Short write transactions: queued on SQLite, and their statements written once."""

import fcntl
import functools
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from django.db import connection, connections, models, transaction

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


# The answer POST writes one row and changes one. Building those statements
# through the ORM costs several times what running them does, so they are
# written once per process, from the models' own fields, and only run after.


@functools.cache
def insert_sql(model: type[models.Model], field_names: tuple[str, ...], alias: str) -> str:
    quote = connections[alias].ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in field_names)
    values = ", ".join(["%s"] * len(field_names))
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({values})"


@functools.cache
def update_sql(model: type[models.Model], field_names: tuple[str, ...], alias: str) -> str:
    quote = connections[alias].ops.quote_name
    columns = ", ".join(f"{quote(model._meta.get_field(name).column)} = %s" for name in field_names)
    return (
        f"UPDATE {quote(model._meta.db_table)} SET {columns} "
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )


def _prepared(instance: models.Model, field_names: tuple[str, ...], alias: str) -> list:
    connection = connections[alias]
    return [
        instance._meta.get_field(name).get_db_prep_save(
            getattr(instance, instance._meta.get_field(name).attname), connection
        )
        for name in field_names
    ]


def insert_row(instance: models.Model, field_names: tuple[str, ...], alias="default") -> None:
    """Write a new row with these fields; the database assigns the id, which is not read back."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            insert_sql(type(instance), field_names, alias),
            _prepared(instance, field_names, alias),
        )


def update_row(instance: models.Model, field_names: tuple[str, ...], alias="default") -> None:
    """Save these fields of an existing row, found by its primary key."""
    pk = instance._meta.pk.get_db_prep_value(instance.pk, connections[alias])
    with connections[alias].cursor() as cursor:
        cursor.execute(
            update_sql(type(instance), field_names, alias),
            [*_prepared(instance, field_names, alias), pk],
        )

"""Backups of the running database, and bringing one back.

SQLite is copied through its online backup API in one step: one read transaction,
so the copy is the database as it stood at one moment while the servers go on
writing (WAL lets them). PostgreSQL is copied by pg_dump, which reads one snapshot
too. A backup is written under a temporary name, checked, and only then given its
own name, so a file with a backup's name is always a whole backup.

Every problem an operator can meet (no such file, the wrong kind of file, a full
disk, a missing pg_dump) is a CommandError in plain words, never a traceback.
"""

from helpdesk.backups.checking import Backup, read_backup
from helpdesk.backups.common import (
    BACKUP_NAME,
    HEADERS,
    KIND_NAMES,
    SUFFIXES,
    describe,
    human_size,
    site_database,
)
from helpdesk.backups.making import back_up, backup_name, prune
from helpdesk.backups.restoring import extra_tables, restore

__all__ = [
    "BACKUP_NAME",
    "HEADERS",
    "KIND_NAMES",
    "SUFFIXES",
    "Backup",
    "back_up",
    "backup_name",
    "describe",
    "extra_tables",
    "human_size",
    "prune",
    "read_backup",
    "restore",
    "site_database",
]

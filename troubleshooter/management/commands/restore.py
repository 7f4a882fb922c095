"""Bring back a backup made by `manage.py backup`."""

from pathlib import Path

from django.core.management.base import BaseCommand

from helpdesk import backups


class Command(BaseCommand):
    help = (
        "Replace the database with a backup made by `manage.py backup`. The file is "
        "checked first (SQLite's integrity check, or pg_restore reading all of it, and no "
        "migrations newer than this code) and refused otherwise. Stop the servers first; "
        "run `manage.py migrate` afterwards if this says the backup is older than the code."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask before replacing the database",
        )

    def handle(self, *args, path, interactive, **options):
        connection = backups.site_database()
        backup = backups.read_backup(Path(path))
        target = backups.describe(connection)
        extra = backups.extra_tables(backup, connection)
        if interactive:
            dropped = f"Tables not in the backup are dropped: {', '.join(extra)}.\n"
            answer = input(
                f"This replaces everything in {target} with {path}.\n"
                f"{dropped if extra else ''}"
                "Stop the servers first. Type 'yes' to continue, or 'no' to cancel: "
            )
            if answer != "yes":
                self.stdout.write("Restore cancelled. Nothing changed.")
                return
        backups.restore(backup)
        self.stdout.write(f"Restored {path} into {target}.")
        _, pending = backup.migrations()
        if pending:
            self.stdout.write(
                f"The backup is older than this code: {len(pending)} migration"
                f"{'s' if len(pending) != 1 else ''} to apply (the last {pending[-1]}). Run "
                "`python manage.py migrate`, then start the servers."
            )
        else:
            self.stdout.write("Start the servers again.")

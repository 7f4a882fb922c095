"""Back up the running database to a file."""

import datetime
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from helpdesk import backups


class Command(BaseCommand):
    help = (
        "Write a copy of the database as it is now, while the site runs: SQLite through "
        "its online backup, PostgreSQL with pg_dump. The copy is checked before it gets "
        "its name, so a file with a backup's name is always whole. Prints where it went "
        "and its size."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="the file to write (by default a new helpdesk-<date>T<time>Z file in --dir)",
        )
        parser.add_argument(
            "--dir",
            dest="folder",
            default=str(Path(settings.BASE_DIR) / "backups"),
            help="the folder for dated backups, made if missing (default: backups/)",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="then delete all but the newest N dated backups in --dir",
        )

    def handle(self, *args, path, folder, keep, **options):
        if keep is not None and path:
            raise CommandError("--keep goes with --dir: it deletes old dated backups there.")
        if keep is not None and keep < 1:
            raise CommandError("--keep takes how many backups to keep: 1 or more.")
        connection = backups.site_database()
        vendor = connection.vendor
        # Taken before the copy starts: whatever was saved before this moment is in it.
        now = timezone.now()
        if path:
            target = Path(path)
        else:
            try:
                Path(folder).mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as error:
                raise CommandError(f"Cannot make the folder {folder}: {error.strerror}.") from None
            target = Path(folder) / backups.backup_name(vendor, now)
        self.stdout.write(
            f"Backing up {backups.describe(connection)} to {target}, started at "
            f"{now.astimezone(datetime.timezone.utc):%Y-%m-%d %H:%M:%S.%f} UTC…"
        )
        self.stdout.flush()
        started = time.monotonic()
        backups.back_up(target)
        seconds = time.monotonic() - started
        size = backups.human_size(target.stat().st_size)
        self.stdout.write(f"Backed up to {target.resolve()} ({size}, {seconds:.2f} s).")
        if keep:
            deleted = backups.prune(Path(folder), keep, vendor)
            if deleted:
                self.stdout.write(
                    f"Deleted {len(deleted)} older backup{'s' if len(deleted) != 1 else ''}, "
                    f"keeping the newest {keep}."
                )

"""Delete old visits and their answers, keeping the report's totals."""

import datetime
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from troubleshooter import report
from troubleshooter.models import Guide, Visit

BATCH = 1000


def days(text: str) -> int:
    match = re.fullmatch(r"(\d{1,5})d?", text.strip())
    if not match or int(match.group(1)) < 1:
        raise ValueError(text)
    return int(match.group(1))


class Command(BaseCommand):
    help = (
        "Delete visits started more than --older-than days ago (default 180d), with their "
        "answers, in batches. The report's totals for those days are counted first "
        "and kept, so its figures for old dates do not change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", default="180d", help="e.g. 180d (days)")
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would go; delete nothing"
        )

    def handle(self, *args, older_than, dry_run, **options):
        try:
            keep_days = days(older_than)
        except ValueError:
            raise CommandError("--older-than takes a number of days, e.g. 180d.") from None
        now = timezone.now()
        cutoff_day = timezone.localdate(now) - datetime.timedelta(days=keep_days)
        cutoff = report.start_of(cutoff_day)
        old = Visit.objects.filter(started_at__lt=cutoff)
        count = old.count()
        if dry_run:
            self.stdout.write(
                f"Would delete {count} visit{'s' if count != 1 else ''} started before "
                f"{cutoff_day.isoformat()}, with their answers. Nothing deleted."
            )
            return
        for guide in Guide.objects.only("id", "created_at"):
            report.count_before(guide, cutoff_day, now)
        deleted = 0
        while ids := list(old.values_list("id", flat=True)[:BATCH]):
            Visit.objects.filter(id__in=ids).delete()
            deleted += len(ids)
        self.stdout.write(
            f"Deleted {deleted} visit{'s' if deleted != 1 else ''} started before "
            f"{cutoff_day.isoformat()}, with their answers. Report totals kept."
        )

"""Count finished hours and days into the report's totals ahead of time."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from troubleshooter import report
from troubleshooter.models import Guide


class Command(BaseCommand):
    help = (
        "Count every guide's visits into the report's totals for each hour and day that "
        "is over, so the first report of the day does not wait for counting. An hour is "
        "over 30 minutes after it ends: run this from cron every hour at 35 minutes past. "
        "Whatever it has not counted yet, the report counts itself."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
        counted = sum(
            report.count_before(guide, tomorrow, now)
            for guide in Guide.objects.only("id", "created_at")
        )
        self.stdout.write(
            f"Counted {counted} period{'s' if counted != 1 else ''} (hours and days that are "
            "over) into the report's totals."
        )

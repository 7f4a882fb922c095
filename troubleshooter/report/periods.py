"""Which days and hours of a date range are over, and so counted into totals,
and which visits are still counted live."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from troubleshooter.models import (
    Visit,
)

HOUR = datetime.timedelta(hours=1)


def day_of(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def hour_start(day: datetime.date, hour: int) -> datetime.datetime:
    # Real hours from the day's start, so a day with a clock change has 23 or 25.
    return start_of(day).astimezone(datetime.timezone.utc) + hour * HOUR


def period_bounds(day: datetime.date, hour: int | None):
    if hour is None:
        return start_of(day), start_of(day + datetime.timedelta(days=1))
    return hour_start(day, hour), hour_start(day, hour + 1)


@dataclass
class Periods:
    """How a date range is counted at a given moment."""

    days: list[datetime.date]  # over: counted whole
    day_in_progress: datetime.date | None  # in the range and not over
    hours: int  # how many of the day in progress's hours are over, and so counted
    live_from: datetime.datetime  # visits started from here to live_to are counted live
    live_to: datetime.datetime

    @classmethod
    def of(cls, first: datetime.date, last: datetime.date, now: datetime.datetime) -> "Periods":
        over = now - Visit.LEFT_AFTER
        current = day_of(over)
        hours = int((over - start_of(current)) // HOUR)
        span = (min(last, current - datetime.timedelta(days=1)) - first).days + 1
        return cls(
            days=[first + datetime.timedelta(days=n) for n in range(span)],
            day_in_progress=current if first <= current <= last else None,
            hours=hours if first <= current <= last else 0,
            live_from=max(start_of(first), hour_start(current, hours)),
            live_to=start_of(last + datetime.timedelta(days=1)),
        )

    def wanted(self) -> list[tuple[datetime.date, int | None]]:
        hours = [(self.day_in_progress, hour) for hour in range(self.hours)]
        return [(day, None) for day in self.days] + hours

    def stored(self) -> Q:
        """The totals rows of the counted periods."""
        whole = (
            Q(day__range=(self.days[0], self.days[-1]), hour=None) if self.days else Q(pk__in=[])
        )
        if self.hours:
            return whole | Q(day=self.day_in_progress, hour__lt=self.hours)
        return whole

"""The per-guide report: what visitors reached, where it got fixed and where they
left, counted from visits and their answers.

Visits are counted once into totals (`VisitTotal`, `StepTotal`: per version, and
for all versions together) by when they started: a day once it is over, and each
hour of the day in progress once that hour is over. A period is over 30 minutes
after it ends, when its unfinished visits have been idle long enough to count as
left. Counted periods are marked by `ReportPeriod`, and their figures stay when old
visits are pruned. Only the visits started since the last counted hour are counted
live, so a report takes the same few queries whatever its range, and counts afresh
no more than the last hour or two of visits.

The public API: `build` (the report page), `step_rows` and `visit_rows` (the
CSVs), `funnel` (the chart), and `count_before` (count ahead of time: the
`count_report_totals` command, and `prune_visits` before it deletes).
"""

from troubleshooter.report.chart import funnel
from troubleshooter.report.counting import count_before, count_periods
from troubleshooter.report.figures import STEP_COUNTS, Report, StepFigures
from troubleshooter.report.periods import start_of
from troubleshooter.report.reading import build, step_rows, visit_rows

__all__ = [
    "STEP_COUNTS",
    "Report",
    "StepFigures",
    "build",
    "count_before",
    "count_periods",
    "funnel",
    "start_of",
    "step_rows",
    "visit_rows",
]

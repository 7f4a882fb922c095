"""The growth run: many published versions and answers, written straight in SQL."""

import datetime
import time

ANSWERS_PER_VISIT = 10  # a long walk through the guide, with some changed answers
GROWTH_VERSIONS = 200


def grow(count: int) -> None:
    """Publish GROWTH_VERSIONS versions, then add `count` answers over finished visits
    spread across them, ANSWERS_PER_VISIT each, straight in SQL."""
    from django.db import connection
    from django.utils import timezone

    from troubleshooter import report
    from troubleshooter.models import Guide, GuideVersion

    started = time.monotonic()
    guide = Guide.objects.get(slug="icloud-photos-not-syncing")
    versions = [guide.publish(note="Benchmark") for _ in range(GROWTH_VERSIONS)]
    step = versions[0].content["steps"][0]
    choice = step["choices"][1]
    step_count = len(versions[0].content["steps"])
    sqlite = connection.vendor == "sqlite"
    visits = -(-count // ANSWERS_PER_VISIT)
    per_version = -(-visits // len(versions))
    series = (
        "WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < {count})"
        if sqlite
        else "WITH seq(n) AS (SELECT generate_series(0, {count} - 1))"
    )
    # With parameters, a literal % is written %% on both backends.
    visit_id = "printf('%%032x', {k})" if sqlite else "lpad(to_hex({k}), 32, '0')::uuid"
    # Visits start at moments spread evenly over the report's 30 days, up to now: visit k
    # at ((k * 7919) mod span) seconds ago, a different moment for each of span visits.
    today = timezone.localdate()
    span = int(
        (timezone.now() - report.start_of(today - datetime.timedelta(days=29))).total_seconds()
    )
    day_ago = (
        "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now',"
        f" '-' || ((({{k}}) * 7919) %% {span}) || ' seconds')"
        if sqlite
        else f"now() - ((({{k}})::bigint * 7919) %% {span}) * interval '1 second'"
    )
    reference = "'G' || printf('%%06d', {k})" if sqlite else "'G' || lpad(({k})::text, 6, '0')"
    with connection.cursor() as cursor:
        for index, version in enumerate(versions):
            k = f"n + {index * per_version + 1}"
            cursor.execute(
                series.format(count=per_version) + " INSERT INTO troubleshooter_visit"
                " (id, guide_id, version_id, is_preview, reference, state, current_step_key,"
                " last_choice_key, asked_step_key, started_at, finished_at, moved_at)"
                f" SELECT {visit_id.format(k=k)}, %s, %s, %s, {reference.format(k=k)},"
                f" 'escalated', %s, %s, '', {day_ago.format(k=k)}, {day_ago.format(k=k)},"
                f" {day_ago.format(k=k)} FROM seq",
                [
                    guide.id,
                    GuideVersion._meta.pk.get_db_prep_value(version.id, connection),
                    False,
                    step["key"],
                    choice["key"],
                ],
            )
        cursor.execute(
            series.format(count=count)
            + " INSERT INTO troubleshooter_answer (visit_id, step_key, choice_key, step_title,"
            " step_number, choice_label, outcome, answered_at, seconds)"
            f" SELECT {visit_id.format(k=f'n / {ANSWERS_PER_VISIT} + 1')}, %s, %s, %s,"
            f" n %% {step_count} + 1, %s, 'next',"
            f" {day_ago.format(k=f'n / {ANSWERS_PER_VISIT} + 1')},"
            " n %% 120 FROM seq",
            [step["key"], choice["key"], step["title"], choice["label"]],
        )
        cursor.execute("ANALYZE")
    seconds = time.monotonic() - started
    print(f"Published {len(versions)} more versions and added {count:,} answers over "
          f"{per_version * len(versions):,} visits in {seconds:.0f} s.\n")  # fmt: skip

"""The query plans of a visitor's requests."""


def print_plans() -> None:
    """The plan of every query a visitor's request makes, on the grown database: the
    statements the app runs, as it runs them."""
    from django.db import DEFAULT_DB_ALIAS, connection, transaction

    from helpdesk.db import update_sql
    from troubleshooter.models import (
        Answer,
        Guide,
        Visit,
        listing_stamp_sql,
        lock_visit_sql,
        step_page_sql,
    )

    visit = Visit.objects.filter(state=Visit.State.FALLBACK).order_by("pk").last()
    pk = Visit._meta.pk.get_db_prep_value(visit.pk, connection)
    explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN"
    live_guide = Guide.objects.live().filter(slug="icloud-photos-not-syncing").order_by()
    plans = {
        "fallback page: the visit's answers": (
            # As Answer.objects.given_with_feedback reads them.
            Answer.objects.filter(visit_id=visit.pk)
            .order_by("answered_at", "id")
            .values_list(
                "step_key", "choice_key", "feedback__reason", "feedback__comment", "seconds"
            )
            .explain()
        ),
        "Start: the live guide by slug": live_guide.values_list("id", "live_version_id").explain(),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        statements = {
            "step page: the visit's version": (step_page_sql(DEFAULT_DB_ALIAS), [pk]),
            "home page: has anything it lists changed": (listing_stamp_sql(), []),
            # FOR UPDATE is written only inside a transaction.
            "answer POST: lock the visit": (lock_visit_sql(DEFAULT_DB_ALIAS), [pk]),
            "answer POST: move the visit": (
                update_sql(Visit, Visit.MOVED_FIELDS, DEFAULT_DB_ALIAS),
                [Visit.State.FIXED.value, "", "", "", None, None, pk],
            ),
        }
        for name, (sql, params) in statements.items():
            cursor.execute(f"{explain} {sql}", params)
            plans[name] = "\n".join(str(row[-1]) for row in cursor.fetchall())
    print("Query plans on the grown database:\n")
    for name, plan in plans.items():
        print(f"- {name}:")
        for line in plan.splitlines():
            print(f"    {line}")
    print()

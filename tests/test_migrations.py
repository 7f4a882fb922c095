"""Databases from before versions existed migrate with every visit pinned; counted
report days gain their all-versions figures."""

import datetime
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

BEFORE = [("troubleshooter", "0004_visit_started_at_index")]
AFTER = [("troubleshooter", "0007_versions_required")]
LATEST = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes("troubleshooter")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

for_ios_18 = import_module("troubleshooter.migrations.0017_icloud_guide_for_ios_18")
with_symptoms = import_module("troubleshooter.migrations.0027_icloud_guide_symptoms")


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    """Each test leaves the database as the migrations leave it: the tests after it
    (transactional ones, which keep the schema) need every column."""
    yield
    migrate(LATEST)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_old_visits_are_pinned_to_versions_holding_the_steps_they_saw():
    old = migrate(BEFORE)
    Guide, Step, Choice = (old.get_model("troubleshooter", m) for m in ("Guide", "Step", "Choice"))
    Visit, Answer = (
        old.get_model("troubleshooter", "Visit"),
        old.get_model("troubleshooter", "Answer"),
    )
    Guide.objects.all().delete()
    guide = Guide.objects.create(
        title="Old guide", slug="old", summary="s", is_published=True,
        fallback_title="Help", fallback_text="Call.", fallback_html="<p>Call.</p>",
    )  # fmt: skip
    steps = []
    for position, title in enumerate(["One", "Two", "Three"], start=1):
        step = Step.objects.create(guide=guide, position=position, title=title, body="b")
        Choice.objects.create(step=step, position=1, label="Yes, it's fixed", outcome="resolved")
        Choice.objects.create(step=step, position=2, label="No, still not working", outcome="next")
        steps.append(step)

    def answer(visit, step, number, title=None):
        choice = Choice.objects.filter(step=step, outcome="next").first()
        made = Answer.objects.create(
            visit=visit, step=step, choice=choice, step_title=title or step.title,
            step_number=number, choice_label="No, still not working", outcome="next",
        )  # fmt: skip
        visit.last_answer = made
        visit.save()
        return made

    untouched = Visit.objects.create(guide=guide, reference="AAA-AAA", current_step=steps[1])
    answer(untouched, steps[0], 1)
    # This visitor answered a step "Gone" at number 2 that staff deleted since.
    edited = Visit.objects.create(guide=guide, reference="BBB-BBB", current_step=steps[1])
    answer(edited, steps[0], 1)
    answer(edited, None, 2, title="Gone")

    new = migrate(AFTER)
    Guide = new.get_model("troubleshooter", "Guide")
    Visit = new.get_model("troubleshooter", "Visit")
    guide = Guide.objects.get(slug="old")
    versions = {v.number: v for v in guide.versions.all()}
    assert sorted(versions) == [1, 2]
    assert guide.live_version_id == versions[2].id
    assert [s["title"] for s in versions[2].content["steps"]] == ["One", "Two", "Three"]
    assert [s["title"] for s in versions[1].content["steps"]] == ["One", "Gone", "Two", "Three"]

    untouched = Visit.objects.get(reference="AAA-AAA")
    assert untouched.version_id == versions[2].id
    assert untouched.current_step_key == versions[2].content["steps"][1]["key"]
    edited = Visit.objects.get(reference="BBB-BBB")
    assert edited.version_id == versions[1].id
    keys = [s["key"] for s in versions[1].content["steps"]]
    assert [a.step_key for a in edited.answers.order_by("id")] == keys[:2]
    assert edited.answers.count() == 2


def test_counted_days_get_their_figures_for_all_versions_together():
    old = migrate([("troubleshooter", "0010_report_feedback_and_daily_totals")])
    Guide = old.get_model("troubleshooter", "Guide")
    ReportDay, DailyVisitTotal, DailyStepTotal = (
        old.get_model("troubleshooter", name)
        for name in ("ReportDay", "DailyVisitTotal", "DailyStepTotal")
    )
    guide = Guide.objects.create(title="Counted", slug="counted", summary="s")
    day = {"guide": guide, "day": datetime.date(2026, 11, 1)}
    ReportDay.objects.create(**day)
    for number, started, title, seconds in [
        (1, 4, "Restart", {"5": 2}),
        (2, 3, "Reboot", {"5": 1}),
    ]:
        DailyVisitTotal.objects.create(**day, version_number=number, started=started, left=1)
        DailyStepTotal.objects.create(
            **day, version_number=number, step_key="k1", step_number=1, step_title=title,
            reached=started, answered=started - 1, fixed=1, seconds=seconds,
            reasons={"not_found": number},
        )  # fmt: skip

    new = migrate(LATEST)
    VisitTotal, StepTotal = (
        new.get_model("troubleshooter", m) for m in ("VisitTotal", "StepTotal")
    )
    together = VisitTotal.objects.get(all_versions=True)
    assert (together.started, together.left, together.version_number) == (7, 2, 2)
    step = StepTotal.objects.get(all_versions=True)
    assert (step.step_title, step.reached, step.answered, step.fixed) == ("Reboot", 7, 5, 2)
    assert step.seconds == {"5": 3}
    assert step.reasons == {"not_found": 3}
    assert StepTotal.objects.filter(all_versions=False).count() == 2
    assert new.get_model("troubleshooter", "ReportPeriod").objects.get().hour is None


def test_text_saved_with_browser_line_ends_is_rewritten_with_lf():
    old = migrate([("troubleshooter", "0012_visit_states_named_as_staff_read")])
    Guide, Step = (old.get_model("troubleshooter", m) for m in ("Guide", "Step"))
    guide = Guide.objects.create(
        title="Typed", slug="typed", summary="s", fallback_title="Help",
        fallback_text="Call us.\r\nOr write.",
    )  # fmt: skip
    Step.objects.create(guide=guide, title="One", body="First line.\r\n\r\nSecond.\rThird.")

    new = migrate([("troubleshooter", "0013_normalise_line_ends")])
    Guide, Step = (new.get_model("troubleshooter", m) for m in ("Guide", "Step"))
    assert Guide.objects.get(slug="typed").fallback_text == "Call us.\nOr write."
    assert Step.objects.get(guide__slug="typed").body == "First line.\n\nSecond.\nThird."


SEEDED = [("troubleshooter", "0016_review_step")]
FOR_IOS_18 = [("troubleshooter", "0017_icloud_guide_for_ios_18")]


def seeded_guide():
    """A database freshly migrated up to just before the iOS 18 guide, the iCloud guide
    written by 0002 and published by 0006 as version 1: the apps and the guide."""
    migrate([("troubleshooter", "0001_initial")])
    old = migrate(SEEDED)
    guide = old.get_model("troubleshooter", "Guide").objects.get(slug="icloud-photos-not-syncing")
    assert [v.number for v in guide.versions.all()] == [1]
    assert guide.live_version.number == 1
    return old, guide


def test_the_untouched_icloud_guide_gets_version_two_and_version_one_stays():
    old, guide = seeded_guide()
    first = guide.live_version
    Visit = old.get_model("troubleshooter", "Visit")
    on_first = Visit.objects.create(
        guide=guide, version=first, reference="AAA-AAA",
        current_step_key=first.content["steps"][1]["key"],
    )  # fmt: skip

    new = migrate(FOR_IOS_18)
    Guide, Step = (new.get_model("troubleshooter", m) for m in ("Guide", "Step"))
    guide = Guide.objects.get(slug="icloud-photos-not-syncing")
    versions = {v.number: v for v in guide.versions.all()}
    assert sorted(versions) == [1, 2]
    assert guide.live_version_id == versions[2].id
    assert versions[1].content == first.content  # never changed
    steps = versions[2].content["steps"]
    assert steps[0]["title"] == "Read the status line at the bottom of Photos"
    assert steps[0]["key"] == "a6065f7400"
    assert steps[4]["key"] == first.content["steps"][2]["key"]  # iCloud storage carries on
    draft = list(Step.objects.filter(guide=guide).order_by("position"))
    assert [(s.key, s.title) for s in draft] == [(s["key"], s["title"]) for s in steps]
    assert guide.revisions.get().content == versions[2].content
    on_first = new.get_model("troubleshooter", "Visit").objects.get(pk=on_first.pk)
    assert on_first.version_id == first.id


def test_an_edited_icloud_guide_keeps_its_draft_and_version_one_stays_live():
    old, guide = seeded_guide()
    Step = old.get_model("troubleshooter", "Step")
    Step.objects.filter(guide=guide, position=5).update(title="Restart it twice")

    new = migrate(FOR_IOS_18)
    Guide, Step = (new.get_model("troubleshooter", m) for m in ("Guide", "Step"))
    guide = Guide.objects.get(slug="icloud-photos-not-syncing")
    assert [v.number for v in guide.versions.all()] == [1]
    assert guide.live_version.number == 1
    titles = list(Step.objects.filter(guide=guide).order_by("position").values_list("title"))
    assert titles[4] == ("Restart it twice",)
    assert titles[0] == ("Check your Apple ID and the iCloud Photos switch",)
    assert not guide.revisions.exists()


def test_undoing_the_ios_18_guide_puts_version_one_live_again():
    _, guide = seeded_guide()
    first = guide.live_version
    migrate(FOR_IOS_18)

    back = migrate(SEEDED)
    Guide, Step = (back.get_model("troubleshooter", m) for m in ("Guide", "Step"))
    guide = Guide.objects.get(slug="icloud-photos-not-syncing")
    assert guide.live_version_id == first.id
    assert sorted(v.number for v in guide.versions.all()) == [1, 2]  # kept: never deleted
    draft = Step.objects.filter(guide=guide).order_by("position")
    assert [(s.key, s.title) for s in draft] == [
        (s["key"], s["title"]) for s in first.content["steps"]
    ]
    assert guide.summary == first.content["summary"]

    again = migrate(LATEST)
    guide = again.get_model("troubleshooter", "Guide").objects.get(slug=guide.slug)
    # 0017 publishes its version again, as version 3, and 0027 adds symptoms to it.
    assert guide.live_version.number == 4
    assert guide.versions.get(number=3).note == for_ios_18.NOTE
    assert guide.live_version.content["steps"][0]["key"] == "a6065f7400"


BEFORE_SYMPTOMS = [("troubleshooter", "0026_guide_symptoms")]


def guide_before_symptoms():
    """A database migrated up to just before the iCloud guide's symptoms: version 2
    live, as 0017 published it."""
    seeded_guide()
    apps = migrate(BEFORE_SYMPTOMS)
    guide = apps.get_model("troubleshooter", "Guide").objects.get(slug="icloud-photos-not-syncing")
    assert guide.live_version.number == 2
    return apps, guide


def test_the_untouched_icloud_guide_gets_its_symptoms_as_version_three():
    _, guide = guide_before_symptoms()
    second = guide.live_version

    new = migrate(LATEST)
    Guide, Symptom = (new.get_model("troubleshooter", m) for m in ("Guide", "Symptom"))
    guide = Guide.objects.get(slug="icloud-photos-not-syncing")
    versions = {v.number: v for v in guide.versions.all()}
    assert sorted(versions) == [1, 2, 3]
    assert guide.live_version_id == versions[3].id
    assert versions[3].note == with_symptoms.NOTE
    assert versions[2].content == second.content  # never changed
    third = versions[3].content
    assert third["steps"] == [{**step, "takes_a_while": False} for step in second.content["steps"]]
    draft = Symptom.objects.filter(guide=guide).order_by("position")
    assert [{"key": s.key, "text": s.text, "step": s.step_key} for s in draft] == third["symptoms"]
    assert [s["key"] for s in third["symptoms"]] == [key for key, _, _ in with_symptoms.SYMPTOMS]
    latest = guide.revisions.order_by("-created_at", "-id").first()
    assert latest.content == third


def test_an_edited_icloud_guide_keeps_its_draft_and_gets_no_symptoms():
    apps, guide = guide_before_symptoms()
    Step = apps.get_model("troubleshooter", "Step")
    Step.objects.filter(guide=guide, position=6).update(title="Restart it twice")

    new = migrate(LATEST)
    Guide, Symptom = (new.get_model("troubleshooter", m) for m in ("Guide", "Symptom"))
    guide = Guide.objects.get(slug="icloud-photos-not-syncing")
    assert [v.number for v in guide.versions.order_by("number")] == [1, 2]
    assert guide.live_version.number == 2
    assert not Symptom.objects.exists()
    step = new.get_model("troubleshooter", "Step").objects.get(guide=guide, position=6)
    assert step.title == "Restart it twice"


def test_undoing_the_symptoms_puts_version_two_live_again():
    guide_before_symptoms()
    migrate(LATEST)

    back = migrate(BEFORE_SYMPTOMS)
    Guide, Symptom = (back.get_model("troubleshooter", m) for m in ("Guide", "Symptom"))
    guide = Guide.objects.get(slug="icloud-photos-not-syncing")
    assert guide.live_version.number == 2
    assert sorted(v.number for v in guide.versions.all()) == [1, 2, 3]  # kept: never deleted
    assert not Symptom.objects.exists()


BEFORE_SPANISH = [("troubleshooter", "0035_translation_history_and_reviews")]
in_spanish = import_module("troubleshooter.migrations.0036_icloud_guide_in_spanish")


def guide_before_spanish():
    """A database migrated up to just before the iCloud guide's Spanish: version 3 live,
    as 0027 published it, and no translation."""
    migrate([("troubleshooter", "0001_initial")])
    apps = migrate(BEFORE_SPANISH)
    guide = apps.get_model("troubleshooter", "Guide").objects.get(slug="icloud-photos-not-syncing")
    assert guide.live_version.number == 3
    assert not guide.translations.exists()
    return apps, guide


def spanish_of(apps, guide):
    """The guide's Spanish translation, its versions' numbers and notes, and its search
    entries' versions."""
    Translation, GuideVersion, SearchEntry = (
        apps.get_model("troubleshooter", m) for m in ("Translation", "GuideVersion", "SearchEntry")
    )
    versions = GuideVersion.objects.filter(guide_id=guide.pk, language="es").order_by("number")
    entries = SearchEntry.objects.filter(guide_id=guide.pk, language="es")
    return (
        Translation.objects.filter(guide_id=guide.pk, language="es").first(),
        [(v.number, v.note) for v in versions],
        list(entries.values_list("version_id", flat=True)),
    )


def test_the_untouched_icloud_guide_gets_its_spanish_as_version_one():
    _, guide = guide_before_spanish()

    new = migrate(LATEST)
    guide = new.get_model("troubleshooter", "Guide").objects.get(slug=guide.slug)
    spanish, versions, entries = spanish_of(new, guide)
    assert versions == [(1, in_spanish.NOTE)]
    assert spanish.follows_version_id == guide.live_version_id
    assert entries == [spanish.live_version_id]
    assert spanish.live_version.content["title"] == "Fotos en iCloud no se sincroniza en mi iPhone"
    assert spanish.texts == in_spanish.spanish_texts(guide.live_version.content)


def test_a_guide_published_since_gets_no_spanish():
    apps, guide = guide_before_spanish()
    Step = apps.get_model("troubleshooter", "Step")
    Step.objects.filter(guide=guide, position=6).update(title="Restart it twice")
    with_symptoms.publish(apps, guide, "Restart twice.")

    new = migrate(LATEST)
    guide = new.get_model("troubleshooter", "Guide").objects.get(slug=guide.slug)
    assert guide.live_version.number == 4
    assert spanish_of(new, guide) == (None, [], [])


def test_staffs_own_spanish_translation_is_left_as_it_is():
    apps, guide = guide_before_spanish()
    Translation = apps.get_model("troubleshooter", "Translation")
    Translation.objects.create(guide=guide, language="es", texts={"title": "Mis fotos"})

    new = migrate(LATEST)
    spanish, versions, entries = spanish_of(new, guide)
    assert (spanish.texts, spanish.live_version_id) == ({"title": "Mis fotos"}, None)
    assert (versions, entries) == ([], [])


def test_undoing_the_spanish_removes_it_and_doing_it_again_brings_it_back():
    guide_before_spanish()
    migrate(LATEST)

    back = migrate(BEFORE_SPANISH)
    guide = back.get_model("troubleshooter", "Guide").objects.get(slug="icloud-photos-not-syncing")
    assert spanish_of(back, guide) == (None, [], [])
    assert guide.live_version.number == 3
    # The entry left the index too: only the English one is there.
    indexed = back.get_model("modelsearch", "IndexEntry").objects.filter(
        content_type__app_label="troubleshooter", content_type__model="searchentry"
    )
    entries = back.get_model("troubleshooter", "SearchEntry").objects.all()
    assert sorted(indexed.values_list("object_id", flat=True)) == [str(e.pk) for e in entries]
    assert [e.language for e in entries] == ["en"]

    assert "es" not in topic_translations(back)

    again = migrate(LATEST)
    _, versions, entries = spanish_of(again, guide)
    assert versions == [(1, in_spanish.NOTE)]
    assert len(entries) == 1
    assert topic_translations(again)["es"] == in_spanish.TOPIC_IN_SPANISH


def topic_translations(apps) -> dict:
    topic = apps.get_model("troubleshooter", "Topic").objects.get(slug="icloud-and-photos")
    return topic.translations


def test_staffs_own_spanish_for_the_topic_is_left_as_it_is():
    apps, _ = guide_before_spanish()
    Topic = apps.get_model("troubleshooter", "Topic")
    Topic.objects.filter(slug="icloud-and-photos").update(translations={"es": {"name": "Fotos"}})

    new = migrate(LATEST)
    assert topic_translations(new) == {"es": {"name": "Fotos"}}
    back = migrate(BEFORE_SPANISH)
    assert topic_translations(back) == {"es": {"name": "Fotos"}}


def test_undoing_the_spanish_keeps_a_version_visits_walk():
    _, guide = guide_before_spanish()
    new = migrate(LATEST)
    spanish, _, _ = spanish_of(new, guide)
    new.get_model("troubleshooter", "Visit").objects.create(
        guide_id=guide.pk, version=spanish.live_version, reference="AAA-AAA", language="es",
        current_step_key=spanish.live_version.content["steps"][0]["key"],
    )  # fmt: skip

    back = migrate(BEFORE_SPANISH)
    assert spanish_of(back, guide) == (None, [(1, in_spanish.NOTE)], [])
    # Done again, the Spanish is published anew as version 2.
    again = migrate(LATEST)
    _, versions, _ = spanish_of(again, guide)
    assert [number for number, _ in versions] == [1, 2]


def test_undoing_keeps_a_spanish_translation_staff_have_edited():
    _, guide = guide_before_spanish()
    new = migrate(LATEST)
    Translation = new.get_model("troubleshooter", "Translation")
    Translation.objects.filter(guide_id=guide.pk).update(texts={"title": "Mis fotos"})

    back = migrate(BEFORE_SPANISH)
    spanish, versions, entries = spanish_of(back, guide)
    assert spanish.texts == {"title": "Mis fotos"}
    assert (versions, len(entries)) == ([(1, in_spanish.NOTE)], 1)


def test_undoing_translation_reviews_leaves_no_review_of_the_guide_holding_a_translation():
    guide_before_spanish()
    apps = migrate(LATEST)
    Guide, Translation, ReviewRequest = (
        apps.get_model("troubleshooter", m) for m in ("Guide", "Translation", "ReviewRequest")
    )
    guide = Guide.objects.get(slug="icloud-photos-not-syncing")
    # A translation 0036 does not take out when undone.
    french = Translation.objects.create(guide=guide, language="fr", texts={"title": "Photos"})
    ReviewRequest.objects.create(guide=guide, translation=french, content={}, fingerprint="x")
    ReviewRequest.objects.create(guide=guide, content={}, fingerprint="y")

    back = migrate([("troubleshooter", "0034_search_index_title_and_body")])
    reviews = back.get_model("troubleshooter", "ReviewRequest").objects.all()
    assert list(reviews.values_list("fingerprint", flat=True)) == ["y"]

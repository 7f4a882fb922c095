"""Every guide's content becomes a version, and every visit is pinned to one.

Published guides get their content as a live version. A visit whose answers
match the steps as they are now is pinned to that version. A visit that saw
steps since deleted, moved or renamed is pinned to a version rebuilt from what
its answers recorded (numbers and titles), with today's text where a step still
exists; such versions come first in the guide's history, the current one last.
"""

import secrets
from types import SimpleNamespace

from django.db import migrations

REBUILT_NOTE = "Rebuilt from visits recorded before versions were kept."
CURRENT_NOTE = "The guide as it stood when versions were introduced."
REMOVED_BODY = "This step was changed or removed before versions were kept; its text is not known."


def new_key() -> str:
    return secrets.token_hex(5)


def forwards(apps, schema_editor):
    Guide = apps.get_model("troubleshooter", "Guide")
    Step = apps.get_model("troubleshooter", "Step")
    Choice = apps.get_model("troubleshooter", "Choice")
    for model in (Step, Choice):
        for row in model.objects.filter(key=None):
            row.key = new_key()
            row.save(update_fields=["key"])
    for guide in Guide.objects.all():
        pin_guide(apps, guide)


def pin_guide(apps, guide):
    Step = apps.get_model("troubleshooter", "Step")
    Choice = apps.get_model("troubleshooter", "Choice")
    GuideVersion = apps.get_model("troubleshooter", "GuideVersion")
    Visit = apps.get_model("troubleshooter", "Visit")
    Answer = apps.get_model("troubleshooter", "Answer")

    steps = list(Step.objects.filter(guide=guide).order_by("position"))
    for step in steps:
        step.choice_list = list(Choice.objects.filter(step=step).order_by("position", "id"))
    links = parse_links(guide.fallback_links)
    current = build(guide, steps, links)

    rebuilt: dict[tuple, tuple[dict, list]] = {}  # what the visits saw -> (content, visits)
    current_visits = []
    for visit in Visit.objects.filter(guide=guide).order_by("started_at"):
        answers = list(Answer.objects.filter(visit=visit).order_by("answered_at", "id"))
        seen = steps_seen(steps, answers)
        if [slot.key for slot in seen] == [step.key for step in steps] and all(
            slot.title == step.title for slot, step in zip(seen, steps, strict=True)
        ):
            current_visits.append((visit, answers, current))
            continue
        signature = tuple((slot.key, slot.title) for slot in seen)
        if signature not in rebuilt:
            rebuilt[signature] = (build(guide, seen, links), [])
        rebuilt[signature][1].append((visit, answers))

    number = 0
    for version_content, visits in rebuilt.values():
        number += 1
        version = GuideVersion.objects.create(
            guide=guide, number=number, content=version_content, note=REBUILT_NOTE
        )
        for visit, answers in visits:
            pin_visit(visit, answers, version)
    if guide.is_published or current_visits:
        version = GuideVersion.objects.create(
            guide=guide, number=number + 1, content=current, note=CURRENT_NOTE
        )
        for visit, answers, _ in current_visits:
            pin_visit(visit, answers, version)
        if guide.is_published:
            guide.live_version = version
            guide.save(update_fields=["live_version"])


def steps_seen(steps, answers) -> list:
    """The guide's steps as a visit saw them: answered steps at the numbers and with
    the titles recorded, the other places filled with today's steps in order."""
    by_id = {step.id: step for step in steps}
    answered = {}
    for answer in answers:
        step = by_id.get(answer.step_id)
        if step is not None and step.title == answer.step_title:
            answered[answer.step_number] = step
        else:
            answered[answer.step_number] = removed_step(answer)
    used = {slot.key for slot in answered.values()}
    rest = iter(step for step in steps if step.key not in used)
    seen = []
    for number in range(1, max(answered, default=0) + 1):
        slot = answered.get(number) or next(rest, None)
        if slot is not None:
            seen.append(slot)
    return seen + list(rest)


def removed_step(answer):
    """A step the visit answered that no longer reads as it did: its title and answers."""
    labels = [("Yes, it's fixed", "resolved"), ("No, still not working", "next")]
    if answer.choice_label not in {label for label, _ in labels}:
        labels.append((answer.choice_label, answer.outcome))
    return SimpleNamespace(
        id=None,
        key=new_key(),
        title=answer.step_title,
        body=REMOVED_BODY,
        body_html=f"<p>{REMOVED_BODY}</p>",
        where_to_tap="",
        choice_list=[
            SimpleNamespace(key=new_key(), label=label, outcome=outcome)
            for label, outcome in labels
        ],
    )


def pin_visit(visit, answers, version):
    numbered = dict(enumerate(version.content["steps"], start=1))
    for answer in answers:
        step = numbered[answer.step_number]
        answer.step_key = step["key"]
        choice = next(
            (c for c in step["choices"] if c["label"] == answer.choice_label), step["choices"][-1]
        )
        answer.choice_key = choice["key"]
        answer.save(update_fields=["step_key", "choice_key"])
    by_step_id = {a.step_id: a.step_key for a in answers if a.step_id is not None}
    keys = [step["key"] for step in version.content["steps"]]
    last = next((a for a in answers if a.id == visit.last_answer_id), None)
    if visit.state != "in_progress" and last is not None:
        current = last.step_key
    elif visit.current_step_id in by_step_id:
        current = by_step_id[visit.current_step_id]
    elif visit.current_step_id is not None and visit.current_step.key in keys:
        current = visit.current_step.key
    elif last is not None:
        current = keys[min(last.step_number, len(keys) - 1)]
    else:
        current = keys[0] if keys else ""
    visit.version = version
    visit.current_step_key = current
    visit.last_choice_key = last.choice_key if last is not None else ""
    visit.save(update_fields=["version", "current_step_key", "last_choice_key"])


# The helpers below are frozen copies of troubleshooter.content as it stood at this
# migration, so later changes to that module cannot change what it did.


def parse_links(text: str) -> list[dict]:
    """Fallback buttons from the text guides kept then, one a line: the button text,
    then the address."""
    links = []
    for line in text.splitlines():
        label, _, url = line.strip().rpartition(" ")
        if label.strip():
            links.append({"label": label.strip(), "url": url})
    return links


def build(guide, steps, links: list[dict]) -> dict:
    """A version's content record. Answers could not yet choose their step: "next"
    went to the step below, and after the last step to the fallback page."""
    content_steps = []
    for index, step in enumerate(steps):
        following = steps[index + 1].key if index + 1 < len(steps) else None
        choices = []
        for choice in step.choice_list:
            outcome, next_step = choice.outcome, None
            if outcome == "next":
                outcome, next_step = ("next", following) if following else ("escalate", None)
            choices.append(
                {
                    "key": choice.key,
                    "label": choice.label,
                    "outcome": outcome,
                    "next_step": next_step,
                }
            )
        content_steps.append(
            {
                "key": step.key,
                "title": step.title,
                "body": step.body,
                "body_html": step.body_html,
                "where_to_tap": step.where_to_tap,
                "choices": choices,
            }
        )
    return {
        "title": guide.title,
        "slug": guide.slug,
        "summary": guide.summary,
        "fallback": {
            "title": guide.fallback_title,
            "text": guide.fallback_text,
            "html": guide.fallback_html,
            "links": links,
        },
        "steps": content_steps,
    }


class Migration(migrations.Migration):
    dependencies = [("troubleshooter", "0005_versions_schema")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

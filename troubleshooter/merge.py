"""Adding an editor's changes to a draft another editor saved meanwhile: a three-way
merge of content records (see `content`). No database in here.

`base` is the draft the editor's page was loaded from, `mine` what they saved from it,
`theirs` the draft as the other editor left it. Whatever only one side changed is
taken from that side. Where both changed the same thing differently, the other
editor's save is kept and the collision is listed, so the editor can re-apply theirs.

Steps, answers and symptoms are matched by their keys. An answer that goes on to the step below
is merged as "the step below", so steps inserted by either side keep the flow in order.
"""

from dataclasses import dataclass

from troubleshooter import content
from troubleshooter.flow import ESCALATE, NEXT

BELOW = "below"  # an answer's leads while merging: on to whichever step comes next


@dataclass(frozen=True)
class Collision:
    where: str  # "The guide", "The fallback page" or "Step 3 “Restart”"
    what: str  # the field, answer or change concerned
    yours: str  # what the editor saved, as they would read it
    kept: str  # what the draft keeps


@dataclass(frozen=True)
class Merged:
    content: dict
    collisions: list[Collision]


def same(a, b) -> bool:
    return content.readable(a) == content.readable(b)


def pick(base, mine, theirs) -> tuple[object, bool]:
    """The merged value, and whether both sides changed it differently."""
    if same(mine, base):
        return theirs, False
    if same(theirs, base) or same(mine, theirs):
        return mine, False
    return theirs, True


def with_leads_below(record: dict) -> list[dict]:
    """The record's steps, each answer that goes on to the step below saying BELOW."""
    steps = record["steps"]
    marked = []
    for index, step in enumerate(steps):
        following = steps[index + 1]["key"] if index + 1 < len(steps) else None
        choices = []
        for choice in step["choices"]:
            if following:
                goes_on = choice["outcome"] == NEXT and choice["next_step"] == following
            else:
                goes_on = choice["outcome"] == ESCALATE
            choices.append({**choice, "next_step": BELOW} if goes_on else choice)
        marked.append({**step, "choices": choices})
    return marked


def with_leads_resolved(steps: list[dict]) -> list[dict]:
    """Steps with BELOW turned back into the step below, or the fallback after the last."""
    resolved = []
    for index, step in enumerate(steps):
        following = steps[index + 1]["key"] if index + 1 < len(steps) else None
        choices = [
            {**choice, "outcome": NEXT if following else ESCALATE, "next_step": following}
            if choice["next_step"] == BELOW
            else choice
            for choice in step["choices"]
        ]
        resolved.append({**step, "choices": choices})
    return resolved


def merged_order(base: list[str], mine: list[str], theirs: list[str], kept: set[str]):
    """The kept keys in order, and whether both sides reordered what they share."""

    def shared_order(keys):
        return [key for key in keys if key in set(base) & set(mine) & set(theirs)]

    mine_moved = shared_order(mine) != shared_order(base)
    theirs_moved = shared_order(theirs) != shared_order(base)
    collided = mine_moved and theirs_moved and shared_order(mine) != shared_order(theirs)
    skeleton, other = (mine, theirs) if mine_moved and not theirs_moved else (theirs, mine)
    order = [key for key in skeleton if key in kept]
    for key in other:
        if key in kept and key not in order:
            before = other[: other.index(key)]
            anchor = next((k for k in reversed(before) if k in order), None)
            order.insert(order.index(anchor) + 1 if anchor else 0, key)
    return order, collided


def merge_rows(base: list[dict], mine: list[dict], theirs: list[dict], merge_row, describe):
    """Rows matched by key: merged where all three have them, added where one side
    added them, gone where one side deleted them and the other left them as they were."""
    by_key = [{row["key"]: row for row in rows} for rows in (base, mine, theirs)]
    base_by, mine_by, theirs_by = by_key
    merged, collisions = {}, []
    for key in {**base_by, **mine_by, **theirs_by}:
        old, yours, kept = base_by.get(key), mine_by.get(key), theirs_by.get(key)
        if old is None:
            merged[key] = kept or yours
        elif yours is not None and kept is not None:
            merged[key], found = merge_row(old, yours, kept)
            collisions += found
        elif kept is not None:  # deleted by the editor, still in the draft
            if not same(kept, old):
                merged[key] = kept
                where, what = describe(kept)
                collisions.append(Collision(where, what, "You deleted it.", "Kept, as changed"))
        elif yours is not None and not same(yours, old):  # deleted meanwhile, edited
            where, what = describe(yours)
            collisions.append(Collision(where, what, "You changed it.", "Deleted"))
    keys = [[row["key"] for row in rows] for rows in (base, mine, theirs)]
    order, reordered = merged_order(*keys, kept=set(merged))
    return [merged[key] for key in order], collisions, reordered


def shown(value) -> str:
    return content.links_text(value) if isinstance(value, list) else value


def merge_fields(base: dict, mine: dict, theirs: dict, names: dict[str, str], where: str):
    fields, collisions = {}, []
    for name, label in names.items():
        fields[name], collided = pick(base[name], mine[name], theirs[name])
        if collided:
            collisions.append(Collision(where, label, shown(mine[name]), shown(theirs[name])))
    return fields, collisions


def in_order(rows: list[dict], name: str) -> str:
    return " · ".join(row[name] for row in rows)


def leads_text(choice: dict, titles: dict[str, str]) -> str:
    if choice["next_step"] == BELOW:
        return "the next step"
    if choice["outcome"] == NEXT:
        return f"“{titles.get(choice['next_step'], 'a deleted step')}”"
    return "fixed" if choice["outcome"] != ESCALATE else "the fallback page"


def step_name(step: dict) -> str:
    return f"Step “{step['title']}”"


def merge_choice(old: dict, yours: dict, kept: dict, where: str, titles: dict[str, str]):
    label, label_collided = pick(old["label"], yours["label"], kept["label"])
    (outcome, next_step), leads_collided = pick(
        (old["outcome"], old["next_step"]),
        (yours["outcome"], yours["next_step"]),
        (kept["outcome"], kept["next_step"]),
    )
    collisions = []
    if label_collided:
        collisions.append(Collision(where, "Answer button", yours["label"], label))
    if leads_collided:
        collisions.append(
            Collision(
                where,
                f"Where “{label}” leads",
                leads_text(yours, titles),
                leads_text(kept, titles),
            )
        )
    return {**kept, "label": label, "outcome": outcome, "next_step": next_step}, collisions


def merge_step(old: dict, yours: dict, kept: dict, titles: dict[str, str]):
    where = step_name(kept)
    fields, collisions = merge_fields(old, yours, kept, content.STEP_FIELDS, where)
    # Yes or no: where both sides changed it, they changed it the same way.
    fields["takes_a_while"], _ = pick(*map(content.takes_a_while, (old, yours, kept)))
    choices, found, reordered = merge_rows(
        old["choices"],
        yours["choices"],
        kept["choices"],
        lambda *sides: merge_choice(*sides, where, titles),
        lambda choice: (where, f"Answer “{choice['label']}”"),
    )
    if reordered:
        order = [in_order(side["choices"], "label") for side in (yours, kept)]
        found.append(Collision(where, "Order of the answers", *order))
    return {**kept, **fields, "choices": choices}, collisions + found


def symptom_name(symptom: dict) -> str:
    return f"Symptom “{symptom['text']}”"


def merge_symptom(old: dict, yours: dict, kept: dict, titles: dict[str, str]):
    where = symptom_name(kept)
    fields, collisions = merge_fields(old, yours, kept, {"text": "Text"}, where)
    fields["step"], collided = pick(old["step"], yours["step"], kept["step"])
    if collided:
        yours_leads, kept_leads = (
            f"“{titles.get(side['step'], 'a deleted step')}”" for side in (yours, kept)
        )
        collisions.append(Collision(where, "Leads to", yours_leads, kept_leads))
    return {**kept, **fields}, collisions


def merge_symptoms(records: tuple[dict, dict, dict], titles: dict[str, str]):
    """The symptoms merged as steps are: matched by their keys, each side's own changes
    kept, the other editor's save kept where both changed the same thing."""
    sides = [content.symptoms(record) for record in records]
    symptoms, collisions, reordered = merge_rows(
        *sides,
        lambda *rows: merge_symptom(*rows, titles),
        lambda symptom: (symptom_name(symptom), "Symptom"),
    )
    if reordered:
        order = [in_order(side, "text") for side in sides[1:]]
        collisions.append(Collision("The guide", "Order of the symptoms", *order))
    return symptoms, collisions


def merge(base: dict, mine: dict, theirs: dict) -> Merged:
    records = (base, mine, theirs)
    titles = {step["key"]: step["title"] for record in records for step in record["steps"]}
    base_steps, mine_steps, theirs_steps = map(with_leads_below, records)
    steps, step_collisions, reordered = merge_rows(
        base_steps,
        mine_steps,
        theirs_steps,
        lambda *sides: merge_step(*sides, titles),
        lambda step: (step_name(step), "Step"),
    )
    if reordered:
        order = [in_order(side, "title") for side in (mine_steps, theirs_steps)]
        step_collisions.append(Collision("The guide", "Order of the steps", *order))
    guide_fields = {**content.GUIDE_FIELDS, "slug": "Address"}
    fields, collisions = merge_fields(base, mine, theirs, guide_fields, "The guide")
    fallback, fallback_collisions = merge_fields(
        *(record["fallback"] for record in records), content.FALLBACK_FIELDS, "The fallback page"
    )
    symptoms, symptom_collisions = merge_symptoms(records, titles)
    merged = {
        **theirs,
        **fields,
        "fallback": {**theirs["fallback"], **fallback},
        "steps": with_leads_resolved(steps),
        "symptoms": symptoms,
    }
    return Merged(merged, collisions + fallback_collisions + step_collisions + symptom_collisions)

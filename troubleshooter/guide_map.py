"""The map of a guide on its admin page: where each step box and each answer's
arrow goes, worked out from the content record. The SVG itself is drawn by the
template `admin/troubleshooter/guide/_map.html`.

Steps stand in one column, in order. An answer to the step below is an arrow
down; a jump to a later step (or, as an error, back to an earlier one) curves
round the left of the column, each jump in a lane of its own; answers that end
the visit point right, to a "Fixed" or a "Fallback" box beside their step.
"""

from dataclasses import dataclass, field

from troubleshooter.content import Problem, reachable_from, step_numbers
from troubleshooter.flow import ESCALATE, FALLBACK, FIXED, NEXT, RESOLVED

STEP_WIDTH, STEP_HEIGHT, GAP = 280, 64, 64
LANE = 16
END_WIDTH, END_HEIGHT = 96, 26
LABEL_ROOM = 170  # between a step and its end boxes
TITLE_CHARS, LABEL_CHARS, JUMP_CHARS = 34, 24, 22


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Box:
    x: int
    y: int
    width: int
    height: int
    heading: str
    text: str = ""
    css: str = ""
    notes: list[str] = field(default_factory=list)  # full title and problems, as a tooltip

    @property
    def tooltip(self) -> str:
        return "\n".join(self.notes)

    @property
    def text_x(self) -> int:
        return self.x + 12

    @property
    def middle_x(self) -> int:
        return self.x + self.width // 2


@dataclass
class Arrow:
    path: str
    label: str
    full_label: str
    label_x: int
    label_y: int
    css: str = ""


@dataclass
class Map:
    width: int
    height: int
    steps: list[Box]
    ends: list[Box]
    arrows: list[Arrow]


def draw(content: dict, problems: list[Problem]) -> Map:
    steps = content["steps"]
    numbers = step_numbers(content)
    lanes = sum(
        1
        for step in steps
        for c in step["choices"]
        if c["outcome"] == NEXT and numbers.get(c["next_step"]) != numbers[step["key"]] + 1
    )
    left = 24 + LANE * (lanes + 1)
    ends_x = left + STEP_WIDTH + LABEL_ROOM
    reachable = reachable_from(content, steps[0]["key"]) if steps else set()
    by_step: dict[int, list[Problem]] = {}
    for problem in problems:
        if problem.step_number is not None:
            by_step.setdefault(problem.step_number, []).append(problem)
    troubled = {problem.choice_key for problem in problems if problem.choice_key}

    def top(number: int) -> int:
        return 16 + (number - 1) * (STEP_HEIGHT + GAP)

    boxes, ends, arrows = [], [], []
    lane = 0
    for number, step in enumerate(steps, start=1):
        y = top(number)
        found = by_step.get(number, [])
        css = "map-step"
        if any(p.is_error for p in found):
            css += " map-problem"
        elif found or step["key"] not in reachable:
            css += " map-warning"
        boxes.append(
            Box(
                left,
                y,
                STEP_WIDTH,
                STEP_HEIGHT,
                f"Step {number}",
                shorten(step["title"], TITLE_CHARS),
                css,
                [step["title"], *(str(p) for p in found)],
            )
        )
        endings = {RESOLVED: [], ESCALATE: []}
        jumps = 0  # labels of this step's jumps, under its box
        for choice in step["choices"]:
            problem = " map-problem" if choice["key"] in troubled else ""
            label = shorten(choice["label"], LABEL_CHARS)
            if choice["outcome"] in endings:
                endings[choice["outcome"]].append((choice, problem))
                continue
            target = numbers.get(choice["next_step"])
            start_y = y + STEP_HEIGHT
            if target == number + 1:
                x = left + STEP_WIDTH // 2
                arrows.append(
                    Arrow(
                        f"M{x},{start_y} V{top(target) - 2}",
                        label,
                        choice["label"],
                        x + 8,
                        start_y + GAP // 2 + 4,
                        "map-arrow" + problem,
                    )
                )
                continue
            lane += 1
            lane_x = left - LANE * lane
            from_y = y + STEP_HEIGHT // 2 + 8 * (lane % 3)
            if target is None:
                # A deleted step: the arrow stops short, in the problem colour.
                arrows.append(
                    Arrow(
                        f"M{left},{from_y} H{lane_x} v{GAP // 2}",
                        f"{shorten(choice['label'], JUMP_CHARS)} → deleted step",
                        choice["label"],
                        left + 6,
                        start_y + 2 + 13 * (jumps := jumps + 1),
                        "map-arrow map-problem",
                    )
                )
                continue
            to_y = top(target) + STEP_HEIGHT // 2 - 8 * (lane % 3)
            jumps += 1
            arrows.append(
                Arrow(
                    f"M{left},{from_y} H{lane_x} V{to_y} H{left - 2}",
                    f"{shorten(choice['label'], JUMP_CHARS)} → step {target}",
                    choice["label"],
                    left + 6,
                    start_y + 2 + 13 * jumps,
                    "map-arrow map-jump" + problem,
                )
            )
        for outcome, row_y, name in [
            (RESOLVED, y + 4, FIXED.label),
            (ESCALATE, y + 34, FALLBACK.label),
        ]:
            if not endings[outcome]:
                continue
            css = "map-end map-fixed" if outcome == RESOLVED else "map-end map-fallback"
            ends.append(Box(ends_x, row_y, END_WIDTH, END_HEIGHT, name, css=css))
            labels = [choice["label"] for choice, _ in endings[outcome]]
            problem = next((p for _, p in endings[outcome] if p), "")
            middle = row_y + END_HEIGHT // 2
            arrows.append(
                Arrow(
                    f"M{left + STEP_WIDTH},{middle} H{ends_x - 2}",
                    shorten(" / ".join(labels), LABEL_CHARS),
                    " / ".join(labels),
                    left + STEP_WIDTH + 8,
                    middle - 5,
                    "map-arrow" + problem,
                )
            )
    height = top(len(steps) + 1) if steps else 40
    return Map(ends_x + END_WIDTH + 16, height, boxes, ends, arrows)

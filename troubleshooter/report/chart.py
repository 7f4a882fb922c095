"""The funnel chart's geometry, drawn as SVG by the report's template."""

from dataclasses import dataclass

from troubleshooter import flow
from troubleshooter.report.figures import StepFigures

BAR_WIDTH, ROW_HEIGHT, LABEL_WIDTH = 420, 46, 250
# A step's answers cut by where they led, then the visits still on it: left or not.
SEGMENTS = [
    (flow.FIXED.column, flow.FIXED.label),
    ("went_on", "Went on"),
    (flow.FALLBACK.column, flow.FALLBACK.label),
    (flow.LEFT.column, flow.LEFT.label),
    (flow.IN_PROGRESS.column, flow.IN_PROGRESS.label),
]


@dataclass
class Bar:
    y: int
    label: str
    reached: int
    segments: list[tuple[str, int, int, str]]  # css, x, width, text


def funnel(steps: list[StepFigures], widest: int) -> dict:
    """The funnel chart's geometry: one bar a step, as long as the visits that reached
    it, cut into fixed, went on, fallback, left and in progress (in that order, each
    labelled)."""
    bars = []
    for row, step in enumerate(steps):
        x = LABEL_WIDTH
        segments = []
        for name, label in SEGMENTS:
            count = getattr(step, name)
            width = round(BAR_WIDTH * count / widest) if widest else 0
            if count:
                segments.append((f"bar-{name.replace('_', '-')}", x, width, f"{label} {count}"))
            x += width
        bars.append(
            Bar(12 + row * ROW_HEIGHT, f"{step.number}. {step.title}", step.reached, segments)
        )
    return {
        "bars": bars,
        "width": LABEL_WIDTH + BAR_WIDTH + 140,
        "height": 24 + len(steps) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH - 10,
        "bar_end": LABEL_WIDTH + BAR_WIDTH + 8,
    }

"""A stacked bar chart of the classifications per year, as plain numbers for an SVG template
(no JavaScript, no inline style: each bar part carries a CSS class)."""

from __future__ import annotations

from dataclasses import dataclass

from . import rules

WIDTH, HEIGHT = 640, 260
LEFT, BOTTOM, TOP = 40, 30, 10
BAR_GAP = 24


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    css: str
    count: int
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    years: list[tuple[int, int]]  # (x of the label, year)
    ticks: list[tuple[int, int]]  # (y, value)
    axis_y: int
    left: int


def stacked_bars(counts_by_year: dict[int, dict[str, int]]) -> Chart:
    """``{year: {classification: count}}`` → rectangles, bottom up: bốn tốt first."""
    years = sorted(counts_by_year)
    tallest = max((sum(c.values()) for c in counts_by_year.values()), default=0) or 1
    plot = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) // max(len(years), 1)
    bar_width = max(slot - BAR_GAP, 8)
    bars, labels = [], []
    for index, year in enumerate(years):
        x = LEFT + index * slot + BAR_GAP // 2
        base = HEIGHT - BOTTOM
        for result in rules.CLASSIFICATIONS:
            count = counts_by_year[year].get(result, 0)
            if not count:
                continue
            height = count * plot // tallest
            base -= height
            bars.append(
                Bar(
                    x,
                    base,
                    bar_width,
                    height,
                    f"chart-{result}",
                    count,
                    rules.CLASSIFICATION_TEXT[result],
                )
            )
        labels.append((x + bar_width // 2, year))
    step = max(1, -(-tallest // 4))
    ticks = [
        (HEIGHT - BOTTOM - value * plot // tallest, value) for value in range(0, tallest + 1, step)
    ]
    return Chart(WIDTH, HEIGHT, bars, labels, ticks, HEIGHT - BOTTOM, LEFT)

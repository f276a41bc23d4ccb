"""Geometry of the overview's bar charts; the templates draw them as inline SVG.

No chart library: a bar chart is a handful of rectangles, computed here so
that the templates only place them (and escape every label).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    note: str = ""              # e.g. a percentage shown after the value


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: Sequence[Bar]
    ticks: Sequence[Tick] = ()
    label_every: int = 1
    baseline: float = 0.0
    plot_left: float = 0.0
    plot_right: float = 0.0
    show_values: bool = True

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)

    @property
    def empty(self) -> bool:
        return self.total == 0


def nice_max(value: int) -> int:
    """A round upper bound for an axis (1, 2, 5 × 10^k), at least 1."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _steps(top: int) -> int:
    """How many intervals between 0 and ``top`` (a nice_max) give round ticks."""
    if top <= 5:
        return top
    return 4 if str(top)[0] == "2" else 5


def columns(items: Sequence[tuple[str, int]], width: int = 1000, height: int = 240) -> Chart:
    """Vertical bars (one per item, e.g. a week), with a y axis of round ticks."""
    left, right, top, bottom = 36.0, 8.0, 12.0, 28.0
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = nice_max(max((v for _, v in items), default=0))
    slot = plot_w / max(len(items), 1)
    bar_w = max(slot * 0.68, 2.0)
    bars = []
    for i, (label, value) in enumerate(items):
        h = plot_h * value / top_value
        bars.append(Bar(label, value, left + i * slot + (slot - bar_w) / 2, top + plot_h - h, bar_w, h))
    steps = _steps(top_value)
    ticks = [Tick(round(top_value * k / steps), top + plot_h - plot_h * k / steps) for k in range(steps + 1)]
    label_every = max(1, math.ceil(len(items) / 12))
    return Chart(width, height, bars, ticks, label_every, baseline=top + plot_h, plot_left=left,
                 plot_right=width - right, show_values=len(items) <= 26)


def rows(items: Sequence[tuple[str, int]], width: int = 500, row_height: int = 32,
         with_share: bool = True, share_of: int | None = None) -> Chart:
    """Horizontal bars, one row per category, the value (and share) written after each bar."""
    label_w, value_w = 160.0, 80.0
    plot_w = width - label_w - value_w
    top_value = max((v for _, v in items), default=0) or 1
    total = share_of if share_of is not None else sum(v for _, v in items)
    bars = []
    for i, (label, value) in enumerate(items):
        note = f"{round(100 * value / total)}%" if with_share and total else ""
        bars.append(Bar(label, value, label_w, i * row_height + 6, plot_w * value / top_value, row_height - 12,
                        note))
    return Chart(width, max(len(items), 1) * row_height, bars, plot_left=label_w, plot_right=label_w + plot_w)

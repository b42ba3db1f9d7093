"""Geometry of the inline SVG charts drawn on the server, so that a page and a printed report show
the same chart. Functions return coordinates; templates draw them. Coordinates inside SVG are not
localised ("300,0" would draw nothing): templates draw them under `{% localize off %}`; the numbers
people read (tick labels, values) go through `floatformat`, which localises even there ("0,35",
"1 250"), so that a chart and a PDF write numbers as the pages do. Every chart has its values in a
table beside it."""

import math
import textwrap
from datetime import date
from decimal import ROUND_CEILING, Decimal

# Colours with at least 3:1 contrast against white (WCAG 1.4.11), distinguishable in grey.
# Height under a bar chart for its value axis (a line and the tick labels).
AXIS_SPACE = 22
PALETTE = ("#2f6f3e", "#b4541a", "#3a5f9e", "#8a3f7c", "#7a6a00", "#1f7a7a", "#9e3a3a", "#555f58")


def stacked_bar(values: list[Decimal], *, width: int = 560, height: int = 28) -> dict:
    """One horizontal bar split into segments in proportion to `values` (who pays what), over an
    axis of shares from 0 to 100 %."""
    total = sum(values, Decimal(0))
    segments, x = [], Decimal(0)
    for index, value in enumerate(values):
        share = value / total if total > 0 else Decimal(0)
        segment_width = share * width
        segments.append(
            {
                "x": round(float(x), 1),
                "width": round(float(segment_width), 1),
                "colour": PALETTE[index % len(PALETTE)],
            }
        )
        x += segment_width
    ticks = [
        {"x": round(width * percent / 100, 1), "value": percent, "unit": "\u00a0%"}
        for percent in (0, 25, 50, 75, 100)
    ]
    return {
        "width": width,
        "height": height + AXIS_SPACE,
        "bar_height": height,
        "segments": segments,
        "ticks": ticks,
        "axis_y": height,
    }


def horizontal_bars(
    rows: list[tuple[str, Decimal]],
    *,
    width: int = 560,
    label_width: int = 160,
    row: int = 26,
    unit: str = "\u00a0€",
    whole: bool = False,
) -> dict:
    """One bar per labelled value over a value axis (`value_ticks`) whose last tick carries
    `unit` (euros unless told: "" for counts); `whole` keeps whole ticks only (counts: 0, 1, not
    0.25). Negative values draw no bar."""
    top = max((value for _label, value in rows), default=Decimal(0))
    ticks = value_ticks(top)
    if whole:
        ticks = [tick for tick in ticks if tick == tick.to_integral_value()]
    scale = ticks[-1]
    bar_space = width - label_width - 24  # room for the last tick's label
    bars = []
    for index, (label, value) in enumerate(rows):
        length = value / scale * bar_space if value > 0 else Decimal(0)
        bars.append(
            {
                "label": label,
                "y": index * row + 4,
                "text_y": index * row + 4 + (row - 8) / 2,
                "x": label_width,
                "width": round(float(length), 1),
                "colour": PALETTE[index % len(PALETTE)],
            }
        )
    axis_y = len(rows) * row + 8
    return {
        "width": width,
        "height": axis_y + AXIS_SPACE,
        "bars": bars,
        "bar_height": row - 8,
        "axis_y": axis_y,
        "ticks": [
            {
                "x": round(float(label_width + tick / scale * bar_space), 1),
                "value": tick,
                "unit": unit if tick == scale else "",
            }
            for tick in ticks
        ],
    }


def value_ticks(high, *, count: int = 4) -> list[Decimal]:
    """Round values for a value axis from zero to at least `high`, about `count` steps of 1, 2,
    2.5 or 5 times a power of ten: 12 300 gives 0, 5 000, 10 000, 15 000. The one definition of
    a value axis's ticks; templates write them with the `number` filter ("5 000")."""
    high = Decimal(str(high))
    if high <= 0:
        return [Decimal(0), Decimal(1)]
    raw = high / count
    power = Decimal(10) ** raw.adjusted()
    multiples = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
    step = next(power * m for m in multiples if power * m >= raw)
    steps = int((high / step).to_integral_value(rounding=ROUND_CEILING))
    return [step * i for i in range(steps + 1)]


def stacked_columns(
    columns: list[tuple[str, list[float]]],
    *,
    height: int = 200,
    column_width: int = 48,
    gap: int = 24,
    left: int = 72,
    top: int = 12,
) -> dict:
    """One column per (label, values): its values stacked bottom-up, over a value axis from
    zero to the last of `value_ticks` (labels right-aligned in the `left` margin, a grid line
    each). Each segment: x, y, width, height and its index in the values."""
    ticks = value_ticks(max((sum(values) for _label, values in columns), default=0))
    tallest = float(ticks[-1])
    drawn = []
    for index, (label, values) in enumerate(columns):
        x = left + gap // 2 + index * (column_width + gap)
        bottom = top + height
        segments = []
        for position, value in enumerate(values):
            size = round(float(value) * height / float(tallest), 1)
            if size > 0:
                bottom = round(bottom - size, 1)
                segments.append(
                    {"index": position, "x": x, "y": bottom, "width": column_width, "height": size}
                )
        drawn.append(
            {
                "label": label,
                "x": x,
                "label_x": x + column_width / 2,
                "segments": segments,
                "total": sum(values),
            }
        )
    width = left + gap + len(columns) * (column_width + gap)
    return {
        "columns": drawn,
        "width": width,
        "height": top + height + 24,
        "label_y": top + height + 16,
        "axis_x": left - 6,
        "plot_left": left,
        "plot_right": width - 4,
        "base_y": top + height,
        "top_y": top,
        "ticks": [
            {"value": value, "y": round(top + height - float(value) * height / tallest, 1)}
            for value in ticks
        ],
    }


def fit_points(
    points: list[tuple[float, float]], *, width: float, height: float, margin: float
) -> list[tuple[float, float]]:
    """Scale and move points (any coordinates, y up) into a width × height box with a margin,
    keeping their proportions; SVG's y grows downwards. A single point sits in the middle."""
    if not points:
        return []
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    usable_w, usable_h = width - 2 * margin, height - 2 * margin
    scale = min(
        usable_w / span_x if span_x else float("inf"), usable_h / span_y if span_y else float("inf")
    )
    if scale == float("inf"):
        return [(round(width / 2, 1), round(height / 2, 1)) for _point in points]
    left = margin + (usable_w - span_x * scale) / 2
    top = margin + (usable_h - span_y * scale) / 2
    return [
        (round(left + (x - min(xs)) * scale, 1), round(top + (max(ys) - y) * scale, 1))
        for x, y in points
    ]


def plain_number(value: Decimal) -> str:
    """A decimal without its trailing zeros nor exponent, for labels inside SVG (not localised,
    like every number drawn in a chart): 1250.5000 → "1250.5", 100 → "100"."""
    return format(value.normalize(), "f") if value else "0"


def time_series_chart(
    points: list[tuple[date, Decimal]], *, width: int = 560, height: int = 200
) -> dict | None:
    """A line through dated values, dates placed in proportion to the time between them (a
    value recorded after a long gap sits far from the previous one). The vertical scale starts
    at zero unless a value is negative. None without any point."""
    if not points:
        return None
    left, right, top, bottom = 56, 24, 14, 28
    points = sorted(points)
    first, last = points[0][0], points[-1][0]
    days = (last - first).days
    low = min(min(value for _day, value in points), Decimal(0))
    high = max(value for _day, value in points)
    if high == low:
        high = low + 1
    inner_width = width - left - right
    inner_height = height - top - bottom

    def x(day: date) -> float:
        if not days:
            return round(left + inner_width / 2, 1)
        return round(left + inner_width * (day - first).days / days, 1)

    def y(value: Decimal) -> float:
        return round(top + inner_height * float((high - value) / (high - low)), 1)

    dots = [{"x": x(day), "y": y(value), "day": day, "value": value} for day, value in points]
    labels = [dots[0]] if len(dots) == 1 or days == 0 else [dots[0], dots[-1]]
    return {
        "width": width,
        "height": height,
        "line": " ".join(f"{dot['x']},{dot['y']}" for dot in dots),
        "dots": dots,
        "left": left,
        "right": width - right,
        "high": plain_number(high),
        "high_y": y(high),
        "low": plain_number(low),
        "low_y": y(low),
        # The vertical axis: its bottom, middle and top values, labelled, with a grid line each.
        "top_y": top,
        "ticks": [
            {"label": plain_number(value), "y": y(value)} for value in (low, (low + high) / 2, high)
        ],
        "base_y": height - bottom,
        "date_y": height - 8,
        # The first date starts at its dot and the last ends at its dot, so neither leaves the
        # drawing; a single date is centred.
        "dates": [
            {
                "x": dot["x"],
                "day": dot["day"],
                "anchor": "middle" if len(labels) == 1 else ("start", "end")[position],
            }
            for position, dot in enumerate(labels)
        ],
    }


def radar_chart(
    labels: list[str],
    series: list[list[float | None]],
    *,
    scale: int = 4,
    size: int = 440,
    margin: int = 60,
    label_width: int = 150,
    line_height: int = 14,
) -> dict:
    """A radar (spider) chart: one axis per label, clockwise from the top, rings for the values
    1..`scale`, and one polygon per series. A missing value (None) is drawn at the centre and
    marked `missing`, so that a gap is not read as a low value. Labels are wrapped into lines
    of about `label_width` pixels (12 px text) beside the end of their axis."""
    centre_x = size / 2 + margin + label_width
    centre = size / 2 + margin
    radius = size / 2
    count = len(labels)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        distance = radius * value / scale
        return (
            round(centre_x + distance * math.cos(angle), 1),
            round(centre + distance * math.sin(angle), 1),
        )

    def points(values) -> str:
        return " ".join("{},{}".format(*point(i, v or 0)) for i, v in enumerate(values))

    axes = []
    for index, label in enumerate(labels):
        end_x, end_y = point(index, scale)
        label_x, label_y = point(index, scale * 1.06)
        lines = textwrap.wrap(label, width=label_width // 7) or [""]
        if abs(label_x - centre_x) < 1:
            anchor = "middle"
        else:
            anchor = "start" if label_x > centre_x else "end"
        if label_y < centre - 1:  # above the centre: the block of lines ends at the axis
            label_y -= (len(lines) - 1) * line_height
        elif label_y > centre + 1:
            label_y += line_height * 0.8
        axes.append(
            {
                "label": label,
                "lines": lines,
                "x": end_x,
                "y": end_y,
                "label_x": label_x,
                "label_y": round(label_y, 1),
                "anchor": anchor,
            }
        )
    return {
        "width": round(size + 2 * (margin + label_width)),
        "height": round(size + 2 * margin),
        "centre_x": centre_x,
        "centre": centre,
        "line_height": line_height,
        "rings": [
            {"value": value, "points": points([value] * count), "label_y": point(0, value)[1]}
            for value in range(1, scale + 1)
        ],
        "axes": axes,
        "series": [
            {
                "points": points(values),
                "dots": [
                    {"x": x, "y": y, "value": value, "missing": value is None}
                    for (x, y), value in ((point(i, v or 0), v) for i, v in enumerate(values))
                ],
            }
            for values in series
        ],
    }


HEAT_LEVELS = 4


def heat_level(count: int, top: int) -> int:
    """The colour step (0 to HEAT_LEVELS) of a count in a table coloured by count: 0 only for
    zero, so that an empty cell always stands out; the others in equal steps up to `top`."""
    if count <= 0 or top <= 0:
        return 0
    return max(1, min(HEAT_LEVELS, -(-count * HEAT_LEVELS // top)))

"""Geometry of the inline SVG charts drawn on the server, so that a page and a printed report show
the same chart. Functions return coordinates; templates draw them. Numbers inside SVG are not
localised; every chart has its values in a table beside it."""

import math
import textwrap
from decimal import Decimal

# Colours with at least 3:1 contrast against white (WCAG 1.4.11), distinguishable in grey.
PALETTE = ("#2f6f3e", "#b4541a", "#3a5f9e", "#8a3f7c", "#7a6a00", "#1f7a7a", "#9e3a3a", "#555f58")


def stacked_bar(values: list[Decimal], *, width: int = 560, height: int = 28) -> dict:
    """One horizontal bar split into segments in proportion to `values` (who pays what)."""
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
    return {"width": width, "height": height, "segments": segments}


def horizontal_bars(
    rows: list[tuple[str, Decimal]], *, width: int = 560, label_width: int = 160, row: int = 26
) -> dict:
    """One bar per labelled value, scaled to the largest; negative values draw no bar."""
    top = max((value for _label, value in rows), default=Decimal(0))
    bar_space = width - label_width - 10
    bars = []
    for index, (label, value) in enumerate(rows):
        length = value / top * bar_space if top > 0 and value > 0 else Decimal(0)
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
    return {"width": width, "height": len(rows) * row + 8, "bars": bars, "bar_height": row - 8}


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

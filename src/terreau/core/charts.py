"""Geometry of the charts drawn as inline SVG on the server, so that the same chart serves web
pages and printed reports. Each function returns plain numbers and strings for a template; numbers
are rounded to 0.1 px and must be rendered with localisation off."""

import math
import textwrap


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

"""Geometry of the charts drawn as inline SVG on the server, so that the same chart serves web
pages and printed reports. Each function returns plain numbers and strings for a template; numbers
are rounded to 0.1 px and must be rendered with localisation off."""

import math


def radar_chart(
    labels: list[str],
    series: list[list[float | None]],
    *,
    scale: int = 4,
    size: int = 520,
    margin: int = 120,
) -> dict:
    """A radar (spider) chart: one axis per label, clockwise from the top, rings for the values
    1..`scale`, and one polygon per series. A missing value (None) is drawn at the centre and
    marked `missing`, so that a gap is not read as a low value."""
    centre = size / 2 + margin
    radius = size / 2
    count = len(labels)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        distance = radius * value / scale
        return (
            round(centre + distance * math.cos(angle), 1),
            round(centre + distance * math.sin(angle), 1),
        )

    def points(values) -> str:
        return " ".join("{},{}".format(*point(i, v or 0)) for i, v in enumerate(values))

    axes = []
    for index, label in enumerate(labels):
        end_x, end_y = point(index, scale)
        label_x, label_y = point(index, scale * 1.08)
        if abs(label_x - centre) < 1:
            anchor = "middle"
        else:
            anchor = "start" if label_x > centre else "end"
        axes.append(
            {
                "label": label,
                "x": end_x,
                "y": end_y,
                "label_x": label_x,
                "label_y": round(label_y + (4 if label_y >= centre else 0), 1),
                "anchor": anchor,
            }
        )
    return {
        "width": size + 2 * margin,
        "height": size + 2 * margin,
        "centre": centre,
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
                    for (x, y), value in (
                        (point(i, v or 0), v) for i, v in enumerate(values)
                    )
                ],
            }
            for values in series
        ],
    }

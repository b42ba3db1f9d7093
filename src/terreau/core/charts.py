"""Geometry of the inline SVG charts drawn on the server, so that the same chart serves web pages
and printed reports. Each function returns plain numbers and labels; templates draw the SVG."""

from datetime import date
from decimal import Decimal


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

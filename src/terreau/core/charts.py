"""Geometry shared by the inline SVG charts drawn on the server (pages and printed reports alike).
Numbers are rounded here and written unlocalised in the SVG (`{% localize off %}`)."""


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

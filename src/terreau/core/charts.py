"""Geometry of charts drawn as inline SVG on the server, so that the same chart serves web pages
and printed reports. Functions return plain numbers for templates; numbers inside SVG are never
localised."""


def stacked_columns(
    columns: list[tuple[str, list[float]]],
    *,
    height: int = 200,
    column_width: int = 48,
    gap: int = 24,
    left: int = 8,
    top: int = 8,
) -> dict:
    """One column per (label, values): its values stacked bottom-up, columns scaled to the
    tallest total. Each segment: x, y, width, height and its index in the values."""
    tallest = max((sum(values) for _label, values in columns), default=0) or 1
    drawn = []
    for index, (label, values) in enumerate(columns):
        x = left + index * (column_width + gap)
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
    return {
        "columns": drawn,
        "width": left * 2 + len(columns) * (column_width + gap),
        "height": top + height + 24,
        "label_y": top + height + 16,
    }
